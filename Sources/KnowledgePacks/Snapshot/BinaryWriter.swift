/// Appends fixed-width little-endian numbers, length-prefixed strings and raw arrays to a byte buffer
/// (the writing half of the snapshot format; ``BinaryReader`` reads it back).
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    /// Four bytes in this machine's byte order (for a byte-order mark).
    mutating func writeNative(_ value: UInt32) {
        withUnsafeBytes(of: value) { bytes += $0 }
    }

    mutating func write(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    mutating func write(_ value: Int64) { write(UInt64(bitPattern: value)) }

    /// Raw bytes, where they lie (a buffer of a name table or entity records).
    mutating func writeBytes(_ raw: UnsafeRawBufferPointer) { bytes += raw }

    /// Makes room for `count` more bytes at once (a 30 MB snapshot grown by doubling is copied
    /// about twice over).
    mutating func reserveCapacity(adding count: Int) { bytes.reserveCapacity(bytes.count + count) }

    /// Drops what was written after the first `count` bytes.
    mutating func truncate(to count: Int) { bytes.removeLast(max(0, bytes.count - count)) }

    /// Overwrites bytes already written, from `offset`.
    mutating func overwrite(at offset: Int, with raw: [UInt8]) {
        bytes.replaceSubrange(offset..<(offset + raw.count), with: raw)
    }

    mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func write(_ value: UInt8) { bytes.append(value) }

    mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            write(UInt32(utf8.count))
            bytes += utf8
        }
    }

    /// `nil` is written as the length 0xFFFF_FFFF.
    mutating func write(_ text: String?) {
        guard let text else { return write(UInt32.max) }
        write(text)
    }

    mutating func write(_ texts: [String]) {
        write(UInt32(texts.count))
        for text in texts { write(text) }
    }

    /// An array of plain values (integers and structs of integers), copied as its memory is laid out.
    mutating func writeRaw<Element: BitwiseCopyable>(_ values: [Element]) {
        write(UInt32(values.count))
        values.withUnsafeBytes { bytes += $0 }
    }
}
