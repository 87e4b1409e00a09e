import Foundation
import Synchronization

/// A fast 64-bit checksum of a byte range, so that damage anywhere in a snapshot is caught for
/// about a millisecond per 10 MB. Not cryptographic.
///
/// The bytes are summed in chunks of 1 MB (four xor–multiply–rotate lanes over 8-byte words), and
/// the chunks' sums are folded in order: any thread may sum any chunk, so a load can share the
/// work between a background thread and the thread that waits for the result (``Pending``).
enum SnapshotChecksum {
    static let chunkSize = 1 << 20
    private static let prime: UInt64 = 0x100_0000_01B3
    private static let seed: UInt64 = 0xCBF2_9CE4_8422_2325

    /// The checksum of `bytes` (in memory: a snapshot being written).
    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        folded((0..<chunkCount(bytes.count)).lazy.map { sum(chunk: $0, of: bytes) }, byteCount: bytes.count)
    }

    /// Sums bytes that come in pieces, where they lie: each piece is handed on as it is (a
    /// snapshot is written as it is summed, with no copy of the whole file, or of any part, in
    /// memory), and summed as ``sum(chunk:of:)`` sums the chunks they make up (a word cut
    /// in two by the end of a piece waits for the rest in a 32-byte carry). ``finish()`` returns
    /// the checksum.
    struct Stream: ~Copyable {
        private var lanes = SnapshotChecksum.lanes
        /// The bytes of the current chunk summed so far (a multiple of 32, the carry aside).
        private var inChunk = 0
        /// The start of a 32-byte step cut off by the end of the last piece.
        private var carry = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        private var carried = 0
        private var sums: [UInt64] = []
        private var byteCount = 0

        init() {}

        /// Sums `bytes`, then calls `emit` with them.
        mutating func add(_ bytes: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void) {
            byteCount += bytes.count
            var offset = 0
            if carried > 0 {
                let count = min(32 - carried, bytes.count), from = carried
                var words = carry
                withUnsafeMutableBytes(of: &words) { raw in
                    UnsafeMutableRawBufferPointer(rebasing: raw[from..<(from + count)])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[..<count]))
                }
                carry = words
                carried += count
                offset = count
                if carried == 32 {
                    var stepped = lanes
                    withUnsafeBytes(of: words) { SnapshotChecksum.step(&stepped, $0, at: 0) }
                    lanes = stepped
                    carried = 0
                    advance(by: 32)
                }
            }
            if carried == 0 {
                // Whole steps in place, a chunk at a time; what is left starts the carry.
                while bytes.count - offset >= 32 {
                    let steps = min((bytes.count - offset) / 32, (chunkSize - inChunk) / 32)
                    for index in 0..<steps { SnapshotChecksum.step(&lanes, bytes, at: offset + index * 32) }
                    offset += steps * 32
                    advance(by: steps * 32)
                }
                let left = bytes.count - offset
                var words = carry
                withUnsafeMutableBytes(of: &words) { raw in
                    UnsafeMutableRawBufferPointer(rebasing: raw[..<left]).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
                }
                carry = words
                carried = left
            }
            if !bytes.isEmpty { emit(bytes) }
        }

        /// The checksum of every byte added.
        consuming func finish() -> UInt64 {
            if inChunk > 0 || carried > 0 {
                // The last chunk's tail, a byte at a time, as in one pass.
                var last = lanes
                withUnsafeBytes(of: carry) { [carried] raw in
                    for index in 0..<carried { last.0 = mix(last.0, UInt64(raw[index])) }
                }
                sums.append(SnapshotChecksum.fold(last))
            }
            return folded(sums, byteCount: byteCount)
        }

        /// Counts `count` bytes summed into the current chunk, which ends when full.
        private mutating func advance(by count: Int) {
            inChunk += count
            guard inChunk == chunkSize else { return }
            sums.append(SnapshotChecksum.fold(lanes))
            lanes = SnapshotChecksum.lanes
            inChunk = 0
        }
    }

    static func chunkCount(_ byteCount: Int) -> Int { (byteCount + chunkSize - 1) / chunkSize }

    /// The checksum of `byteCount` bytes from their chunks' sums, in order.
    private static func folded(_ chunkSums: some Sequence<UInt64>, byteCount: Int) -> UInt64 {
        chunkSums.reduce(seed) { ($0 ^ $1) &* prime } ^ UInt64(byteCount)
    }

    /// The sum of one chunk (`bytes` from `chunk × chunkSize`, at most `chunkSize` of them).
    ///
    /// Four lanes each take every fourth 8-byte word: xor, multiply, rotate. The rotation
    /// matters: a multiplication only carries a difference upward, so without it damage to the
    /// high bytes of two words stayed in the high byte and could cancel out (random damage to a
    /// snapshot was accepted now and then: the randomized damage test failed once in CI).
    static func sum(chunk: Int, of bytes: UnsafeRawBufferPointer) -> UInt64 { sum(self.chunk(chunk, of: bytes)) }

    /// The bytes of one chunk.
    private static func chunk(_ chunk: Int, of bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let start = chunk * chunkSize
        return UnsafeRawBufferPointer(rebasing: bytes[start..<min(bytes.count, start + chunkSize)])
    }

    /// The sum of one chunk's bytes.
    private static func sum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var lanes = Self.lanes
        var offset = 0
        while offset + 32 <= bytes.count {
            step(&lanes, bytes, at: offset)
            offset += 32
        }
        while offset < bytes.count {
            lanes.0 = mix(lanes.0, UInt64(bytes[offset]))
            offset += 1
        }
        return fold(lanes)
    }

    /// The sum of one chunk of bytes that lie in `storage`: read from the file into `buffer`
    /// (``SnapshotStorage/copy(_:into:)``) when they are mapped, so that checking a large
    /// snapshot holds none of it resident; else where they lie.
    static func sum(chunk: Int, of bytes: UnsafeRawBufferPointer, storage: SnapshotStorage, buffer: UnsafeMutableRawBufferPointer) -> UInt64 {
        let part = self.chunk(chunk, of: bytes)
        if let copy = storage.copy(part, into: buffer) { return sum(copy) }
        defer { storage.release(part) }
        return sum(part)
    }

    /// The four lanes' starting values.
    private static let lanes: (UInt64, UInt64, UInt64, UInt64) = (seed, 0x8422_2325_CBF2_9CE4, 0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F)

    /// One step: the four 8-byte words at `offset` of `bytes`, one into each lane.
    @inline(__always)
    private static func step(_ lanes: inout (UInt64, UInt64, UInt64, UInt64), _ bytes: UnsafeRawBufferPointer, at offset: Int) {
        lanes.0 = mix(lanes.0, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        lanes.1 = mix(lanes.1, bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
        lanes.2 = mix(lanes.2, bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
        lanes.3 = mix(lanes.3, bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
    }

    /// A chunk's sum from its lanes.
    @inline(__always)
    private static func fold(_ lanes: (UInt64, UInt64, UInt64, UInt64)) -> UInt64 {
        mix(mix(mix(lanes.0, lanes.1), lanes.2), lanes.3)
    }

    /// One step of a lane: the word xored in, multiplied, and rotated so that the high bits the
    /// multiplication filled reach the low ones at the next step.
    @inline(__always)
    private static func mix(_ lane: UInt64, _ word: UInt64) -> UInt64 {
        let product = (lane ^ word) &* prime
        return (product << 29) | (product >> 35)
    }

    /// A checksum summed while the snapshot is decoded and used, compared when asked. A thread of
    /// its own sums chunks from the start; the thread that asks sums the chunks nobody has claimed
    /// yet itself, then waits for those in flight (a megabyte each at most), so a load is not held
    /// up by a summing thread that the decoding kept from running.
    ///
    /// The summing thread reads `bytes` until every chunk is claimed and summed: they must stay
    /// valid until then. In a mapped `storage` the thread keeps the mapping alive (the caller may
    /// drop the snapshot first); bytes in memory must outlive ``matches()``, which returns only
    /// once every chunk is summed.
    final class Pending: Sendable {
        private nonisolated(unsafe) let bytes: UnsafeRawBufferPointer
        private let storage: SnapshotStorage
        private let expected: UInt64
        /// One sum per chunk, each written only by the thread that claimed the chunk (through
        /// `next`) and read only after `done` has seen every chunk finished.
        private nonisolated(unsafe) let sums: UnsafeMutableBufferPointer<UInt64>
        private let next = Atomic<Int>(0)
        private let done = DispatchGroup()

        init(summing bytes: UnsafeRawBufferPointer, expecting expected: UInt64, storage: SnapshotStorage) {
            self.bytes = bytes
            self.storage = storage
            self.expected = expected
            let count = SnapshotChecksum.chunkCount(bytes.count)
            sums = .allocate(capacity: count)
            sums.initialize(repeating: 0)
            for _ in 0..<count { done.enter() }
            let thread = Thread { [self] in sumChunks() }
            thread.stackSize = 1 << 20
            thread.start()
        }

        deinit { sums.deallocate() }

        /// Claims and sums chunks until none is left.
        private func sumChunks() {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: SnapshotChecksum.chunkSize, alignment: 16)
            defer { buffer.deallocate() }
            while true {
                let chunk = next.add(1, ordering: .relaxed).oldValue
                guard chunk < sums.count else { return }
                sums[chunk] = SnapshotChecksum.sum(chunk: chunk, of: bytes, storage: storage, buffer: buffer)
                done.leave()
            }
        }

        /// Whether the sum matches the one the file records: the chunks nobody has claimed yet
        /// are summed here, then the others awaited.
        func matches() -> Bool {
            sumChunks()
            done.wait()
            return SnapshotChecksum.folded(sums, byteCount: bytes.count) == expected
        }
    }
}
