import Foundation
import KnowledgePacks
import SymptomGraph

/// The result of one pack test.
public struct PackTestOutcome: Sendable {
    /// The test.
    public var test: PackTestCase
    /// Why it failed; empty when it passed.
    public var failures: [String] { located.map(\.message) }
    /// Why it failed, each failure where the expectation it breaks is written (the query's
    /// place when the query itself failed).
    public var located: [Failure]

    /// Whether every expectation held.
    public var passed: Bool { located.isEmpty }

    /// One expectation that did not hold.
    public struct Failure: Sendable, Equatable {
        public var message: String
        public var location: SourceLocation
    }
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
        var located: [PackTestOutcome.Failure] = []
        let answer: Result<QueryResult, QueryError>
        do { answer = .success(try engine.answer(test.query)) } catch { answer = .failure(error) }

        for (index, expectation) in test.expectations.enumerated() {
            // Failures of the whole expectation, and of one name of its list (at that name).
            var failures: [String] = []
            var nameFailures: [(name: Int, message: String)] = []
            defer {
                // A query that fails is the query's fault; any other failure, the expectation's.
                let queryFailed = if case .failure = answer, !expectation.isError { true } else { false }
                let location = queryFailed ? test.location : test.location(ofExpectation: index)
                located += failures.map { PackTestOutcome.Failure(message: $0, location: location) }
                located += nameFailures.map { name, message in
                    PackTestOutcome.Failure(message: message, location: test.location(ofName: name, inExpectation: index))
                }
            }
            switch (expectation, answer) {
            case let (.error(text), .failure(error)):
                // The diagnostic's id (`unknown-name`), or words of its message.
                if error.id.rawValue != text, !error.description.localizedCaseInsensitiveContains(text) {
                    failures.append("expected an error containing '\(text)', got: \(error.description)")
                }
            case let (.error(text), .success(result)):
                failures.append("expected an error containing '\(text)', got \(result.rows.count) answer\(result.rows.count == 1 ? "" : "s")")
            case let (_, .failure(error)):
                failures.append("the query failed: \(error.description)")
            case let (.empty, .success(result)):
                if !result.rows.isEmpty { failures.append("expected no answers, got: \(labels(result))") }
            case let (.answered, .success(result)):
                if result.rows.isEmpty { failures.append("expected answers, got none" + (result.message.map { " (\($0))" } ?? "")) }
            case let (.contains(names), .success(result)):
                let answered = firstColumn(result)
                for (place, name) in names.enumerated() {
                    switch expected(name, in: graph) {
                    case let .failure(message): nameFailures.append((place, message.description))
                    case let .success(entity):
                        if !answered.contains(entity) { nameFailures.append((place, "expected '\(name)' among: \(labels(result))")) }
                    }
                }
            case let (.excludes(names), .success(result)):
                let answered = firstColumn(result)
                for (place, name) in names.enumerated() {
                    // A name that names nothing would pass for ever: a typo is a failure, as in `contains`.
                    switch expected(name, in: graph) {
                    case let .failure(message): nameFailures.append((place, message.description))
                    case let .success(entity):
                        if answered.contains(entity) { nameFailures.append((place, "did not expect '\(name)' in the answers")) }
                    }
                }
            case let (.equals(names), .success(result)):
                var wanted = Set<EntityID>()
                for (place, name) in names.enumerated() {
                    switch expected(name, in: graph) {
                    case let .failure(message): nameFailures.append((place, message.description))
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
        return PackTestOutcome(test: test, located: located)
    }

    /// What makes a test fail whatever the packs answer, found without running it (`pack
    /// check`): a query that does not parse, a name an expectation lists that names no entity,
    /// or several. Each at the test, or at the name.
    public func problems(of test: PackTestCase) -> [PackTestOutcome.Failure] {
        var found: [PackTestOutcome.Failure] = []
        // (A test may expect the error; and words that are no question may still be answered.)
        if !test.expectations.contains(where: \.isError) {
            do {
                _ = try QueryParser.parse(test.query)
            } catch where error.id == .querySyntax {
                if (try? engine.answer(test.query)) == nil {
                    found.append(.init(message: "the query does not parse: \(error.description)", location: test.location))
                }
            } catch {}
        }
        for (index, expectation) in test.expectations.enumerated() {
            let names: [String]
            switch expectation {
            case let .contains(list), let .equals(list), let .excludes(list): names = list
            default: continue
            }
            for (place, name) in names.enumerated() {
                if case let .failure(message) = expected(name, in: engine.graph) {
                    found.append(.init(message: message.description, location: test.location(ofName: place, inExpectation: index)))
                }
            }
        }
        return found
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

