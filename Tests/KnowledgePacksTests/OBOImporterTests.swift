import Foundation
import Testing
import TestSupport
import SymptomGraph
@testable import KnowledgePacks

@Suite struct OBOImporterTests {
    /// A pack folder importing `obo` (its own copy of the file) as pack `id`.
    static func ontologyPack(_ id: String, obo: String) throws -> PackFiles {
        let folder = try SymkbProcess.temporaryDirectory()
        try obo.write(to: folder.appendingPathComponent("terms.obo"), atomically: true, encoding: .utf8)
        try """
            format: 1
            id: \(id)
            version: 1.0.0
            title: Pack \(id)
            sources: [{id: obo, title: Terms}]
            depends: {core: ^1.0.0}
            imports:
              - {format: obo, path: terms.obo, source: obo}
            """.write(to: folder.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        return try PackFiles.read(directory: folder.path)
    }

    /// One ontology imported by two packs: the second's terms are refused, the first twenty
    /// located and the others counted in one error (not an error per term: 19,000 for the HPO).
    @Test func termsRefusedForOneReasonAreCountedBeyondTheFirstTwenty() throws {
        var obo = "format-version: 1.2\n\n"
        for number in 1...30 { obo += "[Term]\nid: T:\(number)\nname: Term \(number)\n\n" }
        let (contents, _) = try PackLoading.read([Fixtures.corePack(), try Self.ontologyPack("first", obo: obo),
                                                  try Self.ontologyPack("second", obo: obo)])
        let error = try #require(throws: PackLoadError.self) { try KnowledgeBase(packs: contents) }
        let duplicates = error.diagnostics.filter { $0.id == .duplicateEntity && $0.severity == .error }
        #expect(duplicates.count == OBOImporter.locatedRefusals + 1)
        #expect(duplicates.first?.message == "entity 'T:1' is already defined by pack 'first'")
        let counted = try #require(duplicates.last)
        #expect(counted.message == "10 more terms are not added, for the same reason; the first of them is here")
        #expect(counted.location?.line == 4 * 20 + 3, "the 21st term's stanza")
    }

    /// Synonyms as an ontology states them: obsolete ones left out; the forms kept (in the
    /// synonyms' order) only when one is not an exact untyped synonym; the plain name an exact
    /// layperson synonym, else one that is not related, never a related one.
    @Test func synonymsKeepTheirFormsAndALaypersonNameNamesTheTerm() throws {
        let obo = """
            format-version: 1.2
            synonymtypedef: layperson "layperson term"

            [Term]
            id: T:1
            name: Tremor
            synonym: "Trembling" EXACT []
            synonym: "Old shakes" EXACT obsolete_synonym []
            synonym: "The shakes" RELATED layperson []
            synonym: "Shaking" NARROW layperson []
            synonym: "Quivering" EXACT layperson []

            [Term]
            id: T:2
            name: Ataxia
            synonym: "Clumsiness" RELATED layperson []
            synonym: "Unsteadiness" BROAD layperson []

            [Term]
            id: T:3
            name: Fatigue
            synonym: "Tiredness" EXACT []
            synonym: "Weariness" RELATED layperson []

            [Term]
            id: T:4
            name: Pain
            synonym: "Ache" EXACT []

            """
        let (contents, _) = try PackLoading.read([Fixtures.corePack(), try Self.ontologyPack("terms", obo: obo)])
        let graph = try KnowledgeBase(packs: contents).graph
        func entity(_ id: String) throws -> Entity { graph[try #require(graph.entityID(for: id))] }
        let tremor = try entity("T:1")
        #expect(tremor.synonyms == ["Trembling", "The shakes", "Shaking", "Quivering"])
        #expect(tremor.synonymForms == [.exact, SynonymForm(.related, type: "layperson"), SynonymForm(.narrow, type: "layperson"),
                                        SynonymForm(.exact, type: "layperson")])
        #expect(tremor.plainLabel == "Quivering", "the exact layperson synonym, though listed last")
        #expect(try entity("T:2").plainLabel == "Unsteadiness", "the first layperson synonym that is not related")
        #expect(try entity("T:3").plainLabel == nil, "a related layperson synonym does not name the term")
        let pain = try entity("T:4")
        #expect(pain.synonyms == ["Ache"] && pain.synonymForms.isEmpty && pain.plainLabel == nil)
    }

    /// Links to terms that are not live are located for the first twenty and counted after (a
    /// file cut short names hundreds of terms it no longer defines); one to an obsolete term says so.
    @Test func linksToMissingTermsAreCountedBeyondTheFirstTwenty() throws {
        var obo = "format-version: 1.2\n\n[Term]\nid: T:0\nname: Gone\nis_obsolete: true\n\n"
        obo += "[Term]\nid: T:1\nname: Term 1\nis_a: T:0\n\n"
        for number in 2...26 { obo += "[Term]\nid: T:\(number)\nname: Term \(number)\nis_a: T:999\n\n" }
        let (contents, _) = try PackLoading.read([Fixtures.corePack(), try Self.ontologyPack("cut", obo: obo)])
        let knowledge = try KnowledgeBase(packs: contents)
        let warnings = knowledge.warnings.filter { $0.id == .unknownTerm }.map(\.message)
        #expect(warnings.count == OBOImporter.locatedRefusals + 1)
        #expect(warnings.first == "T:1 is_a T:0, an obsolete term; the link is left out")
        #expect(warnings.dropFirst().first == "T:2 is_a T:999, a term the file does not define; the link is left out")
        #expect(warnings.last == "6 more is_a links name terms that are not live and are left out (is the file complete?); the first of them is here")
    }
}
