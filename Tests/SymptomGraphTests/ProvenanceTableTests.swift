import Foundation
import Testing
@testable import SymptomGraph

/// A graph's provenance records, some in memory and some read when asked for (a compiled
/// snapshot's), read by index as one array would be.
@Suite struct ProvenanceTableTests {
    static func record(_ number: Int) -> Provenance {
        Provenance(pack: "p\(number % 3)", source: "s", locator: number % 2 == 0 ? "PMID:\(number)" : nil)
    }

    @Test func runsAndRecordsReadAsOneArray() {
        let records = (0..<20).map(Self.record)
        var table = ProvenanceTable(Array(records[0..<3]))
        table.append(contentsOf: ProvenanceTable(count: 5) { Self.record(3 + $0) })
        table.append(records[8])
        table.append(contentsOf: ProvenanceTable(count: 0) { _ in Self.record(-1) })
        table.append(contentsOf: ProvenanceTable(Array(records[9..<12])))
        table.append(contentsOf: ProvenanceTable(count: 8) { Self.record(12 + $0) })
        table.append(contentsOf: [])
        #expect(table.count == 20)
        #expect(Array(table) == records)
        #expect(table == ProvenanceTable(records))
        #expect(table[7] == records[7] && table[19] == records[19] && table[0] == records[0])
        #expect(table != ProvenanceTable(Array(records.dropLast())))
        var grown = ProvenanceTable(count: 2) { Self.record($0) }
        grown.append(Self.record(2))
        #expect(Array(grown) == Array(records[0..<3]))
    }

    /// A run read record by record (an export reads one per assertion) is decoded whole once it
    /// has been read a few hundred times: each record at most twice, whatever the number of reads.
    @Test func aRunReadOftenIsDecodedOnce() {
        final class Reads: @unchecked Sendable {
            private let lock = NSLock()
            private var count = 0
            func add() { lock.withLock { count += 1 } }
            var total: Int { lock.withLock { count } }
        }
        let reads = Reads()
        let table = ProvenanceTable(count: 1000) { reads.add(); return Self.record($0) }
        for _ in 0..<5 {
            for index in table.indices { #expect(table[index] == Self.record(index)) }
        }
        #expect(reads.total <= 1000 + 300)
    }
}
