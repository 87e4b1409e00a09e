import Foundation
import KnowledgePacks
import Testing
import TestSupport

@Suite struct OBOParserTests {
    static let fixture = """
        format-version: 1.4
        data-version: test/releases/2025-01-16
        default-namespace: test_ontology
        ontology: test
        remark: a header line ! with a comment

        [Term]
        id: T:0000001
        name: All
        comment: the root

        [Term]
        id: T:0000002
        name: Abnormal \\"thing\\" {source="x"}
        def: "A definition, with an escaped \\"quote\\"." [PMID:1, ISBN:2\\, 3]
        synonym: "layman's term" EXACT layperson [ORCID:9]
        synonym: "broader" BROAD []
        synonym: "narrower" NARROW [] {comment="trailing modifier"}
        synonym: "related" RELATED abbreviation []
        xref: UMLS:C0001 ! a comment after the xref
        is_a: T:0000001 ! All
        relationship: part_of T:0000001
        alt_id: T:0000009

        [Term]
        id: T:0000003
        name: Obsolete thing
        is_obsolete: true
        replaced_by: T:0000002
        consider: T:0000001

        [Term]
        id: T:0000004
        name: Merged away
        is_obsolete: true
        replaced_by: T:0000001

        [Term]
        id: T:0000005
        name: Claims an obsolete id
        alt_id: T:0000004
        is_a: T:0000002

        [Typedef]
        id: part_of
        name: part of
        is_transitive: true
        inverse_of: has_part
        xref: BFO:0000050
        """

    @Test func readsHeaderTermsAndTypedefs() {
        var parser = OBOParser(file: "test.obo")
        let document = parser.parse(Array(Self.fixture.utf8))
        #expect(parser.diagnostics.isEmpty, "\(parser.diagnostics)")
        #expect(document.headerValue("format-version") == "1.4")
        #expect(document.headerValue("data-version") == "test/releases/2025-01-16")
        #expect(document.headerValue("default-namespace") == "test_ontology")
        #expect(document.headerValue("ontology") == "test")
        #expect(document.headerValue("remark") == "a header line")
        #expect(document.terms.count == 5)
        #expect(document.typedefs.count == 1)

        let term = document.terms[1]
        #expect(term.name == "Abnormal \"thing\"")
        #expect(term.definition == "A definition, with an escaped \"quote\".")
        #expect(term.definitionXrefs == ["PMID:1", "ISBN:2, 3"])
        #expect(term.synonyms.map(\.text) == ["layman's term", "broader", "narrower", "related"])
        #expect(term.synonyms.map(\.scope) == [.exact, .broad, .narrow, .related])
        #expect(term.synonyms[0].type == "layperson" && term.synonyms[0].xrefs == ["ORCID:9"])
        #expect(term.synonyms[3].type == "abbreviation")
        #expect(term.xrefs == ["UMLS:C0001"])
        #expect(term.isA == ["T:0000001"])
        #expect(term.relationships.map(\.type) == ["part_of"] && term.relationships.map(\.target) == ["T:0000001"])
        #expect(term.altIDs == ["T:0000009"])
        #expect(term.line == 12)

        let obsolete = document.terms[2]
        #expect(obsolete.isObsolete && obsolete.replacedBy == ["T:0000002"] && obsolete.consider == ["T:0000001"])
        #expect(document.terms[0].comment == "the root")

        let typedef = document.typedefs[0]
        #expect(typedef.id == "part_of" && typedef.isTransitive && typedef.inverseOf == "has_part")
        #expect(typedef.xrefs == ["BFO:0000050"])
    }

    @Test func replacedByIsFollowedBeforeAltIDs() {
        var parser = OBOParser(file: "test.obo")
        let aliases = OBOImporter.aliases(in: parser.parse(Array(Self.fixture.utf8)))
        #expect(aliases["T:0000009"] == "T:0000002")  // alt_id
        #expect(aliases["T:0000003"] == "T:0000002")  // obsolete, replaced_by
        // Both an alt_id of T:0000005 and an obsolete term replaced by T:0000001: the explicit
        // curation, replaced_by, wins.
        #expect(aliases["T:0000004"] == "T:0000001")
    }

