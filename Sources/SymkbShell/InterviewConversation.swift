import Foundation
import KnowledgePacks
import SymptomGraph
import SymptomQuery

/// The dialogue of a diagnostic interview (``Interview``): it reads one answer line at a time and
/// returns what to print, as text for a person or as JSON lines for a program. It never prints.
///
/// Answers: `yes`, `no`, `unsure` (or `skip`, `maybe`, `don't know`), `why`, `undo`, `show`, `stop`, `help`; a finding of
/// one's own (`has tremor`, `+ tremor`, or just its name) and one that is absent (`no tremor`,
/// `not tremor`, `- tremor`). A JSON line may say `{"answer": "yes"}` or
/// `{"finding": "tremor", "answer": "no"}`.
public struct InterviewConversation: Sendable {
    /// How the conversation is written.
    public enum Format: String, Sendable, CaseIterable {
        case text, jsonl
    }

    public let engine: QueryEngine
    public let format: Format
    /// How many diseases the differential shows.
    public let differentialSize: Int
    public private(set) var interview: Interview
    /// The question waiting for an answer.
    public private(set) var pending: Interview.Question?
    /// Why the interview ended, once it has.
    public private(set) var stopReason: Interview.StopReason?

    /// Starts an interview from findings named present and absent; throws when a name does not
    /// resolve to an ontology term, or the database has no annotations. `listing` is the text the
    /// findings were written in (`tremor, not tremorr`): a name's error is placed there.
    public init(
        engine: QueryEngine, options: Interview.Options, present: [String] = [], absent: [String] = [],
        format: Format = .text, differentialSize: Int = 5, listing: String? = nil
    ) throws(QueryError) {
        self.engine = engine
        self.format = format
        self.differentialSize = differentialSize
        guard !present.isEmpty else {
            throw QueryError(.querySyntax, "the interview needs at least one finding that is present, e.g. .interview tremor",
                             at: Span(0, 0))
        }
        func finding(_ name: String) throws(QueryError) -> EntityID {
            do {
                return try engine.ontologyFinding(named: name)
            } catch {
                // The error spans the name alone: moved to where the name is written as an item.
                guard let listing, let offset = Self.offset(ofItem: name, in: listing) else { throw error }
                throw error.shifted(by: offset)
            }
        }
        let presentIDs = try present.map(finding)
        let absentIDs = try absent.map(finding)
        guard let index = engine.rankingIndex,
              let interview = Interview(index: index, options: options, present: presentIDs, absent: absentIDs, priors: engine.priors) else {
            throw QueryError(.queryUnsupported,
                "the interview needs disease annotations from '\(options.database)' (e.g. symkb pack import --hpoa phenotype.hpoa)",
                at: Span(0, 0))
        }
        self.interview = interview
    }

