import SymptomGraph

/// The answer to one query: named columns, rows of values, and the assertions behind every row.
public struct QueryResult: Sendable {
    /// The query as written.
    public var query: String
    /// The question form (`symptoms`, `why`, `pattern`, …).
    public var form: String
    /// The core pattern the question was rewritten to, when it has one.
    public var core: String?
    /// Column names, in order.
    public var columns: [String]
    /// The rows.
    public var rows: [Row]
    /// For `describe`: the entity described.
    public var subject: EntityID?
    /// For `rank`: the similarity and the database used.
    public var ranking: (similarity: String, database: String)?
    /// For `rank`: the findings as resolved (each once), present and excluded.
    public var rankedFindings: (present: [EntityID], excluded: [EntityID])?
    /// Whether renderers should show provenance even when not asked (for `why`).
    public var showsEvidenceByDefault: Bool = false
    /// A remark about an empty or partial answer, e.g. "no chain of assertions links A and B".
    public var message: String?
    /// For yes/no questions: `yes`, `no` or `not known`; for `why`: `causal`, `association` or `none`.
    public var answer: String?
    /// Whether evaluation stopped at a limit (``QueryLimits``): the rows are right but maybe not all.
    public var isPartial = false
    /// Whether the evaluation itself was stopped (the work or time limit, not a cut of the rows it
    /// found): rows may be missing and a count is too low. A script is told by the exit status.
    public var isCutShort = false
    /// How many rows the evaluation found when the row limit cut them (`count` counts them all).
    var rowsFound: Int?
    /// What the answer is not, said with it (a ranking: "not medical advice").
    public var disclaimer: String?
    /// Remarks said after the answer: which of several concepts a name was read as, or where
    /// more may be found ("the broader Muscle spasm has 177 conditions: conditions with …").
    public var notes: [String] = []

    /// Whether the rows say nothing was found: none, or a count of none (`count …` is one row).
    var findsNothing: Bool { rows.isEmpty || (columns == ["count"] && rows.first?.values == [.integer(0)]) }

    /// What every ranking says of itself.
    public static let rankingDisclaimer = "a ranking of the loaded annotations for learning and discussion, not medical advice"
    /// What advice answers (`advice for X`, `what should I do about X`) say of themselves.
    public static let adviceDisclaimer = "what the loaded packs' sources say, not medical advice: ask a doctor or nurse about your own care"

    /// One answer row.
    public struct Row: Sendable {
        /// One value per column.
        public var values: [Value]
        /// Alternative derivations: each is a chain of assertions that yields this row.
        public var derivations: [Derivation]
        /// For `rank`: how each finding matched (empty otherwise).
        public var matches: [FindingMatch] = []
        /// For `rank`: findings contradicted by negated annotations, and excluded findings present.
        public var conflicts: [EntityID] = []

        /// Every assertion behind the row, without repeats, in order of first use.
        public var evidence: [AssertionID] { Derivation.distinctAssertions(of: derivations) }
    }

    /// A cell.
    public enum Value: Hashable, Sendable {
        /// An entity of the graph.
        case entity(EntityID)
        /// A relation read in one direction.
        case relation(RelationStep)
        /// A number (e.g. a distance).
        case integer(Int)
        /// Text.
        case text(String)
        /// A score.
        case number(Double)
    }
}

extension QueryResult.Row {
    /// The symptoms this row is reached through, for a question about a condition that takes
    /// the facts stated about its symptoms (``QuestionForms/formsThroughSymptoms``: `mechanism of
    /// ms` answers what the article says of MS spasms), so that it does not read as a fact about
    /// the condition itself; `nil` for another form, or when a derivation does not go through a
    /// symptom.
    public func symptomsThrough(form: String, in graph: KnowledgeGraph) -> [EntityID]? {
        guard QuestionForms.formsThroughSymptoms.contains(form), !derivations.isEmpty else { return nil }
        var through: [EntityID] = []
        for derivation in derivations {
            let steps = derivation.assertions
            guard steps.count > 1, graph.relations[graph[steps[0]].relation.position].name == "has_symptom" else { return nil }
            let symptom = graph[steps[0]].object
            if !through.contains(symptom) { through.append(symptom) }
        }
        return through
    }

