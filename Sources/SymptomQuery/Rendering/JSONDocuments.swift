import Foundation
import SymptomGraph

/// The JSON shapes of results (documented in the README under "JSON output").
struct JSONDocuments {
    let graph: KnowledgeGraph
    let showsProvenance: Bool

    func entity(_ id: EntityID) -> EntityReference {
        let entity = graph[id]
        let members = graph.members(of: id)
        return EntityReference(id: entity.id, label: entity.label, kind: entity.kind, ids: members.count > 1 ? members.map(\.id) : nil)
    }

    func cell(_ value: QueryResult.Value) -> CellDocument {
        switch value {
        case let .entity(id): .entity(entity(id))
        case let .relation(step): .relation(RelationReference(relation: graph.name(of: step), label: graph.label(of: step)))
        case let .integer(number): .integer(number)
        case let .text(text): .text(text)
        case let .number(number): .number(number)
        }
    }

    func match(_ match: FindingMatch) -> MatchDocument {
        MatchDocument(
            finding: entity(match.finding), matched: match.matched.map(entity), ancestor: match.commonAncestor.map(entity),
            informationContent: match.likelihoodRatio == nil ? match.informationContent : nil,
            similarity: match.likelihoodRatio == nil ? match.similarity : nil, likelihoodRatio: match.likelihoodRatio,
            match: match.kind?.rawValue, frequency: match.frequency, excluded: match.isExcluded ? true : nil)
    }

    func evidence(_ assertion: AssertionID) -> EvidenceDocument {
        let edge = graph[assertion]
        let provenance = graph.provenance(of: assertion)
        return EvidenceDocument(
            subject: entity(edge.subject), relation: graph.relations[edge.relation.position].name,
            object: entity(edge.object), qualifiers: QualifierDocument(graph.qualifiers(of: assertion)),
            pack: provenance.pack, source: provenance.source, locator: provenance.locator)
    }

    func row(_ row: QueryResult.Row, of result: QueryResult, query: String? = nil, allowance: EvidenceAllowance) -> RowDocument {
        let provenance = showsProvenance || result.showsEvidenceByDefault
        var document = RowDocument(
            query: query,
            values: RowValues(columns: result.columns, cells: row.values.map(cell)),
            qualifiers: QualifierDocument(row.summary(in: graph)),
            evidence: provenance ? allowance.allowed(row.derivations).map { $0.map(evidence) } : nil,
            matches: result.form == "rank" ? row.matches.map(match) : nil,
            conflicts: result.form == "rank" ? row.conflicts.map(entity) : nil,
            via: row.symptomsThrough(form: result.form, in: graph)?.map(entity))
        if result.ranking == nil, let bySubject = row.qualifiersBySubject(in: graph) {
            document.qualifiersByEntry = bySubject.map { EntryQualifiers(entity: entity($0.subject), qualifiers: QualifierDocument($0.qualifiers)) }
        }
        // A JSON Lines record (with its query) stands alone: it carries the verdict and what the
        // answer is not.
        if query != nil {
            document.answer = result.answer
            document.disclaimer = result.disclaimer
            document.notes = result.notes.isEmpty ? nil : result.notes
        }
        return document
    }

    func object(for outcome: QueryOutcome) -> OutcomeDocument {
        switch outcome.result {
        case let .failure(error):
            let column = error.span.start + 1, length = max(1, error.span.end - error.span.start)
            return .error(ErrorDocument(query: outcome.query, error: .init(
                id: error.id.rawValue, message: error.message, column: column, length: length, endColumn: column + length,
                suggestions: error.suggestions,
                notes: error.notes.isEmpty ? nil : error.notes), input: outcome.input,
                file: outcome.place?.file, line: outcome.place?.line))
        case let .success(result):
            let rows = rows(of: result)
            let card = result.subject.map { id in
                let e = graph[id], identifiers = CardIdentifiers(of: id, in: graph)
                return EntityCardDocument(
                    id: e.id, label: e.label, kind: e.kind, pack: e.pack, synonyms: e.synonyms,
                    synonymForms: e.synonymForms.count == e.synonyms.count && !e.synonymForms.isEmpty ? e.synonymForms.map(\.text) : nil,
                    definition: e.definition, xrefs: identifiers.xrefs,
                    altIds: identifiers.altIDs.isEmpty ? nil : identifiers.altIDs,
                    replaces: identifiers.replaced.isEmpty ? nil : identifiers.replaced,
                    mappings: e.mappings.isEmpty ? nil : e.mappings.map { MappingDocument(predicate: $0.predicate.skos, id: $0.target) },
                    members: graph.members(of: id).count > 1
                        ? graph.members(of: id).map { MemberDocument(id: $0.id, label: $0.label, kind: $0.kind, pack: $0.pack) } : nil)
            }
            return .result(ResultDocument(
                query: result.query, form: result.form, core: result.core, entity: card, columns: result.columns,
                count: result.rows.count, message: result.message, answer: result.answer,
                partial: result.isPartial ? true : nil, evidenceWithheld: rows.withheld, similarity: result.ranking?.similarity,
                database: result.ranking?.database, rows: rows.rows, input: outcome.input, disclaimer: result.disclaimer,
                notes: result.notes.isEmpty ? nil : result.notes))
        }
    }

    /// JSON lines: one record per row; a query without answers still prints one record
    /// (`values` empty, `count` 0, and the message when there is one).
    func lines(for result: QueryResult) -> [RowDocument] {
        if result.rows.isEmpty {
            var empty = RowDocument(query: result.query, values: RowValues(columns: [], cells: []))
            empty.count = 0
            empty.message = result.message
            empty.answer = result.answer
            empty.disclaimer = result.disclaimer
            empty.notes = result.notes.isEmpty ? nil : result.notes
            return [empty]
        }
        let allowance = EvidenceAllowance()
        return result.rows.map { row($0, of: result, query: result.query, allowance: allowance) }
    }

    private func rows(of result: QueryResult) -> (rows: [RowDocument], withheld: Int?) {
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