    /// Where `item` is written in a list `a, b, not c` (in characters): the first place it stands
    /// as a whole item, not inside another (`atax` in `ataxia, not atax` is the last one).
    static func offset(ofItem item: String, in listing: String) -> Int? {
        var searchStart = listing.startIndex
        while let range = listing.range(of: item, range: searchStart..<listing.endIndex) {
            let before = listing[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let after = listing[range.upperBound...].trimmingCharacters(in: .whitespaces)
            let startsItem = before.isEmpty || before.hasSuffix(",") || before.lowercased().hasSuffix(", not") || before.lowercased() == "not"
            if startsItem && (after.isEmpty || after.hasPrefix(",") || after.lowercased().hasPrefix("from ")) {
                return listing.distance(from: listing.startIndex, to: range.lowerBound)
            }
            searchStart = listing.index(after: range.lowerBound)
        }
        return nil
    }

    /// Findings as written in a list: `X` present, `not X` (or `not`, then `X`) absent (as `rank` reads them).
    /// The findings a text lists, at its commas (`tremor, not seizure`), as `.interview` takes them.
    public static func findings(listedIn text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public static func presentAndAbsent(_ items: [String]) -> (present: [String], absent: [String]) {
        var present: [String] = [], absent: [String] = []
        var negated = false
        for item in items {
            // `not` as an argument of its own (`symkb rank fever not rash`) negates the next.
            if item.lowercased() == "not" {
                negated = true
                continue
            }
            if negated {
                absent.append(item)
                negated = false
            } else if item.lowercased().hasPrefix("not ") {
                absent.append(String(item.dropFirst(4)))
            } else {
                present.append(item)
            }
        }
        // A trailing `not` negates nothing: it is kept as the name it is, to be reported.
        if negated { present.append("not") }
        return (present, absent)
    }

    /// Whether the interview has ended.
    public var isFinished: Bool { stopReason != nil }

    /// Ends the interview (at the end of its input): the final differential.
    public mutating func end() -> String { isFinished ? "" : finish(.endOfInput) }

    /// The opening: the differential of the findings given, and the first question.
    public mutating func start() -> String {
        var out = emit(.notice("Not medical advice: a ranking of the loaded annotations, for learning and discussion."))
        if !interview.steps.isEmpty { out += emit(.differential) }
        return out + advance()
    }

    /// Responds to one line of input.
    public mutating func respond(_ line: String) -> String {
        guard !isFinished else { return "" }
        let text = line.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return pending.map { emit(.question($0)) } ?? "" }
        if text.hasPrefix("{") { return respondJSON(text) }
        let words = text.lowercased()
        // A bare answer may end as a sentence does ("yes.", "maybe?"): a finding's name is read as written.
        switch Self.bareAnswer(words) {
        case "y", "yes", "yeah", "yep", "yup", "true", "present":
            return answer(.yes)
        case "n", "no", "nope", "nah", "false", "absent":
            return answer(.no)
        case "u", "unsure", "skip", "?", "maybe", "perhaps", "possibly", "don't know", "dont know", "do not know",
             "i don't know", "i dont know", "idk", "dunno", "not sure", "unknown":
            return answer(.unsure)
        case "why":
            return pending.map { emit(.why($0)) } ?? emit(.error("there is no question to explain"))
        case "undo":
            return undo()
        case "show":
            return emit(.differential) + (pending.map { emit(.question($0)) } ?? "")
        case "stop", "quit", "done", "end", "exit":
            return finish(.stopped)
        case "help", "h":
            return emit(.help) + (pending.map { emit(.question($0)) } ?? "")
        default:
            for prefix in ["no ", "not ", "- ", "without "] where words.hasPrefix(prefix) {
                return named(String(text.dropFirst(prefix.count)), .no)
            }
            for prefix in ["has ", "have ", "yes ", "+ ", "with "] where words.hasPrefix(prefix) {
                return named(String(text.dropFirst(prefix.count)), .yes)
            }
            return named(text, .yes)
        }
    }

    /// A line without the punctuation a sentence ends with (and with a typographic apostrophe
    /// read as `'`), to be matched against the bare answers; "?" alone stays as it is.
    static func bareAnswer(_ words: String) -> String {
        let plain = words.replacingOccurrences(of: "\u{2019}", with: "'")
        let trimmed = plain.trimmingCharacters(in: CharacterSet(charactersIn: ".!?,;").union(.whitespaces))
        return trimmed.isEmpty ? plain : trimmed
    }

    /// The answers a line may be (for "did you mean").
    static let answerWords = ["yes", "no", "unsure", "why", "undo", "show", "stop", "help"]

    private mutating func respondJSON(_ text: String) -> String {
        struct Input: Decodable {
            var answer: String?
            var finding: String?
        }
        let usage = "expected {\"answer\": \"yes|no|unsure|why|undo|show|stop\"} or {\"finding\": NAME, \"answer\": \"yes|no\"}"
        guard let input = try? JSONDecoder().decode(Input.self, from: Data(text.utf8)) else { return emit(.error(usage)) }
        // A misspelt key ({"answr": "yes"}) is refused, not read as an empty answer.
        let keys = ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]).map { Array($0.keys) } ?? []
        if let unknown = keys.sorted().first(where: { !["answer", "finding"].contains($0) }) {
            let meant = Spelling.closest(to: unknown, among: ["answer", "finding"]).first.map { " (did you mean \"\($0)\"?)" } ?? ""
            return emit(.error("unknown key \"\(TerminalText.escaped(unknown))\"\(meant); " + usage))
        }
        if let finding = input.finding {
            return named(finding, input.answer?.lowercased() == "no" ? .no : .yes)
        }
        return respond(input.answer ?? "")
    }

    /// Answers the pending question.
    private mutating func answer(_ answer: Interview.Answer) -> String {
        guard let question = pending else { return emit(.error("there is no question to answer; name a finding, or stop")) }
        interview.record(question.finding, answer)
        pending = nil
        return emit(.recorded(question.finding, answer)) + (answer == .unsure ? "" : emit(.differential)) + advance()
    }

    /// Records a finding the user named.
    private mutating func named(_ name: String, _ answer: Interview.Answer) -> String {
        let finding: EntityID
        do {
            finding = try engine.ontologyFinding(named: name.trimmingCharacters(in: .whitespaces))
        } catch {
            // A mistyped answer ("yess") is an answer, not a finding to look for.
            let word = Self.bareAnswer(name.lowercased())
            if !word.contains(" "), let meant = Spelling.closest(to: word, among: Self.answerWords).first,
               Spelling.distance(word, meant) <= 1 {
                return emit(.error("'\(name)' is neither an answer nor a finding (did you mean \(meant)?)"))
                    + (pending.map { emit(.question($0)) } ?? "")
            }
            let hint = error.suggestions.isEmpty ? "" : " (did you mean " + error.suggestions.prefix(3).joined(separator: ", ") + "?)"
            return emit(.error(error.message + hint + "; answer yes, no, unsure, why, undo, show or stop", error.id))
                + (pending.map { emit(.question($0)) } ?? "")
        }
        if interview.isSettled(finding) {
            let recorded = interview.steps.last { $0.finding == finding }?.answer == .yes ? "present" : "absent"
            let change = interview.steps.last?.finding == finding && interview.steps.count > interview.initialSteps
                ? "; to change it, answer undo" : ""
            return emit(.error("'\(engine.graph[finding].label)' is already recorded as \(recorded)\(change)"))
                + (pending.map { emit(.question($0)) } ?? "")
        }
        interview.record(finding, answer, asked: false)
        if pending?.finding == finding { pending = nil }
        return emit(.recorded(finding, answer)) + emit(.differential) + advance()
    }

    private mutating func undo() -> String {
        guard let step = interview.undo() else { return emit(.error("nothing to undo (the findings the interview started with stay)")) }
        pending = nil
        return emit(.undone(step.finding, step.answer)) + emit(.differential) + advance()
    }

    /// Asks the next question, or ends.
    private mutating func advance() -> String {
        let next = interview.nextQuestion()
        if let reason = interview.stopReason(next: next) { return finish(reason) }
        guard let next else { return finish(.noInformativeQuestion) }
        pending = next
        return emit(.question(next))
    }

    private mutating func finish(_ reason: Interview.StopReason) -> String {
        stopReason = reason
        pending = nil
        return emit(.stopped(reason))
    }

    /// The interview as a GA4GH phenopacket: the findings answered yes and no, and the current
    /// differential as interpretations in progress. `created` is the ISO 8601 time to record.
    public func phenopacket(created: String) -> Phenopacket {
        let differential = interview.differential(limit: differentialSize).map { row in
            (disease: row.disease, summary: "symkb interview, rank \(row.place), post-test probability "
                + CellText.number(row.probability) + " after \(interview.questionsAsked) question\(interview.questionsAsked == 1 ? "" : "s") (not medical advice)")
        }
        let key = interview.steps.map { "\(engine.graph[$0.finding].id)=\($0.answer.rawValue)" }.joined(separator: ",")
        return Phenopacket.of(
            id: "symkb-interview-" + String(UInt32(truncatingIfNeeded: key.stableHash), radix: 16),
            present: interview.present, excluded: interview.absent, differential: differential,
            graph: engine.graph, created: created)
    }

    // MARK: Writing

    enum Event {
        case notice(String)
        case differential
        case question(Interview.Question)
        case why(Interview.Question)
        case recorded(EntityID, Interview.Answer)
        case undone(EntityID, Interview.Answer)
        case stopped(Interview.StopReason)
        /// A mistake in an answer, with the diagnostic id scripts can tell it by.
        case error(String, DiagnosticID = .interviewAnswer)
        case help
    }

    /// The question as a person reads it: "Do you have pins and needles (Paresthesia)?".
    public func phrase(_ finding: EntityID) -> String {
        let entity = engine.graph[finding]
        let words = (entity.plainLabel ?? entity.label).split(separator: " ", maxSplits: 2)
        // "Froment sign" keeps its capital: a person's name before a word that eponyms end in,
        // which no label of the graph writes in lower case ("Abnormal reflex" is lowered).
        var isName = false
        if words.count >= 2, let first = words.first, first.first?.isUppercase == true, first.dropFirst().allSatisfy(\.isLowercase),
           Self.eponymHeads.contains(words[1].lowercased()) {
            isName = !lowercaseWords.value { Self.lowercaseWords(in: engine.graph) }.contains(first.lowercased())
        }
        let measured = interview.finding(finding, isUnder: Self.measuredRoots)
        return TerminalText.escaped(Self.question(label: entity.label, plain: entity.plainLabel, keepsCapital: isName, measured: measured))
    }

    /// The HPO's branches of findings that tests measure (a blood count, a metabolite, an EEG):
    /// Abnormality of metabolism/homeostasis, of blood and blood-forming tissues, and abnormal
    /// nervous system electrophysiology.
    static let measuredRoots = ["HP:0001939", "HP:0001871", "HP:0001311"]

    /// The words that follow a person's name in the names of signs, syndromes and other findings
    /// ("Froment sign", "Brushfield spots", "Bell palsy").
    private static let eponymHeads: Set<String> = [
        "sign", "signs", "syndrome", "phenomenon", "reflex", "maneuver", "manoeuvre", "test", "spot", "spots", "line", "lines",
        "node", "nodes", "nodule", "nodules", "body", "bodies", "cell", "cells", "palsy", "contracture", "anomaly", "disease",
        "deformity", "fracture", "triad", "stripes", "ring", "rings", "pupil", "sequence", "malformation",
    ]

    /// Every word the graph's labels write in lower case after their first, made on first use:
    /// a capitalised first word that is not among them is a person's name (an eponym).
    private let lowercaseWords = LazyValue<Set<String>>()

    private static func lowercaseWords(in graph: KnowledgeGraph) -> Set<String> {
        var words = Set<String>()
        let entities = graph.statedEntities
        for position in entities.indices {
            for word in entities.label(at: position).split(separator: " ").dropFirst()
            where word.first?.isLowercase == true && word.allSatisfy(\.isLetter) {
                words.insert(String(word))
            }
        }
        return words
    }

    /// "Do you have pins and needles (Paresthesia)?", from a label and the name a patient would
    /// use (shown first when it differs). A name that is a verb phrase reads "Have you been
    /// throwing up (Vomiting)?": one that starts with an -ing word followed by a particle
    /// ("passing out", "walking on tiptoes"), or with a verb such as "feeling" or "having".
    /// Other -ing words are nouns there ("ringing in the ears", "bleeding") and keep "Do you have".
    /// A short name that describes the person reads "Are you cross-eyed (Strabismus)?".
    /// `keepsCapital` keeps the first word's capital when it is a person's name without a
    /// possessive ("Froment sign"). A finding that a test measures (`measured`, or named with a
    /// test's words: ``isFoundByTests(_:)``) reads "Has a test shown …?".
    public static func question(label: String, plain: String?, keepsCapital: Bool = false, measured: Bool = false) -> String {
        // "Seizure" reads "seizure"; "EEG abnormality" keeps its capitals, and so does a name
        // that starts with a person's ("Lhermitte's sign", "Uhthoff's phenomenon").
        func inSentence(_ name: String) -> String {
            let first = name.prefix { $0 != " " }
            let isEponym = keepsCapital || ["'s", "’s", "s'", "s’"].contains { first.count > 2 && first.hasSuffix($0) }
            guard !isEponym, name.dropFirst().first?.isLowercase == true else { return name }
            // "Atrophy/Degeneration affecting …": the word after the slash is lowered too.
            var lowered = name.prefix(1).lowercased() + name.dropFirst()
            if let slash = first.firstIndex(of: "/"), let next = first[first.index(after: slash)...].first, next.isUppercase,
               first[first.index(after: slash)...].dropFirst().first?.isLowercase == true {
                let offset = first.distance(from: first.startIndex, to: slash) + 1
                let index = lowered.index(lowered.startIndex, offsetBy: offset)
                lowered.replaceSubrange(index...index, with: String(lowered[index]).lowercased())
            }
            return lowered
        }
        // A patient's name that is the label but for case or a plural ("Personality change" of
        // "Personality changes") is not shown beside it.
        let shown = plain.flatMap { NameKey.loose($0) != NameKey.loose(label) ? $0 : nil }
        let name = inSentence(shown ?? label)
        let words = name.lowercased().split(separator: " ", maxSplits: 2)
        let isVerbPhrase = words.count >= 2 && words[0].hasSuffix("ing")
            && (verbsOfState.contains(String(words[0])) || particles.contains(String(words[1])))
        // A short name that describes the person ("cross-eyed", "near sighted", "tired") is what
        // one is, not what one has.
        let last = words.last.map(String.init) ?? ""
        let isAdjective = shown != nil && words.count <= 2 && !name.contains(",")
            && ((last.hasSuffix("ed") && !last.hasSuffix("eed")) || last == "manic")
        // A finding that only a test shows ("EEG abnormality", "Elevated serum creatine kinase")
        // is asked about as a result a patient may have been told.
        let isTestResult = !isVerbPhrase && !isAdjective && (measured || isFoundByTests(label) || isFoundByTests(shown ?? ""))
        let opening = isTestResult ? "Has a test shown" : isVerbPhrase ? "Have you been" : isAdjective ? "Are you" : "Do you have"
        let object = isVerbPhrase || isAdjective || keepsCapital ? name : determined(name)
        return "\(opening) \(object)\(shown == nil ? "" : " (\(label))")?"
    }

    /// A name as the object of "Do you have …": one whose head noun is an event that comes and
    /// goes reads in the plural ("seizures", "generalized-onset seizures", "nosebleeds"); one
    /// whose head is a thing one has one of takes "a" or "an" ("a fever", "an abnormality of
    /// the eye", "an EEG abnormality"). The head is the last word before a preposition. Other
    /// names are left as they are ("fatigue", "ataxia", "Lhermitte's sign", "global developmental
    /// delay"), and so is a name with "and" or a comma, or one that starts with a determiner.
    static func determined(_ name: String) -> String {
        let words = name.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard let first = words.first, !first.isEmpty, !name.contains(","), !words.contains("and"), !words.contains("or"),
              !determiners.contains(first.lowercased()), !["'s", "’s", "s'", "s’"].contains(where: { first.hasSuffix($0) })
        else { return name }
        let headIndex = (words.firstIndex { prepositions.contains($0.lowercased()) } ?? words.count) - 1
        guard headIndex >= 0 else { return name }
        // The last part of a hyphenated head ("generalized-onset seizure" has "seizure").
        let headWord = words[headIndex]
        let head = String(headWord.split(separator: "-").last ?? Substring(headWord)).lowercased()
        if comingAndGoing.contains(head) {
            var plural = words
            plural[headIndex] = headWord + (head.hasSuffix("ch") || head.hasSuffix("sh") || head.hasSuffix("x") ? "es" : "s")
            return plural.joined(separator: " ")
        }
        guard countable.contains(head) else { return name }
        return article(before: first) + " " + name
    }

    /// "an" before a vowel sound, as far as the spelling tells: a word of capitals is read letter
    /// by letter ("an EEG abnormality", "an MRI finding"); "uni-", "use-", "eu-" and "one" start
    /// with a consonant sound ("a unilateral …").
    static func article(before word: String) -> String {
        guard let letter = word.first else { return "a" }
        let isAcronym = word.count > 1 && word.allSatisfy { $0.isUppercase || $0.isNumber }
        if isAcronym { return "AEFHILMNORSX".contains(letter) ? "an" : "a" }
        let lowered = word.lowercased()
        if ["uni", "use", "usu", "ure", "uri", "eu", "one", "once"].contains(where: { lowered.hasPrefix($0) }) { return "a" }
        return "aeiou".contains(lowered.first ?? "x") ? "an" : "a"
    }

    /// Whether a finding's label names a test or what a test measures ("EEG", "serum",
    /// "concentration", "electrophysiology"): what a person knows only from a test result.
    static func isFoundByTests(_ label: String) -> Bool {
        label.lowercased().split { $0 == " " || $0 == "-" || $0 == "/" || $0 == "," || $0 == "(" || $0 == ")" }
            .contains { testWords.contains(String($0)) }
    }

    /// Words of labels that name tests or what they measure.
    private static let testWords: Set<String> = [
        "eeg", "ekg", "ecg", "emg", "mri", "ct", "electrophysiology", "electroencephalography", "electrocardiogram",
        "electrocardiography", "electromyography", "serum", "plasma", "urine", "csf", "circulating", "concentration",
        "concentrations", "level", "levels", "biopsy", "imaging", "spike", "spikes", "count", "ratio", "enzyme", "antibody",
        "antibodies", "titer", "titre", "cytology", "histology", "ultrastructure", "karyotype", "velocity", "conduction",
        "potential", "potentials", "hyperintensity", "hypointensity", "neuroimaging", "radiographic", "ultrasound", "echocardiogram",
    ]

    /// Words that start a name with its own determiner.
    private static let determiners: Set<String> = ["a", "an", "the", "no", "any", "some", "several", "many", "multiple", "recurrent", "frequent", "episodic"]
    /// Words after a name's head noun ("abnormality of the eye", "pain in the back").
    private static let prepositions: Set<String> = [
        "of", "in", "on", "at", "with", "without", "affecting", "involving", "to", "from", "after", "during", "due", "by", "for", "under", "above", "below",
    ]
    /// Head nouns of findings that come and go, asked about in the plural.
    private static let comingAndGoing: Set<String> = [
        "seizure", "headache", "nosebleed", "spasm", "cramp", "tic", "fall", "palpitation", "migraine", "attack", "episode",
        "jerk", "twitch", "blackout", "hallucination", "nightmare", "convulsion", "faint", "infection", "flush", "flash",
    ]
    /// Head nouns of findings one has one of ("a fever", "an abnormality of the eye").
    private static let countable: Set<String> = [
        "fever", "rash", "cough", "tremor", "hernia", "cyst", "murmur", "stroke", "lump", "abnormality", "anomaly", "defect",
        "malformation", "deformity", "mass", "tumor", "tumour", "nodule", "lesion", "ulcer", "reflex", "fracture", "limp",
        "stutter", "lisp", "squint", "goiter", "goitre", "aneurysm", "abscess", "blister", "wound", "bruise", "wart", "mole",
    ]

    /// Words after an -ing word that make it a verb ("throwing up", "passing out").
    private static let particles: Set<String> = ["up", "out", "on", "off", "down", "away", "back"]
    /// -ing words that start a verb phrase whatever follows ("feeling full quickly").
    private static let verbsOfState: Set<String> = ["feeling", "having", "being", "getting", "lacking"]

    private func name(_ id: EntityID) -> String {
        TerminalText.escaped("\(engine.graph[id].label) (\(engine.graph[id].id))")
    }

    private func emit(_ event: Event) -> String {
        format == .jsonl ? json(event) + "\n" : text(event)
    }

    private func text(_ event: Event) -> String {
        switch event {
        case let .notice(message):
            return message + "\n"
        case .differential:
            let rows = interview.differential(limit: differentialSize)
            let known = interview.present.count + interview.absent.count
            var lines = ["Differential from \(known) finding\(known == 1 ? "" : "s") (\(interview.present.count) present, \(interview.absent.count) absent):"]
            for row in rows {
                lines.append("  \(row.place). \(name(row.disease))  " + Self.percent(row.probability))
            }
            return lines.joined(separator: "\n") + "\n"
        case let .question(question):
            return "Q\(interview.questionsAsked + 1). \(phrase(question.finding)) [yes/no/unsure/why/undo/show/stop/help]\n"
        case let .why(question):
            func list(_ rows: [(disease: EntityID, probability: Double)]) -> String {
                rows.isEmpty ? "none of the leading diagnoses"
                    : rows.map { name($0.disease) + String(format: " (answers yes %.0f%%)", $0.probability * 100) }.joined(separator: ", ")
            }
            return "Asking about \(name(question.finding)) separates the leading diagnoses"
                + String(format: " (expected gain %.2f bits, yes expected %.0f%%):\n", question.gain, question.probabilityYes * 100)
                + "  yes favours \(list(question.favouredByYes))\n  no favours \(list(question.favouredByNo))\n"
        case let .recorded(finding, answer):
            return "recorded: \(name(finding)) \(answer == .yes ? "present" : answer == .no ? "absent" : "unsure")\n"
        case let .undone(finding, _):
            return "took back the answer about \(name(finding))\n"
        case let .stopped(reason):
            let explanation: String
            switch reason {
            case .confident: explanation = String(format: "the leading diagnosis reached %.0f%%", interview.options.stopProbability * 100)
            case .noInformativeQuestion: explanation = "no remaining question is expected to tell the diagnoses apart"
            case .budgetSpent: explanation = "\(interview.options.questionBudget) questions asked"
            case .stopped: explanation = "stopped"
            case .endOfInput: explanation = "no more answers"
            }
            return "Interview over: \(explanation). " + text(.differential) + (weakLead.map { "note: " + $0 + "\n" } ?? "")
        case let .error(message, id):
            return "error: " + TerminalText.escaped(message) + " [\(id.rawValue)]\n"
        case .help:
            return """
                Answer yes, no or unsure (skip); 'why' explains the question, 'undo' takes back the last
                answer, 'show' prints the differential, 'stop' ends. Name a finding of your own to add it
                ('has tremor'), or 'no tremor' to record it absent.

                """
        }
    }

    /// When the interview ends with no disease standing out (the leading one below 10%): what
    /// that means, so that a list of unlikely diagnoses is not read as a finding; `nil` otherwise.
    private var weakLead: String? {
        guard let lead = interview.differential(limit: 1).first, lead.probability < 0.1 else { return nil }
        return "no diagnosis stands out (the leading one is at \(Self.percent(lead.probability))): the findings fit the loaded "
            + "annotations poorly, or more findings are needed"
    }

    private func entityJSON(_ id: EntityID) -> FindingJSON {
        let entity = engine.graph[id]
        return FindingJSON(id: entity.id, label: entity.label, plain: entity.plainLabel)
    }

    struct FindingJSON: Encodable {
        var id: String
        var label: String
        var plain: String?
    }

    struct DiseaseJSON: Encodable {
        var id: String
        var label: String
        /// The disease's post-test probability (differential), or how likely a patient with it
        /// answers yes (why).
        var probability: Double?
        var probabilityYes: Double?
    }

    struct EventJSON: Encodable {
        var event: String
        var message: String?
        /// An error's diagnostic id.
        var id: String?
        var number: Int?
        var finding: FindingJSON?
        var text: String?
        var answer: String?
        var gain: Double?
        var probabilityYes: Double?
        var favouredByYes: [DiseaseJSON]?
        var favouredByNo: [DiseaseJSON]?
        var differential: [DiseaseJSON]?
        var reason: String?
        var questions: Int?
    }

    private func differentialJSON() -> [DiseaseJSON] {
        interview.differential(limit: differentialSize).map {
            DiseaseJSON(id: engine.graph[$0.disease].id, label: engine.graph[$0.disease].label, probability: $0.probability)
        }
    }

    private func json(_ event: Event) -> String {
        var record = EventJSON(event: "")
        switch event {
        case let .notice(message): record.event = "notice"; record.message = message
        case .differential: record.event = "differential"; record.differential = differentialJSON()
        case let .question(question):
            record.event = "question"
            record.number = interview.questionsAsked + 1
            record.finding = entityJSON(question.finding)
            record.text = phrase(question.finding)
            record.gain = question.gain
            record.probabilityYes = question.probabilityYes
        case let .why(question):
            record.event = "why"
            record.finding = entityJSON(question.finding)
            record.gain = question.gain
            func rows(_ list: [(disease: EntityID, probability: Double)]) -> [DiseaseJSON] {
                list.map { DiseaseJSON(id: engine.graph[$0.disease].id, label: engine.graph[$0.disease].label, probabilityYes: $0.probability) }
            }
            record.favouredByYes = rows(question.favouredByYes)
            record.favouredByNo = rows(question.favouredByNo)
        case let .recorded(finding, answer):
            record.event = "recorded"; record.finding = entityJSON(finding); record.answer = answer.rawValue
        case let .undone(finding, answer):
            record.event = "undone"; record.finding = entityJSON(finding); record.answer = answer.rawValue
        case let .stopped(reason):
            record.event = "stop"; record.reason = reason.rawValue; record.questions = interview.questionsAsked
            record.differential = differentialJSON()
            record.message = weakLead
        case let .error(message, id): record.event = "error"; record.message = message; record.id = id.rawValue
        case .help: record.event = "help"; record.message = text(.help)
        }
        return JSONText.encode(record, pretty: false)
    }
}

extension InterviewConversation {
    /// A probability as a percentage of one decimal that never rounds to a certainty: 0.99984 is
    /// "> 99.9%", 0.00002 "< 0.1%" (an interview's probabilities are estimates, never sure).
    package static func percent(_ probability: Double) -> String {
        if probability >= 0.9995, probability < 1 { return "> 99.9%" }
        if probability > 0, probability < 0.0005 { return "< 0.1%" }
        return String(format: "%.1f%%", probability * 100)
    }
}
