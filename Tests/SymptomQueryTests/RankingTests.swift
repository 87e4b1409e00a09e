import Foundation
import KnowledgePacks
import SymptomGraph
import Testing
import TestSupport
@testable import SymptomQuery

/// Closure, information content and ranking on a five-term ontology computed by hand.
///
///     T0 (HP:0000001)
///     ├── T1 (HP:0000011) ── T3 (HP:0000013)
///     │                  └── T4 (HP:0000014) ──┐ (T4 is_a T1 and T2)
///     └── T2 (HP:0000012) ─────────────────────┘
///
/// Diseases: OMIM:1 {T3}, OMIM:2 {T4}, OMIM:3 {T2}, OMIM:4 {T1, NOT T3}; N = 4.
/// n(T0) = 4, n(T1) = 3 (1, 2, 4), n(T2) = 2 (2, 3), n(T3) = 1, n(T4) = 1, so
/// IC(T0) = 0, IC(T1) = ln 4/3, IC(T2) = ln 2, IC(T3) = IC(T4) = ln 4.
@Suite struct RankingTests {
    static func engine() throws -> QueryEngine {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        let (contents, _) = try PackLoading.read([Fixtures.corePack(), try PackFiles.read(directory: folder.path)])
        return QueryEngine(graph: try KnowledgeBase(packs: contents).graph)
    }

    func ranking(_ engine: QueryEngine, _ query: String) throws -> [(String, Double)] {
        try engine.answer(query).rows.map { row in
            guard case let .entity(id) = row.values[1], case let .number(score) = row.values[2] else { return ("?", -1) }
            return (engine.graph[id].id, score)
        }
    }

