import Foundation
import SymptomGraph
import Testing
@testable import SymptomQuery

/// Runaway queries stop at documented limits with a partial answer, on generated graphs (built in
/// memory by the test, never committed).
@Suite struct QueryLimitsTests {
    /// A chain `n1 is_a n0`, `n2 is_a n1`, … of `length` steps.
    static func chain(_ length: Int) throws -> KnowledgeGraph {
        var builder = GraphBuilder()
        builder.addPack("gen")
        try builder.addKind(EntityKind(name: "finding", pack: "gen"))
        try builder.addRelation(RelationType(name: "is_a", inverseName: "has_subtype", isTransitive: true, pack: "gen"))
        builder.reserveEntities(length + 1)
        for index in 0...length {
            try builder.addEntity(Entity(id: "gen:n\(index)", kind: "finding", label: "N\(index)", pack: "gen"))
        }
        let isA = try #require(builder.relationID(for: "is_a"))
        let provenance = builder.internProvenance(Provenance(pack: "gen", source: "generated", locator: nil))
        let qualifiers = builder.internQualifiers(.none)
        for index in 1...length {
            builder.addAssertion(subject: EntityID(index), relation: isA, object: EntityID(index - 1),
                                 qualifierIndex: qualifiers, provenanceIndex: provenance)
        }
        return builder.build()
    }

