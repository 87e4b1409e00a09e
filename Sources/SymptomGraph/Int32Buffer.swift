import Foundation

/// An immutable run of `Int32` values: in memory of its own, or where they lie in a mapped file
/// (a compiled pack's ranking tables are read in place, not copied out when a query first ranks).
///
/// Values are read unaligned, in the byte order of the machine that wrote them (snapshots record
/// theirs). Slices keep their positions, as `ArraySlice` does.
@frozen
public struct Int32Buffer: RandomAccessCollection, Equatable, ExpressibleByArrayLiteral, CustomStringConvertible,
    @unchecked Sendable {
    // Sendable: the bytes never change, and `owner` keeps them alive as long as any copy of the buffer.
    @usableFromInline let owner: Owner
    @usableFromInline let base: UnsafeRawPointer?
    public let count: Int

    /// What keeps a buffer's bytes alive: memory of its own, or the mapping they lie in.
    @usableFromInline
    final class Owner: Sendable {
        private nonisolated(unsafe) let owned: UnsafeMutableRawPointer?
        private let mapping: Data?

        init(owning owned: UnsafeMutableRawPointer) {
            self.owned = owned
            mapping = nil
        }

        init(mapping: Data) {
            owned = nil
            self.mapping = mapping
        }

        deinit { owned?.deallocate() }
    }

    /// A copy of `values`.
    public init(_ values: some Collection<Int32>) {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(4, values.count * 4), alignment: 4)
        let copied: Void? = values.withContiguousStorageIfAvailable { buffer in
            if let source = buffer.baseAddress { memory.copyMemory(from: source, byteCount: buffer.count * 4) }
        }
        if copied == nil {
            for (index, value) in values.enumerated() { memory.storeBytes(of: value, toByteOffset: index * 4, as: Int32.self) }
        }
        self.init(owning: memory, count: values.count)
    }

    public init(arrayLiteral values: Int32...) { self.init(values) }

    /// Whether every value lies in `0..<limit`: one pass without branches, for checking tables
    /// read from a file (a quarter million values in a few dozen microseconds).
    public func allBelow(_ limit: Int) -> Bool {
        guard limit > 0 else { return isEmpty }
        let bound = UInt32(Swift.min(limit, 1 << 31))  // a negative value, read unsigned, is at least 2^31
        return withUnsafeBytes { raw in
            var outside: UInt32 = 0
            for index in 0..<(raw.count / 4) {
                outside |= raw.loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self) >= bound ? 1 : 0
            }
            return outside == 0
        }
    }

    /// Whether no value is smaller than the one before it (one pass without branches).
    public var isNondecreasing: Bool {
        withUnsafeBytes { raw in
            var decreases: UInt32 = 0
            for index in 1..<Swift.max(1, raw.count / 4) {
                let previous = raw.loadUnaligned(fromByteOffset: (index &- 1) &* 4, as: Int32.self)
                decreases |= previous > raw.loadUnaligned(fromByteOffset: index &* 4, as: Int32.self) ? 1 : 0
            }
            return decreases == 0
        }
    }

    /// A copy of the buffer with each of `ranges` sorted: one copy of the bytes, sorted where they
    /// lie (not an array copied in, then copied again into a buffer).
    public func sortingRanges(_ ranges: some Sequence<Range<Int>>) -> Int32Buffer {
        let memory = withUnsafeBytes(Self.ownedCopy)
        let values = memory.bindMemory(to: Int32.self, capacity: count)
        for range in ranges {
            precondition(range.lowerBound >= 0 && range.upperBound <= count, "a range inside the buffer")
            var part = UnsafeMutableBufferPointer(start: values + range.lowerBound, count: range.count)
            part.sort()
        }
        return Int32Buffer(owning: memory, count: count)
    }

    /// The values in `memory`, which the buffer now owns (and frees).
    private init(owning memory: UnsafeMutableRawPointer, count: Int) {
        owner = Owner(owning: memory)
        base = UnsafeRawPointer(memory)
        self.count = count
    }

    /// Memory of its own holding a copy of `bytes` (at least 4 bytes, aligned for `Int32`).
    private static func ownedCopy(_ bytes: UnsafeRawBufferPointer) -> UnsafeMutableRawPointer {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(4, bytes.count), alignment: 4)
        if let source = bytes.baseAddress { memory.copyMemory(from: source, byteCount: bytes.count) }
        return memory
    }

    /// A copy of raw bytes (`count / 4` values).
    public init(copying bytes: UnsafeRawBufferPointer) { self.init(owning: Self.ownedCopy(bytes), count: bytes.count / 4) }

    /// The values of `bytes` (`count / 4` of them) where they lie, inside `mapping` (made by
    /// mapping a file, whose memory never moves), which the buffer keeps alive. The one place a
    /// buffer takes memory it does not own: a caller must pass bytes of that mapping.
    package init(inPlace bytes: UnsafeRawBufferPointer, of mapping: Data) {
        assert(mapping.withUnsafeBytes { whole in
            bytes.isEmpty || (bytes.baseAddress.map { $0 >= whole.baseAddress.unsafelyUnwrapped
                && $0 + bytes.count <= whole.baseAddress.unsafelyUnwrapped + whole.count } ?? false)
        }, "Int32Buffer(inPlace:of:) takes bytes that lie in the mapping")
        owner = Owner(mapping: mapping)
        base = bytes.baseAddress.map(UnsafeRawPointer.init)
        count = bytes.count / 4
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }

    @inlinable
    public subscript(position: Int) -> Int32 { View(base: base, count: count)[position] }

    /// The values as an array: one copy of their bytes (they may lie unaligned in a mapping, which
    /// `memcpy` reads as well), not a read per value as `Array(buffer)` makes.
    public var copiedToArray: [Int32] {
        [Int32](unsafeUninitializedCapacity: count) { target, initialized in
            withUnsafeBytes { source in
                if let from = source.baseAddress, let to = target.baseAddress { UnsafeMutableRawPointer(to).copyMemory(from: from, byteCount: source.count) }
            }
            initialized = count
        }
    }

    /// Calls `body` with the values' bytes.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withExtendedLifetime(owner) { try body(UnsafeRawBufferPointer(start: base, count: count * 4)) }
    }

    public static func == (left: Int32Buffer, right: Int32Buffer) -> Bool {
        left.count == right.count && left.withUnsafeBytes { a in right.withUnsafeBytes { b in compareBytes(a, b) == 0 } }
    }

    public var description: String { copiedToArray.description }

    /// Calls `body` with a view of the values that does not keep them alive, to read in a hot
    /// loop: a slice of a buffer retains and releases its owner, a slice of a view does not
    /// (0.6 ms of a cold `rank` went to counting references while scoring 8,000 diseases). The
    /// view must not be used after `body` returns.
    @inlinable
    public func withView<Result>(_ body: (View) throws -> Result) rethrows -> Result {
        try withExtendedLifetime(owner) { try body(View(base: base, count: count)) }
    }

    /// The values of a buffer, read where they lie, valid only inside ``withView(_:)``.
    @frozen
    public struct View: RandomAccessCollection {
        @usableFromInline let base: UnsafeRawPointer?
        public let count: Int

        @inlinable init(base: UnsafeRawPointer?, count: Int) {
            self.base = base
            self.count = count
        }

        @inlinable public var startIndex: Int { 0 }
        @inlinable public var endIndex: Int { count }

        @inlinable
        public subscript(position: Int) -> Int32 {
            precondition(UInt(bitPattern: position) < UInt(bitPattern: count), "Int32Buffer index out of range")
            return base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: position &* 4, as: Int32.self)
        }
    }

    /// Calls `body` with the rows that `offsets` cut `values` into (row `r` is
    /// `values[offsets[r]..<offsets[r + 1]]`), read through views (``withView(_:)``).
    @inlinable
    public static func withRows<Result>(offsets: Int32Buffer, values: Int32Buffer, _ body: (Rows) throws -> Result) rethrows -> Result {
        try offsets.withView { offsets in try values.withView { values in try body(Rows(offsets: offsets, values: values)) } }
    }

    /// Rows of values read through views, valid only inside ``withRows(offsets:values:_:)``.
    @frozen
    public struct Rows {
        @usableFromInline let offsets: View
        @usableFromInline let values: View

        @inlinable init(offsets: View, values: View) {
            self.offsets = offsets
            self.values = values
        }

        @inlinable
        public subscript(row: Int) -> Slice<View> {
            values[Int(offsets[row])..<Int(offsets[row + 1])]
        }
    }
}
