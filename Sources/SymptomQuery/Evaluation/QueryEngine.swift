import Foundation
import SymptomGraph

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

    /// Creates an engine over a graph.
    public init(graph: KnowledgeGraph, cancellation: QueryCancellation? = nil) {
        self.graph = graph
        self.cancellation = cancellation
    }

    /// Parses and answers one query.
    public func answer(_ text: String) throws(QueryError) -> QueryResult {
        let query = try QueryParser.parse(text)
        let result = try answer(query, text: text)
        if cancellation?.isCancelled == true { throw QueryError("query cancelled", at: Span(0, text.count)) }
        return result
    }

    /// Answers a parsed query; `text` is echoed in the result.
    public func answer(_ query: Query, text: String) throws(QueryError) -> QueryResult {
        switch query {
        case let .pattern(pattern, presentation):
            return try answerPattern(pattern, text: text, form: presentation.form)
        case let .describe(term, pattern):
            var result = try answerPattern(pattern, text: text, form: "describe", sortByRelation: true)
            result.subject = try NameResolver(graph: graph).resolve(term)
            result.columns = ["relation", "entity"]
            return result
        case let .why(from, to):
            return try answerWhy(from: from, to: to, text: text)
        case let .near(center, radius):
            return try answerNear(center, radius: radius, text: text)
        }
    }

    private func answerPattern(
        _ pattern: Pattern, text: String, form: String, sortByRelation: Bool = false
    ) throws(QueryError) -> QueryResult {
        let (variables, bindings) = try PatternEvaluator(graph: graph, cancellation: cancellation).evaluate(pattern)
        let shown = pattern.selection ?? variables.filter { !$0.hasPrefix("_") }
        for name in shown where !variables.contains(name) {
            throw QueryError("?\(name) is selected but not used in the pattern", at: Span(0, text.count))
        }
        let columns = shown.compactMap { variables.firstIndex(of: $0) }
        var rowsByValues: [[QueryResult.Value]: Int] = [:]
        var rows: [QueryResult.Row] = []
        for binding in bindings {
            let values = columns.map { binding.values[$0] ?? .text("") }
            if let existing = rowsByValues[values] {
                if rows[existing].derivations.count < 8, !rows[existing].derivations.contains(binding.derivation) {
                    rows[existing].derivations.append(binding.derivation)
                }
            } else {
                rowsByValues[values] = rows.count
                rows.append(QueryResult.Row(values: values, derivations: [binding.derivation]))
            }
        }
        rows.sort { sortKey($0.values).lexicographicallyPrecedes(sortKey($1.values)) }
        return QueryResult(query: text, form: form, core: pattern.description, columns: shown, rows: rows)
    }

    private func sortKey(_ values: [QueryResult.Value]) -> [String] {
        values.map { value in
            switch value {
            case let .entity(entity): graph[entity].label.lowercased()
            case let .relation(step): graph.name(of: step)
            case let .integer(number): String(format: "%08d", number)
            case let .text(text): text.lowercased()
            }
        }
    }

    private func answerWhy(from: Term, to: Term, text: String) throws(QueryError) -> QueryResult {
        let resolver = NameResolver(graph: graph)
        guard let start = try resolver.resolve(from), let end = try resolver.resolve(to) else {
            throw QueryError("why takes two names", at: from.span.union(to.span))
        }
        var result = QueryResult(
            query: text, form: "why", core: nil, columns: ["step", "subject", "relation", "object"], rows: [])
        result.showsEvidenceByDefault = true
        guard let chain = graph.shortestChain(from: start, to: end) else {
            result.message = "no chain of assertions links \(graph[start].label) and \(graph[end].label)"
            return result
        }
        var current = start
        for (number, link) in chain.enumerated() {
            let assertion = graph[link.assertion]
            let next = assertion.subject == current ? assertion.object : assertion.subject
            result.rows.append(QueryResult.Row(
                values: [.integer(number + 1), .entity(current), .relation(link.step), .entity(next)],
                derivations: [[link.assertion]]))
            current = next
        }
        return result
    }

    private func answerNear(_ center: Term, radius: Int, text: String) throws(QueryError) -> QueryResult {
        guard let start = try NameResolver(graph: graph).resolve(center) else {
            throw QueryError("near takes a name", at: center.span)
        }
        let reach = graph.neighbourhood(of: start, within: radius)
        var rows: [QueryResult.Row] = []
        for entity in reach.order.dropFirst() {
            guard let visit = reach.visit(entity), let via = visit.via, let previous = visit.previous else { continue }
            rows.append(QueryResult.Row(
                values: [.entity(entity), .integer(visit.depth), .relation(via.step.reversed), .entity(previous)],
                derivations: [reach.chain(to: entity).map(\.assertion)]))
        }
        rows.sort { lhs, rhs in
            let left = [sortKey([lhs.values[1]])[0]] + sortKey(lhs.values)
            let right = [sortKey([rhs.values[1]])[0]] + sortKey(rhs.values)
            return left.lexicographicallyPrecedes(right)
        }
        return QueryResult(query: text, form: "near", core: nil, columns: ["entity", "distance", "via", "from"], rows: rows)
    }
}
