import Foundation
import SymptomGraph

/// Numbers byte strings in the order they first appear, without allocating or hashing with
/// `Hasher` per lookup: keys are copied once into one pool, found through an open-addressing table
/// of 64-bit hashes (of eight bytes at a time), and confirmed with `memcmp`. Importers use it to
/// intern the repeated column values of large files.
struct ByteKeyTable {
    private var pool: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Entry numbers by slot (-1: empty).
    private var slots = [Int32](repeating: -1, count: 1024)

    /// A multiply-and-mix hash over eight bytes at a time (kept in memory only: any good mix will do).
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        let raw = UnsafeRawBufferPointer(key)
        var offset = 0
        while offset + 8 <= raw.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            offset += 8
        }
        var last: UInt64 = 0
        while offset < raw.count {
            last = last << 8 | UInt64(raw[offset])
            offset += 1
        }
        hash = (hash ^ last) &* 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash >> 29)
    }

    /// The number of `key`: the one it was given, or the next (and `whenNew` is called).
    mutating func number(of key: UnsafeBufferPointer<UInt8>, whenNew: () -> Void) -> Int32 {
        let hash = Self.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while slots[slot] >= 0 {
            let entry = Int(slots[slot])
            if hashes[entry] == hash, pool.withUnsafeBytes({ pool in
                sameBytes(UnsafeRawBufferPointer(rebasing: pool[starts[entry]..<starts[entry + 1]]), UnsafeRawBufferPointer(key))
            }) {
                return Int32(entry)
            }
            slot = (slot + 1) & (slots.count - 1)
        }
        let entry = hashes.count
        pool.append(contentsOf: key)
        starts.append(pool.count)
        hashes.append(hash)
        if (entry + 1) * 2 > slots.count {
            grow()
        } else {
            slots[slot] = Int32(entry)
        }
        whenNew()
        return Int32(entry)
    }

    private mutating func place(_ entry: Int) {
        var slot = Int(truncatingIfNeeded: hashes[entry]) & (slots.count - 1)
        while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
        slots[slot] = Int32(entry)
    }

    /// Doubles the slots and places every entry again (the newest included).
    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for entry in hashes.indices { place(entry) }
    }
}
