import Foundation
import KnowledgePacks
import SymptomGraph
import SymptomQuery

/// Tab completion for the REPL: dot-commands and their arguments, question keywords, relation
/// names, and entity names — only those that can stand where the cursor is.
public struct Completer: Sendable {
    /// What to do with the text before the cursor.
    public struct Completion: Equatable, Sendable {
        /// How many characters before the cursor to replace.
        public var replacing: Int
        /// The candidates, each a full replacement for those characters.
        public var candidates: [String]

        /// What is typed of a name being completed: when only some candidates begin with it
        /// (the others match by a later word: "Juvenile Huntington disease" for "huntington d"),
        /// those some give the text to insert.
        public var typed: String

        /// Creates a completion.
        public init(replacing: Int, candidates: [String], typed: String = "") {
            self.replacing = replacing
            self.candidates = candidates
            self.typed = typed
        }

        /// The text to insert when the candidates agree: the single candidate (plus a closing space),
        /// or their longest common prefix. When a candidate is quoted, that is the names' common
        /// prefix after an opening quote left open, as a shell leaves it: the next Tab completes
        /// inside the quote (`"Multiple sclerosis` for `"Multiple sclerosis"` and
        /// `"Multiple sclerosis spasms"`); `nil` when they share nothing.
        public var insertion: String? {
            guard let first = candidates.first else { return nil }
            if candidates.count == 1 { return first.hasSuffix("/") ? first : first + " " }
            let typed = typed.lowercased()
            let beginning = candidates.filter { Completer.unquoted($0).lowercased().hasPrefix(typed) }
            if !typed.isEmpty, !beginning.isEmpty, beginning.count < candidates.count {
                return Completion(replacing: replacing, candidates: beginning).insertion.map { $0.hasSuffix(" ") ? String($0.dropLast()) : $0 }
            }
            guard candidates.contains(where: { $0.hasPrefix("\"") }) else { return Self.commonPrefix(of: candidates) }
            let common = Self.commonPrefix(of: candidates.map(Completer.unquoted))
            return common.isEmpty ? nil : String(Completer.quoted(common).dropLast())
        }

        /// The longest prefix all of `texts` share, ignoring case (in the first one's case).
        private static func commonPrefix(of texts: [String]) -> String {
            guard var common = texts.first else { return "" }
            for text in texts.dropFirst() {
                while !text.lowercased().hasPrefix(common.lowercased()) { common.removeLast() }
            }
            return common
        }
    }

    /// Question phrases, from the one catalog of forms.
    static let questionStarts = QuestionForms.phrases + ["select", "not"]

    /// Phrases after which a name is expected.
    static let nameIntroducers = QuestionForms.phrases + ["->"]

    let graph: KnowledgeGraph
    private let indexInBackground: BackgroundTask<CompletionIndex>
    let packIDs: [String]
    /// Each relation's subjects and objects, as completion first needs them (``entities(at:subject:)``).
    private let ends: [LazyValue<Set<EntityID>>]

    /// The name index, built in the background from creation on (so the prompt never waits for it).
    var index: CompletionIndex { indexInBackground.value() }

    /// Creates a completer for a knowledge base and starts indexing its names in the background
    /// (both the completion index and the graph's own name index, which the first query by name needs).
    public init(knowledge: KnowledgeBase) {
        let graph = knowledge.graph
        self.graph = graph
        indexInBackground = BackgroundTask.started {
            _ = graph.names
            return CompletionIndex(graph: graph)
        }
        packIDs = knowledge.packs.map(\.id)
        ends = (0..<(graph.relations.count * 2)).map { _ in LazyValue() }
    }

