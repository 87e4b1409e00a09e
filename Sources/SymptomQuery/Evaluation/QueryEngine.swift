import Foundation
import SymptomGraph
import GraphExport
import Synchronization

/// Answers queries against one graph: parses, resolves names, evaluates, and shapes the result.
///
/// ```swift
/// let engine = QueryEngine(graph: knowledgeBase.graph)
/// let result = try engine.answer("what triggers \"Lhermitte's sign\"")
/// ```
public struct QueryEngine: Sendable {
    /// The graph queried.
    public let graph: KnowledgeGraph
    /// Checked during evaluation; when set, the query stops with "query cancelled".
    public var cancellation: QueryCancellation?
    /// The ranking index, built on the first `rank` and kept for the engine's graph.
    private let rankingCache = RankingCache()
    /// When set, patterns use only these assertions (`where pack = …`, `where source = …`).
    var restriction: AssertionRestriction?
    /// How much one query may do (see ``QueryLimits``).
    public var limits: QueryLimits = .standard
    /// Prior probabilities packs state for diseases, by concept position (`rank … using lr`).
    public var priors: [Int32: Double] = [:]

    /// Creates an engine over a graph.
    public init(graph: KnowledgeGraph, cancellation: QueryCancellation? = nil) {
        self.graph = graph
        self.cancellation = cancellation
    }

    /// The entity a name, id or synonym names, or an error with suggestions (as in a query).
    public func entity(named name: String, at span: Span? = nil) throws(QueryError) -> EntityID {
        try NameResolver(graph: graph).resolve(name, at: span ?? Span(0, name.count))
    }

    /// Parses and answers one query.
    public func answer(_ text: String) throws(QueryError) -> QueryResult {
        let query: Query
        let remarks = ParseRemarks()
        do {
            query = try QueryParser.parse(text, entityNamed: { [graph] text in
                if case let .unique(entity) = graph.resolve(text) { return entity }
                // The start of one concept's name ("pins and needles", of "Pins and needles
                // feeling"): kept whole, so that the error says so, and suggests it.
                let beginning = text.contains(" ") ? graph.entities(namedStartingWith: text) : []
                return beginning.count == 1 ? beginning[0] : nil
            }, remarks: remarks)
        } catch {
            guard [.querySyntax, .unknownQuestion].contains(error.id) else { throw error }
            let tokens = Self.words(of: text)
            // "Cone/cone-rod dystrophy" (or "ME/CFS") typed alone is a name, not a path: described
            // when it names one; said to be an unknown name, after the checks below, when not.
            var misspeltName: QueryError?
            if error.id == .querySyntax, let describe = QuestionForms.slashedName(tokens) {
                do {
                    return try answer(describe, text: text)
                } catch let unknown where unknown.id == .unknownName {
                    misspeltName = unknown
                } catch {}
            }
            // "I have a headache and my hands shake, what do I have?" does not parse: what it
            // asks is said, not where the parse stopped ("do I have ms" is refused as the parser
            // reads it: the names it holds are looked up here); so is a comparison.
            if let refused = aboutTheAsker(tokens) ?? QuestionForms.comparison(tokens, isName: namesSomething, near: nearNames) { throw refused }
            throw misspeltName ?? error
        }
        var result: QueryResult
        do {
            result = try answer(query, text: text)
        } catch {
            if error.id == .ambiguousName, let answered = try answerReadings(of: error, in: query, text: text) {
                result = answered
            } else {
                result = try recover(from: error, answering: query, text: text)
            }
        }
        // "symptoms of SLE": the synonym of a finding whose label diseases share, read as that label.
        if let shared = answerSharingName(query, unanswered: result, text: text) { result = shared }
        if cancellation?.isCancelled == true { throw QueryError(.queryCancelled, "query cancelled", at: Span(0, text.count)) }
        result.notes = remarks.notes + result.notes.filter { !remarks.notes.contains($0) }
        return result
    }

    /// What a question that failed on a name or a relation may still mean: plain words read as a
    /// pattern whose relation is 'of' or 'and' ("shortness of breath") are a name when the whole of
    /// them is one, described; a misspelt question ("symtoms of ms", a pattern with the relation
    /// 'of'; "efects of ms", a name) is said to be one. Otherwise `error` again.
    /// What an unknown name's error suggests (a family's plain name, an abbreviation's, the
    /// closest spellings), for a name that is not resolved where it stands (a comparison's side).
    private func nearNames(_ name: String) -> [String] {
        do {
            _ = try NameResolver(graph: graph).resolve(name, at: Span(0, 0))
            return []
        } catch {
            return error.suggestions
        }
    }