    /// The qualifiers that describe the row: the strongest certainty over its derivations (each as
    /// weak as its weakest assertion), and the severity, onset, frequency and context of the assertions
    /// that reach the answer.
    public func summary(in graph: KnowledgeGraph) -> Qualifiers {
        var summary = Qualifiers()
        var best: Certainty?
        var anyUnqualified = false
        for derivation in derivations {
            if let weakest = derivation.weakestCertainty { best = best.map { min($0, weakest) } ?? weakest } else { anyUnqualified = true }
        }
        summary.certainty = anyUnqualified ? nil : best
        var contexts: [String] = []
        // Each clause's reaching assertion, the last clause's first (a row's notes describe the
        // answer as its last finding does).
        for last in derivations.flatMap({ $0.qualifyingAssertions.reversed() }) {
            let qualifiers = graph.qualifiers(of: last)
            summary.severity = summary.severity ?? qualifiers.severity
            summary.onset = summary.onset ?? qualifiers.onset
            summary.frequency = summary.frequency ?? qualifiers.frequency
            summary.isNegated = summary.isNegated || qualifiers.isNegated
            if let context = qualifiers.context, !contexts.contains(context) { contexts.append(context) }
        }
        summary.context = contexts.isEmpty ? nil : contexts.joined(separator: "; ")
        return summary
    }

    /// For a row reached from several entities of one name (a disease's entries in OMIM and in
    /// Orphanet, asked about together) whose assertions say different things: each with the
    /// row's qualifiers as its own derivations give them, so that notes say "OMIM:277900:
    /// frequency: 1/14; ORPHA:905: frequency: very frequent (80–99%)", never one entry's frequency
    /// as the row's. `nil` when the derivations start from one entity, or say the same.
    public func qualifiersBySubject(in graph: KnowledgeGraph) -> [(subject: EntityID, qualifiers: Qualifiers)]? {
        var order: [EntityID] = []
        var groups: [EntityID: [Derivation]] = [:]
        for derivation in derivations {
            guard let first = derivation.first else { continue }
            let subject = graph[first].subject
            if groups[subject] == nil { order.append(subject) }
            groups[subject, default: []].append(derivation)
        }
        guard order.count > 1 else { return nil }
        let labelled = order.map { subject in
            (subject: subject, qualifiers: QueryResult.Row(values: values, derivations: groups[subject] ?? []).summary(in: graph))
        }
        return Set(labelled.map { $0.qualifiers }).count > 1 ? labelled : nil
    }

    /// For a row two clauses reach (`conditions with tremor, spasticity`) whose reaching
    /// assertions say different things: each clause's finding with its qualifiers (a ranking's
    /// without their certainty), so that notes say "Intention tremor: frequency: frequent (30–79%); Spasticity:
    /// frequency: 4/14", never one clause's frequency as if it were the row's. `nil` otherwise
    /// (then ``summary(in:)`` describes the row). The finding is the clause's far end from the
    /// answer: the object of its last assertion, or its subject when the chain runs backwards.
    /// With `eachDerivation` (a ranking's row, one derivation per matched finding), each
    /// derivation's reaching assertion is one finding's; and when the ranking asked about several
    /// findings (`ofSeveral`) every match is labelled, alike or alone, so that a frequency is
    /// never read as the row's for every finding.
    public func qualifiersByFinding(
        in graph: KnowledgeGraph, eachDerivation: Bool = false, ofSeveral: Bool = false
    ) -> [(finding: EntityID, qualifiers: Qualifiers)]? {
        var ends = eachDerivation ? derivations.compactMap(\.lastQualifying) : derivations.first?.qualifyingAssertions ?? []
        if ends.count > 1 {
            // Two findings matched by one annotation (the disease's closest term to each) say it once.
            var seen = Set<AssertionID>()
            ends.removeAll { !seen.insert($0).inserted }
        }
        guard !ends.isEmpty, ofSeveral || ends.count > 1 else { return nil }
        var plain = ends.map { graph.qualifiers(of: $0) }
        // A ranking's matches are certain as annotated; a condition's curated findings keep "may".
        if eachDerivation { for index in plain.indices { plain[index].certainty = nil } }
        // A ranking of several findings names each match, even when they read alike.
        guard ofSeveral || Set(plain).count > 1 else { return nil }
        let answer = values.lazy.compactMap { value -> EntityID? in if case let .entity(entity) = value { entity } else { nil } }.first
        return zip(ends, plain).map { end, qualifiers in
            let assertion = graph[end]
            return (assertion.object == answer ? assertion.subject : assertion.object, qualifiers)
        }
    }
}