    /// Completes the text before the cursor.
    public func complete(_ line: String) -> Completion {
        if line.hasPrefix(".") { return completeCommand(line) }
        // Inside an open quote: complete a name and close the quote.
        if let quote = openQuote(in: line) {
            let partial = String(line[line.index(after: quote)...])
            let names = index.names(matching: partial, allowed: allowedEntities(before: String(line[..<quote])))
            return Completion(replacing: partial.count + 1, candidates: names.map(Self.quoted))
        }
        let lowered = line.lowercased()
        // "is tremor a symptom of hun": the second name, a condition.
        if let (slot, partial) = Self.askTail(in: lowered) {
            let names = index.names(matching: partial, allowed: entities(in: [slot]))
            return Completion(replacing: partial.count, candidates: names.map(Self.quotedIfNeeded), typed: partial)
        }
        // A question phrase being typed: "what t" → "what triggers".
        if lowered.contains(" "), !lowered.hasPrefix(" ") {
            let phrases = Self.questionStarts.filter { $0.hasPrefix(lowered) && $0 != lowered }
            if !phrases.isEmpty { return Completion(replacing: line.count, candidates: phrases) }
        }
        // After a question phrase, the rest of the line is a name (possibly several words).
        if let introducer = Self.nameIntroducers.first(where: { lowered.hasPrefix($0 + " ") || lowered.contains(" " + $0 + " ") }),
           let range = lowered.range(of: introducer + " ", options: .backwards) {
            var partial = String(line[range.upperBound...])
            if let comma = partial.lastIndex(of: ",") {
                partial = String(partial[partial.index(after: comma)...])
            }
            let trimmed = String(partial.drop { $0 == " " })
            if !trimmed.contains("->") {
                // Only names that can stand there, when every form of the phrase says (`symptoms
                // of`: conditions and what has symptoms; `conditions with`: findings).
                let forms = QuestionForms.catalog.filter { $0.phrases.contains(introducer) }
                let slots = forms.compactMap(\.slot)
                let allowed = !forms.isEmpty && slots.count == forms.count ? entities(in: slots) : nil
                let names = index.names(matching: trimmed, allowed: allowed)
                // A question's second name ("does wilson disease cause jaun", "how common is
                // jaundice in wil"): what follows its last joining word.
                if names.isEmpty, let second = Self.secondName(in: trimmed) {
                    let seconds = index.names(matching: second)
                    return Completion(replacing: second.count, candidates: seconds.map(Self.quotedIfNeeded), typed: second)
                }
                return Completion(replacing: trimmed.count, candidates: names.map(Self.quotedIfNeeded), typed: trimmed)
            }
        }
        let partial = String(line.reversed().prefix { Self.isWordCharacter($0) }.reversed())
        let before = String(line.dropLast(partial.count))
        let tokens = before.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        let atClauseStart = before.trimmingCharacters(in: .whitespaces).isEmpty
            || before.trimmingCharacters(in: .whitespaces).hasSuffix(",")
        if atClauseStart {
            var candidates = Self.questionStarts.filter { $0.hasPrefix(partial.lowercased()) && !partial.isEmpty }
            candidates += index.names(matching: partial).map(Self.quotedIfNeeded)
            return Completion(replacing: partial.count, candidates: partial.isEmpty ? [] : candidates)
        }
        if let last = tokens.last, graph.step(named: Self.relationName(last)) != nil {
            let names = index.names(matching: partial, allowed: allowedEntities(before: before))
            return Completion(replacing: partial.count, candidates: names.map(Self.quotedIfNeeded))
        }
        // After a subject: a relation name (or its inverse, or a ^inverse).
        let relations = graph.relationNames.filter { $0.hasPrefix(partial.lowercased().drop { $0 == "^" }) }
        let caret = partial.hasPrefix("^") ? "^" : ""
        return Completion(replacing: partial.count, candidates: relations.map { caret + $0 })
    }

    /// Words that join a question's two names: a verb of a yes/no question, `in`, `and`, `with`.
    static let joiningWords: Set<String> = [
        "cause", "causes", "have", "has", "trigger", "triggers", "in", "and", "with", "to", "of", "->", "among", "worsen", "affect",
    ]

    /// What is typed of a question's second name: the words after the last joining word that
    /// has words before it (`wilson disease cause jaun` → `jaun`); `nil` when there is none.
    static func secondName(in text: String) -> String? {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        guard let last = words.indices.dropFirst().dropLast().last(where: { joiningWords.contains(words[$0].lowercased()) }) else {
            return nil
        }
        let rest = words[(last + 1)...].joined(separator: " ")
        return rest.isEmpty ? nil : rest
    }

