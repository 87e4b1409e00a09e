import SymptomGraph
import Testing
import TestSupport
@testable import SymptomQuery

/// The three disagreements a differential test against a SPARQL engine found, and the invariant
/// behind them: a pattern's answers do not depend on the order of its clauses.
@Suite struct EvaluatorRegressionTests {
    let engine: QueryEngine

    init() throws { engine = try Fixtures.bundledEngine() }

    func rows(_ query: String) throws -> Set<[String]> {
        let result = try engine.answer(query)
        return Set(result.rows.map { row in row.values.map { value in
            switch value {
            case let .entity(id): engine.graph[id].id
            case let .relation(step): engine.graph.name(of: step)
            default: "\(value)"
            }
        } })
    }

    /// 1. A relation variable with both ends free reads every assertion from both ends.
    @Test func relationVariablesWalkBothDirections() throws {
        #expect(try rows("?x ?r ?y, ?x kind trigger") == [["ms:neck-movement", "triggers", "ms:lhermittes-sign"]])
        // Every positive assertion read forwards and backwards, as a set (a symmetric fact stated from
        // both ends is one row per direction).
        let graph = engine.graph
        var expected = Set<[String]>()
        for id in graph.assertionIDs where !graph.isNegated(id) {
            let edge = graph[id]
            let symmetric = graph.relations[edge.relation.position].isSymmetric
            let backwards = RelationStep(relation: edge.relation, isInverse: !symmetric)
            expected.insert([graph[edge.subject].id, graph.name(of: RelationStep(relation: edge.relation)), graph[edge.object].id])
            expected.insert([graph[edge.object].id, graph.name(of: backwards), graph[edge.subject].id])
        }
        #expect(try rows("?x ?r ?y") == expected)
        #expect(expected.count == 82)
    }

    /// 2. A symmetric relation binds its own name whichever end it was stated from.
    @Test func symmetricRelationVariablesJoin() throws {
        #expect(try rows("?a ?r ms:tremor, ms:tremor ?r ?b")
            == [["ms:ms-spasms", "associated_with", "ms:ms-spasms"]])
    }

    /// 3. Sequences keep every derivation of an intermediate node, so a plain chain is not
    /// hidden behind a hedged one.
    @Test func sequencesKeepEveryDerivation() throws {
        let result = try engine.answer("ms:worsens-with-age course_of/has_symptom ?y")
        let pain = try #require(result.rows.first { row in
            if case let .entity(id) = row.values[0] { engine.graph[id].id == "ms:pain" } else { false }
        })
        #expect(pain.summary(in: engine.graph).certainty == nil)
        #expect(pain.derivations.count >= 1)
    }

    /// Every order of a pattern's clauses gives the same answers.
    @Test(arguments: [
        "?x ?r ?y, ?x kind trigger",
        "?a ?r ms:tremor, ms:tremor ?r ?b",
        "?s has_symptom ?t, ?t ^has_symptom ?u, ?u kind symptom",
        "?c kind condition, ?c has_symptom+ ?s, ?s causes ?e",
        "?x exacerbates ?y, ?y associated_with ?z, not ?z kind sign",
        "?a causes|may_lead_to ?b, ?b ?r ?c, ?c kind effect",
        "?s triggered_by ?t, ?s symptom_of/has_symptom ?u",
    ])
    func answersDoNotDependOnClauseOrder(pattern: String) throws {
        let clauses = pattern.components(separatedBy: ", ")
        let expected = try rowsByName(pattern)
        for permutation in permutations(clauses) {
            #expect(try rowsByName(permutation.joined(separator: ", ")) == expected, "\(permutation)")
        }
    }

    /// Rows as variable name → value, so reordered clauses (which reorder columns) compare equal.
    private func rowsByName(_ query: String) throws -> Set<[String: String]> {
        let result = try engine.answer(query)
        return Set(result.rows.map { row in
            var values: [String: String] = [:]
            for (column, value) in zip(result.columns, row.values) {
                switch value {
                case let .entity(id): values[column] = engine.graph[id].id
                case let .relation(step): values[column] = engine.graph.name(of: step)
                default: values[column] = "\(value)"
                }
            }
            return values
        })
    }

    private func permutations(_ items: [String]) -> [[String]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index in
            var rest = items
            let first = rest.remove(at: index)
            return permutations(rest).map { [first] + $0 }
        }
    }
}