    @Test func obsoleteTermsChainLoopOrRetire() {
        let text = """
            format-version: 1.4

            [Term]
            id: T:1
            name: Live

            [Term]
            id: T:2
            name: obsolete, replaced by another obsolete term
            is_obsolete: true
            replaced_by: T:3

            [Term]
            id: T:3
            name: obsolete, replaced by a live term
            is_obsolete: true
            replaced_by: T:1

            [Term]
            id: T:4
            name: obsolete, no replacement
            is_obsolete: true
            consider: T:1
            consider: T:9

            [Term]
            id: T:5
            name: loop one
            is_obsolete: true
            replaced_by: T:6

            [Term]
            id: T:6
            name: loop two
            is_obsolete: true
            replaced_by: T:5
            """
        var parser = OBOParser(file: "loop.obo")
        let resolution = OBOImporter.resolve(parser.parse(Array(text.utf8)))
        #expect(resolution.aliases == ["T:2": "T:1", "T:3": "T:1"])
        #expect(resolution.retired.map(\.id) == ["T:4", "T:5", "T:6"])
        #expect(resolution.retired.first?.consider == ["T:1", "T:9"])
        #expect(resolution.cycles.map(\.ids) == [["T:5", "T:6"]])
        #expect(resolution.cycles.first?.line == 26)  // the [Term] line of T:5
    }

    @Test func malformedLinesAreLocated() {
        let text = """
            format-version: 1.4

            [Term]
            id: T:1
            this line has no tag
            def: "never closed [PMID:1]
            synonym: "x" SIDEWAYS []

            [Term]
            name: no id here
            """
        var parser = OBOParser(file: "bad.obo")
        _ = parser.parse(Array(text.utf8))
        #expect(parser.diagnostics.map(\.description) == [
            "bad.obo:5:1: error: expected 'tag: value' [obo-syntax]",
            "bad.obo:6:6: error: unterminated quoted string [obo-syntax]",
            "bad.obo:7:10: error: synonym scope must be EXACT, BROAD, NARROW or RELATED [obo-syntax]",
            "bad.obo:9:1: error: a [Term] stanza has no id [obo-syntax]",
        ])
    }

    /// A misspelt stanza header would drop its term without a word: it is warned about, and an
    /// [Instance] stanza, which OBO 1.4 allows, is not.
    @Test func unknownStanzasAreWarnedAbout() {
        let text = """
            format-version: 1.4

            [Trem]
            id: T:1

            [term]
            id: T:2

            [Instance]
            id: I:1

            [Term]
            id: T:3
            """
        var parser = OBOParser(file: "typo.obo")
        let document = parser.parse(Array(text.utf8))
        #expect(document.terms.map(\.id) == ["T:3"])
        #expect(parser.diagnostics.map(\.description) == [
            "typo.obo:3:1: warning: unknown stanza '[Trem]' (expected [Term], [Typedef] or [Instance]); its lines are ignored [obo-syntax]",
            "typo.obo:6:1: warning: unknown stanza '[term]' (expected [Term], [Typedef] or [Instance]); its lines are ignored [obo-syntax]",
        ])
    }

    /// OBO 1.4 ignores the whitespace around a value, tabs too: a tab after the colon is not part
    /// of a name or an id. A parent that is not a live term is located at its own `is_a` line.
    @Test func tabsAfterTheColonAreWhitespaceAndParentsAreLocated() throws {
        let text = "format-version: 1.4\n\n[Term]\nid:\tT:1\nname:\t\tAll\n\n[Term]\nid: T:2\nname: Child\nis_a:\tT:1\nis_a: T:404 ! gone\n"
        var parser = OBOParser(file: "tabs.obo")
        let document = parser.parse(Array(text.utf8))
        #expect(parser.diagnostics.isEmpty)
        #expect(document.terms.map(\.id) == ["T:1", "T:2"] && document.terms[0].name == "All")
        #expect(document.terms[1].isA == ["T:1", "T:404"])
        #expect(document.terms[1].isAPositions.map(\.line) == [10, 11] && document.terms[1].isAPositions.map(\.column) == [7, 7])
        // Imported in a pack, the missing parent is warned about where its is_a is.
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        try text.write(to: folder.appendingPathComponent("tiny.obo"), atomically: true, encoding: .utf8)
        let (contents, _) = try PackLoading.read([Fixtures.corePack(), try PackFiles.read(directory: folder.path)])
        let file = folder.appendingPathComponent("tiny.obo").path
        let warnings = try KnowledgeBase(packs: contents).warnings.filter { $0.location?.file == file }.map(\.description)
        #expect(warnings == ["\(file):11:7: warning: T:2 is_a T:404, a term the file does not define; the link is left out [unknown-term]"])
    }

    /// A file broken throughout is reported by its first 200 findings and one more that counts
    /// the rest and points at the first of them.
    @Test func findingsBeyondTwoHundredAreCountedNotListed() {
        let text = "format-version: 1.4\n\n[Term]\nid: T:1\n" + String(repeating: "no tag here\n", count: 250)
        var parser = OBOParser(file: "broken.obo")
        _ = parser.parse(Array(text.utf8))
        let found = parser.diagnostics
        #expect(found.count == 201)
        #expect(found[199].description == "broken.obo:204:1: error: expected 'tag: value' [obo-syntax]")
        #expect(found[200].description
            == "broken.obo:205:1: error: 50 more problems in this file are not shown; the first of them is here [obo-syntax]")
    }
}
