import Foundation

/// The names of a run of entities, sorted for binary search, in one flat buffer per tier that a
/// compiled pack snapshot stores as it is and reads in place (a slice of the mapped file: nothing
/// is hashed, copied or allocated per name when a pack loads).
///
/// Tiers are those of ``NameIndex`` — lowercased id, uppercased cross-reference, exact label,
/// exact synonym, exact slug, loose form — and, for completion at the REPL, every label, synonym
/// and id lowercased and also from each later word on ("sign" finds "Lhermitte's sign"; left
/// empty unless asked for). A tier's buffer holds a count (UInt32), then one
/// 12-byte entry per name — key offset and length (UInt32) and entity position (Int32), in the
/// byte order of the machine that wrote it (snapshots record theirs) — sorted by key bytes, then
/// the keys' UTF-8 bytes.
public struct NameTable: Sendable, Equatable {
    /// The tiers, in lookup order.
    public enum Tier: Int, CaseIterable, Sendable {
        case id, xref, label, synonym, slug, loose, completion
    }

    /// One buffer per tier, in ``Tier`` order.
    public let buffers: [Data]

    static let entrySize = 12

    /// The tiers ``NameIndex`` looks names up in (all but completion).
    public static let lookupTiers: Set<Tier> = Set(Tier.allCases).subtracting([.completion])

    /// Indexes the names of `entities`, each under its position as given, in `tiers` (the others
    /// are left empty).
    public init(entities: some Sequence<(position: Int32, entity: Entity)>, tiers wanted: Set<Tier> = lookupTiers) {
        var tiers = [TierBuilder](repeating: TierBuilder(), count: Tier.allCases.count)
        Self.collect(tiers: wanted, into: &tiers) { body in for (position, entity) in entities { body(position, entity) } }
        self.init(sorting: tiers)
    }

    /// The table of collected tiers, each sorted on the machine's cores, the largest first.
    private init(sorting tiers: consuming [TierBuilder]) {
        let sorting = Sorting(tiers)
        _ = parallelMap(sorting.jobs.count) { sorting.jobs[$0]() }
        self = sorting.table()
    }

    /// A table of sorted tier buffers.
    private init(sorted buffers: [Data]) {
        self.buffers = buffers
        tierIsInside = { _ in true }
    }

    /// Collected tiers being sorted by jobs, one per tier, the largest first, that may run on any
    /// thread (a compile shares them between its two halves: ``SharedJobs``); each sorts its
    /// tier's entries where they lie and frees them once the buffer is written. ``table()`` is
    /// asked for once, when every job has run or will (it waits for them).
    package final class Sorting: Sendable {
        /// The jobs, each to run once.
        package let jobs: [@Sendable () -> Void]
        private let sorted: [ReadySlot<Data>]

        fileprivate init(_ tiers: consuming [TierBuilder]) {
            let order = tiers.indices.sorted { tiers[$0].entries.count > tiers[$1].entries.count }
            // Each tier moves into a slot of its own (held nowhere else, so that its job sorts it in place).
            let collected = tiers.map { tier in
                let slot = ReadySlot<TierBuilder>()
                slot.fill(tier)
                return slot
            }
            let sorted = collected.map { _ in ReadySlot<Data>() }
            jobs = order.map { tier in { @Sendable in
                var builder = collected[tier].take()
                sorted[tier].fill(builder.takeBuffer())
            } }
            self.sorted = sorted
        }

        /// The table, once every job has run.
        package func table() -> NameTable { NameTable(sorted: sorted.map { $0.take() }) }
    }

    /// Collects the names of a run of entities (a pack being compiled), each under its offset in
    /// the run, a part at a time — an ontology's terms on one core while its annotations are added
    /// on the other — then sorts them into the table ``init(entities:tiers:)`` makes of the same
    /// entities. The entities collected must not change after.
    public struct Collector: Sendable {
        private var tiers = [TierBuilder](repeating: TierBuilder(), count: Tier.allCases.count)
        private let wanted: Set<Tier>
        /// How many entities of the run have been collected.
        public private(set) var count = 0

        public init(tiers wanted: Set<Tier> = NameTable.lookupTiers) { self.wanted = wanted }

        /// Collects the entities of `run` from ``count`` on (`run` begins with those collected so far).
        public mutating func collect(_ run: EntityStore) {
            guard run.count > count else { return }
            NameTable.collect(tiers: wanted, into: &tiers) { body in run.forEachEntity(from: count) { body(Int32($0), $1) } }
            count = run.count
        }

