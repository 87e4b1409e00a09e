import Foundation
import Testing
@testable import SymptomGraph

/// The checks and copies that tables read from a snapshot go through.
@Suite struct Int32BufferTests {
    /// `allBelow` is `allSatisfy { 0 <= $0 && $0 < limit }`, negative values and empty buffers included;
    /// `isNondecreasing` is the pairwise comparison — on random buffers, against the plain definitions.
    @Test func checksAgreeWithTheirDefinitions() {
        var generator = SplitMix(state: 20_261_129)
        for _ in 0..<300 {
            let count = Int.random(in: 0...40, using: &generator)
            var values = (0..<count).map { _ in Int32.random(in: -3...50, using: &generator) }
            if count > 0, Bool.random(using: &generator) { values[Int.random(in: 0..<count, using: &generator)] = .min }
            let buffer = Int32Buffer(values)
            for limit in [0, 1, 25, 51, Int(Int32.max) + 5] {
                #expect(buffer.allBelow(limit) == values.allSatisfy { $0 >= 0 && Int($0) < limit }, "\(values) below \(limit)")
            }
            let sorted = Int32Buffer(values.sorted())
            #expect(sorted.isNondecreasing)
            #expect(buffer.isNondecreasing == zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "\(values)")
        }
    }

    /// Values read in place from a file may lie at any address: the checks read them unaligned.
    @Test func checksReadUnalignedValues() {
        let values: [Int32] = [0, 3, 3, 7, -1]
        var bytes = [UInt8](repeating: 0, count: 1)
        for value in values { withUnsafeBytes(of: value) { bytes += $0 } }
        let mapping = Data(bytes)
        mapping.withUnsafeBytes { raw in
            let unaligned = UnsafeRawBufferPointer(rebasing: raw[1...])
            let buffer = Int32Buffer(inPlace: unaligned, of: mapping)
            #expect(Array(buffer) == values)
            #expect(!buffer.allBelow(8), "-1 is outside")
            #expect(Int32Buffer(inPlace: UnsafeRawBufferPointer(rebasing: unaligned[..<16]), of: mapping).allBelow(8))
            #expect(!buffer.isNondecreasing)
            let sorted = buffer.sortingRanges([1..<5])
            #expect(Array(sorted) == [0, -1, 3, 3, 7])
        }
    }

    /// `sortingRanges` sorts each range of a copy, and leaves the rest and the original as they were.
    @Test func sortingRangesSortsACopy() {
        let buffer: Int32Buffer = [9, 4, 1, 8, 2, 7, 3]
        let sorted = buffer.sortingRanges([0..<3, 4..<7])
        #expect(Array(sorted) == [1, 4, 9, 8, 2, 3, 7])
        #expect(Array(buffer) == [9, 4, 1, 8, 2, 7, 3])
        #expect(Array(buffer.sortingRanges([])) == Array(buffer))
        #expect(Array(Int32Buffer([]).sortingRanges([0..<0])).isEmpty)
    }

    /// A view reads the values as the buffer does; rows cut them as ``AnnotationTables`` lists are cut.
    @Test func viewsAndRowsReadTheValues() {
        let values: Int32Buffer = [5, 6, 7, 8]
        let offsets: Int32Buffer = [0, 1, 1, 4]
        values.withView { view in #expect(Array(view) == [5, 6, 7, 8]) }
        Int32Buffer.withRows(offsets: offsets, values: values) { rows in
            #expect(Array(rows[0]) == [5])
            #expect(rows[1].isEmpty)
            #expect(Array(rows[2]) == [6, 7, 8])
        }
    }
}
