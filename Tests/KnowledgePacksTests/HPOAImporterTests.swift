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
        try TinyOntology.writePack(to: folder, annotationRows: """
            OMIM:1\tDisease one\t\tHP:99999999999999999999999\tPMID:1\tPCS\t\t\t\t\tP\tx
            OMIM:1\tDisease one\t\tHP:14\tPMID:1\tPCS\t\t\t\t\tP\tx
            OMIM:1\tDisease one\t\tHP:0000099\tPMID:1\tPCS\t\t\t\t\tP\tx
            """)
        let knowledge = try TinyOntology.knowledge(in: folder)
        let file = folder.appendingPathComponent("tiny.hpoa").path
        let warnings = knowledge.warnings.filter { $0.location?.file == file }.map(\.description)
        #expect(warnings == [
            "\(file):3:21: warning: unknown HPO term HP:99999999999999999999999 [unknown-term]",
            "\(file):4:21: warning: unknown HPO term HP:14 [unknown-term]",
        ])
        let graph = knowledge.graph
        let disease = try #require(graph.entityID(for: "OMIM:1"))
        #expect(graph.assertions(from: disease).map { graph[graph[$0].object].id } == ["HP:0000014"])
    }

    /// An impossible frequency is warned about at each row kept with it (however many rows share
    /// its qualifier columns): not at a row dropped for its term, and not at all when only dropped
    /// rows have it.
    @Test func aFrequencyWarningNamesEachKeptRow() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        try """
            #version: test
            database_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration
            OMIM:1\tDisease one\t\tHP:0099999\tPMID:1\tPCS\t\t5/0\t\t\tP\tx
            OMIM:1\tDisease one\t\tHP:0000014\tPMID:1\tPCS\t\t5/0\t\t\tP\tx
            OMIM:2\tDisease twö\t\tHP:0000014\tPMID:2\tPCS\t\t5/0\t\t\tP\tx
            OMIM:2\tDisease twö\t\tHP:0099999\tPMID:2\tPCS\t\t150%\t\t\tP\tx
            OMIM:1\tDisease one\t\tHP:0000014\tPMID:3\tTAS\t\t1/2\t\t\tP\tx
            """.write(to: folder.appendingPathComponent("tiny.hpoa"), atomically: true, encoding: .utf8)
        let knowledge = try TinyOntology.knowledge(in: folder)
        let file = folder.appendingPathComponent("tiny.hpoa").path
        let warnings = knowledge.warnings.filter { $0.location?.file == file }.map(\.description)
        // Each at its field's column, counted in characters ("twö" is three, in four bytes).
        #expect(warnings == [
            "\(file):3:21: warning: unknown HPO term HP:0099999 [unknown-term]",
            "\(file):4:44: warning: impossible frequency '5/0': n/m needs 0 ≤ n ≤ m and m > 0; the frequency is left out [invalid-frequency]",
            "\(file):5:44: warning: impossible frequency '5/0': n/m needs 0 ≤ n ≤ m and m > 0; the frequency is left out [invalid-frequency]",
            "\(file):6:21: warning: unknown HPO term HP:0099999 [unknown-term]",
        ])
        // OMIM:1 comes back after OMIM:2: one disease, three kept rows.
        let graph = knowledge.graph
        let disease = try #require(graph.entityID(for: "OMIM:1"))
        #expect(graph.assertions(from: disease).count == 2)
        #expect(graph.assertions(from: disease).map { graph.provenance(of: $0).locator } == ["PMID:1", "PMID:3"])
    }

    @Test func withoutTheCoreVocabularyEachFileGivesOneError() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        // Depending on core without core at hand: that one error, not its consequences.
        var (contents, _) = try PackLoading.read([try PackFiles.read(directory: folder.path)])
        var error = try #require(throws: PackLoadError.self) { try KnowledgeBase(packs: contents) }
        #expect(error.diagnostics.map(\.id) == [.missingDependency])
        // Not depending on core at all: each importer says what it lacks.
        let manifest = folder.appendingPathComponent("pack.yaml")
        try (try String(contentsOf: manifest, encoding: .utf8)).replacingOccurrences(of: "depends: {core: ^1.0.0}\n", with: "")
            .write(to: manifest, atomically: true, encoding: .utf8)
        (contents, _) = try PackLoading.read([try PackFiles.read(directory: folder.path)])
        error = try #require(throws: PackLoadError.self) { try KnowledgeBase(packs: contents) }
        let messages = error.diagnostics.map(\.message)
        #expect(messages.contains("the 'finding' kind and the 'is_a' relation are not declared; depend on the core pack"), "\(messages)")
        #expect(messages.contains("the 'disease' kind is not declared; depend on the core pack"))
        #expect(error.diagnostics.count <= 4)
    }

    /// Thousands of bad rows: the first five of each kind are located, and one warning counts the
    /// rest (a curator learns how many rows to fix, not only that some exist).
    @Test func badRowsBeyondTheFirstFiveAreCounted() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        var text = "#version: test\ndatabase_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration\n"
        for row in 0..<300 { text += "OMIM:1\tDisease one\t\tHP:0000014\tPMID:\(row)\tPCS\t\t7/3\t\t\tP\tx\n" }
        for row in 0..<8 { text += "OMIM:1\tDisease one\t\tHP:0000014\tPMID:\(row)\tPCS\t\t\t\t\tZ\tx\n" }
        try text.write(to: folder.appendingPathComponent("tiny.hpoa"), atomically: true, encoding: .utf8)
        let knowledge = try TinyOntology.knowledge(in: folder)
        let messages = knowledge.warnings.filter { $0.id == .invalidFrequency || $0.id == .unknownAspect }.map(\.message)
        #expect(messages.filter { $0.hasPrefix("impossible frequency '7/3'") }.count == 5)
        #expect(messages.contains("295 more rows have an impossible frequency, left out; the first of them is here"))
        #expect(messages.filter { $0 == "unknown aspect 'Z'" }.count == 5)
        #expect(messages.contains("3 more rows have an unknown aspect; the first of them is here"))
        // Each count is located at the first row it counts, in the annotation file.
        let counted = knowledge.warnings.first { $0.message == "295 more rows have an impossible frequency, left out; the first of them is here" }
        #expect(counted?.location?.file == folder.appendingPathComponent("tiny.hpoa").path && counted?.location?.line == 8)
    }

    /// An import that names a folder is refused where the manifest names it, as a folder (not
    /// "cannot read" from the importer).
    @Test func anImportThatNamesAFolderIsLocatedInTheManifest() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("tiny.hpoa"))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("tiny.hpoa"), withIntermediateDirectories: false)
        let error = try #require(throws: PackLoadError.self) {
            _ = try PackLoading.read([Fixtures.corePack(), try PackFiles.read(directory: folder.path)])
        }
        let found = error.diagnostics.map(\.description)
        #expect(found.count == 1 && found[0].contains("pack.yaml:") && found[0].hasSuffix("/tiny.hpoa' is a folder, not a file [file-unreadable]"), "\(found)")
    }

    /// Rows that would make wrong data: a database_id without a database prefix, or one that is
    /// an ontology term (its rows would hang symptoms on the term), are errors; an empty name
    /// is warned about (the id names the disease); a frequency term that is not one of the HPO's
    /// six frequencies is left out with a warning; an empty hpo_id says so.
    @Test func rowsThatWouldMakeWrongDataAreCaught() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        let header = "database_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration"
        func load(_ rows: [String]) throws -> [String] {
            try ([header] + rows).joined(separator: "\n").write(to: folder.appendingPathComponent("tiny.hpoa"), atomically: true, encoding: .utf8)
            let file = folder.appendingPathComponent("tiny.hpoa").path
            do throws(PackLoadError) {
                let (contents, _) = try PackLoading.read([Fixtures.corePack(), try PackFiles.read(directory: folder.path)])
                let knowledge = try KnowledgeBase(packs: contents)
                return knowledge.warnings.filter { $0.location?.file == file }.map { $0.description.replacingOccurrences(of: file, with: "f") }
            } catch {
                return error.diagnostics.filter { $0.location?.file == file }.map { $0.description.replacingOccurrences(of: file, with: "f") }
            }
        }
        #expect(try load(["nocolon\tD\t\tHP:0000013\tPMID:1\tPCS\t\t\t\t\tP\tx"])
            == ["f:2:1: error: database_id 'nocolon' has no database prefix (e.g. OMIM:) [hpoa-syntax]"])
        #expect(try load(["HP:0000013\tD\t\tHP:0000014\tPMID:1\tPCS\t\t\t\t\tP\tx"])
            == ["f:2:1: error: database_id 'HP:0000013' names a finding defined elsewhere, not a disease [duplicate-entity]"])
        let mixed = try load([
            "OMIM:1\t\t\tHP:0000013\tPMID:1\tPCS\t\tHP:0000013\t\t\tP\tx",
            "OMIM:1\t\t\t\tPMID:1\tPCS\t\t\t\t\tP\tx",
        ])
        #expect(mixed == [
            "f:2:8: warning: disease OMIM:1 has no name (disease_name is empty): its id names it [disease-name]",
            "f:2:33: warning: unknown frequency term 'HP:0000013': expected one of HP:0040280, HP:0040281, HP:0040282, HP:0040283, "
                + "HP:0040284, HP:0040285; the frequency is left out [invalid-frequency]",
            "f:3:10: warning: the hpo_id column is empty [unknown-term]",
        ], "\(mixed)")
    }
}