    private func recover(from error: QueryError, answering query: Query, text: String) throws(QueryError) -> QueryResult {
        let tokens = Self.words(of: text)
        guard [.unknownRelation, .unknownName].contains(error.id) else { throw error }
        // "symptoms of my disease": the parser drops a leading "my", "the", "a" or "an" from a
        // name, but a pack may begin a label with one ("My disease").
        if error.id == .unknownName, let withArticle = try answerKeepingArticle(error, text: text) { return withArticle }
        // "exit", "quit", "help" typed as in other shells: the dot-command meant.
        if let command = QuestionForms.shellWord(tokens) { throw command }
        // "tremor vs ataxia", "what is the difference between ms and als": each, and the link.
        if let comparison = QuestionForms.comparison(tokens, isName: namesSomething, near: nearNames) { throw comparison }
        // A misspelt question whose name fails too ("symtoms of migraine"): the question is
        // named, the name's problem noted, unless the words turn out to be one name.
        var misspeltQuestion: QueryError?
        switch query {
        case .pattern, .describe:
            if let (misspelt, rest) = QuestionForms.misspeltPhrase(in: tokens) {
                let nameProblem: QueryError?
                do throws(QueryError) {
                    _ = try NameResolver(graph: graph).resolve(rest)
                    nameProblem = nil
                } catch {
                    nameProblem = error
                }
                // A name of several concepts is no failure: the question, spelt right, answers
                // for the readings that answer (or lists them).
                guard let nameProblem, nameProblem.id != .ambiguousName else { throw misspelt }
                var both = misspelt
                both.notes.append("the name fails too: " + nameProblem.description)
                misspeltQuestion = both
            }
        default: break
        }
        // Words that read as a question rather than a clause ("is ms contagious", "I have
        // numbness", "tingling and numbness"): the questions symkb knows, not "unknown relation".
        let refusal = { QuestionForms.refusal(of: tokens, naming: naming, ranks: { ranks }) }
        var unknownWhole: QueryError?
        if case .pattern = query, error.id == .unknownRelation, let name = QuestionForms.bareName(tokens) {
            do {
                return try answer(name, text: text)
            } catch let unknown where unknown.id == .unknownName && !unknown.suggestions.isEmpty && misspeltQuestion == nil {
                // "shortness of breth": the name misspelt says more than the relation 'of'.
                throw refusal() ?? unknown
            } catch {
                if error.id == .unknownName { unknownWhole = error }
            }
        }
        if let misspeltQuestion { throw misspeltQuestion }
        if case .pattern = query, error.id == .unknownRelation, let refused = refusal() { throw refused }
        // The text of the query before, at and after the error's span (spans count characters).
        let characters = Array(text)
        let spanned = error.span.end <= characters.count
        func part(_ range: Range<Int>) -> String { String(characters[range]).trimmingCharacters(in: .whitespaces) }
        // "numbness in hands", "fatigue after exercise": words joined by a preposition, not a
        // pattern with a relation 'in'. The name they make is unknown; what the first words name
        // can be asked about.
        if var unknown = unknownWhole, spanned, error.span.start > 0 {
            let lead = part(0..<error.span.start)
            if Self.joiningWords.contains(part(error.span.start..<error.span.end).lowercased()) {
                switch naming(lead) {
                case .condition?: unknown.suggestions = ["describe \(lead)", "symptoms of \(lead)"]
                case .finding?: unknown.suggestions = ["describe \(lead)", "conditions with \(lead)"]
                case .other?: unknown.suggestions = ["describe \(lead)"]
                case nil: break
                }
                throw unknown
            }
            // "chronic fatigue syndrome": three plain words read as subject, relation and object,
            // whose "relation" is no relation's near miss and whose ends are not both names (as in
            // "tremor resembles pain", a pattern): an unknown name, as the words mean.
            if error.suggestions.isEmpty, !(isName(lead) && isName(part(error.span.end..<characters.count))) { throw unknown }
        }
        if case .describe = query, let asker = aboutTheAsker(tokens) { throw asker }
        let named = spanned ? part(error.span.start..<error.span.end) : ""
        if error.id == .unknownName, named.contains(",") {
            var oneName = error
            oneName.message += Self.takesSeveralFindings(query)
                ? "; each finding is a name of its own: separate them with commas outside quotes (on the command line, one argument each)"
                : "; this question takes one name: ask about each in turn"
            throw oneName
        }
        // "what causes tremors and numbness": two names, each of which names something, asked
        // about in one question that takes one (and, findings, the conditions that have both).
        if error.id == .unknownName, spanned, !Self.takesSeveralFindings(query) {
            let parts = named.components(separatedBy: " and ").map { $0.trimmingCharacters(in: .whitespaces) }
            let things = parts.map { $0.isEmpty ? nil : naming($0) }
            if parts.count > 1, things.allSatisfy({ $0 != nil }) {
                var oneName = error
                oneName.message += "; this question takes one name: ask about each in turn"
                let lead = String(characters[..<error.span.start])
                let findings = things.allSatisfy { if case .finding? = $0 { true } else { false } }
                let questions = parts.map { lead + $0 } + (findings ? ["conditions with " + parts.joined(separator: ", ")] : [])
                oneName.suggestions = questions + error.suggestions.filter { !questions.contains($0) }
                throw oneName
            }
        }
        throw error
    }

    /// The tokens of `text` as the parser reads them, without the question mark a question may
    /// end with (none when it does not tokenize).
    private static func words(of text: String) -> [Token] {
        ((try? Lexer.tokenize(text)) ?? []).filter { $0.kind != .question }
    }

