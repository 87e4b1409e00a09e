import Foundation
import Testing
@testable import KnowledgePacks

/// The snapshot checksum over several chunks: summed in one pass or shared between a summing
/// thread and the one that asks, the same sum, and damage in any chunk changes it.
@Suite struct SnapshotChecksumTests {
    /// 3.5 chunks of bytes from a fixed seed.
    static func bytes() -> [UInt8] {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        return (0..<(SnapshotChecksum.chunkSize * 7 / 2)).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    @Test func aSharedSumEqualsTheSumInOnePass() {
        let bytes = Self.bytes()
        bytes.withUnsafeBytes { raw in
            let sum = SnapshotChecksum.of(raw)
            #expect(SnapshotChecksum.Pending(summing: raw, expecting: sum, storage: .memory).matches())
            // Asked at once (the caller sums most chunks) and asked late (the thread summed them).
            let late = SnapshotChecksum.Pending(summing: raw, expecting: sum, storage: .memory)
            usleep(20_000)
            #expect(late.matches())
            #expect(late.matches())
            #expect(!SnapshotChecksum.Pending(summing: raw, expecting: sum &+ 1, storage: .memory).matches())
        }
    }

    /// A snapshot is summed as it is written, in pieces of any size: the same sum as in one pass,
    /// and the same bytes handed on, piece by piece (no empty one).
    @Test func aSumOfPiecesEqualsTheSumInOnePass() {
        let bytes = Self.bytes()
        let sizes = [0, 1, 15, 17, SnapshotChecksum.chunkSize - 33, SnapshotChecksum.chunkSize, 2 * SnapshotChecksum.chunkSize + 5, 100_001]
        for first in sizes {
            var stream = SnapshotChecksum.Stream()
            var emitted: [UInt8] = [], pieces: [Int] = [], added: [Int] = []
            bytes.withUnsafeBytes { raw in
                var offset = 0
                for size in [first] + sizes + [Int.max] where offset < raw.count {
                    let end = min(raw.count, offset + size)
                    added.append(end - offset)
                    stream.add(UnsafeRawBufferPointer(rebasing: raw[offset..<end])) { emitted += $0; pieces.append($0.count) }
                    offset = end
                }
            }
            let sum = stream.finish()
            #expect(sum == bytes.withUnsafeBytes { SnapshotChecksum.of($0) }, "first piece \(first)")
            #expect(emitted == bytes)
            #expect(pieces == added.filter { $0 > 0 })
        }
    }

    /// Damage to the high bytes of two words of one lane: before each lane rotated, these pairs
    /// (65,025 of them) fell into 256 sums, and many matched the intact one. None may now.
    @Test func damageToTheHighBytesOfTwoWordsIsNeverMissed() {
        var bytes = [UInt8](repeating: 0x5A, count: 96)
        let intact = bytes.withUnsafeBytes { SnapshotChecksum.of($0) }
        var sums = Set<UInt64>()
        for first in 1...255 {
            for second in 1...255 {
                bytes[7] = 0x5A ^ UInt8(first)
                bytes[39] = 0x5A ^ UInt8(second)  // the top byte of the same lane's next word
                sums.insert(bytes.withUnsafeBytes { SnapshotChecksum.of($0) })
            }
        }
        #expect(!sums.contains(intact))
        #expect(sums.count == 255 * 255)
    }

    @Test func damageInAnyChunkChangesTheSum() {
        var bytes = Self.bytes()
        let intact = bytes.withUnsafeBytes { SnapshotChecksum.of($0) }
        for offset in [0, SnapshotChecksum.chunkSize - 1, SnapshotChecksum.chunkSize * 2 + 12_345, bytes.count - 1] {
            bytes[offset] ^= 0x40
            bytes.withUnsafeBytes { raw in
                #expect(SnapshotChecksum.of(raw) != intact, "byte \(offset)")
                #expect(!SnapshotChecksum.Pending(summing: raw, expecting: intact, storage: .memory).matches(), "byte \(offset)")
            }
            bytes[offset] ^= 0x40
        }
        // Two chunks swapped: every chunk sums right, the order does not.
        let chunk = SnapshotChecksum.chunkSize
        let swapped = Array(bytes[chunk..<(2 * chunk)] + bytes[0..<chunk] + bytes[(2 * chunk)...])
        #expect(swapped.withUnsafeBytes { SnapshotChecksum.of($0) } != intact)
    }
}
