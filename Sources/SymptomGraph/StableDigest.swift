/// A 64-bit FNV-1a digest that is the same in every process and on every run (Swift's `Hasher`
/// is seeded per process), for values stored in a file and compared by a later process.
/// Not for security: it tells apart inputs that differ by accident, not by design.
package struct StableDigest {
    package private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    package init() {}

    package mutating func add(_ number: Int) {
        var remaining = UInt64(bitPattern: Int64(number))
        for _ in 0..<8 {
            addByte(UInt8(truncatingIfNeeded: remaining))
            remaining >>= 8
        }
    }

    /// Adds a text, preceded by its length (so that "ab", "c" and "a", "bc" differ).
    package mutating func add(_ text: String) {
        add(text.utf8.count)
        for byte in text.utf8 { addByte(byte) }
    }

    private mutating func addByte(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
}
