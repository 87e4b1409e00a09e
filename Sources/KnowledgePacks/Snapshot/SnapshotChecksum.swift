import Foundation

/// A fast 64-bit checksum of a byte range: two multiply–xor lanes over 8-byte words, so damage
/// anywhere in a snapshot is caught for about a millisecond per 10 MB. Not cryptographic.
enum SnapshotChecksum {
    /// Bytes in a mapped `storage` hand each megabyte's pages back once summed (so checking a large
    /// snapshot does not hold all of it resident).
    static func of(_ bytes: UnsafeRawBufferPointer, storage: SnapshotStorage = .memory) -> UInt64 {
        let prime: UInt64 = 0x100_0000_01B3
        var lane0: UInt64 = 0xCBF2_9CE4_8422_2325, lane1: UInt64 = 0x8422_2325_CBF2_9CE4
        let words = bytes.count / 16
        var offset = 0
        let chunk = 1 << 20
        for _ in 0..<words {
            lane0 = (lane0 ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* prime
            lane1 = (lane1 ^ bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)) &* prime
            offset += 16
            if offset % chunk == 0 { storage.release(UnsafeRawBufferPointer(rebasing: bytes[(offset - chunk)..<offset])) }
        }
        while offset < bytes.count {
            lane0 = (lane0 ^ UInt64(bytes[offset])) &* prime
            offset += 1
        }
        return lane0 ^ (lane1 &* 31) ^ UInt64(bytes.count)
    }

    /// A checksum summed on a thread of its own while the snapshot is decoded and used, and
    /// compared when asked (the first ask waits for it). The thread keeps the mapping the bytes
    /// lie in alive (`storage`), so the caller may drop the snapshot first.
    final class Pending: @unchecked Sendable {
        private var sum: UInt64 = 0  // written before `done` is left, read only after waiting on it
        private let expected: UInt64
        private let done = DispatchGroup()

        init(summing bytes: UnsafeRawBufferPointer, expecting expected: UInt64, storage: SnapshotStorage) {
            self.expected = expected
            nonisolated(unsafe) let bytes = bytes
            done.enter()
            let thread = Thread { [self] in
                withExtendedLifetime(storage) { sum = SnapshotChecksum.of(bytes, storage: storage) }
                done.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }

        /// Whether the sum matches the one the file records, once it is summed.
        func matches() -> Bool {
            done.wait()
            return sum == expected
        }
    }
}
