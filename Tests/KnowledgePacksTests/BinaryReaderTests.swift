import Foundation
import Testing
@testable import KnowledgePacks

/// Records stepped over by their lengths alone (how a snapshot's provenance records are found at
/// open): where each starts, the last field's absence, and damage refused rather than trusted.
@Suite struct BinaryReaderTests {
    static func records(_ values: [(String, String, String?)]) -> [UInt8] {
        var writer = BinaryWriter()
        for (pack, source, locator) in values {
            writer.write(pack)
            writer.write(source)
            writer.write(locator)
        }
        writer.write(UInt8(9))  // what follows the records
        return writer.bytes
    }

    @Test func recordStartsAreFoundByTheirLengths() throws {
        let values: [(String, String, String?)] = [("hpo", "annotations", "PMID:1"), ("p", "", nil), ("ms", "article", "p2.s3")]
        let bytes = Self.records(values)
        try bytes.withUnsafeBytes { raw in
            var reader = BinaryReader(raw)
            let starts = try reader.recordStarts(count: 3, fields: 3)
            #expect(starts == [0, 4 + 3 + 4 + 11 + 4 + 6, 4 + 3 + 4 + 11 + 4 + 6 + 4 + 1 + 4 + 0 + 4])
            #expect(try reader.uint8() == 9 && reader.isAtEnd)
            for (index, start) in starts.enumerated() {
                var record = BinaryReader(raw, offset: start)
                #expect(try record.string() == values[index].0 && record.string() == values[index].1)
                #expect(try record.optionalString() == values[index].2)
            }
        }
    }

    @Test func damagedRecordsAreRefused() {
        let bytes = Self.records([("hpo", "annotations", "PMID:1"), ("p", "s", nil)])
        // Cut anywhere inside the records, and a length that runs past the end.
        for cut in 0..<(bytes.count - 1) {
            Array(bytes.prefix(cut)).withUnsafeBytes { raw in
                var reader = BinaryReader(raw)
                #expect(throws: SnapshotError.self) { try reader.recordStarts(count: 2, fields: 3) }
            }
        }
        var long = bytes
        long[0] = 0xF0
        long.withUnsafeBytes { raw in
            var reader = BinaryReader(raw)
            #expect(throws: SnapshotError.self) { try reader.recordStarts(count: 2, fields: 3) }
        }
        // Only the last field of a record may be absent.
        var absent = bytes
        for index in 0..<4 { absent[index] = 0xFF }
        absent.withUnsafeBytes { raw in
            var reader = BinaryReader(raw)
            #expect(throws: SnapshotError.self) { try reader.recordStarts(count: 2, fields: 3) }
        }
    }
}
