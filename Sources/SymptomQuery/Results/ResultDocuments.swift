import SymptomGraph

// The JSON documents symkb writes (`--format json`, `jsonl`; README "JSON output"), as public
// `Codable` types: the renderers encode them, and programs and tests can decode symkb's output
// into them (`JSONDecoder().decode([OutcomeDocument].self, from: data)`).
/// An entity in a cell or an evidence record.
public struct EntityReference: Codable, Sendable, Equatable {
    public var id: String
    public var label: String
    public var kind: String
    /// For a concept merged from several packs: every member's id.
    public var ids: [String]?
}

/// One pack's entity in a merged concept.
public struct MemberDocument: Codable, Sendable, Equatable {
    public var id: String
    public var label: String
    public var kind: String
    public var pack: String
}

/// A looser mapping (SKOS predicate and target id).
public struct MappingDocument: Codable, Sendable, Equatable {
    public var predicate: String
    public var id: String
}

/// The card of a described entity.
public struct EntityCardDocument: Codable, Sendable, Equatable {
    public var id: String
    public var label: String
    public var kind: String
    public var pack: String
    public var synonyms: [String]
    /// Each synonym's scope and type as its source states them (`EXACT layperson`, `RELATED`),
    /// in the order of ``synonyms``; absent when the source states none (every synonym exact).
    public var synonymForms: [String]?
    public var definition: String?
    /// Cross-references to other vocabularies (not the entity's own other ids, below).
    public var xrefs: [String]
    /// Other ids its source gives the same term (OBO `alt_id`).
    public var altIds: [String]?
    /// Obsolete ids its source replaced with it (OBO `replaced_by`).
    public var replaces: [String]?
    public var mappings: [MappingDocument]?
    /// For a merged concept: the entities of each pack it is made of.
    public var members: [MemberDocument]?
}

/// A relation in a cell.
public struct RelationReference: Codable, Sendable, Equatable {
    public var relation: String
    public var label: String
}

/// One cell of a row.
public enum CellDocument: Codable, Sendable, Equatable {
    case entity(EntityReference)
    case relation(RelationReference)
    case integer(Int)
    case text(String)
    case number(Double)

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .entity(value): try container.encode(value)
        case let .relation(value): try container.encode(value)
        case let .integer(value): try container.encode(value)
        case let .text(value): try container.encode(value)
        case let .number(value): try container.encode(value)
        }
    }

    /// Reads a cell: a whole number, a number, text, or an object with `relation` or `id`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) { self = .integer(value); return }
        if let value = try? container.decode(Double.self) { self = .number(value); return }
        if let value = try? container.decode(String.self) { self = .text(value); return }
        if let value = try? container.decode(RelationReference.self) { self = .relation(value); return }
        self = .entity(try container.decode(EntityReference.self))
    }
}

/// Column name → cell, encoded in column order.
public struct RowValues: Codable, Sendable, Equatable {
    public var columns: [String]
    public var cells: [CellDocument]

    public struct Key: CodingKey {
        public var stringValue: String
        public var intValue: Int? { nil }
        public init(stringValue: String) { self.stringValue = stringValue }
        public init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (column, cell) in zip(columns, cells) { try container.encode(cell, forKey: Key(stringValue: column)) }
    }

    /// The cell of a column.
    public subscript(column: String) -> CellDocument? { columns.firstIndex(of: column).map { cells[$0] } }
}

extension RowValues {
    /// Reads the cells; JSON objects have no order, so the columns come back sorted by name (the
    /// result's `columns` has the order).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let columns = container.allKeys.map(\.stringValue).sorted()
        self.init(columns: columns, cells: try columns.map { try container.decode(CellDocument.self, forKey: Key(stringValue: $0)) })
    }
}

/// The qualifiers of a row or an assertion.
public struct QualifierDocument: Codable, Sendable, Equatable {
    public var certainty: String?
    /// As the source states it: an HPO frequency term (`HP:0040283`), `n/m`, a percentage or words.
    public var frequency: String?
    /// An HPO frequency term in words, "occasional (5–29%)".
    public var frequencyLabel: String?
    /// The frequency as a probability: `n/m` and percentages as stated, an HPO term as the
    /// middle of its range (what the likelihood-ratio ranker takes); absent for words.
    public var frequencyProbability: Double?
    public var severity: String?
    public var onset: String?
    public var negated: Bool?
    public var context: String?

    init?(_ qualifiers: Qualifiers) {
        guard !qualifiers.isEmpty else { return nil }
        certainty = qualifiers.certainty?.rawValue
        frequency = qualifiers.frequency
        frequencyLabel = qualifiers.frequency.flatMap(HPOFrequency.named)?.words
        frequencyProbability = qualifiers.frequency.flatMap(HPOFrequency.probability)
        severity = qualifiers.severity
        onset = qualifiers.onset
        // What states absence — NOT, or a frequency of none (`0/3`) — is negated, as in the exports.
        negated = qualifiers.statesAbsence ? true : nil
        context = qualifiers.context
    }
}

