import KnowledgePacks
import SymptomQuery
import Testing
import TestSupport

/// Every bundled pack loads cleanly and passes its own `tests.yaml`.
@Suite struct BundledPackTests {
    @Test func bundledPacksLoadWithoutWarnings() throws {
        let (contents, readWarnings) = try PackLoading.read(Fixtures.bundledPackFiles())
        let knowledge = try KnowledgeBase(packs: contents)
        #expect(readWarnings.isEmpty, "\(readWarnings)")
        #expect(knowledge.warnings.isEmpty, "\(knowledge.warnings)")
        #expect(knowledge.packs.map(\.id) == ["core", "multiple-sclerosis", "ms-hpo"])
    }

    @Test func everyPackWithMedicalContentSaysItIsNotMedicalAdvice() throws {
        for pack in try Fixtures.bundledKnowledge().packs {
            let disclaimer = try #require(pack.manifest.disclaimer, "pack \(pack.id) has no disclaimer")
            #expect(disclaimer.localizedCaseInsensitiveContains("not medical advice") || disclaimer.contains("Nothing in symkb is medical advice"))
        }
    }

    @Test func everyAssertionHasProvenance() throws {
        let graph = try Fixtures.bundledKnowledge().graph
        for id in graph.assertionIDs {
            let provenance = graph.provenance(of: id)
            #expect(!provenance.source.isEmpty && provenance.locator != nil)
        }
    }

    /// Each pack's tests run against that pack and its dependencies only, as `symkb pack test` does.
    @Test(arguments: ["core", "multiple-sclerosis", "ms-hpo"])
    func packTestsPass(pack id: String) throws {
        let bundled = Fixtures.bundledPackFiles()
        let catalog = PackCatalog(entries: bundled.map { PackCatalog.Entry(files: $0, source: .bundled) })
        let files = try #require(bundled.first { $0.displayRoot == "Knowledge/" + id })
        let report = PackChecker.check([files], catalog: catalog)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let knowledge = try #require(report.knowledge)
        let tests = try #require(report.packs.first).tests
        #expect(tests.count >= 5)
        for outcome in PackTestRunner(engine: QueryEngine(graph: knowledge.graph)).run(tests) {
            #expect(outcome.passed, "\(outcome.test.location): \(outcome.test.query): \(outcome.failures)")
        }
    }

    @Test func xrefsNameTheExpectedHPOTerms() throws {
        let graph = try Fixtures.bundledKnowledge().graph
        let expected = [
            "HP:0032504": "Lhermitte's sign", "HP:0003401": "Tingling", "HP:0033748": "Numbness", "HP:0001337": "Tremor",
            "HP:0003202": "Muscle atrophy", "HP:0003470": "Paralysis", "OMIM:126200": "Multiple sclerosis",
        ]
        for (xref, label) in expected {
            guard case let .unique(id) = graph.resolve(xref) else {
                Issue.record("\(xref) resolves to no single entity")
                continue
            }
            #expect(graph[id].label == label)
        }
    }
}
