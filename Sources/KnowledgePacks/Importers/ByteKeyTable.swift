/// Numbers byte strings in the order they first appear, without allocating or hashing with
/// `Hasher` per lookup: keys are copied once into one pool, found through an open-addressing table
/// of 64-bit FNV-1a hashes, and confirmed byte by byte. Importers use it to intern the repeated
/// column values of large files.
struct ByteKeyTable {
    private var pool: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Entry numbers by slot (-1: empty).
    private var slots = [Int32](repeating: -1, count: 1024)

    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }

    /// The number of `key`: the one it was given, or the next (and `whenNew` is called).
    mutating func number(of key: UnsafeBufferPointer<UInt8>, whenNew: () -> Void) -> Int32 {
        let hash = Self.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while slots[slot] >= 0 {
            let entry = Int(slots[slot])
            if hashes[entry] == hash, pool[starts[entry]..<starts[entry + 1]].elementsEqual(key) { return Int32(entry) }
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
