import Foundation
import SymptomGraph

/// Appends fixed-width little-endian numbers, length-prefixed strings and raw arrays to a byte buffer
/// (the writing half of the snapshot format; ``BinaryReader`` reads it back).
struct BinaryWriter {
    /// What was written since the last stored part.
    private(set) var bytes: [UInt8] = []
    /// The parts written before `bytes`: runs of small values and stored parts (kept, not copied).
    private var pieces: [any StoredBytes] = []
    /// The number of bytes in `pieces`.
    private var piecesCount = 0

    /// Every byte written so far.
    var count: Int { piecesCount + bytes.count }

    /// Calls `body` with every byte written, in order, in pieces.
    func forEachPiece(_ body: (UnsafeRawBufferPointer) -> Void) {
        for piece in pieces { piece.withUnsafeBytes(body) }
        bytes.withUnsafeBytes(body)
    }

    /// Adds a large part (a buffer of a name table or entity records) where it lies: the writer
    /// keeps it, and nothing is copied.
    mutating func writeStored(_ part: Data) { keep(part) }

    private mutating func keep(_ part: some StoredBytes) {
        if !bytes.isEmpty {
            pieces.append(bytes)
            piecesCount += bytes.count
            bytes = []
        }
        let count = part.withUnsafeBytes(\.count)
        pieces.append(part)
        piecesCount += count
    }

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

    /// `Int32` values, as ``writeRaw(_:)-([Element])`` writes an array of them.
    mutating func writeRaw(_ values: Int32Buffer) {
        write(UInt32(values.count))
        keep(values)
    }

    /// An array of plain values (integers and structs of integers), as its memory is laid out:
    /// its count, then the array itself, kept as a stored part.
    mutating func writeRaw<Element: BitwiseCopyable>(_ values: [Element]) {
        write(UInt32(values.count))
        keep(values)
    }
}

/// Bytes a ``BinaryWriter`` keeps as they lie: `Data`, or an array (only ever of plain values:
/// ``BinaryWriter/writeRaw(_:)`` asks for them).
private protocol StoredBytes {
    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result
}

extension Array: StoredBytes {}
extension Data: StoredBytes {}
extension Int32Buffer: StoredBytes {}
