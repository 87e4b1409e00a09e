import Foundation
import KnowledgePacks
import SymptomGraph

/// The result of one pack test.
public struct PackTestOutcome: Sendable {
    /// The test.
    public var test: PackTestCase
    /// Why it failed; empty when it passed.
    public var failures: [String]

    /// Whether every expectation held.
    public var passed: Bool { failures.isEmpty }
}

/// Runs the queries of a pack's `tests.yaml` and checks their answers.
///
/// Expected entities are ids or names; they are compared with the entities in the answer's first column.
public struct PackTestRunner: Sendable {
    /// The engine answering the queries.
    public let engine: QueryEngine

    /// Creates a runner over an engine.
    public init(engine: QueryEngine) { self.engine = engine }

    /// Runs tests in order.
    public func run(_ tests: [PackTestCase]) -> [PackTestOutcome] {
        tests.map(run)
    }

    /// Runs one test.
    public func run(_ test: PackTestCase) -> PackTestOutcome {
        let graph = engine.graph
        var failures: [String] = []
        let answer: Result<QueryResult, QueryError>
        do { answer = .success(try engine.answer(test.query)) } catch { answer = .failure(error) }

        for expectation in test.expectations {
            switch (expectation, answer) {
            case let (.error(text), .failure(error)):
                if !error.description.localizedCaseInsensitiveContains(text) {
                    failures.append("expected an error containing '\(text)', got: \(error.description)")
                }
            case let (.error(text), .success(result)):
                failures.append("expected an error containing '\(text)', got \(result.rows.count) answers")
            case let (_, .failure(error)):
                failures.append("the query failed: \(error.description)")
            case let (.empty, .success(result)):
                if !result.rows.isEmpty { failures.append("expected no answers, got: \(labels(result))") }
            case let (.contains(names), .success(result)):
                let answered = firstColumn(result)
                for name in names {
                    switch expected(name, in: graph) {
                    case let .failure(message): failures.append(message.description)
                    case let .success(entity):
                        if !answered.contains(entity) { failures.append("expected '\(name)' among: \(labels(result))") }
                    }
                }
            case let (.excludes(names), .success(result)):
                let answered = firstColumn(result)
                for name in names {
                    // A name that names nothing would pass for ever: a typo is a failure, as in `contains`.
                    switch expected(name, in: graph) {
                    case let .failure(message): failures.append(message.description)
                    case let .success(entity):
                        if answered.contains(entity) { failures.append("did not expect '\(name)' in the answers") }
                    }
                }
            case let (.equals(names), .success(result)):
                var wanted = Set<EntityID>()
                for name in names {
                    switch expected(name, in: graph) {
                    case let .failure(message): failures.append(message.description)
                    case let .success(entity): wanted.insert(entity)
                    }
                }
                let answered = Set(firstColumn(result))
                if answered != wanted {
                    let missing = wanted.subtracting(answered).map { graph[$0].label }.sorted()
                    let extra = answered.subtracting(wanted).map { graph[$0].label }.sorted()
                    var message = "answers differ"
                    if !missing.isEmpty { message += "; missing: " + missing.joined(separator: ", ") }
                    if !extra.isEmpty { message += "; unexpected: " + extra.joined(separator: ", ") }
                    failures.append(message)
                }
            }
        }
        return PackTestOutcome(test: test, failures: failures)
    }

    private func expected(_ name: String, in graph: KnowledgeGraph) -> Result<EntityID, MessageError> {
        switch graph.resolve(name) {
        case let .unique(entity): .success(entity)
        case .ambiguous: .failure(MessageError("expected name '\(name)' is ambiguous; use an id"))
        case .none: .failure(MessageError("expected name '\(name)' names no entity"))
        }
    }

    private func firstColumn(_ result: QueryResult) -> [EntityID] {
        result.rows.compactMap { row in
            guard let first = row.values.first, case let .entity(entity) = first else { return nil }
            return entity
        }
    }

    private func labels(_ result: QueryResult) -> String {
        let cells = CellText(graph: engine.graph)
        let names = result.rows.compactMap { $0.values.first.map(cells.text) }
        return names.isEmpty ? "(none)" : names.joined(separator: ", ")
    }
}

/// A failure message used inside pack-test checks.
struct MessageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

