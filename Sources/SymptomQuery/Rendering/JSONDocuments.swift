import Foundation
import SymptomGraph

/// The JSON shapes of results (documented in the README under "JSON output").
struct JSONDocuments {
    let graph: KnowledgeGraph
    let showsProvenance: Bool

    struct EntityJSON: Encodable {
        var id: String
        var label: String
        var kind: String
        /// For a concept merged from several packs: every member's id.
        var ids: [String]?
    }

    struct MemberJSON: Encodable {
        var id: String
        var label: String
        var kind: String
        var pack: String
    }

    struct MappingJSON: Encodable {
        var predicate: String
        var id: String
    }

    struct EntityCardJSON: Encodable {
        var id: String
        var label: String
        var kind: String
        var pack: String
        var synonyms: [String]
        var definition: String?
        var xrefs: [String]
        var mappings: [MappingJSON]?
        /// For a merged concept: the entities of each pack it is made of.
        var members: [MemberJSON]?
    }

    struct RelationJSON: Encodable {
        var relation: String
        var label: String
    }

    enum CellJSON: Encodable {
        case entity(EntityJSON)
        case relation(RelationJSON)
        case integer(Int)
        case text(String)
        case number(Double)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case let .entity(value): try container.encode(value)
            case let .relation(value): try container.encode(value)
            case let .integer(value): try container.encode(value)
            case let .text(value): try container.encode(value)
            case let .number(value): try container.encode(value)
            }
        }
    }

    /// Column name → cell, encoded in column order.
    struct ValuesJSON: Encodable {
        var columns: [String]
        var cells: [CellJSON]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for (column, cell) in zip(columns, cells) { try container.encode(cell, forKey: Key(stringValue: column)) }
        }
    }

    struct QualifiersJSON: Encodable {
        var certainty: String?
        var frequency: String?
        var severity: String?
        var onset: String?
        var negated: Bool?
        var context: String?

        init?(_ qualifiers: Qualifiers) {
            guard !qualifiers.isEmpty else { return nil }
            certainty = qualifiers.certainty?.rawValue
            frequency = qualifiers.frequency
            severity = qualifiers.severity
            onset = qualifiers.onset
            negated = qualifiers.isNegated ? true : nil
            context = qualifiers.context
        }
    }

    struct EvidenceJSON: Encodable {
        var subject: EntityJSON
        var relation: String
        var object: EntityJSON
        var qualifiers: QualifiersJSON?
        var pack: String
        var source: String
        var locator: String?
    }

    struct MatchJSON: Encodable {
        var finding: EntityJSON
        var matched: EntityJSON?
        var ancestor: EntityJSON?
        var informationContent: Double?
        var similarity: Double?
        var likelihoodRatio: Double?
        var match: String?
        var frequency: Double?
        var excluded: Bool?
    }

    struct RowJSON: Encodable {
        var query: String?
        var values: ValuesJSON
        var qualifiers: QualifiersJSON?
        var evidence: [[EvidenceJSON]]?
        var matches: [MatchJSON]?
        var conflicts: [EntityJSON]?
        /// Only in the record of a query without answers (JSON lines).
        var count: Int?
        var message: String?
    }

    struct ResultJSON: Encodable {
        var query: String
        var form: String
        var core: String?
        var entity: EntityCardJSON?
        var columns: [String]
        var count: Int
        var message: String?
        var answer: String?
        /// Present (true) only when a limit stopped the query.
        var partial: Bool?
        /// Present only when evidence was left out (more than ``EvidenceAllowance/limit`` assertions):
        /// how many derivations.
        var evidenceWithheld: Int?
        var similarity: String?
        var database: String?
        var rows: [RowJSON]
    }

    struct ErrorJSON: Encodable {
        struct Detail: Encodable {
            var id: String
            var message: String
            var column: Int
            var length: Int
            var suggestions: [String]
        }

        var query: String
        var error: Detail
    }

    enum DocumentJSON: Encodable {
        case result(ResultJSON)
        case error(ErrorJSON)

        func encode(to encoder: any Encoder) throws {
            switch self {
            case let .result(value): try value.encode(to: encoder)
            case let .error(value): try value.encode(to: encoder)
            }
        }
    }

    func entity(_ id: EntityID) -> EntityJSON {
        let entity = graph[id]
        let members = graph.members(of: id)
        return EntityJSON(id: entity.id, label: entity.label, kind: entity.kind, ids: members.count > 1 ? members.map(\.id) : nil)
    }

    func cell(_ value: QueryResult.Value) -> CellJSON {
        switch value {
        case let .entity(id): .entity(entity(id))
        case let .relation(step): .relation(RelationJSON(relation: graph.name(of: step), label: graph.label(of: step)))
        case let .integer(number): .integer(number)
        case let .text(text): .text(text)
        case let .number(number): .number(number)
        }
    }

    func match(_ match: FindingMatch) -> MatchJSON {
        MatchJSON(
            finding: entity(match.finding), matched: match.matched.map(entity), ancestor: match.commonAncestor.map(entity),
            informationContent: match.likelihoodRatio == nil ? match.informationContent : nil,
            similarity: match.likelihoodRatio == nil ? match.similarity : nil, likelihoodRatio: match.likelihoodRatio,
            match: match.kind?.rawValue, frequency: match.frequency, excluded: match.isExcluded ? true : nil)
    }

    func evidence(_ assertion: AssertionID) -> EvidenceJSON {
        let edge = graph[assertion]
        let provenance = graph.provenance(of: assertion)
        return EvidenceJSON(
            subject: entity(edge.subject), relation: graph.relations[edge.relation.position].name,
            object: entity(edge.object), qualifiers: QualifiersJSON(graph.qualifiers(of: assertion)),
            pack: provenance.pack, source: provenance.source, locator: provenance.locator)
    }

    func row(_ row: QueryResult.Row, of result: QueryResult, query: String? = nil, allowance: EvidenceAllowance) -> RowJSON {
        let provenance = showsProvenance || result.showsEvidenceByDefault
        return RowJSON(
            query: query,
            values: ValuesJSON(columns: result.columns, cells: row.values.map(cell)),
            qualifiers: QualifiersJSON(row.summary(in: graph)),
            evidence: provenance ? allowance.allowed(row.derivations).map { $0.map(evidence) } : nil,
            matches: result.form == "rank" ? row.matches.map(match) : nil,
            conflicts: result.form == "rank" ? row.conflicts.map(entity) : nil)
    }

    func object(for outcome: QueryOutcome) -> DocumentJSON {
        switch outcome.result {
        case let .failure(error):
            return .error(ErrorJSON(query: outcome.query, error: .init(
                id: error.id.rawValue, message: error.description, column: error.span.start + 1,
                length: max(1, error.span.end - error.span.start), suggestions: error.suggestions)))
        case let .success(result):
            let rows = rows(of: result)
            let card = result.subject.map { id in
                let e = graph[id]
                return EntityCardJSON(
                    id: e.id, label: e.label, kind: e.kind, pack: e.pack, synonyms: e.synonyms,
                    definition: e.definition, xrefs: e.xrefs,
                    mappings: e.mappings.isEmpty ? nil : e.mappings.map { MappingJSON(predicate: $0.predicate.skos, id: $0.target) },
                    members: graph.members(of: id).count > 1
                        ? graph.members(of: id).map { MemberJSON(id: $0.id, label: $0.label, kind: $0.kind, pack: $0.pack) } : nil)
            }
            return .result(ResultJSON(
                query: result.query, form: result.form, core: result.core, entity: card, columns: result.columns,
                count: result.rows.count, message: result.message, answer: result.answer,
                partial: result.isPartial ? true : nil, evidenceWithheld: rows.withheld, similarity: result.ranking?.similarity,
                database: result.ranking?.database, rows: rows.rows))
        }
    }

    /// JSON lines: one record per row; a query without answers still prints one record
    /// (`values` empty, `count` 0, and the message when there is one).
    func lines(for result: QueryResult) -> [RowJSON] {
        if result.rows.isEmpty {
            var empty = RowJSON(query: result.query, values: ValuesJSON(columns: [], cells: []))
            empty.count = 0
            empty.message = result.message
            return [empty]
        }
        let allowance = EvidenceAllowance()
        return result.rows.map { row($0, of: result, query: result.query, allowance: allowance) }
    }

    private func rows(of result: QueryResult) -> (rows: [RowJSON], withheld: Int?) {
        let allowance = EvidenceAllowance()
        let rows = result.rows.map { row($0, of: result, allowance: allowance) }
        return (rows, allowance.withheld > 0 ? allowance.withheld : nil)
    }
}

/// JSON text from encodable values: keys sorted (so output is stable byte for byte), no escaped slashes.
/// JSON text as symkb writes it everywhere: sorted keys, unescaped slashes.
package enum JSONText {
    package static func encode(_ value: some Encodable, pretty: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty
            ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