    /// A random graph of one million `has_symptom` assertions over 100,000 entities.
    static func million() throws -> KnowledgeGraph {
        var builder = GraphBuilder()
        builder.addPack("gen")
        try builder.addKind(EntityKind(name: "finding", pack: "gen"))
        try builder.addRelation(RelationType(name: "has_symptom", inverseName: "symptom_of", pack: "gen"))
        let count = 100_000
        builder.reserveEntities(count)
        for index in 0..<count {
            try builder.addEntity(Entity(id: "gen:e\(index)", kind: "finding", label: "E\(index)", pack: "gen"))
        }
        let relation = try #require(builder.relationID(for: "has_symptom"))
        let provenance = builder.internProvenance(Provenance(pack: "gen", source: "generated", locator: nil))
        let qualifiers = builder.internQualifiers(.none)
        builder.reserveAssertions(1_000_000)
        // A fixed linear congruential sequence: the same graph every run, and fast in debug builds.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(count))
        }
        for _ in 0..<1_000_000 {
            builder.addAssertion(subject: EntityID(next()), relation: relation, object: EntityID(next()),
                                 qualifierIndex: qualifiers, provenanceIndex: provenance)
        }
        return builder.build()
    }

    /// Evidence is kept per entity reached, not per path: a 30,000-step chain is answered whole,
    /// each row's chain sharing the links of the one before (450 million assertion ids otherwise).
    @Test func aLongChainIsAnsweredWholeWithEvidencePerNode() throws {
        let engine = QueryEngine(graph: try Self.chain(30_000))
        let result = try engine.answer("descendants of gen:n0")
        #expect(!result.isPartial)
        #expect(result.rows.count == 30_000)
        // The deepest descendant's evidence is its whole chain, read from it to n0.
        let deepest = try #require(result.rows.first { $0.values == [.entity(EntityID(30_000))] })
        let chain = try #require(deepest.derivations.first).assertions
        #expect(chain.count == 30_000)
        #expect(engine.graph[chain[0]].subject == EntityID(30_000))
        #expect(engine.graph[chain[29_999]].object == EntityID(0))
        #expect(zip(chain, chain.dropFirst()).allSatisfy { engine.graph[$0].object == engine.graph[$1].subject })
        // Printing every row's chain would be 450 million lines: evidence stops at 100,000
        // assertions, with a note, and every row is still listed.
        let outcome = QueryOutcome(query: "descendants of gen:n0", result: .success(result))
        let table = ResultRenderer(format: .table, showsProvenance: true, graph: engine.graph).render(outcome)
        #expect(table.contains("more derivations not shown: over 100000 assertions"))
        #expect(table.contains("N30000"))
        let json = ResultRenderer(format: .json, showsProvenance: true, graph: engine.graph).render(outcome)
        let documents = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        let withheld = try #require(documents?.first?["evidenceWithheld"] as? Int)
        #expect(withheld > 25_000 && withheld < 30_000)
        // The work limit still bounds what one query may do.
        var limited = engine
        limited.limits.work = 10_000
        let partial = try limited.answer("descendants of gen:n0")
        #expect(partial.isPartial)
        #expect(partial.message?.contains("work limit (10000 steps)") == true)
    }

    @Test func aMillionAssertionsJoinWithinTheLimits() throws {
        var engine = QueryEngine(graph: try Self.million())
        engine.limits.work = 1_000_000
        let result = try engine.answer("?a has_symptom ?b, ?b has_symptom ?c, ?c has_symptom ?d")
        #expect(result.isPartial)
        engine.limits.rows = 1_000
        let rows = try engine.answer("gen:e1 has_symptom+ ?x")
        #expect(rows.rows.count <= 1_000)
        #expect(rows.isPartial || rows.rows.count < 1_000)
    }

    /// `count` entities that all have one symptom, `gen:hub`.
    static func star(_ count: Int) throws -> KnowledgeGraph {
        var builder = GraphBuilder()
        builder.addPack("gen")
        try builder.addKind(EntityKind(name: "finding", pack: "gen"))
        try builder.addRelation(RelationType(name: "has_symptom", inverseName: "symptom_of", pack: "gen"))
        try builder.addEntity(Entity(id: "gen:hub", kind: "finding", label: "Hub", pack: "gen"))
        for index in 0..<count {
            try builder.addEntity(Entity(id: "gen:e\(index)", kind: "finding", label: "E\(index)", pack: "gen"))
        }
        let relation = try #require(builder.relationID(for: "has_symptom"))
        let provenance = builder.internProvenance(Provenance(pack: "gen", source: "generated", locator: nil))
        let qualifiers = builder.internQualifiers(.none)
        for index in 1...count {
            builder.addAssertion(subject: EntityID(index), relation: relation, object: EntityID(0),
                                 qualifierIndex: qualifiers, provenanceIndex: provenance)
        }
        return builder.build()
    }

    /// A join that multiplies rows (every pair of entities sharing the hub: 90,000) stops once it
    /// holds more partial answers than ten times the row limit, with a partial answer that says
    /// so, instead of running on to the work limit with gigabytes held; a pattern whose partial
    /// answers stay within it is answered whole.
    @Test func aJoinThatMultipliesRowsStopsAtTheHeldLimit() throws {
        var engine = QueryEngine(graph: try Self.star(300))
        engine.limits.rows = 100
        engine.limits.heldFloor = 2_000
        let pairs = try engine.answer("?a has_symptom ?s, ?b has_symptom ?s")
        #expect(pairs.isPartial)
        #expect(pairs.message == "partial answer: the pattern's partial answers passed 2000 (ten times the row limit); "
            + "name an entity or a kind to narrow it, or raise --max-rows or .limits rows N")
        #expect(pairs.rows.count == 100)
        let counted = try engine.answer("count ?a has_symptom ?s, ?b has_symptom ?s")
        // A count counts the rows found before the evaluation stopped (not only the 100 a table
        // would show), and says it is short.
        guard case let .integer(found)? = counted.rows.first?.values.first else { Issue.record("no count"); return }
        #expect(counted.isPartial && counted.isCutShort && found >= 100, "\(found)")
        #expect(counted.message?.contains("the count is only of the answers found before it stopped") == true)
        engine.limits.rows = 1_000
        let all = try engine.answer("select ?a where ?a has_symptom gen:hub")
        #expect(!all.isPartial && all.rows.count == 300)
        // Rows come sorted by their labels, compared as text (E10 before E2).
        let labels = all.rows.prefix(3).map { row -> String in
            guard case let .entity(entity) = row.values[0] else { return "-" }
            return engine.graph.label(of: entity)
        }
        #expect(labels == ["E0", "E1", "E10"])
    }

    @Test func tooManyClausesAreRefused() throws {
        let engine = QueryEngine(graph: try Self.chain(3))
        let pattern = Array(repeating: "?x is_a ?y", count: 300).joined(separator: ", ")
        #expect(throws: QueryError.self) { try engine.answer(pattern) }
    }

    /// 2,000 conditions with 20 symptoms each, among 1,023 findings in a tree 10 levels deep
    /// (`gen:f(i)` is_a `gen:f((i-1)/2)`).
    static func annotatedTree() throws -> KnowledgeGraph {
        var builder = GraphBuilder()
        builder.addPack("gen")
        try builder.addKind(EntityKind(name: "condition", pack: "gen"))
        try builder.addKind(EntityKind(name: "finding", pack: "gen"))
        try builder.addRelation(RelationType(name: "is_a", inverseName: "has_subtype", isTransitive: true, pack: "gen"))
        try builder.addRelation(RelationType(name: "has_symptom", inverseName: "symptom_of", pack: "gen"))
        let findings = 1_023, conditions = 2_000
        for index in 0..<findings { try builder.addEntity(Entity(id: "gen:f\(index)", kind: "finding", label: "F\(index)", pack: "gen")) }
        for index in 0..<conditions { try builder.addEntity(Entity(id: "gen:c\(index)", kind: "condition", label: "C\(index)", pack: "gen")) }
        let isA = try #require(builder.relationID(for: "is_a")), hasSymptom = try #require(builder.relationID(for: "has_symptom"))
        let provenance = builder.internProvenance(Provenance(pack: "gen", source: "generated", locator: nil))
        let qualifiers = builder.internQualifiers(.none)
        for index in 1..<findings {
            builder.addAssertion(subject: EntityID(index), relation: isA, object: EntityID((index - 1) / 2),
                                 qualifierIndex: qualifiers, provenanceIndex: provenance)
        }
        for condition in 0..<conditions {
            for symptom in 0..<20 {
                // Leaves (511 and up) spread over the conditions: a fixed sequence, the same every run.
                let leaf = 511 + (condition * 37 + symptom * 101) % 512
                builder.addAssertion(subject: EntityID(findings + condition), relation: hasSymptom, object: EntityID(leaf),
                                     qualifierIndex: qualifiers, provenanceIndex: provenance)
            }
        }
        return builder.build()
    }

    /// Each finding of `conditions with A, B` is walked once, from the finding, not from every
    /// condition the first one found (whose symptoms' ancestors are 200 steps each): the answer is
    /// whole within a budget that walking from each of the 2,000 conditions would pass ten times.
    /// A repeated finding is one clause.
    @Test func findingsAfterTheFirstAreWalkedOnceEach() throws {
        var engine = QueryEngine(graph: try Self.annotatedTree())
        engine.limits.work = 400_000
        let both = try engine.answer("conditions with gen:f1, gen:f2")
        #expect(!both.isPartial)
        // Leaves under f1 are 511...766 (f1's subtree), under f2 767...1022: a condition has both
        // when its 20 leaves fall on both sides.
        let graph = engine.graph
        let expected = (0..<2_000).filter { condition in
            let leaves = (0..<20).map { 511 + (condition * 37 + $0 * 101) % 512 }
            return leaves.contains { $0 < 767 } && leaves.contains { $0 >= 767 }
        }.map { graph[EntityID(1_023 + $0)].label }
        let found = both.rows.compactMap { row -> String? in
            if case let .entity(id) = row.values[0] { return graph[id].label }
            return nil
        }
        #expect(Set(found) == Set(expected))
        #expect(found.count == both.rows.count)
        #expect(!expected.isEmpty)
        let repeated = try engine.answer("conditions with gen:f1, gen:f2, gen:f2, gen:f1")
        #expect(!repeated.isPartial)
        #expect(repeated.rows.map(\.values) == both.rows.map(\.values))
        // Walked from the subject's end (the path reversed), and under `not`: the same rows as
        // the finding's own question, and as the conditions left without it.
        let one = try engine.answer("conditions with gen:f1")
        let reversed = try engine.answer("select ?condition where ?condition kind condition, gen:f1 ^(has_symptom+/is_a*) ?condition")
        #expect(!reversed.isPartial && Set(reversed.rows.map(\.values)) == Set(one.rows.map(\.values)))
        let without = try engine.answer("select ?c where ?c kind condition, not ?c has_symptom+/is_a* gen:f1")
        #expect(!without.isPartial && without.rows.count == 2_000 - one.rows.count, "\(without.rows.count) + \(one.rows.count)")
        // Broad findings each reached by several chains: a join keeps 8 bindings of one condition
        // (a row's derivations), not 4 × 4 × 4 of them, so the answer fits what may be held.
        var narrow = engine
        narrow.limits.rows = 100
        narrow.limits.heldFloor = 20_000
        narrow.limits.work = 5_000_000
        func under(_ leaf: Int, _ term: Int) -> Bool {
            var node = leaf
            while node > term { node = (node - 1) / 2 }
            return node == term
        }
        let broad = try narrow.answer("count conditions with gen:f0, gen:f1, gen:f3")
        let underF3 = (0..<2_000).filter { condition in (0..<20).contains { under(511 + (condition * 37 + $0 * 101) % 512, 3) } }
        #expect(!broad.isPartial && broad.rows.first?.values == [.integer(underF3.count)], "\(broad.message ?? "")")
        // A budget too small for the walks still stops the query, and a count says it is short.
        engine.limits.work = 20_000
        let stopped = try engine.answer("count conditions with gen:f1, gen:f2")
        #expect(stopped.isPartial && stopped.isCutShort)
        // A yes/no question whose search stopped is "not known" because of the search, and says so.
        engine.limits.work = 3
        let unsure = try engine.answer("does gen:c0 have gen:f0")
        #expect(unsure.answer == "not known" && unsure.isCutShort && unsure.message?.contains("the search stopped") == true)
        #expect(stopped.message?.contains("the count is only of the answers found before it stopped") == true)
    }
}
