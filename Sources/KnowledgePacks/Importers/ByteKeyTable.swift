/// A map from byte strings to numbers that neither allocates nor hashes with `Hasher` per lookup:
/// keys are copied once into one pool, found through an open-addressing table of 64-bit FNV-1a
/// hashes, and confirmed byte by byte. Importers use it to intern the repeated column values of
/// large files.
struct ByteKeyTable {
    private var pool: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    private var values: [Int32] = []
    private var slots = [Int32](repeating: -1, count: 1024)

    /// How many keys are stored.
    var count: Int { values.count }

    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }

    /// The value stored for `key`, if any.
    func value(for key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = Self.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while slots[slot] >= 0 {
            let entry = Int(slots[slot])
            if hashes[entry] == hash, matches(entry, key) { return values[entry] }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }

    /// Stores `value` for a key not stored yet.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, value: Int32) {
        if (values.count + 1) * 2 > slots.count { grow() }
        let hash = Self.hash(key)
        pool.append(contentsOf: key)
        starts.append(pool.count)
        hashes.append(hash)
        values.append(value)
        place(values.count - 1, hash: hash)
    }

    private func matches(_ entry: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[entry], end = starts[entry + 1]
        guard end - start == key.count else { return false }
        return pool[start..<end].elementsEqual(key)
    }

    private mutating func place(_ entry: Int, hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
        slots[slot] = Int32(entry)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for entry in values.indices { place(entry, hash: hashes[entry]) }
    }
}