        /// The table of what was collected, its tiers sorted on the machine's cores.
        public consuming func table() -> NameTable {
            // Moved out, so that each tier is sorted where it lies (no other reference to copy for).
            let collected = tiers
            tiers = []
            return NameTable(sorting: collected)
        }

        /// What was collected, to be sorted by jobs that other work shares (``Sorting``).
        package consuming func sorting() -> Sorting {
            let collected = tiers
            tiers = []
            return Sorting(collected)
        }
    }

    /// Files the names of the entities that `entities` passes on (with their positions) in the
    /// `wanted` tiers of `tiers`, unsorted.
    private static func collect(
        tiers wanted: Set<Tier>, into tiers: inout [TierBuilder], _ entities: ((Int32, borrowing Entity) -> Void) -> Void
    ) {
        let lookup = !wanted.isDisjoint(with: Self.lookupTiers)
        let completion = wanted.contains(.completion)
        var scratch = Scratch()
        entities { position, entity in
            if lookup { Self.addLookupKeys(of: entity, position, to: &tiers, scratch: &scratch) }
            if completion {
                // Each name lowercased, and from each later word on: the same bytes, from an offset.
                func add(_ name: String) {
                    tiers[Tier.completion.rawValue].add(position, alsoFromEachWord: true) {
                        NameKey.appendCased(name, uppercase: false, to: &$0)
                    }
                }
                add(entity.label)
                for synonym in entity.synonyms { add(synonym) }
                add(entity.id)
            }
        }
        for tier in Tier.allCases where !wanted.contains(tier) { tiers[tier.rawValue] = TierBuilder() }
    }

    /// Keys of one entity, made once and reused from one entity to the next.
    private struct Scratch {
        var label: [UInt8] = []
        var key: [UInt8] = []
        /// The entity's distinct loose keys, one after another, and where each lies.
        var loose: [UInt8] = []
        var looseRanges: [Range<Int>] = []

        /// Adds the loose key of an exact key unless the entity has it already.
        mutating func addLoose(fromExact exact: [UInt8]) {
            let start = loose.count
            NameKey.appendLoose(fromExact: exact, to: &loose)
            let new = start..<loose.count
            let seen = loose.withUnsafeBytes { bytes in
                looseRanges.contains { sameBytes(UnsafeRawBufferPointer(rebasing: bytes[$0]), UnsafeRawBufferPointer(rebasing: bytes[new])) }
            }
            if seen {
                loose.removeSubrange(new)
            } else {
                looseRanges.append(new)
            }
        }
    }

    /// Files an entity's id, xrefs, label, synonyms, slug and loose forms in their tiers.
    private static func addLookupKeys(of entity: borrowing Entity, _ position: Int32, to tiers: inout [TierBuilder], scratch: inout Scratch) {
        tiers[Tier.id.rawValue].add(position) { NameKey.appendCased(entity.id, uppercase: false, to: &$0) }
        for xref in entity.xrefs { tiers[Tier.xref.rawValue].add(position) { NameKey.appendCased(xref, uppercase: true, to: &$0) } }
        scratch.label.removeAll(keepingCapacity: true)
        NameKey.appendExact(entity.label, to: &scratch.label)
        tiers[Tier.label.rawValue].add(scratch.label, position)
        scratch.loose.removeAll(keepingCapacity: true)
        scratch.looseRanges.removeAll(keepingCapacity: true)
        scratch.addLoose(fromExact: scratch.label)
        // Each synonym, then the slug, unless it is numeric (HP:0001250 → 0001250 is no name).
        func add(_ name: String, to tier: Tier) {
            scratch.key.removeAll(keepingCapacity: true)
            NameKey.appendExact(name, to: &scratch.key)
            if scratch.key != scratch.label { tiers[tier.rawValue].add(scratch.key, position) }
            scratch.addLoose(fromExact: scratch.key)
        }
        for synonym in entity.synonyms { add(synonym, to: .synonym) }
        let slug = entity.slug
        if !Self.isNumeric(slug) { add(String(slug), to: .slug) }
        for range in scratch.looseRanges { tiers[Tier.loose.rawValue].add(scratch.loose[range], position) }
    }

