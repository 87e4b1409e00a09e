import Foundation
@testable import KnowledgePacks
import Testing
import TestSupport

/// Files read a block at a time (the annotation importer's path): every byte passed on once, in
/// whole lines, however the blocks fall; problems located in the file, not in the block.
@Suite struct BlockReadingTests {
    static func file(_ bytes: [UInt8]) throws -> ImportedFile {
        let path = try SymkbProcess.temporaryDirectory().appendingPathComponent("blocks.txt").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return ImportedFile(path: path, pack: "p", source: "s", location: SourceLocation(file: "pack.yaml", line: 1, column: 1))
    }

    /// Lines of every length up to 300 bytes (longer than the smallest blocks), CRLF endings,
    /// a byte-order mark before a first line longer than a block, and no newline at the end.
    static let text: [UInt8] = {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        for line in 0..<120 {
            bytes += Array(repeating: UInt8(ascii: "a") + UInt8(line % 26), count: (line * 37 + 20) % 301)
            bytes += line % 5 == 0 ? [0x0D, 0x0A] : [0x0A]
        }
        return bytes + Array("last line é".utf8)
    }()

    @Test(arguments: [16, 17, 64, 1 << 20])
    func blocksHoldWholeLinesOfTheFileInOrder(blockSize: Int) throws {
        var joined: [UInt8] = [], counted = 0
        let problem = try Self.file(Self.text).forEachBlockOfLines(blockSize: blockSize) { block, linesBefore in
            #expect(linesBefore == counted)
            #expect(block.last == 0x0A || joined.count + block.count == Self.text.count - 3)
            joined += block
            let lines = block.filter { $0 == 0x0A }.count + (block.last == 0x0A ? 0 : 1)
            counted += lines
            return lines
        }
        #expect(problem == nil)
        #expect(joined == Array(Self.text.dropFirst(3)))
        #expect(counted == 121)
    }

    @Test(arguments: [16, 64, 1 << 20])
    func aBadByteIsLocatedInTheFile(blockSize: Int) throws {
        var bytes = Array(Self.text.dropFirst(3))
        // Line 40, column 3.
        let lineStart = bytes.indices.filter { bytes[$0] == 0x0A }[38] + 1
        bytes[lineStart + 2] = 0xFF
        let problem = try Self.file(bytes).forEachBlockOfLines(blockSize: blockSize) { block, _ in
            block.filter { $0 == 0x0A }.count
        }
        #expect(problem?.location?.line == 40 && problem?.location?.column == 3)
        #expect(problem?.id == .textEncoding)
        #expect(try Self.file([]).forEachBlockOfLines(blockSize: blockSize) { _, _ in 0 } == nil)
    }

    /// The annotation rows are the same however the file is cut: a disease whose rows span two
    /// blocks is one disease.
    @Test func annotationRowsDoNotDependOnTheBlockSize() throws {
        var text = "#version: test\ndatabase_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration\n"
        for row in 0..<200 {
            text += "OMIM:\(row / 7)\tDisease \(row / 7)\t\(row % 9 == 0 ? "NOT" : "")\tHP:\(String(format: "%07d", row % 13))\tPMID:\(row % 3)\tPCS\t\t\(row % 4)/4\t\t\tP\tx\n"
        }
        text += "OMIM:bad\tonly three\tcolumns\n"
        let file = try Self.file(Array(text.utf8))
        func summary(_ blockSize: Int) throws -> [String] {
            let rows = try HPOAImporter.ScannedRows.scanning(file, blockSize: blockSize).get()
            return rows.diseases.map { "\($0.id) \($0.label)" } + rows.rows.map {
                "\($0.disease) \($0.term) \($0.aspect) \($0.qualifiers) \($0.provenance) \($0.line)"
            } + rows.locators + rows.diagnostics.map(\.description)
        }
        let whole = try summary(1 << 20)
        #expect(whole.count == 29 + 200 + 3 + 1)
        #expect(try summary(64) == whole)
        #expect(try summary(300) == whole)
    }

    /// An ontology parsed a block at a time is the one parsed whole: terms, typedefs, header,
    /// and the problems at their lines.
    @Test func anOntologyParsesTheSameInBlocks() throws {
        let text = TinyOntology.obo + "\n[Term]\nname: no id\n\n[Term]\nid: HP:0009999\nname: \"unterminated\nsynonym: \"x\" WIDE []\n"
        var whole = OBOParser(file: "t.obo")
        let expected = whole.parse(Array(text.utf8))
        func summary(_ document: OBODocument, _ diagnostics: [Diagnostic]) -> [String] {
            document.header.map { "\($0.tag)=\($0.value)" } + document.terms.map { "\($0.id) \($0.name ?? "-") \($0.line) \($0.synonyms.count) \($0.isA) \($0.xrefs)" }
                + document.typedefs.map(\.id) + diagnostics.map(\.description)
        }
        let file = try Self.file(Array(text.utf8))
        for blockSize in [16, 64, 1 << 20] {
            var parser = OBOParser(file: "t.obo")
            #expect(file.forEachBlockOfLines(blockSize: blockSize) { block, _ in parser.parse(lines: block) } == nil)
            #expect(summary(parser.finish(), parser.diagnostics) == summary(expected, whole.diagnostics), "block size \(blockSize)")
        }
        #expect(expected.terms.count >= 5)
        #expect(whole.diagnostics.map(\.message).contains("a [Term] stanza has no id"))
        #expect(whole.diagnostics.count >= 2)
    }
}