    /// Whether a query names several findings (a ranking), not one name (`what causes X`).
    private static func takesSeveralFindings(_ query: Query) -> Bool {
        switch query {
        case .rank: true
        case let .modified(inner, _): takesSeveralFindings(inner)
        default: false
        }
    }

    /// Words that join words in everyday phrases ("numbness in hands"), read as a relation when
    /// the words are parsed as a pattern.
    private static let joiningWords: Set<String> = [
        "in", "on", "at", "after", "during", "from", "with", "without", "when", "while", "before", "for", "to", "into", "like",
    ]

    /// What a partial answer cut at the row limit says.
    var rowLimitMessage: String { "partial answer: the first \(limits.rows) rows; raise the limit with --max-rows or .limits rows N" }

    /// Whether `text` names one entity.
    private func isName(_ text: String) -> Bool { if case .unique = graph.resolve(text) { true } else { false } }

    /// What `text` names, when it names one entity: a condition, or something else.
    private func naming(_ text: String) -> QuestionForms.NamedThing? {
        guard case let .unique(entity) = graph.resolve(text) else { return nil }
        if graph.entity(entity, isOfKind: "condition") { return .condition }
        guard graph.entity(entity, isOfKind: "finding") else { return .other }
        // Whether `rank` takes it (an ontology term, or mapped to one), asked only when anything ranks.
        guard ranks, let index = rankingCache.index(for: graph) else { return .finding(ranks: false) }
        return .finding(ranks: (try? ontologyTerm(.name(text, Span(0, text.count)), index: index)) != nil)
    }

    /// The refusal of words about the asker, its suggestions made of the names they hold.
    private func aboutTheAsker(_ tokens: [Token]) -> QueryError? { QuestionForms.aboutTheAsker(tokens, naming: naming, ranks: { ranks }) }

    /// Whether `rank` can answer: disease annotations are loaded (a refusal suggests no ranking otherwise).
    private var ranks: Bool { rankingCache.index(for: graph)?.databases.keys.isEmpty == false }

    /// For "symptoms of X" with no answer, where X is a finding rather than a condition
    /// ("epilepsy" names the HPO's Seizure): that it is one, and how many conditions have it
    /// (`conditions with X`). Empty otherwise. ("what causes X" with no answer lists those
    /// conditions instead: ``answerWhatCauses(_:form:text:)``.)
    private func conditionsHint(_ pattern: Pattern, form: String) -> String {
        guard form == "symptoms", pattern.clauses.count == 1, case let .triple(subject, _, .variable) = pattern.clauses[0],
              case let .name(name, _) = subject, case let .unique(entity) = graph.resolve(name),
              !graph.entity(entity, isOfKind: "condition") else { return "" }
        let kind = graph[entity].kind.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        let lead = "; '\(CellText.clean(graph[entity].label))' \(QualifierText.label("is a", before: kind)) \(CellText.clean(kind)), not a condition"
        guard let count = conditionCount(having: subject), count > 0 else { return lead }
        return lead + "; \(count) condition\(count == 1 ? " has" : "s have") \(name) (conditions with \(name))"
    }

    /// Answers a parsed query; `text` is echoed in the result.
    public func answer(_ query: Query, text: String) throws(QueryError) -> QueryResult {
        switch query {
        case let .pattern(pattern, presentation):
            var result = try answerPattern(try partsOnlyForConditions(pattern), text: text, form: presentation.form)
            if result.rows.isEmpty, !result.isPartial, let causes = answerWhatCauses(pattern, form: presentation.form, text: text) {
                return causes
            }
            if result.rows.isEmpty, !result.isPartial {
                // A pattern is told what matched nothing; a question in words, that the packs are
                // silent (which is not a no), with the pattern it asked after.
                result.message = presentation.form == "pattern" || result.core == nil
                    ? "no answers: nothing in the loaded packs matches " + (result.core ?? "the question")
                    : "no answers: nothing in the loaded packs answers this, which does not mean there is none (it asks "
                        + (result.core ?? "") + ")" + (presentation.form == "advice" ? "; ask a doctor or nurse" : "")
                result.message? += conditionsHint(pattern, form: presentation.form)
                if presentation.form == "conditions" { result.message? += effectHint(pattern) }
            } else if presentation.form == "advice" {
                // Advice the packs give is what their sources say, for anyone: not medical advice.
                result.disclaimer = QueryResult.adviceDisclaimer
            } else if result.columns.isEmpty, let row = result.rows.first, let first = row.derivations.first {
                // A pattern with no variable asks whether it holds (SPARQL's ASK): yes, with its
                // evidence, as a yes/no question answers (not an empty table).
                result.columns = ["answer"]
                result.rows = [QueryResult.Row(values: [.text("yes")], derivations: row.derivations)]
                result.answer = "yes"
                result.showsEvidenceByDefault = true
                result.message = "yes: " + describeFirst(first)
            }
            if presentation.form == "conditions", let hint = mappedConditionsHint(pattern, found: result.rows.count) {
                result.notes.append(hint)
            }
            return result
        case let .describe(term, pattern):
            let subject = try NameResolver(graph: graph).resolve(term)
            var result = try answerPattern(pattern, text: text, form: "describe", sortByRelation: true)
            result.subject = subject
            result.columns = ["relation", "entity"]
            return result
        case let .why(from, to):
            return try answerWhy(from: from, to: to, text: text)
        case let .near(center, radius):
            return try answerNear(center, radius: radius, text: text)
        case let .rank(request):
            return try answerRank(request, text: text)
        case let .ask(request):
            return try answerAsk(request, text: text)
        case let .relate(first, second):
            return try answerRelated(first, second, text: text)
        case let .list(request):
            return try answerList(request, text: text)
        case let .modified(inner, modifiers):
            // Pack and source filters restrict what the pattern may walk, so a longer chain from the
            // wanted pack is found even where a shorter one from another pack exists; `where
            // negated` walks the assertions that state absence, which other questions skip.
            var restricted = self
            restricted.restriction = restriction(for: modifiers.filters)
            return try apply(modifiers, to: try restricted.answer(inner, text: text), text: text)
        }
    }