/// One assertion behind a row, with its provenance.
public struct EvidenceDocument: Codable, Sendable, Equatable {
    public var subject: EntityReference
    public var relation: String
    public var object: EntityReference
    public var qualifiers: QualifierDocument?
    public var pack: String
    public var source: String
    public var locator: String?
}

/// How one finding matched a ranked disease.
public struct MatchDocument: Codable, Sendable, Equatable {
    public var finding: EntityReference
    public var matched: EntityReference?
    public var ancestor: EntityReference?
    public var informationContent: Double?
    public var similarity: Double?
    public var likelihoodRatio: Double?
    public var match: String?
    public var frequency: Double?
    public var excluded: Bool?
}

/// One answer row (and, in JSON lines, one record).
public struct RowDocument: Codable, Sendable, Equatable {
    public var query: String?
    public var values: RowValues
    public var qualifiers: QualifierDocument?
    public var evidence: [[EvidenceDocument]]?
    public var matches: [MatchDocument]?
    public var conflicts: [EntityReference]?
    /// The symptoms the answer was reached through, for a question about a condition that takes
    /// the facts stated about its symptoms (`mechanism of ms`: "via Multiple sclerosis spasms").
    public var via: [EntityReference]? = nil
    /// For a row reached from a disease's entries in several databases whose assertions say
    /// different things (`symptoms of wilson disease`: OMIM 1/14, Orphanet very frequent): each
    /// entry's qualifiers (`qualifiers` gives the first's).
    public var qualifiersByEntry: [EntryQualifiers]? = nil
    /// Only in the record of a query without answers (JSON lines).
    public var count: Int?
    public var message: String?
    /// The input the question came from (a phenopacket's path), when a run has several.
    public var input: String? = nil
    /// In JSON lines, the answer's verdict with each of its records: `yes`, `no`, `not known`; for
    /// `why`, `causal` or `association` (a result document has it once).
    public var answer: String? = nil
    /// In JSON lines, what the answer is not, with each of its records (advice, a ranking: "…
    /// not medical advice"; a result document has it once).
    public var disclaimer: String? = nil
    /// In JSON lines, the answer's notes (``QueryResult/notes``), with each of its records.
    public var notes: [String]? = nil
}

/// What one entry of a disease (one database's) says of a row.
public struct EntryQualifiers: Codable, Sendable, Equatable {
    public var entity: EntityReference
    public var qualifiers: QualifierDocument?
}

/// The answer to one query.
public struct ResultDocument: Codable, Sendable, Equatable {
    public var query: String
    public var form: String
    public var core: String?
    public var entity: EntityCardDocument?
    public var columns: [String]
    public var count: Int
    public var message: String?
    public var answer: String?
    /// Present (true) only when a limit stopped the query.
    public var partial: Bool?
    /// Present only when evidence was left out (more than ``EvidenceAllowance/limit`` assertions):
    /// how many derivations.
    public var evidenceWithheld: Int?
    public var similarity: String?
    public var database: String?
    public var rows: [RowDocument]
    /// The input the question came from (a phenopacket's path), when a run has several.
    public var input: String? = nil
    /// What the answer is not (a ranking: "… not medical advice").
    public var disclaimer: String? = nil
    /// Remarks on the answer (``QueryResult/notes``); absent when none.
    public var notes: [String]? = nil
}

/// A query that failed: where and why.
public struct ErrorDocument: Codable, Sendable, Equatable {
    public struct Detail: Codable, Sendable, Equatable {
        public var id: String
        public var message: String
        public var column: Int
        public var length: Int
        /// The column just past the mistake (`column + length`), as diagnostics give it.
        public var endColumn: Int? = nil
        public var suggestions: [String]
        /// What else may help (absent when nothing).
        public var notes: [String]? = nil
    }

    public var query: String
    public var error: Detail
    /// The input the question came from (a phenopacket's path), when a run has several.
    public var input: String? = nil
    /// Where the query is written, in a script (`symkb run FILE`, standard input): its file and
    /// the line it begins on (standard error's diagnostic gives the mistake's own line and column).
    public var file: String? = nil
    public var line: Int? = nil
}

/// One element of `--format json` output: a result or an error.
public enum OutcomeDocument: Codable, Sendable, Equatable {
    case result(ResultDocument)
    case error(ErrorDocument)

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case let .result(value): try value.encode(to: encoder)
        case let .error(value): try value.encode(to: encoder)
        }
    }

    /// Reads a result or, when it has an `error` key, an error.
    public init(from decoder: any Decoder) throws {
        struct Probe: Decodable { var error: ErrorDocument.Detail? }
        if try Probe(from: decoder).error != nil { self = .error(try ErrorDocument(from: decoder)) } else {
            self = .result(try ResultDocument(from: decoder))
        }
    }
}
