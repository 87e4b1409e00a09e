@testable import KnowledgePacks
import Testing

@Suite struct HPOAParserTests {
    static let header = """
        #description: "test annotations"
        #version: 2025-01-16
        database_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration

        """

    @Test func readsEveryColumn() {
        let text = Self.header + [
            "OMIM:1\tDisease one\t\tHP:0000002\tPMID:1;OMIM:1\tPCS\tHP:0003577\t3/7\tFEMALE\tHP:0012828;HP:0012829\tP\tHPO:x[2021-06-21]",
            "OMIM:1\tDisease one\tNOT\tHP:0000003\tOMIM:1\tIEA\t\tHP:0040283\t\t\tP\tHPO:y[2020-01-01]",
            "ORPHA:2\tDisease two\t\tHP:0000006\tORPHA:2\tTAS\t\t40%\t\t\tI\tORPHA:orphadata[2024-01-01]",
        ].joined(separator: "\n")
        var parser = HPOAParser(file: "t.hpoa")
        let file = parser.parse(Array(text.utf8))
        #expect(parser.diagnostics.isEmpty)
        #expect(file.header["version"] == "2025-01-16")
        #expect(file.annotations.count == 3)
        let first = file.annotations[0]
        #expect(first.diseaseID == "OMIM:1" && first.diseaseName == "Disease one" && !first.isNegated)
        #expect(first.phenotypeID == "HP:0000002" && first.references == ["PMID:1", "OMIM:1"])
        #expect(first.evidence == "PCS" && first.onset == "HP:0003577" && first.frequency == "3/7")
        #expect(first.sex == "female" && first.modifiers == ["HP:0012828", "HP:0012829"] && first.aspect == "P")
        #expect(first.line == 4 && first.database == "OMIM")
        #expect(file.annotations[1].isNegated && file.annotations[1].frequency == "HP:0040283")
        #expect(file.annotations[2].frequency == "40%" && file.annotations[2].aspect == "I" && file.annotations[2].database == "ORPHA")
        // A second whole file read by the same parser starts over: its column header is a header.
        let again = parser.parse(Array(text.utf8))
        #expect(again.annotations.count == 3 && again.annotations[0].line == 4 && parser.diagnostics.isEmpty)
    }

    @Test func malformedRowsAreLocatedAndSkipped() {
        let text = Self.header + [
            "OMIM:1\tDisease\t\tHP:0000002\tPMID:1\tPCS\t\t\t\t\tP",
            "OMIM:1\tDisease\tMAYBE\tHP:0000002\tPMID:1\tPCS\t\t\t\t\tP\tx",
            "OMIM:1\tDisease\t\tHP:0000002\tPMID:1\tPCS\t\t\t\t\tP\tx",
        ].joined(separator: "\n")
        var parser = HPOAParser(file: "t.hpoa")
        let file = parser.parse(Array(text.utf8))
        #expect(file.annotations.count == 1)
        #expect(parser.diagnostics.map(\.description) == [
            "t.hpoa:4:1: error: expected 12 tab-separated columns, found 11 [hpoa-syntax]",
            "t.hpoa:5:16: error: qualifier must be empty or NOT, found 'MAYBE' [hpoa-syntax]",
        ])
    }

    @Test func aWrongColumnHeaderIsReported() {
        var parser = HPOAParser(file: "t.hpoa")
        _ = parser.parse(Array("#version: x\nid\tname\n".utf8))
        #expect(parser.diagnostics.first?.description.hasPrefix("t.hpoa:2:1: error: expected the column header") == true)
    }

    /// Tabs found eight bytes at a time are every tab, in order, whatever surrounds them: bytes
    /// with the high bit set (0x89 differs from a tab only there), NULs, 0x08 and 0x0A beside
    /// tabs, every length and alignment up to 40 bytes.
    @Test func tabsAreFoundEightBytesAtATime() {
        let alphabet: [UInt8] = [0x09, 0x89, 0x00, 0x08, 0x0A, 0x61, 0xFF]
        var state: UInt64 = 12_345
        for length in 0...40 {
            for _ in 0..<200 {
                let line: [UInt8] = (0..<length).map { _ in
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    return alphabet[Int(state >> 33) % alphabet.count]
                }
                var found: [Int] = []
                line.withUnsafeBufferPointer { HPOAParser.forEachTab(in: $0) { found.append($0) } }
                #expect(found == line.indices.filter { line[$0] == 0x09 }, "\(line)")
            }
        }
    }

    /// A row without a disease is refused where its id should be (rows without a term or an
    /// aspect are kept for the importer, which warns about unknown ones).
    @Test func aRowWithoutADiseaseIsRefused() {
        var parser = HPOAParser(file: "t.hpoa")
        let rows = [
            "\tName\t\tHP:0000001\tPMID:1\tPCS\t\t\t\t\tP\tHPO:x[2025-01-01]",
            "OMIM:1\tName\t\t\tPMID:1\tPCS\t\t\t\t\tP\tHPO:x[2025-01-01]",
            "OMIM:1\tName\t\tHP:0000001\tPMID:1\tPCS\t\t\t\t\t\tHPO:x[2025-01-01]",
        ]
        let file = parser.parse(Array((Self.header + rows.joined(separator: "\n") + "\n").utf8))
        #expect(file.annotations.count == 2)
        #expect(parser.diagnostics.map(\.description) == ["t.hpoa:4:1: error: the database_id column is empty [hpoa-syntax]"])
    }
}