    /// `X has_symptom?/P ?y` lends a condition the facts stated about its symptoms; for a subject
    /// that is not a condition it is just `X P ?y` (the effects of a symptom are its own).
    func partsOnlyForConditions(_ pattern: Pattern) throws(QueryError) -> Pattern {
        guard pattern.clauses.count == 1, case let .triple(subject, path, object) = pattern.clauses[0] else { return pattern }
        return Pattern(selection: pattern.selection, clauses: [.triple(subject, try partsOnlyForConditions(path, subject: subject), object)])
    }

    func partsOnlyForConditions(_ path: PathExpression, subject: Term) throws(QueryError) -> PathExpression {
        guard case let .sequence(parts) = path, parts.count >= 2, case .optional(.relation("has_symptom", _)) = parts[0],
              case .name = subject, let entity = try NameResolver(graph: graph).resolve(subject)
        else { return path }
        if graph.entity(entity, isOfKind: "condition") { return path }
        let rest = Array(parts.dropFirst())
        return rest.count == 1 ? rest[0] : .sequence(rest)
    }

    func answerPattern(
        _ pattern: Pattern, text: String, form: String, sortByRelation: Bool = false
    ) throws(QueryError) -> QueryResult {
        let evaluator = PatternEvaluator(graph: graph, cancellation: cancellation, restriction: restriction, limits: limits)
        let (variables, bindings) = try evaluator.evaluate(pattern)
        // Without `select`, the variables of the positive clauses, in order of appearance: one that
        // occurs only under `not` is never bound (negation as failure), so it is no column.
        let positive = Self.positiveVariables(pattern.clauses)
        let shown = pattern.selection ?? variables.filter { !$0.hasPrefix("_") && positive.contains($0) }
        for name in shown where !variables.contains(name) {
            throw QueryError(.queryVariable, "?\(name) is selected but not used in the pattern", at: Span(0, text.count))
        }
        let columns = shown.compactMap { variables.firstIndex(of: $0) }
        var rowsByValues: [[QueryResult.Value]: Int] = [:]
        var rows: [QueryResult.Row] = []
        // Gathering is work too (a million bindings take seconds): the time limit and Ctrl-C
        // stop it, and the answer is then partial (or cancelled).
        for binding in bindings {
            guard evaluator.budget.hasTime(), cancellation?.isCancelled != true else { break }
            let values = columns.map { binding.values[$0] ?? .text("") }
            if let existing = rowsByValues[values] {
                if rows[existing].derivations.count < PatternEvaluator.derivationsPerRow, !rows[existing].derivations.contains(binding.derivation) {
                    rows[existing].derivations.append(binding.derivation)
                }
            } else {
                rowsByValues[values] = rows.count
                rows.append(QueryResult.Row(values: values, derivations: [binding.derivation]))
            }
        }
        rows = sortedByValues(rows)
        var result = QueryResult(query: text, form: form, core: pattern.description, columns: shown, rows: rows)
        if let reason = evaluator.budget.exhausted {
            result.isPartial = true
            result.isCutShort = true
            result.message = "partial answer: \(reason)"
        }
        if result.rows.count > limits.rows {
            result.rowsFound = result.rows.count
            result.rows = Array(result.rows.prefix(limits.rows))
            // The limit that stopped the evaluation, if one did, says more than the cut.
            if !result.isPartial {
                result.message = rowLimitMessage
            }
            result.isPartial = true
        }
        return result
    }

    static func positiveVariables(_ clauses: [Clause]) -> Set<String> {
        var names = Set<String>()
        for clause in clauses {
            switch clause {
            case let .triple(subject, path, object):
                for term in [subject, object] { if case let .variable(name, _) = term { names.insert(name) } }
                if case let .variable(name, _) = path { names.insert(name) }
            case let .kind(term, _, _):
                if case let .variable(name, _) = term { names.insert(name) }
            case .not:
                break
            }
        }
        return names
    }

    /// Rows in the order of their keys, each key computed once (labels are lowercased for it).
    func sorted(_ rows: [QueryResult.Row], by key: (QueryResult.Row) -> [String]) -> [QueryResult.Row] {
        rows.map { (key: key($0), row: $0) }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
            .map(\.row)
    }

