import Foundation
import KnowledgePacks
import SymptomGraph
import Testing
import TestSupport

/// The importers on input that is not what they expect: located warnings and errors, one per
/// problem, never a trap.
@Suite struct HPOAImporterTests {
    @Test func oddTermIdsAreWarnedAboutAndAltIDsResolve() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        try """
            #version: test
            database_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration
            OMIM:1\tDisease one\t\tHP:99999999999999999999999\tPMID:1\tPCS\t\t\t\t\tP\tx
            OMIM:1\tDisease one\t\tHP:14\tPMID:1\tPCS\t\t\t\t\tP\tx
            OMIM:1\tDisease one\t\tHP:0000099\tPMID:1\tPCS\t\t\t\t\tP\tx
            """.write(to: folder.appendingPathComponent("tiny.hpoa"), atomically: true, encoding: .utf8)
        let (contents, _) = try PackLoading.read([Fixtures.corePack(), try PackFiles.read(directory: folder.path)])
        let knowledge = try KnowledgeBase(packs: contents)
        let file = folder.appendingPathComponent("tiny.hpoa").path
        let warnings = knowledge.warnings.filter { $0.location?.file == file }.map(\.description)
        #expect(warnings == [
            "\(file):3:1: warning: unknown HPO term HP:99999999999999999999999 [unknown-term]",
            "\(file):4:1: warning: unknown HPO term HP:14 [unknown-term]",
        ])
        let graph = knowledge.graph
        let disease = try #require(graph.entityID(for: "OMIM:1"))
        #expect(graph.assertions(from: disease).map { graph[graph[$0].object].id } == ["HP:0000014"])
    }

    @Test func withoutTheCoreVocabularyEachFileGivesOneError() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        let (contents, _) = try PackLoading.read([try PackFiles.read(directory: folder.path)])
        let error = try #require(throws: PackLoadError.self) { try KnowledgeBase(packs: contents) }
        let messages = error.diagnostics.map(\.message)
        #expect(messages.contains("the 'finding' kind and the 'is_a' relation are not declared; depend on the core pack"))
        #expect(messages.contains("the 'disease' kind is not declared; depend on the core pack"))
        #expect(error.diagnostics.count <= 4)
    }
}
