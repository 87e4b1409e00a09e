import Foundation
import KnowledgePacks
import SymptomGraph
import SymptomQuery
import Testing
import TestSupport

/// The importers and ranking on the real HPO release 2025-01-16 (not in the repository: set
/// `SYMKB_HPO_DIR`, default `../shared/data/hpo`). Counts come from the release's README; the
/// reference scores were computed with hpo3 1.5.1 on the same files.
@Suite(.enabled(if: HPOMappingTests.hasHPO, "the HPO release is not at SYMKB_HPO_DIR or ../shared/data/hpo"), .serialized)
struct HPOReleaseTests {
    static var obo: String { HPOMappingTests.hpoDirectory.appendingPathComponent("hp.obo").path }
    static var hpoa: String { HPOMappingTests.hpoDirectory.appendingPathComponent("phenotype.hpoa").path }

    static let engine: QueryEngine? = {
        let text = ImportedPackManifest.text(id: "hpo", obo: obo, hpoa: hpoa, dataVersion: "hp/releases/2025-01-16")
        let pack = PackFiles(origin: .directory("/"), displayRoot: "hpo", files: ["pack.yaml": text])
        guard let (contents, _) = try? PackLoading.read(Fixtures.bundledPackFiles() + [pack]),
              let knowledge = try? KnowledgeBase(packs: contents) else { return nil }
        return QueryEngine(graph: knowledge.graph)
    }()