    /// Rows in the order of ``sortKey(_:)`` of their values. Each distinct value's key is made
    /// once (a partial answer of a million rows names a few thousand entities), the keys sorted,
    /// and the rows then compared by the keys' ranks, as integers: the same order as comparing
    /// the keys themselves, in a fraction of the time.
    func sortedByValues(_ rows: [QueryResult.Row]) -> [QueryResult.Row] {
        var keys: [String] = [], numberOfKey: [String: Int32] = [:], numberOfEntity: [EntityID: Int32] = [:]
        numberOfKey.reserveCapacity(rows.count)
        numberOfEntity.reserveCapacity(rows.count)
        func number(_ value: QueryResult.Value) -> Int32 {
            if case let .entity(entity) = value, let known = numberOfEntity[entity] { return known }
            let key = sortKey(value)
            let number = numberOfKey[key] ?? {
                keys.append(key)
                numberOfKey[key] = Int32(keys.count - 1)
                return Int32(keys.count - 1)
            }()
            if case let .entity(entity) = value { numberOfEntity[entity] = number }
            return number
        }
        // Every row's value numbers end to end, row `r`'s at `starts[r]..<starts[r + 1]`.
        var numbered: [Int32] = [], starts = [0]
        numbered.reserveCapacity(rows.count * (rows.first?.values.count ?? 0))
        starts.reserveCapacity(rows.count + 1)
        for row in rows {
            for value in row.values { numbered.append(number(value)) }
            starts.append(numbered.count)
        }
        var rank = [Int32](repeating: 0, count: keys.count)
        for (place, key) in Self.sortedIndexes(of: keys).enumerated() { rank[key] = Int32(place) }
        let ranks = numbered.map { rank[Int($0)] }, bounds = starts
        // Whether row `a`'s ranks come before row `b`'s, as `lexicographicallyPrecedes` would
        // say (read from constants: the sort's ~7,000 comparisons of a 700-row answer).
        func precedes(_ a: Int, _ b: Int) -> Bool {
            var (left, right) = (bounds[a], bounds[b])
            let (leftEnd, rightEnd) = (bounds[a + 1], bounds[b + 1])
            while left < leftEnd, right < rightEnd {
                if ranks[left] != ranks[right] { return ranks[left] < ranks[right] }
                left += 1
                right += 1
            }
            return left == leftEnd && right < rightEnd
        }
        return rows.indices.sorted(by: precedes).map { rows[$0] }
    }