    /// Whether every character of `text` is a number: ASCII digits read as bytes, in one pass; a
    /// text that is not ASCII by its characters.
    private static func isNumeric(_ text: Substring) -> Bool {
        var digits = true
        for byte in text.utf8 {
            if byte >= 0x80 { return text.allSatisfy(\.isNumber) }
            if byte < 0x30 || byte > 0x39 { digits = false }
        }
        return digits
    }

    /// The completion keys of a lowercased name: the whole name, then the name from each later
    /// word on (a word starts after a space or a hyphen), so "sign" finds "Lhermitte's sign".
    /// Separators are found by byte (an ASCII byte is never part of another character's UTF-8).
    public static func completionKeys(of lowered: String) -> [Substring] {
        var keys = [lowered[...]]
        let utf8 = lowered.utf8
        var index = utf8.startIndex
        while let separator = utf8[index...].firstIndex(where: isWordSeparator) {
            index = utf8.index(after: separator)
            if index < utf8.endIndex { keys.append(lowered[index...]) }
        }
        return keys
    }

    /// A space or a hyphen, after which a completion key starts.
    @inline(__always)
    private static func isWordSeparator(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x2D }

    /// Collects one tier: every key's bytes once, in one array, and entries that point into it.
    fileprivate struct TierBuilder {
        var keys: [UInt8] = []
        var entries: [Entry] = []

        /// Key offset and length, entity, and 8 of the key's bytes (big-endian) to sort by: its
        /// first 8, then, while a run sharing them is sorted, the 8 after those, and so on.
        struct Entry {
            var offset: UInt32
            var length: UInt32
            var entity: Int32
            var prefix: UInt64
        }

        mutating func add(_ key: some Collection<UInt8>, _ position: Int32) {
            add(position) { $0 += key }
        }

        /// Files under `position` the key that `write` appends to the key bytes (and, with
        /// `alsoFromEachWord`, the keys of ``NameTable/completionKeys(of:)``, read off those bytes).
        mutating func add(_ position: Int32, alsoFromEachWord: Bool = false, writing write: (inout [UInt8]) -> Void) {
            let start = keys.count
            write(&keys)
            let length = keys.count - start
            entries.append(entry(start, length, position))
            guard alsoFromEachWord, length > 1 else { return }
            for offset in start..<(start + length - 1) where NameTable.isWordSeparator(keys[offset]) {
                entries.append(entry(offset + 1, start + length - offset - 1, position))
            }
        }

        private func entry(_ offset: Int, _ length: Int, _ position: Int32) -> Entry {
            var entry = Entry(offset: UInt32(offset), length: UInt32(length), entity: position, prefix: 0)
            entry.prefix = keys.withUnsafeBytes { Self.prefix(of: entry, from: 0, keys: $0) }
            return entry
        }

        /// Sorts the entries where they lie by key bytes, then entity, then where the key lies: a total order, so
        /// the table is the same however its names were gathered. A radix sort on the first 8
        /// bytes; then each run that shares them is sorted the same way on the next 8 bytes, and
        /// so on, until a run is short or its keys end (then it is sorted by comparison).
        mutating func sortEntries() {
            guard entries.count > 1 else { return }
            keys.withUnsafeBytes { raw in
                entries.withUnsafeMutableBufferPointer { buffer in
                    let sorter = RunSorter(keys: raw, capacity: buffer.count)
                    defer { sorter.deallocate() }
                    sorter.sortByPrefix(buffer)
                    sorter.sortRuns(of: buffer, depth: 0)
                }
            }
        }

        /// The 8 bytes of an entry's key from `depth` on, big-endian, zeros past its end.
        fileprivate static func prefix(of entry: Entry, from depth: Int, keys: UnsafeRawBufferPointer) -> UInt64 {
            let length = Int(entry.length), offset = Int(entry.offset)
            if depth + 8 <= length {
                return UInt64(bigEndian: keys.loadUnaligned(fromByteOffset: offset + depth, as: UInt64.self))
            }
            var prefix: UInt64 = 0
            for index in depth..<(depth + 8) { prefix = prefix << 8 | UInt64(index < length ? keys[offset + index] : 0) }
            return prefix
        }

        /// The tier's buffer — count, entries sorted (see ``sortEntries()``), key bytes — made
        /// sorting the entries where they lie; the tier is left empty.
        mutating func takeBuffer() -> Data {
            sortEntries()
            defer { self = TierBuilder() }
            let sorted = entries
            let keyBase = 4 + sorted.count * NameTable.entrySize
            var buffer = Data(count: keyBase + keys.count)
            buffer.withUnsafeMutableBytes { raw in
                raw.storeBytes(of: UInt32(sorted.count), toByteOffset: 0, as: UInt32.self)
                for (index, entry) in sorted.enumerated() {
                    let at = 4 + index * NameTable.entrySize
                    raw.storeBytes(of: UInt32(keyBase) + entry.offset, toByteOffset: at, as: UInt32.self)
                    raw.storeBytes(of: entry.length, toByteOffset: at + 4, as: UInt32.self)
                    raw.storeBytes(of: UInt32(bitPattern: entry.entity), toByteOffset: at + 8, as: UInt32.self)
                }
                keys.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: raw[keyBase...]).copyMemory(from: $0) }
            }
            return buffer
        }
    }

    /// Sorts a tier's entries: one spare buffer and one table of counts, allocated once and
    /// reused by every run.
    private struct RunSorter {
        typealias Entry = TierBuilder.Entry
        let keys: UnsafeRawBufferPointer
        private let spare: UnsafeMutableBufferPointer<Entry>
        private let counts: UnsafeMutableBufferPointer<Int>

        init(keys: UnsafeRawBufferPointer, capacity: Int) {
            self.keys = keys
            spare = .allocate(capacity: capacity)
            counts = .allocate(capacity: 8 * 256)
            counts.initialize(repeating: 0)
        }

        func deallocate() {
            spare.deallocate()
            counts.deallocate()
        }

        /// Sorts in full each run of `buffer` (sorted by the 8 key bytes from `depth` on, held in
        /// `prefix`) whose entries share those bytes.
        func sortRuns(of buffer: UnsafeMutableBufferPointer<Entry>, depth: Int) {
            var start = 0
            while start < buffer.count {
                var end = start + 1
                while end < buffer.count, buffer[end].prefix == buffer[start].prefix { end += 1 }
                if end - start > 1 {
                    let run = UnsafeMutableBufferPointer(rebasing: buffer[start..<end])
                    let next = depth + 8
                    if run.count <= 32 || !run.contains(where: { Int($0.length) > next }) {
                        // Few, or every key ends within these bytes: compared by the bytes after
                        // them (those before are the same in all).
                        sortByComparison(run, from: next)
                    } else {
                        for index in run.indices { run[index].prefix = TierBuilder.prefix(of: run[index], from: next, keys: keys) }
                        sortByPrefix(run)
                        sortRuns(of: run, depth: next)
                    }
                }
                start = end
            }
        }

        /// Sorts `run`, whose keys are the same (zeros past their end) up to `depth`, by key bytes
        /// from `depth` on, then length, entity and offset: an insertion sort when short, else the
        /// standard library's.
        private func sortByComparison(_ run: UnsafeMutableBufferPointer<Entry>, from depth: Int) {
            var run = run
            let keys = self.keys
            func precedes(_ left: Entry, _ right: Entry) -> Bool {
                let order = compareBytes(
                    UnsafeRawBufferPointer(rebasing: keys[(Int(left.offset) + min(depth, Int(left.length)))..<Int(left.offset + left.length)]),
                    UnsafeRawBufferPointer(rebasing: keys[(Int(right.offset) + min(depth, Int(right.length)))..<Int(right.offset + right.length)]))
                if order != 0 { return order < 0 }
                // Both ended before `depth` (the same bytes, zeros after the shorter): shorter first.
                if left.length != right.length { return left.length < right.length }
                return left.entity != right.entity ? left.entity < right.entity : left.offset < right.offset
            }
            guard run.count <= 32 else { return run.sort(by: precedes) }
            for index in 1..<run.count {
                let entry = run[index]
                var slot = index
                while slot > 0, precedes(entry, run[slot - 1]) {
                    run[slot] = run[slot - 1]
                    slot -= 1
                }
                run[slot] = entry
            }
        }

        /// Sorts `run` by prefix, equal ones as they came (a stable radix sort, a byte at a time
        /// from the last; a byte that is the same in every prefix is skipped).
        ///
        /// The counts are all zero between calls, and an empty bucket is never written: a short
        /// run sets back only the buckets its entries used. (Clearing all 2,048 for each of the
        /// 2,700 runs the HPO's tiers sort took 45 M of the sort's 285 M instructions; 245 M now.)
        func sortByPrefix(_ run: UnsafeMutableBufferPointer<Entry>) {
            guard run.count > 1 else { return }
            @inline(__always) func bucket(_ entry: Entry, _ digit: Int) -> Int {
                digit * 256 + Int(UInt8(truncatingIfNeeded: entry.prefix >> (8 * UInt64(digit))))
            }
            for entry in run {
                for digit in 0..<8 { counts[bucket(entry, digit)] += 1 }
            }
            let other = UnsafeMutableBufferPointer(rebasing: spare[0..<run.count])
            var (source, target) = (run, other)
            // A byte that every prefix shares fills one bucket with the whole run.
            for digit in 0..<8 where counts[bucket(run[0], digit)] != run.count {
                var next = 0
                for index in (digit * 256)..<(digit * 256 + 256) where counts[index] != 0 {
                    (counts[index], next) = (next, next + counts[index])
                }
                for entry in source {
                    let index = bucket(entry, digit)
                    target[counts[index]] = entry
                    counts[index] += 1
                }
                swap(&source, &target)
            }
            if source.baseAddress != run.baseAddress, let from = source.baseAddress, let to = run.baseAddress {
                to.update(from: from, count: run.count)
            }
            if run.count < 256 {
                for entry in run {
                    for digit in 0..<8 { counts[bucket(entry, digit)] = 0 }
                }
            } else {
                counts.update(repeating: 0)
            }
        }
    }

    /// Adopts buffers read from a file, after checking that there is one per tier and that each
    /// holds the entries it counts; returns what is wrong, or the table. Each tier's entries are
    /// checked — inside its buffer, naming a position below `entityCount` — when it is first
    /// searched (a query by id reads one tier of seven: the others' pages are never touched), and
    /// a tier that fails acts as empty. (A snapshot's checksum has passed by then: only a file
    /// changed under its mapping, or a fuzzer's input, can fail.)
    public static func validated(_ buffers: [Data], entityCount: Int) -> Result<NameTable, NameTableError> {
        guard buffers.count == Tier.allCases.count else { return .failure(NameTableError("the name table has \(buffers.count) tiers")) }
        for (tier, buffer) in buffers.enumerated() {
            let problem: String? = buffer.withUnsafeBytes { raw in
                guard raw.count >= 4 else { return "tier \(tier) is truncated" }
                let count = Int(raw.loadUnaligned(as: UInt32.self))
                return count <= (raw.count - 4) / entrySize ? nil : "tier \(tier) counts \(count) names"
            }
            if let problem { return .failure(NameTableError(problem)) }
        }
        return .success(NameTable(adopted: buffers, entityCount: entityCount))
    }

    private init(adopted buffers: [Data], entityCount: Int) {
        self.buffers = buffers
        let checks = buffers.map { _ in LazyValue<Bool>() }
        tierIsInside = { tier in
            checks[tier.rawValue].value { Self.firstOutside(in: buffers[tier.rawValue], entityCount: entityCount) == nil }
        }
    }

    /// Whether a tier's entries all lie inside it (checked once, on first use, for an adopted table).
    private let tierIsInside: @Sendable (Tier) -> Bool

    public static func == (left: NameTable, right: NameTable) -> Bool { left.buffers == right.buffers }

    /// The first entry of a tier buffer that points outside it or names a position not below
    /// `entityCount` (every entry checked in one pass with no early exit; searched again only if
    /// one is outside).
    static func firstOutside(in buffer: Data, entityCount: Int) -> Int? {
        buffer.withUnsafeBytes { raw in
            let count = Entries(raw: raw).count
            let keysStart = 4 + count * entrySize
            func inside(_ index: Int) -> Bool {
                let entry = 4 + index * entrySize
                let offset = Int(raw.loadUnaligned(fromByteOffset: entry, as: UInt32.self))
                let length = Int(raw.loadUnaligned(fromByteOffset: entry + 4, as: UInt32.self))
                let entity = Int(raw.loadUnaligned(fromByteOffset: entry + 8, as: Int32.self))
                return (offset >= keysStart) && (offset + length <= raw.count) && (UInt(bitPattern: entity) < UInt(entityCount))
            }
            var outside = false
            for index in 0..<count { outside = !inside(index) || outside }
            return outside ? (0..<count).first { !inside($0) } : nil
        }
    }

    /// The positions filed under `key` in a tier.
    public func positions(for key: String, in tier: Tier) -> [Int32] {
        var key = key
        return key.withUTF8 { target in
            entries(of: tier) { table in
                var low = table.lowerBound(of: target)
                var found: [Int32] = []
                while low < table.count, table.compare(low, with: target) == 0 {
                    found.append(table.entity(low))
                    low += 1
                }
                return found
            }
        }
    }

    /// Calls `body` with every key of a tier that starts with `prefix` and its position, in key
    /// order, until it returns `false`.
    public func forEach(startingWith prefix: String, in tier: Tier, _ body: (String, Int32) -> Bool) {
        var prefix = prefix
        prefix.withUTF8 { target in
            entries(of: tier) { table in
                var low = table.lowerBound(of: target)
                while low < table.count, table.hasPrefix(low, target), body(table.key(low), table.entity(low)) { low += 1 }
            }
        }
    }

    /// Calls `body` with every key of a tier (its UTF-8 bytes, valid only during the call) and
    /// its position, in key order: a key filed under several positions comes once for each.
    public func forEachKey(in tier: Tier, _ body: (UnsafeRawBufferPointer, Int32) -> Void) {
        entries(of: tier) { table in
            for index in 0..<table.count { body(table.keyBytes(index), table.entity(index)) }
        }
    }

    /// Every key of a tier with its positions, in key order.
    public func all(in tier: Tier) -> [(key: String, positions: [Int32])] {
        entries(of: tier) { table in
            var result: [(key: String, positions: [Int32])] = []
            for index in 0..<table.count {
                let key = table.key(index)
                if let last = result.last, last.key == key {
                    result[result.count - 1].positions.append(table.entity(index))
                } else {
                    result.append((key, [table.entity(index)]))
                }
            }
            return result
        }
    }

    /// The one place that reads a tier buffer's raw bytes: hands `body` a view of the entries that
    /// is valid only inside the call (a tier is built right or checked before its first use, so
    /// reads stay inside; one that failed its check is seen empty).
    private func entries<Result>(of tier: Tier, _ body: (Entries) -> Result) -> Result {
        guard tierIsInside(tier) else { return body(Entries(raw: UnsafeRawBufferPointer(start: nil, count: 0))) }
        return buffers[tier.rawValue].withUnsafeBytes { raw in body(Entries(raw: raw)) }
    }

    /// A tier's entries over its raw bytes.
    private struct Entries {
        let raw: UnsafeRawBufferPointer
        /// The entry count, never more than the buffer holds (a buffer is checked once, when adopted;
        /// these clamps keep reads inside it even if the file under a mapping changed since).
        var count: Int { raw.count >= 4 ? min(Int(raw.loadUnaligned(as: UInt32.self)), (raw.count - 4) / NameTable.entrySize) : 0 }

        func entity(_ index: Int) -> Int32 { raw.loadUnaligned(fromByteOffset: 4 + index * NameTable.entrySize + 8, as: Int32.self) }

        func keyBytes(_ index: Int) -> UnsafeRawBufferPointer {
            let entry = 4 + index * NameTable.entrySize
            let offset = min(Int(raw.loadUnaligned(fromByteOffset: entry, as: UInt32.self)), raw.count)
            let length = min(Int(raw.loadUnaligned(fromByteOffset: entry + 4, as: UInt32.self)), raw.count - offset)
            return UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length)])
        }

        func key(_ index: Int) -> String { String(decoding: keyBytes(index), as: UTF8.self) }

        /// The first entry whose key is not below `target` (binary search).
        func lowerBound(of target: UnsafeBufferPointer<UInt8>) -> Int {
            var low = 0, high = count
            while low < high {
                let middle = (low + high) / 2
                if compare(middle, with: target) < 0 { low = middle + 1 } else { high = middle }
            }
            return low
        }

        /// Whether the entry's key starts with `prefix`.
        func hasPrefix(_ index: Int, _ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
            let key = keyBytes(index)
            return key.count >= prefix.count && zip(key, prefix).allSatisfy { $0 == $1 }
        }

        /// The entry's key compared with `target`, bytewise: negative, zero or positive.
        func compare(_ index: Int, with target: UnsafeBufferPointer<UInt8>) -> Int {
            compareBytes(keyBytes(index), UnsafeRawBufferPointer(target))
        }
    }
}

/// Why a stored name table was refused.
public struct NameTableError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
