/// Reads what ``BinaryWriter`` wrote, checking every length against the bytes left: a truncated or
/// damaged file gives a ``SnapshotError/corrupt(_:)`` naming the offset, never a crash.
///
/// Sendable because its bytes are only ever read (a mapped file, or a buffer nobody writes while
/// a reader lives) and its offset is its own value.
struct BinaryReader: @unchecked Sendable {
    private let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var isAtEnd: Bool { offset == bytes.count }

    /// The bytes read since `start` (an earlier ``offset``).
    func bytesRead(since start: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[start..<offset]) }

    private mutating func take(_ count: Int) throws(SnapshotError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= bytes.count - offset else {
            throw .corrupt("truncated at byte \(offset) (wanted \(count) more bytes, \(bytes.count - offset) left)")
        }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    /// The next `count` bytes, where they lie.
    mutating func bytes(_ count: Int) throws(SnapshotError) -> UnsafeRawBufferPointer { try take(count) }

    mutating func uint32() throws(SnapshotError) -> UInt32 {
        let raw = try take(4)
        return UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self))
    }

    mutating func uint64() throws(SnapshotError) -> UInt64 {
        let raw = try take(8)
        return UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
    }

    mutating func int64() throws(SnapshotError) -> Int64 { Int64(bitPattern: try uint64()) }

    mutating func uint8() throws(SnapshotError) -> UInt8 { try take(1)[0] }

    mutating func bool() throws(SnapshotError) -> Bool {
        let byte = try uint8()
        guard byte <= 1 else { throw .corrupt("bad flag \(byte) at byte \(offset - 1)") }
        return byte == 1
    }

    mutating func string() throws(SnapshotError) -> String {
        guard let text = try optionalString() else { throw .corrupt("missing text at byte \(offset - 4)") }
        return text
    }

    mutating func optionalString() throws(SnapshotError) -> String? {
        let length = try uint32()
        if length == UInt32.max { return nil }
        return String(decoding: try take(Int(length)), as: UTF8.self)
    }

    /// Steps over `count` records of `fields` strings each (the last one optional), checking only
    /// their lengths, and returns where each record starts, counted from the first: one tight
    /// pass over the lengths (a snapshot's 21,613 provenance records are read so at open).
    mutating func recordStarts(count: Int, fields: Int) throws(SnapshotError) -> [Int] {
        var starts: [Int] = []
        starts.reserveCapacity(count)
        let first = offset
        var at = offset
        for _ in 0..<count {
            starts.append(at - first)
            for field in 0..<fields {
                guard bytes.count - at >= 4 else { throw .corrupt("truncated at byte \(at) (wanted 4 more bytes, \(bytes.count - at) left)") }
                let length = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))
                at += 4
                if length == UInt32.max {
                    guard field == fields - 1 else { throw .corrupt("missing text at byte \(at - 4)") }
                    continue
                }
                guard Int(length) <= bytes.count - at else {
                    throw .corrupt("truncated at byte \(at) (wanted \(length) more bytes, \(bytes.count - at) left)")
                }
                at += Int(length)
            }
        }
        offset = at
        return starts
    }

    mutating func strings() throws(SnapshotError) -> [String] {
        let count = try count(minimumBytesEach: 4)
        var texts: [String] = []
        texts.reserveCapacity(count)
        for _ in 0..<count { texts.append(try string()) }
        return texts
    }

    /// A count of items that each take at least `minimumBytesEach` bytes, checked against what is left.
    mutating func count(minimumBytesEach: Int) throws(SnapshotError) -> Int {
        let count = Int(try uint32())
        guard count * minimumBytesEach <= bytes.count - offset else {
            throw .corrupt("a count of \(count) at byte \(offset - 4) exceeds the file")
        }
        return count
    }

    /// An array written by ``BinaryWriter/writeRaw(_:)``.
    mutating func raw<Element: BitwiseCopyable>(_ type: Element.Type) throws(SnapshotError) -> [Element] {
        Self.array(of: type, copying: try rawBytes(type))
    }

    /// The elements laid end to end in `source`, copied into an array.
    static func array<Element: BitwiseCopyable>(of type: Element.Type, copying source: UnsafeRawBufferPointer) -> [Element] {
        let count = source.count / MemoryLayout<Element>.stride
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            MappedFile.preferHugePages(UnsafeMutableRawBufferPointer(buffer))
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[..<(count * MemoryLayout<Element>.stride)]))
            initialized = count
        }
    }

    /// The bytes of an array written by ``BinaryWriter/writeRaw(_:)``, where they lie.
    mutating func rawBytes<Element: BitwiseCopyable>(_ type: Element.Type) throws(SnapshotError) -> UnsafeRawBufferPointer {
        let count = try count(minimumBytesEach: MemoryLayout<Element>.stride)
        return try take(count * MemoryLayout<Element>.stride)
    }
}
