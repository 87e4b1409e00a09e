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
        self.init(collected: Self.collect(entities, tiers: wanted))
    }

    /// Indexes a whole run of entities (a pack being compiled), each under its offset in the run:
    /// the same table as ``init(entities:tiers:)``, made in blocks on the machine's cores, each
    /// block's keys gathered and sorted on its own, then merged.
    public init(run entities: EntityStore, tiers wanted: Set<Tier> = lookupTiers) {
        let blockSize = 2048
        let blocks = parallelMap((entities.count + blockSize - 1) / blockSize) { block in
            let range = (block * blockSize)..<min(entities.count, (block + 1) * blockSize)
            var tiers = Self.collect(range.lazy.map { (Int32($0), entities[$0]) }, tiers: wanted)
            for tier in tiers.indices { tiers[tier].sort() }
            return tiers
        }
        guard var tiers = blocks.first else {
            self.init(collected: [TierBuilder](repeating: TierBuilder(), count: Tier.allCases.count))
            return
        }
        for block in blocks.dropFirst() {
            for tier in tiers.indices { tiers[tier].append(block[tier]) }
        }
        self.init(collected: tiers)
    }

    /// The tiers of `entities`' names, unsorted.
    private static func collect(
        _ entities: some Sequence<(position: Int32, entity: Entity)>, tiers wanted: Set<Tier>
    ) -> [TierBuilder] {
        var tiers = [TierBuilder](repeating: TierBuilder(), count: Tier.allCases.count)
        let lookup = !wanted.isDisjoint(with: Self.lookupTiers)
        var looseKeys: [String] = []
        for (position, entity) in entities {
            if lookup { Self.addLookupKeys(of: entity, position, to: &tiers, looseKeys: &looseKeys) }
            if wanted.contains(.completion) {
                // Each name lowercased, and from each later word on: the same bytes, from an offset.
                for name in [entity.label] + entity.synonyms + [entity.id] {
                    tiers[Tier.completion.rawValue].add(name.lowercased(), position, alsoFromEachWord: true)
                }
            }
        }
        for tier in Tier.allCases where !wanted.contains(tier) { tiers[tier.rawValue] = TierBuilder() }
        return tiers
    }

    /// The table of collected tiers, each sorted on the machine's cores (the largest first).
    private init(collected tiers: [TierBuilder]) {
        let order = tiers.indices.sorted { tiers[$0].entries.count > tiers[$1].entries.count }
        let made = parallelMap(order.count) { tiers[order[$0]].buffer() }
        var buffers = [Data](repeating: Data(), count: tiers.count)
        for (slot, tier) in order.enumerated() { buffers[tier] = made[slot] }
        self.buffers = buffers
    }

    /// Files an entity's id, xrefs, label, synonyms, slug and loose forms in their tiers.
    private static func addLookupKeys(of entity: Entity, _ position: Int32, to tiers: inout [TierBuilder], looseKeys: inout [String]) {
        tiers[Tier.id.rawValue].add(entity.id.lowercased(), position)
        for xref in entity.xrefs { tiers[Tier.xref.rawValue].add(xref.uppercased(), position) }
        let labelKey = NameKey.exact(entity.label)
        tiers[Tier.label.rawValue].add(labelKey, position)
        looseKeys.removeAll(keepingCapacity: true)
        looseKeys.append(NameKey.looseKey(fromExact: labelKey))
        for name in entity.synonyms {
            let key = NameKey.exact(name)
            if key != labelKey { tiers[Tier.synonym.rawValue].add(key, position) }
            let looseKey = NameKey.looseKey(fromExact: key)
            if !looseKeys.contains(looseKey) { looseKeys.append(looseKey) }
        }
        // A numeric slug (HP:0001250 → 0001250) is no name.
        let slug = entity.slug
        if !Self.isNumeric(slug) {
            let key = NameKey.exact(String(slug))
            if key != labelKey { tiers[Tier.slug.rawValue].add(key, position) }
            let looseKey = NameKey.looseKey(fromExact: key)
            if !looseKeys.contains(looseKey) { looseKeys.append(looseKey) }
        }
        for key in looseKeys { tiers[Tier.loose.rawValue].add(key, position) }
    }

    /// Whether every character of `text` is a number (ASCII digits read as bytes).
    private static func isNumeric(_ text: Substring) -> Bool {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        return text.allSatisfy(\.isNumber)
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
    private struct TierBuilder {
        var keys: [UInt8] = []
        /// Key offset and length, entity, and the key's first 8 bytes (big-endian) to sort by.
        var entries: [(offset: UInt32, length: UInt32, entity: Int32, prefix: UInt64)] = []

        mutating func add(_ key: String, _ position: Int32, alsoFromEachWord: Bool = false) {
            var key = key
            let start = keys.count
            key.withUTF8 { keys.append(contentsOf: $0) }
            let length = keys.count - start
            entries.append(entry(start, length, position))
            guard alsoFromEachWord, length > 1 else { return }
            // The keys of ``NameTable/completionKeys(of:)``, read off the bytes just stored.
            for offset in start..<(start + length - 1) where NameTable.isWordSeparator(keys[offset]) {
                entries.append(entry(offset + 1, start + length - offset - 1, position))
            }
        }

        private func entry(_ offset: Int, _ length: Int, _ position: Int32) -> (offset: UInt32, length: UInt32, entity: Int32, prefix: UInt64) {
            var prefix: UInt64 = 0
            for index in 0..<8 { prefix = prefix << 8 | UInt64(index < length ? keys[offset + index] : 0) }
            return (UInt32(offset), UInt32(length), position, prefix)
        }

        /// Sorts the entries by key bytes, then entity; equal entries keep their order (so blocks
        /// sorted one by one, appended in order and sorted again come out as if sorted at once).
        mutating func sort() {
            entries = keys.withUnsafeBytes { raw in
                entries.sorted { left, right in
                    if left.prefix != right.prefix { return left.prefix < right.prefix }
                    let order = compareBytes(UnsafeRawBufferPointer(rebasing: raw[Int(left.offset)..<Int(left.offset + left.length)]),
                                             UnsafeRawBufferPointer(rebasing: raw[Int(right.offset)..<Int(right.offset + right.length)]))
                    return order != 0 ? order < 0 : left.entity < right.entity
                }
            }
        }

        /// Appends another builder's keys and entries after these.
        mutating func append(_ other: TierBuilder) {
            let shift = UInt32(keys.count)
            keys += other.keys
            entries += other.entries.lazy.map { ($0.offset + shift, $0.length, $0.entity, $0.prefix) }
        }

        /// The tier's buffer: count, entries sorted (see ``sort()``), key bytes.
        func buffer() -> Data {
            var tier = self
            tier.sort()
            let sorted = tier.entries
            var bytes: [UInt8] = []
            let keyBase = 4 + sorted.count * NameTable.entrySize
            bytes.reserveCapacity(keyBase + keys.count)
            NameTable.append(UInt32(sorted.count), to: &bytes)
            for entry in sorted {
                NameTable.append(UInt32(keyBase) + entry.offset, to: &bytes)
                NameTable.append(entry.length, to: &bytes)
                NameTable.append(UInt32(bitPattern: entry.entity), to: &bytes)
            }
            bytes += keys
            return Data(bytes)
        }
    }

    fileprivate static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value) { bytes += $0 }
    }

    /// Adopts buffers read from a file, after checking that every entry lies inside its buffer and
    /// names a position below `entityCount`; returns what is wrong, or the table.
    /// `checked` is called with each tier's number once it has been checked (a reader of a mapped
    /// file hands those pages back then).
    public static func validated(
        _ buffers: [Data], entityCount: Int, checked: (Int) -> Void = { _ in }
    ) -> Result<NameTable, NameTableError> {
        guard buffers.count == Tier.allCases.count else { return .failure(NameTableError("the name table has \(buffers.count) tiers")) }
        for (tier, buffer) in buffers.enumerated() {
            let problem: String? = buffer.withUnsafeBytes { raw in
                guard raw.count >= 4 else { return "tier \(tier) is truncated" }
                let count = Int(raw.loadUnaligned(as: UInt32.self))
                guard count <= (raw.count - 4) / entrySize else { return "tier \(tier) counts \(count) names" }
                // Every entry checked in one pass with no early exit; searched again only if one is outside.
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
                guard outside, let index = (0..<count).first(where: { !inside($0) }) else { return nil }
                return "name \(index) of tier \(tier) points outside its table"
            }
            if let problem { return .failure(NameTableError(problem)) }
            checked(tier)
        }
        return .success(NameTable(checked: buffers))
    }

    private init(checked buffers: [Data]) { self.buffers = buffers }

    /// The positions filed under `key` in a tier.
    public func positions(for key: String, in tier: Tier) -> [Int32] {
        var key = key
        return key.withUTF8 { target in
            Self.entries(of: buffers[tier.rawValue]) { table in
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
            Self.entries(of: buffers[tier.rawValue]) { table in
                var low = table.lowerBound(of: target)
                while low < table.count, table.hasPrefix(low, target), body(table.key(low), table.entity(low)) { low += 1 }
            }
        }
    }

    /// Every key of a tier with its positions, in key order.
    public func all(in tier: Tier) -> [(key: String, positions: [Int32])] {
        Self.entries(of: buffers[tier.rawValue]) { table in
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
    /// is valid only inside the call (buffers are checked when built or adopted, so reads stay inside).
    private static func entries<Result>(of buffer: Data, _ body: (Entries) -> Result) -> Result {
        buffer.withUnsafeBytes { raw in body(Entries(raw: raw)) }
    }

    /// A tier's entries over its raw bytes.
    private struct Entries {
        let raw: UnsafeRawBufferPointer
        /// The entry count, never more than the buffer holds (a buffer is checked once, when adopted;
        /// these clamps keep reads inside it even if the file under a mapping changed since).
        var count: Int { raw.count >= 4 ? min(Int(raw.loadUnaligned(as: UInt32.self)), (raw.count - 4) / NameTable.entrySize) : 0 }

        func entity(_ index: Int) -> Int32 { raw.loadUnaligned(fromByteOffset: 4 + index * NameTable.entrySize + 8, as: Int32.self) }

        private func keyBytes(_ index: Int) -> UnsafeRawBufferPointer {
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