    @Test func oboCountsMatchTheRelease() throws {
        var parser = OBOParser(file: Self.obo)
        let document = parser.parse([UInt8](try #require(FileManager.default.contents(atPath: Self.obo))))
        #expect(parser.diagnostics.isEmpty)
        #expect(document.headerValue("data-version") == "hp/releases/2025-01-16")
        #expect(document.terms.count == 19_484)
        #expect(document.terms.filter(\.isObsolete).count == 450)
        #expect(document.terms.reduce(0) { $0 + $1.isA.count } == 23_392)
        // The release README counts synonyms and xrefs of live terms; obsolete stanzas add 7, 2 and 3.
        let live = document.terms.filter { !$0.isObsolete }
        #expect(live.reduce(0) { $0 + $1.synonyms.count } == 23_512)
        #expect(live.reduce(0) { $0 + $1.synonyms.filter { $0.type == "layperson" }.count } == 8_093)
        #expect(live.reduce(0) { $0 + $1.xrefs.count } == 18_167)
        #expect(document.terms.reduce(0) { $0 + $1.altIDs.count } == 3_832)
    }

    @Test func annotationCountsMatchTheRelease() throws {
        var parser = HPOAParser(file: Self.hpoa)
        let file = parser.parse([UInt8](try #require(FileManager.default.contents(atPath: Self.hpoa))))
        #expect(parser.diagnostics.isEmpty)
        #expect(file.header["version"] == "2025-01-16")
        #expect(file.annotations.count == 271_702)
        #expect(file.annotations.filter(\.isNegated).count == 711)
        let diseases = Dictionary(grouping: Set(file.annotations.map(\.diseaseID)), by: { $0.prefix { $0 != ":" } })
        #expect(diseases["OMIM"]?.count == 8_359)
        #expect(diseases["ORPHA"]?.count == 4_281)
        #expect(diseases["DECIPHER"]?.count == 47)
    }

    @Test func theGraphHoldsEveryLiveTermAndRow() throws {
        let engine = try #require(Self.engine)
        let graph = engine.graph
        #expect(graph.entities.filter { $0.kind == "finding" }.count == 19_034)
        #expect(graph.entities.filter { $0.kind == "disease" && $0.pack == "hpo" }.count == 12_687)
        let root = try #require(graph.entityID(for: "HP:0000118"))
        let hasSubtype = try #require(graph.step(named: "has_subtype"))
        #expect(graph.closure(from: root, steps: [hasSubtype]).count == 18_386)
        #expect(graph.assertionIDs.filter { graph.isNegated($0) }.count == 711)
        // Layperson synonyms and alternative ids resolve.
        // The pack's Numbness and the HPO's Hypoesthesia are one concept: the HPO id, the pack's label.
        let numbness = try #require(try engine.answer("describe numbness").subject)
        #expect(graph[numbness].id == "HP:0033748")
        #expect(graph[numbness].label == "Numbness")
        #expect(Set(graph.members(of: numbness).map(\.id)) == ["ms:numbness", "HP:0033748"])
        #expect(try engine.answer("describe pins and needles feeling").subject.map { graph[$0].id } == "HP:0003401")
        #expect(try engine.answer("describe HP:0002082").subject.map { graph[$0].id } == "HP:0003401")
    }

    @Test func informationContentMatchesHpo3() throws {
        let engine = try #require(Self.engine)
        let index = try #require(PhenotypeIndex(graph: engine.graph))
        let omim = try #require(index.databases["OMIM"])
        #expect(omim.diseases.count == 8_359)
        #expect(index.databases["ORPHA"]?.diseases.count == 4_281)
        let spasticity = try #require(engine.graph.entityID(for: "HP:0001257"))
        let paresthesia = try #require(engine.graph.entityID(for: "HP:0003401"))
        #expect(abs(omim.informationContent[spasticity.position] - 2.346482276916504) < 1e-5)
        #expect(abs(omim.informationContent[paresthesia.position] - 5.475746154785156) < 1e-5)
        #expect(index.ancestors(of: spasticity).count == 12)
    }

    /// With the HPO's 31,000 terms and diseases loaded beside the bundled packs, every example
    /// `.help` shows still answers (none becomes ambiguous: "autoimmune disease" is also OMIM:109100).
    @Test func everyQuestionFormsExampleAnswersWithTheHPO() throws {
        let engine = try #require(Self.engine)
        for form in QuestionForms.catalog {
            do throws(QueryError) {
                let result = try engine.answer(form.example)
                #expect(!result.rows.isEmpty || result.answer != nil, "\(form.example)")
            } catch {
                Issue.record("\(form.example): \(error)")
            }
        }
    }

    @Test func rankingsMatchHpo3() throws {
        let engine = try #require(Self.engine)
        func top(_ query: String) throws -> [(String, Double)] {
            try engine.answer(query).rows.map { row in
                guard case let .entity(id) = row.values[1], case let .number(score) = row.values[2] else { return ("?", 0) }
                return (engine.graph[id].id, score)
            }
        }
        let findings = "HP:0003401, HP:0033748, HP:0003394, HP:0001337, HP:0001257"
        // Reference: hpo3 1.5.1 on the same files (top 10, and the best score to 4 decimals).
        let expected: [(query: String, top: [String], best: Double)] = [
            ("using resnik from OMIM", ["OMIM:102300", "OMIM:619027", "OMIM:615361", "OMIM:300750", "OMIM:162500",
                                        "OMIM:243000", "OMIM:193090", "OMIM:263570", "OMIM:601042", "OMIM:608984"], 2.8689),
            ("using graphic from OMIM", ["OMIM:164400", "OMIM:205100", "OMIM:268800", "OMIM:616719", "OMIM:102300",
                                         "OMIM:126200", "OMIM:614808", "OMIM:619574", "OMIM:607459", "OMIM:601003"], 0.6405),
            // Orphanet, with its own information content.
            ("using resnik from ORPHA", ["ORPHA:85162", "ORPHA:101008", "ORPHA:171607", "ORPHA:171612", "ORPHA:100989",
                                         "ORPHA:401800", "ORPHA:53583", "ORPHA:171863", "ORPHA:357043", "ORPHA:238606"], 2.0994),
            ("using graphic from ORPHA", ["ORPHA:85162", "ORPHA:79279", "ORPHA:487", "ORPHA:206436", "ORPHA:447753",
                                          "ORPHA:98811", "ORPHA:206443", "ORPHA:682", "ORPHA:100073", "ORPHA:466768"], 0.7363),
        ]
        for (options, ids, best) in expected {
            let ranked = try top("rank \(findings) \(options)")
            #expect(ranked.map(\.0) == ids, "\(options)")
            #expect(abs((ranked.first?.1 ?? 0) - best) < 1e-4, "\(options)")
        }
        // Three diseases tie for tenth place at 2.7631: ties go by id, numerically, as in hpo3's order.
        let tied = try top("rank HP:0001635, HP:0001644, HP:0004756 using resnik from OMIM top 12")
        #expect(tied.suffix(3).map(\.0) == ["OMIM:609909", "OMIM:613172", "OMIM:614672"])
        #expect(Set(tied.suffix(3).map { ($0.1 * 1e9).rounded() }).count == 1)
        // The MS pack's findings rank through their HPO cross-references (ms-hpo).
        let throughPack = try top("rank tingling, numbness, tremor using resnik")
        #expect(throughPack.first?.0 == "OMIM:102300")
    }

    @Test func theCompiledSnapshotGivesTheSameGraph() throws {
        let text = try #require(Self.engine).graph
        let folder = try SymkbProcess.temporaryDirectory()
        let manifest = ImportedPackManifest.text(id: "hpo", obo: Self.obo, hpoa: Self.hpoa, dataVersion: "hp/releases/2025-01-16")
        try manifest.write(to: folder.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        let files = Fixtures.bundledPackFiles() + [try PackFiles.read(directory: folder.path)]
        let (contents, _) = try PackLoading.read(files)
        // Compiled as `pack compile` does, with the ranking tables of the graph loaded with it.
        _ = try PackCompiler.compile("hpo", among: contents) { compiled in
            try? KnowledgeBase(packs: contents, using: compiled.snapshot, at: compiled.path).graph
        }
        let knowledge = try KnowledgeBase(packs: contents)
        #expect(knowledge.packsFromSnapshots == ["hpo"])
        let graph = knowledge.graph
        #expect(graph.entities.map(\.id) == text.entities.map(\.id))
        #expect(graph.assertions.count == text.assertions.count)
        #expect(graph.assertionIDs.filter { graph.isNegated($0) }.count == 711)
        let root = try #require(graph.entityID(for: "HP:0000118"))
        let hasSubtype = try #require(graph.step(named: "has_subtype"))
        #expect(graph.closure(from: root, steps: [hasSubtype]) == text.closure(from: root, steps: [hasSubtype]))
        // The ranking tables come from the snapshot, mapped into the graph with the bundled packs'
        // merges and annotations applied, and equal those computed from the text files.
        let placement = try #require(graph.annotationPlacements.first)
        let adopted = try #require(AnnotationTables.adopt(placement, in: graph))
        #expect(adopted == text.annotationTables)
        #expect(adopted.databases.map(\.name) == ["DECIPHER", "OMIM", "ORPHA"])
        // The snapshot also carries the tables of this very graph, which it takes as they are.
        let precomputed = try #require(placement.precomputed)
        #expect(precomputed.digest == AnnotationTables.contextDigest(of: graph, placement: placement))
        // …stored as a ranking reads them: each disease's terms sorted together.
        #expect(precomputed.stored.tables == text.annotationTables?.forRanking())
        #expect(graph.annotationTables == text.annotationTables?.forRanking())
        #expect(graph.annotationTables?.databases.map(\.profile) == text.annotationTables?.databases.map(\.profile))
        // Names resolve in the snapshot's name table (read in place) as in the text graph's index.
        for entity in stride(from: 0, to: text.statedEntities.count, by: 37).map({ text.statedEntities[$0] }) {
            for name in [entity.id.lowercased(), entity.label, entity.label + "s"] + entity.synonyms + entity.xrefs {
                #expect(graph.names.resolve(name) == text.names.resolve(name), "\(name)")
            }
        }
        let findings = "rank HP:0003401, HP:0033748, HP:0003394, HP:0001337, HP:0001257 using graphic from ORPHA"
        #expect(try QueryEngine(graph: graph).answer(findings).rows.map(\.values) == (try #require(Self.engine)).answer(findings).rows.map(\.values))
    }
}
