@testable import SymptomGraph
import Testing

/// The byte comparisons that importers and name tables make: every length a word test covers,
/// and a difference at every position (the words overlap in the middle).
@Suite struct ByteOrderTests {
    @Test func sameBytesFindsEveryDifference() {
        for count in 0...40 {
            let left = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            left.withUnsafeBytes { leftBytes in
                #expect(left.withUnsafeBytes { sameBytes(leftBytes, $0) }, "length \(count)")
                for position in 0..<count {
                    var right = left
                    right[position] ^= 0x40
                    #expect(!right.withUnsafeBytes { sameBytes(leftBytes, $0) }, "length \(count), byte \(position)")
                    #expect(right.withUnsafeBytes { compareBytes(leftBytes, $0) } != 0)
                }
                let longer = left + [0]
                #expect(!longer.withUnsafeBytes { sameBytes(leftBytes, $0) }, "length \(count) against \(count + 1)")
            }
        }
    }
}