    /// For a yes/no question that ends in a second name being typed ("is tremor a symptom of
    /// hun"): that name's slot and what is typed of it.
    static func askTail(in lowered: String) -> (slot: QuestionForms.NameSlot, partial: String)? {
        let words = lowered.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard let first = words.first, ["is", "are"].contains(first) else { return nil }
        for (tail, slot) in QuestionForms.askTails {
            guard words.count > tail.count + 2 else { continue }
            // The tail's last word, then what is typed (a name of several words).
            for start in stride(from: words.count - tail.count - 1, through: 2, by: -1)
            where Array(words[start..<(start + tail.count)]) == tail {
                return (slot, words[(start + tail.count)...].joined(separator: " ").trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }

    /// The entities that can stand in any of `slots` (subjects or objects of their relations,
    /// as concepts); `nil` when a relation is unknown (then any name may).
    private func entities(in slots: [QuestionForms.NameSlot]) -> Set<EntityID>? {
        var allowed = Set<EntityID>()
        for slot in slots {
            guard let step = graph.step(named: slot.relation) else { return nil }
            allowed.formUnion(entities(at: step, subject: slot.nameIsSubject))
        }
        return allowed
    }

    /// The concepts at one end of a relation step (its subjects, or its objects; both ends of a
    /// symmetric relation), found once per end and kept: each Tab after `symptoms of` would
    /// otherwise walk every `has_symptom` assertion again.
    private func entities(at step: RelationStep, subject: Bool) -> Set<EntityID> {
        // The step may name its relation the other way round (`has_symptom`, the inverse of `symptom_of`).
        let storedSubject = subject != step.isInverse
        let relation = step.relation.position
        return ends[relation * 2 + (storedSubject ? 0 : 1)].value {
            var found = Set<EntityID>()
            let symmetric = graph.relations[relation].isSymmetric
            for assertion in graph.assertions(of: step.relation) {
                let edge = graph[assertion]
                found.insert(graph.concept(of: storedSubject ? edge.subject : edge.object))
                if symmetric { found.insert(graph.concept(of: storedSubject ? edge.object : edge.subject)) }
            }
            return found
        }
    }

    private static func relationName(_ token: String) -> String {
        String(token.drop { $0 == "^" || $0 == "(" }.prefix { $0 != "+" && $0 != "*" && $0 != "?" && $0 != "|" && $0 != "/" })
    }

    /// The entities that can stand after `subject relation`: the objects of that relation.
    private func allowedEntities(before text: String) -> Set<EntityID>? {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        guard let last = tokens.last, var step = graph.step(named: Self.relationName(last)) else { return nil }
        if last.hasPrefix("^") { step = step.reversed }
        return entities(at: step, subject: false)
    }

    private func openQuote(in line: String) -> String.Index? {
        var open: String.Index?
        var previous: Character = " "
        for index in line.indices {
            let c = line[index]
            if let start = open {
                if c == line[start] && previous != "\\" { open = nil }
            } else if c == "\"" || (c == "'" && !(previous.isLetter || previous.isNumber)) {
                open = index
            }
            previous = c
        }
        return open
    }

    private func completeCommand(_ line: String) -> Completion {
        guard let space = line.firstIndex(of: " ") else {
            let names = DotCommand.all.map(\.name).filter { $0.hasPrefix(line.lowercased()) }
            return Completion(replacing: line.count, candidates: names)
        }
        let partial = String(line[line.index(after: space)...])
        guard let command = DotCommand.named(String(line[..<space]).lowercased()), let argument = command.argument else {
            return Completion(replacing: 0, candidates: [])
        }
        let options: [String]
        switch argument {
        case .format: options = OutputFormat.allCases.map(\.rawValue)
        case .onOff: options = ["on", "off"]
        case .command: options = DotCommand.all.map(\.name)
        case .packID: options = packIDs
        case .limit: options = ["work", "rows", "seconds", "clauses"]
        case .kindAndText: options = graph.kinds.map(\.name)
        case .findings:
            // The name after the last comma (and a leading "not "), as written: no quotes in a list.
            let item = String(partial.split(separator: ",", omittingEmptySubsequences: false).last ?? "")
                .drop { $0 == " " }
            let name = item.lowercased().hasPrefix("not ") ? String(item.dropFirst(4)) : String(item)
            return Completion(replacing: name.count, candidates: index.names(matching: name))
        case .file, .directory: options = Self.paths(matching: partial, directoriesOnly: argument == .directory)
        case .explanation:
            // The language, then a query completed as at the prompt.
            guard let space = partial.firstIndex(of: " ") else { options = ["sparql"]; break }
            return complete(String(partial[partial.index(after: space)...]))
        }
        return Completion(replacing: partial.count, candidates: options.filter { $0.hasPrefix(partial) })
    }

    /// File-system entries starting with a partial path; folders end with `/`.
    static func paths(matching partial: String, directoriesOnly: Bool) -> [String] {
        let expanded = partial.hasPrefix("~") ? NSString(string: partial).expandingTildeInPath : partial
        let folder: String, namePrefix: String, shownFolder: String
        if let slash = partial.lastIndex(of: "/") {
            shownFolder = String(partial[...slash])
            folder = expanded.hasSuffix("/") ? expanded : (expanded as NSString).deletingLastPathComponent + "/"
            namePrefix = String(partial[partial.index(after: slash)...])
        } else {
            shownFolder = ""
            folder = "."
            namePrefix = partial
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { $0.hasPrefix(namePrefix) && (namePrefix.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted()
            .compactMap { name in
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(
                    atPath: (folder as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
                if !exists { return nil }
                if directoriesOnly && !isDirectory.boolValue { return nil }
                return shownFolder + name + (isDirectory.boolValue ? "/" : "")
            }
    }

    static func isWordCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || "_-:.'^".contains(c)
    }

    /// A name in double quotes, with quotes and backslashes escaped: how a name is written in a query.
    public static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A candidate as the name it stands for: a quoted one unquoted and unescaped, another as it is.
    static func unquoted(_ candidate: String) -> String {
        guard candidate.count >= 2, candidate.hasPrefix("\""), candidate.hasSuffix("\"") else { return candidate }
        var name = "", escaped = false
        for character in candidate.dropFirst().dropLast() {
            if character == "\\", !escaped {
                escaped = true
                continue
            }
            escaped = false
            name.append(character)
        }
        return name
    }

    /// A name as typed in a query: bare when it is one plain word, quoted otherwise.
    static func quotedIfNeeded(_ name: String) -> String {
        let plain = name.allSatisfy { $0.isLetter || $0.isNumber || "_-:.".contains($0) }
        return plain ? name : quoted(name)
    }
}