    /// The indexes of `keys` in the order of the keys (by `<`). Keys that begin with nine ASCII
    /// bytes (or are ASCII and shorter) are compared by their first eight bytes, read once into an
    /// integer, and by `<` only when those are the same: such bytes are the key's first eight
    /// characters however the rest normalizes (an ASCII character changes only when a combining
    /// mark follows it), and `<` orders them by their bytes. String's `<` cost ~270 instructions a
    /// comparison, 1.8 M to sort the 698 keys of a describe.
    static func sortedIndexes(of keys: [String]) -> [Int] {
        // The first eight bytes, big-endian, zeros past the end; nil when not known to be characters.
        let prefixes = keys.map { key -> UInt64? in
            key.utf8.withContiguousStorageIfAvailable { bytes -> UInt64? in
                let lead = bytes.prefix(9)
                guard lead.allSatisfy({ $0 < 0x80 }) else { return nil }
                return lead.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (56 - 8 * $1.offset) }
            } ?? nil
        }
        return keys.indices.sorted { left, right in
            if let leftPrefix = prefixes[left], let rightPrefix = prefixes[right], leftPrefix != rightPrefix {
                return leftPrefix < rightPrefix
            }
            return keys[left] < keys[right]
        }
    }

    func sortKey(_ values: [QueryResult.Value]) -> [String] { values.map(sortKey) }

    /// The text a value sorts by: an entity's label by ``collationKey(_:)``, numbers padded.
    func sortKey(_ value: QueryResult.Value) -> String {
        switch value {
        case let .entity(entity): Self.collationKey(graph.label(of: entity))
        case let .relation(step): graph.name(of: step)
        case let .integer(number): String(format: "%08d", number)
        case let .number(number): String(format: "%020.6f", number)
        case let .text(text): Self.collationKey(text)
        }
    }

    /// A text in lower case without accents (so "Chédiak" sorts among the "che"s, not after
    /// "Chromosome", and "Løken" among the "lo"s), then the text as it is, to break ties.
    static func collationKey(_ text: String) -> String {
        let lowered = text.lowercased()
        guard !lowered.utf8.allSatisfy({ $0 < 0x80 }) else { return lowered == text ? text : lowered + "\u{1}" + text }
        var folded = lowered.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        // Letters that are not a base letter with a mark, so folding leaves them.
        if !folded.utf8.allSatisfy({ $0 < 0x80 }) {
            var mapped = String.UnicodeScalarView()
            for scalar in folded.unicodeScalars {
                if let letters = Self.latinLetters[scalar] { mapped += letters.unicodeScalars } else { mapped.append(scalar) }
            }
            folded = String(mapped)
        }
        return folded + "\u{1}" + text
    }

    /// Latin letters of their own, as the letters they sort with.
    private static let latinLetters: [Unicode.Scalar: String] = [
        "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "œ": "oe", "ı": "i", "ħ": "h", "ŋ": "n",
    ]

    /// The steps a causal chain may take, read forwards: X causes, triggers, is the mechanism of,
    /// exacerbates or may lead to the next.
    static let causalSteps = ["causes", "triggers", "mechanism_of", "exacerbates", "may_lead_to"]

    private func answerWhy(from: Term, to: Term, text: String) throws(QueryError) -> QueryResult {
        let resolver = NameResolver(graph: graph)
        guard let start = try resolver.resolve(from), let end = try resolver.resolve(to) else {
            throw QueryError(.querySyntax, "why takes two names", at: from.span.union(to.span))
        }
        var result = QueryResult(
            query: text, form: "why", core: nil, columns: ["step", "subject", "relation", "object"], rows: [])
        result.showsEvidenceByDefault = true
        if start == end {
            result.answer = "none"
            result.message = "\(graph[start].label) and \(graph[end].label) are one concept"
            return result
        }
        // A condition causes what its symptoms cause (as in `does X cause Y`), so from a condition
        // has_symptom may be part of a causal chain.
        let steps = Self.causalSteps + (graph.entity(start, isOfKind: "condition") ? ["has_symptom"] : [])
        let causal = steps.compactMap { graph.step(named: $0) }
        var chain = graph.shortestChain(from: start, to: end, steps: causal)
        if chain == nil {
            chain = graph.shortestChain(from: start, to: end)
            if let chain {
                let relations = chain.map { graph.name(of: $0.step) }
                var seen = Set<String>()
                result.message = "no causal chain from \(graph[start].label) to \(graph[end].label); related through "
                    + relations.filter { seen.insert($0).inserted }.joined(separator: ", ")
                result.answer = "association"
            }
        } else {
            result.answer = "causal"
        }
        guard let chain else {
            result.message = "no chain of assertions links \(graph[start].label) and \(graph[end].label)"
            result.answer = "none"
            return result
        }
        result.rows = rows(for: chain, from: start)
        return result
    }

    /// One row per link of a chain: step number, subject, relation as walked, object.
    func rows(for chain: [(step: RelationStep, assertion: AssertionID)], from start: EntityID) -> [QueryResult.Row] {
        var current = start
        return zip(chain, entities(along: chain, from: start)).enumerated().map { number, pair in
            let (link, next) = pair
            defer { current = next }
            return QueryResult.Row(
                values: [.integer(number + 1), .entity(current), .relation(link.step), .entity(next)],
                derivations: [Derivation([link.assertion], in: graph)])
        }
    }

    /// The entity each link of a chain reaches, walking from `start` (a link may be read either way).
    func entities(along chain: [(step: RelationStep, assertion: AssertionID)], from start: EntityID) -> [EntityID] {
        var current = start
        return chain.map { link in
            let assertion = graph[link.assertion]
            current = assertion.subject == current ? assertion.object : assertion.subject
            return current
        }
    }

    /// "Tremor -associated_with-> Multiple sclerosis spasms -symptom_of-> …".
    func chainText(_ chain: [(step: RelationStep, assertion: AssertionID)], from start: EntityID) -> String {
        ([graph[start].label] + zip(chain, entities(along: chain, from: start)).map { link, entity in
            "-\(graph.name(of: link.step))-> \(graph[entity].label)"
        }).joined(separator: " ")
    }

    private func answerNear(_ center: Term, radius: Int, text: String) throws(QueryError) -> QueryResult {
        guard let start = try NameResolver(graph: graph).resolve(center) else {
            throw QueryError(.querySyntax, "near takes a name", at: center.span)
        }
        let reach = graph.neighbourhood(of: start, within: radius)
        var rows: [QueryResult.Row] = []
        for entity in reach.order.dropFirst() {
            guard let visit = reach.visit(entity), let via = visit.via, let previous = visit.previous else { continue }
            rows.append(QueryResult.Row(
                values: [.entity(entity), .integer(visit.depth), .relation(via.step.reversed), .entity(previous)],
                derivations: [Derivation(reach.chain(to: entity).map(\.assertion), in: graph)]))
        }
        rows = sorted(rows) { [sortKey($0.values[1])] + sortKey($0.values) }
        return QueryResult(query: text, form: "near", core: nil, columns: ["entity", "distance", "via", "from"], rows: rows)
    }

    private func answerRank(_ request: RankRequest, text: String) throws(QueryError) -> QueryResult {
        guard let index = rankingCache.index(for: graph) else {
            throw QueryError(.queryUnsupported, "rank needs an ontology with is_a (load one, e.g. symkb pack import)", at: Span(0, 4))
        }
        // The database as it is known (`from cdemo` is read as CDEMO: a pack's namespace is lowercase).
        var request = request
        request.database = index.databases.name(matching: request.database) ?? request.database
        guard index.databases[request.database] != nil else {
            let known = index.databases.keys.sorted()
            throw QueryError(.queryUnsupported,
                known.isEmpty ? "rank needs disease annotations (e.g. phenotype.hpoa); none are loaded"
                    : "no diseases from '\(request.database)'; loaded: " + known.joined(separator: ", "),
                at: request.databaseSpan ?? Span(0, text.count), suggestions: Spelling.closest(to: request.database, among: known),
                notes: NameResolver(graph: graph).withoutTheHPO)
        }
        // A finding named twice (the same id, an alt_id and its term, two synonyms of one term)
        // counts once; a finding both present and excluded is a contradiction in the question.
        var findings: [EntityID] = [], excluded: [EntityID] = []
        var uninformative: [(entity: EntityID, span: Span, reason: String)] = []
        let database = index.databases[request.database]
        for (place, term) in request.findings.enumerated() {
            let entity: EntityID
            do {
                entity = try ontologyTerm(term, index: index)
            } catch {
                // "rank tremor ataxia nystagmus": findings run together without commas (a name
                // with commas in it is told so by the error's message).
                var error = error
                if error.id == .unknownName, request.findings.count == 1, case let .name(name, _) = term, name.contains(" "),
                   !name.contains(",") {
                    // Only when each word is a finding ("rank shortnes of breath" is one name misspelt).
                    let words = name.split(separator: " ").map(String.init)
                    if words.allSatisfy(isName) {
                        error.notes.append("findings are separated by commas: rank " + words.joined(separator: ", "))
                    }
                }
                // "symkb rank chest pain": one name split into two findings (two arguments).
                if error.id == .unknownName, case let .name(name, _) = term, place + 1 < request.findings.count,
                   case let .name(next, _) = request.findings[place + 1], isName(name + " " + next) {
                    error.notes.append("'\(name) \(next)' is one name: on the command line, quote it ('\(name) \(next)'); "
                        + "in a query, findings are separated by commas")
                }
                throw error
            }
            if !findings.contains(entity) {
                findings.append(entity)
                if let reason = database?.saysNothing(about: entity) { uninformative.append((entity, term.span, reason)) }
            }
        }
        for term in request.excluded {
            let entity = try ontologyTerm(term, index: index)
            if findings.contains(entity) {
                throw QueryError(.querySyntax, "'\(graph[entity].label)' is given both as present and as excluded", at: term.span)
            }
            // Excluding a finding excludes everything below it: a present finding there contradicts it.
            if let below = findings.first(where: { index.ancestors(of: $0).contains(Int32(entity.position)) }) {
                throw QueryError(.querySyntax,
                    "'\(graph[below].label)' is present but lies under '\(graph[entity].label)', which is given as excluded",
                    at: term.span)
            }
            if !excluded.contains(entity) { excluded.append(entity) }
        }
        // A finding every disease of the database has (the ontology's root), or none has (a
        // frequency term), tells none apart: findings that are all such (excluded ones too)
        // would rank every disease equal, in an order that means nothing.
        if let first = uninformative.first, uninformative.count == findings.count,
           excluded.allSatisfy({ database?.saysNothing(about: $0) != nil }) {
            throw QueryError(.uninformativeFinding,
                "'\(graph[first.entity].label)' (\(graph[first.entity].id)) tells no \(request.database) disease from another: "
                    + first.reason + "; name findings observed in the patient",
                at: first.span)
        }
        let method = RankingMethods.named(request.similarity) ?? RankingMethods.all[0]
        let input = RankingInput(findings: findings, excluded: excluded, database: request.database, priors: priors)
        var ranked: [RankedCondition]
        var positions: [Int]?
        if let explained = request.explain {
            // explain rank D given …: D's row, at the place it takes in the whole ranking.
            let diseases = index.databases[request.database]?.diseases
            let inDatabase = { (entity: EntityID) in diseases?.contains(Int32(entity.position)) == true }
            guard let disease = try NameResolver(graph: graph).resolve(explained, preferring: inDatabase) else {
                throw QueryError(.querySyntax, "explain rank takes a disease name, not a variable", at: explained.span)
            }
            guard let diseaseIndex = index.databases[request.database]?.diseases.firstIndex(of: Int32(disease.position)),
                  let (rank, row) = method.explain(diseaseIndex, input, index: index) else {
                throw QueryError(.queryUnsupported,
                    "'\(graph[disease].label)' is not a disease with annotations from \(request.database)", at: explained.span)
            }
            ranked = [row]
            positions = [rank]
        } else {
            // The row limit (--max-rows) caps `top` too.
            ranked = method.rank(input, index: index, limit: min(request.limit, limits.rows)) ?? []
        }
        let probabilities = ranked.contains { $0.probability != nil }
        var result = QueryResult(
            query: text, form: "rank", core: nil,
            columns: probabilities ? ["rank", "condition", "probability", "log10 LR"] : ["rank", "condition", "score"], rows: [])
        result.ranking = (method.name, request.database)
        result.rankedFindings = (findings, excluded)
        result.disclaimer = QueryResult.rankingDisclaimer
        if !uninformative.isEmpty {
            result.message = "note: " + uninformative.map { entity, _, reason in
                "'\(graph[entity].label)' (\(graph[entity].id)) tells no disease from another: \(reason)"
            }.joined(separator: "; ")
        }
        if request.explain == nil, limits.rows < request.limit, ranked.count == limits.rows {
            result.isPartial = true
            result.message = (result.message.map { $0 + "; " } ?? "") + rowLimitMessage
        }
        result.showsEvidenceByDefault = request.explain != nil
        // The assertions behind the matches, of the shown conditions only (one pass, no lists of all).
        let annotations = graph.assertions(from: Set(ranked.map(\.condition)))
        for (position, entry) in ranked.enumerated() {
            var derivations: [Derivation] = []
            for match in entry.matches {
                guard let matched = match.matched else { continue }
                let edge = annotations[entry.condition]?.first { graph[$0].object == matched && !graph.isNegated($0) }
                if let edge {
                    derivations.append(Derivation([edge], in: graph))
                } else if let hasSymptom = graph.step(named: "has_symptom"),
                          let chain = graph.shortestChain(from: entry.condition, to: matched, steps: [hasSymptom]) {
                    // A curated pack's chain through its own findings (multiple sclerosis → MS spasms → tingling).
                    derivations.append(Derivation(chain.map(\.assertion), in: graph))
                }
            }
            let place = positions?[position] ?? entry.place ?? position + 1
            let values: [QueryResult.Value] = entry.probability.map {
                [.integer(place), .entity(entry.condition), .number($0), .number(entry.score)]
            } ?? [.integer(place), .entity(entry.condition), .number(entry.score)]
            var row = QueryResult.Row(values: values, derivations: derivations)
            row.matches = entry.matches
            row.conflicts = entry.conflicts
            result.rows.append(row)
        }
        return result
    }

    /// The ranking index of the engine's graph (built on first use); `nil` without an ontology.
    public var rankingIndex: PhenotypeIndex? { rankingCache.index(for: graph) }

    /// The ontology term a finding's name resolves to (as `rank` resolves it): an id, alt_id, label
    /// or synonym, or a curated entity that cross-references a loaded term.
    public func ontologyFinding(named name: String) throws(QueryError) -> EntityID {
        guard let index = rankingIndex else {
            throw QueryError(.queryUnsupported, "findings need an ontology with is_a (load one, e.g. symkb pack import)",
                             at: Span(0, name.count))
        }
        return try ontologyTerm(.name(name, Span(0, name.count)), index: index)
    }

    /// The ontology term a finding names: the entity itself when it is a term, else the term its
    /// cross-references name (so `tingling` of the MS pack ranks as HP:0003401).
    private func ontologyTerm(_ term: Term, index: PhenotypeIndex) throws(QueryError) -> EntityID {
        // A name that is a term's and a disease's ("alzheimer disease") is the term's here.
        guard let entity = try NameResolver(graph: graph).resolve(term, preferring: { index.isTerm($0) }) else {
            throw QueryError(.querySyntax, "rank takes names, not variables", at: term.span)
        }
        // A condition (multiple sclerosis, a disease of the annotations) is what a ranking finds,
        // not a finding: ranked as one, every disease would tie. A concept that is also a finding
        // (a curated condition mapped to an HPO term, as migraine to HP:0002076) ranks as that finding.
        if graph.entity(entity, isOfKind: "condition"),
           !graph.members(of: entity).contains(where: { graph.kindAndAncestors(of: $0.kind).contains("finding") }) {
            throw QueryError(.unknownTerm,
                "'\(graph[entity].label)' is a condition, not a finding: name what is observed (symptoms, signs)",
                at: term.span, notes: ["to see what it has: symptoms of \(graph[entity].label.lowercased())"])
        }
        if index.isTerm(entity) { return entity }
        // Exact cross-references first (merged already when that term is loaded), then close matches.
        let closeMatches = graph[entity].mappings.filter { $0.predicate == .close }.map(\.target)
        for xref in graph[entity].xrefs + closeMatches {
            if let mapped = graph.entityID(for: xref), index.isTerm(mapped) { return mapped }
        }
        // Cross-references into an ontology that is not loaded (HP:… without the HPO) say so.
        if let xref = (graph[entity].xrefs + closeMatches).first(where: { graph.entityID(for: $0) == nil }) {
            throw QueryError(.unknownTerm,
                "'\(graph[entity].label)' stands for \(xref), which no loaded pack defines", at: term.span,
                notes: ["load the ontology that defines it, e.g. the HPO: symkb pack import --obo hp.obo --hpoa phenotype.hpoa --out hpo"])
        }
        throw QueryError(.unknownTerm,
            "'\(graph[entity].label)' is not an ontology term and has no cross-reference to a loaded one", at: term.span)
    }
}

/// Holds the ranking index of one engine's graph, built on first use.
final class RankingCache: Sendable {
    private let stored = Mutex<PhenotypeIndex?>(nil)

    func index(for graph: KnowledgeGraph) -> PhenotypeIndex? {
        stored.withLock { cached in
            if let cached { return cached }
            cached = PhenotypeIndex(graph: graph)
            return cached
        }
    }
}
