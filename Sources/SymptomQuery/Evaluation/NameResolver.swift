import Foundation
import SymptomGraph

/// Turns names written in a query into entities, with "did you mean" suggestions when they fail.
struct NameResolver {
    let graph: KnowledgeGraph

    func resolve(_ name: String, at span: Span) throws(QueryError) -> EntityID {
        switch graph.resolve(name) {
        case let .unique(entity):
            return entity
        case let .ambiguous(entities):
            let choices = entities.prefix(5).map { "\(graph[$0].label) (\(graph[$0].id), \(graph[$0].kind), from \(graph[$0].pack))" }
            throw QueryError(.ambiguousName,
                "'\(name)' names \(entities.count) different concepts: \(choices.joined(separator: "; "))"
                    + (entities.count > 5 ? "; …" : "") + "; use an id",
                at: span, suggestions: entities.prefix(5).map { graph[$0].id })
        case .none:
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            if let consider = graph.retirement(of: trimmed) ?? graph.retirement(of: trimmed.uppercased()) {
                let named = consider.map { id in graph.entityID(for: id).map { "\(graph[$0].label) (\(id))" } ?? id }
                throw QueryError(.obsoleteTerm,
                    "\(trimmed) is an obsolete term with no replacement"
                        + (named.isEmpty ? "; its ontology suggests nothing instead" : "; its ontology suggests considering "
                            + named.joined(separator: ", ")),
                    at: span)
            }
            let suggestions = graph.suggestions(for: name).map { graph[$0].label }
            throw QueryError(.unknownName, "unknown entity '\(name)'", at: span, suggestions: suggestions)
        }
    }

    func resolve(_ term: Term) throws(QueryError) -> EntityID? {
        guard case let .name(name, span) = term else { return nil }
        return try resolve(name, at: span)
    }
}