    /// The same questions over the tiny ontology, read from its files and from its compiled
    /// snapshot (names and ranking tables adopted from it), with the bundled packs merging into it:
    /// the printed answers are byte for byte the same, evidence and provenance included.
    @Test func answersFromASnapshotAreByteIdenticalToTheFiles() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        func load() throws -> (engine: QueryEngine, contents: [PackContent], snapshots: [String]) {
            let (contents, _) = try PackLoading.read(Fixtures.bundledPackFiles() + [try PackFiles.read(directory: folder.path)])
            let knowledge = try KnowledgeBase(packs: contents)
            return (QueryEngine(graph: knowledge.graph), contents, knowledge.packsFromSnapshots)
        }
        let (text, contents, _) = try load()
        _ = try PackCompiler.compile("tiny", among: contents)
        let (compiled, _, snapshots) = try load()
        #expect(snapshots == ["tiny"])
        let queries = [
            "describe term one", "describe first", "describe HP:0000099", "rank HP:0000013, HP:0000012 from OMIM",
            "rank first, term four, not term two using graphic", "conditions with Term one", "ancestors of HP:0000014",
            "descendants of first", "symptoms of ms spasms", "what triggers lhermitte's sign", "tremr", "describe HP:0000015",
        ]
        for format in [OutputFormat.json, .table] {
            for query in queries {
                func printed(_ engine: QueryEngine) -> String {
                    let outcome = QueryOutcome(query: query, result: Result { () throws(QueryError) in try engine.answer(query) })
                    return ResultRenderer(format: format, showsProvenance: true, graph: engine.graph).render(outcome)
                }
                #expect(printed(compiled) == printed(text), "\(query)")
            }
        }
    }

    @Test func anObsoleteTermWithoutReplacementIsRefusedWithItsConsiderTerms() throws {
        let engine = try Self.engine()
        for query in ["describe HP:0000015", "rank HP:0000015, HP:0000011"] {
            do {
                _ = try engine.answer(query)
                Issue.record("\(query) was answered")
            } catch {
                #expect(error.id == .obsoleteTerm)
                #expect(error.message.contains("HP:0000015 is an obsolete term with no replacement"))
                #expect(error.message.contains("Term two (HP:0000012)"))
                #expect(error.suggestions.isEmpty)  // the message names them, with their labels
            }
        }
    }

    @Test func closuresAreProperAndCycleSafe() throws {
        let engine = try Self.engine()
        let ancestors = try engine.answer("ancestors of HP:0000014").rows.compactMap { row -> String? in
            if case let .entity(id) = row.values[0] { return engine.graph[id].id } else { return nil }
        }
        #expect(Set(ancestors) == ["HP:0000011", "HP:0000012", "HP:0000001"])
        let descendants = try engine.answer("descendants of term one").rows.count
        #expect(descendants == 2)
        #expect(try engine.answer("conditions with Term one").rows.count == 3)  // OMIM:1, 2 (via T4) and 4
        #expect(try engine.answer("describe HP:0000099").subject.map { engine.graph[$0].id } == "HP:0000014")
        #expect(try engine.answer("describe first").subject.map { engine.graph[$0].id } == "HP:0000011")
    }

    @Test func informationContentFollowsTheDefinition() throws {
        let engine = try Self.engine()
        let index = try #require(PhenotypeIndex(graph: engine.graph))
        let omim = try #require(index.databases["OMIM"])
        func ic(_ id: String) throws -> Double { omim.informationContent[try #require(engine.graph.entityID(for: id)).position] }
        #expect(omim.diseases.count == 4)
        #expect(abs(try ic("HP:0000001")) < 1e-12)
        #expect(abs(try ic("HP:0000011") - log(4.0 / 3)) < 1e-12)
        #expect(abs(try ic("HP:0000012") - log(2.0)) < 1e-12)
        #expect(abs(try ic("HP:0000013") - log(4.0)) < 1e-12)
        #expect(abs(try ic("HP:0000014") - log(4.0)) < 1e-12)
    }

    @Test func resnikBestMatchAverage() throws {
        let ranked = try ranking(try Self.engine(), "rank HP:0000013 using resnik")
        #expect(ranked.map(\.0) == ["OMIM:1", "OMIM:2", "OMIM:3", "OMIM:4"])
        #expect(abs(ranked[0].1 - log(4.0)) < 1e-9)             // (ln4 + ln4) / 2
        #expect(abs(ranked[1].1 - log(4.0 / 3)) < 1e-9)         // MICA T1
        #expect(ranked[2].1 == 0)                               // MICA T0
        #expect(ranked[3].1 == 0)                               // NOT T3 contradicts the finding: × (1 − 1/1)
    }

    @Test func graphICFunSimAverage() throws {
        let ranked = try ranking(try Self.engine(), "rank HP:0000013 using graphic")
        // sim(T3, T4): common ancestors (selves included) {T1, T0}; union of proper ancestors {T0, T1, T2}.
        let expected = log(4.0 / 3) / (log(4.0 / 3) + log(2.0))
        #expect(ranked[0].0 == "OMIM:1" && ranked[0].1 == 1)
        #expect(ranked[1].0 == "OMIM:2" && abs(ranked[1].1 - expected) < 1e-9)
    }

    @Test func excludedFindingsLowerTheRank() throws {
        let engine = try Self.engine()
        let plain = try ranking(engine, "rank HP:0000011")
        let excluding = try ranking(engine, "rank HP:0000011, not HP:0000012")
        let before = try #require(plain.first { $0.0 == "OMIM:2" }?.1)
        let after = try #require(excluding.first { $0.0 == "OMIM:2" }?.1)
        #expect(abs(after - before * 0.5) < 1e-9)   // one conflict out of two findings
        let result = try engine.answer("rank HP:0000011, not HP:0000012")
        let row = try #require(result.rows.first { if case let .entity(id) = $0.values[1] { engine.graph[id].id == "OMIM:2" } else { false } })
        #expect(row.conflicts.map { engine.graph[$0].id } == ["HP:0000012"])
        #expect(row.matches.first?.commonAncestor.map { engine.graph[$0].id } == "HP:0000011")
    }

    @Test func rankErrorsAreClear() throws {
        let engine = try Self.engine()
        #expect(throws: QueryError.self) { _ = try engine.answer("rank HP:0000013 from ORPHA") }
        #expect(throws: QueryError.self) { _ = try engine.answer("rank HP:0000013 using cosine") }
        #expect(throws: QueryError.self) { _ = try engine.answer("rank") }
        let bundled = try Fixtures.bundledEngine()
        #expect {
            _ = try bundled.answer("rank tingling")
        } throws: { error in
            // The article's own disease (namespace ms) annotates no ontology term: no database.
            (error as? QueryError)?.message == "rank needs disease annotations (e.g. phenotype.hpoa); none are loaded"
        }
    }
}
