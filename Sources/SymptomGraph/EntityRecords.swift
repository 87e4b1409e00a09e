import Foundation

/// A run of entities stored as records in one flat buffer, read where it lies: a compiled pack
/// snapshot keeps it in its mapped file, so opening it builds no `Entity` values, strings or
/// arrays — an entity is decoded when it is asked for.
///
/// The buffer, in the byte order of the machine that wrote it (snapshots record theirs):
/// - **offsets**: `count + 1` UInt32, where each entity's record starts in the record bytes;
/// - **codes**: per entity, its kind and its pack as two UInt16 numbers into ``kindNames`` and
///   ``packNames``;
/// - **id order**: the positions (Int32) sorted by their ids' bytes, for finding an id by binary search;
/// - **records**: each entity's fields — id, label, synonyms, definition, cross-references,
///   mappings, plain label, synonym forms, definition references, alt ids — as length-prefixed
///   UTF-8 strings (UInt32 length, `0xFFFF_FFFF` for none) and counted lists.
///
/// The fixed-width parts are checked once when adopted (``validated(count:kindNames:packNames:buffer:)``);
/// record reads clamp to the buffer, so a record damaged after that decodes to its id alone
/// instead of reading outside the file.
public struct EntityRecords: Sendable, Equatable {
    /// The number of entities.
    public let count: Int
    /// The kinds the entities use, by code.
    public let kindNames: [String]
    /// The packs the entities belong to, by code.
    public let packNames: [String]
    /// Offsets, codes, id order and records, one after another.
    public let buffer: Data

    /// Encodes entities as records.
    public init(encoding entities: some Collection<Entity>) {
        self.init(count: entities.count) { body in for (offset, entity) in entities.enumerated() { body(offset, entity) } }
    }

    /// Encodes a store's entities as records, reading them where they lie.
    public init(encoding entities: EntityStore) {
        self.init(count: entities.count) { body in entities.forEachEntity(body) }
    }

    /// Encodes the `count` entities that `forEach` passes (twice: once to size the buffer, once to
    /// write it), with one allocation: each record is written where it ends up, and the id order
    /// is sorted by the ids as they lie in the records.
    private init(count: Int, _ forEach: ((Int, borrowing Entity) -> Void) -> Void) {
        var kindNames: [String] = [], packNames: [String] = []
        var kindCodes: [String: UInt16] = [:], packCodes: [String: UInt16] = [:]
        var recordBytes = 0
        forEach { _, entity in recordBytes += RecordWriter.size(of: entity) }
        let recordsStart = (count + 1) * 4 + count * 4 + count * 4
        var buffer = Data(count: recordsStart + recordBytes)
        buffer.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            let codesStart = (count + 1) * 4, orderStart = codesStart + count * 4
            var writer = RecordWriter(base: base + recordsStart, capacity: recordBytes)
            // Kinds and packs come in runs: the last one's code is reused without hashing.
            var lastKind = ("", UInt16(0)), lastPack = ("", UInt16(0))
            base.storeBytes(of: UInt32(0), toByteOffset: 0, as: UInt32.self)
            forEach { position, entity in
                if position == 0 || entity.kind != lastKind.0 {
                    lastKind = (entity.kind, Self.code(entity.kind, in: &kindCodes, names: &kindNames))
                }
                if position == 0 || entity.pack != lastPack.0 {
                    lastPack = (entity.pack, Self.code(entity.pack, in: &packCodes, names: &packNames))
                }
                base.storeBytes(of: lastKind.1, toByteOffset: codesStart + position * 4, as: UInt16.self)
                base.storeBytes(of: lastPack.1, toByteOffset: codesStart + position * 4 + 2, as: UInt16.self)
                writer.write(entity)
                base.storeBytes(of: UInt32(writer.written), toByteOffset: (position + 1) * 4, as: UInt32.self)
            }
            precondition(writer.written == recordBytes, "records sized and written differently")
            // Positions by id: each id is its record's first field.
            let records = UnsafeRawBufferPointer(start: base + recordsStart, count: recordBytes)
            func id(_ position: Int) -> UnsafeRawBufferPointer {
                let start = Int(base.loadUnaligned(fromByteOffset: position * 4, as: UInt32.self))
                let length = Int(records.loadUnaligned(fromByteOffset: start, as: UInt32.self))
                return UnsafeRawBufferPointer(rebasing: records[(start + 4)..<(start + 4 + length)])
            }
            let order = (0..<count).sorted { compareBytes(id($0), id($1)) < 0 }
            for (index, position) in order.enumerated() {
                base.storeBytes(of: Int32(position), toByteOffset: orderStart + index * 4, as: Int32.self)
            }
        }
        self.init(count: count, kindNames: kindNames, packNames: packNames, buffer: buffer)
    }

    private static func code(_ name: String, in codes: inout [String: UInt16], names: inout [String]) -> UInt16 {
        if let code = codes[name] { return code }
        let code = UInt16(truncatingIfNeeded: names.count)
        codes[name] = code
        names.append(name)
        return code
    }

    private init(count: Int, kindNames: [String], packNames: [String], buffer: Data) {
        self.count = count
        self.kindNames = kindNames
        self.packNames = packNames
        self.buffer = buffer
    }

    /// Where the record bytes start in ``buffer``.
    private var recordsStart: Int { (count + 1) * 4 + count * 4 + count * 4 }

    /// Adopts a buffer read from a file after checking its fixed-width parts: the offsets rise
    /// within the record bytes, every code names a kind and a pack, every id-order entry a
    /// position. Returns what is wrong, or the records.
    public static func validated(
        count: Int, kindNames: [String], packNames: [String], buffer: Data
    ) -> Result<EntityRecords, NameTableError> {
        let records = EntityRecords(count: count, kindNames: kindNames, packNames: packNames, buffer: buffer)
        guard count >= 0, buffer.count >= records.recordsStart else {
            return .failure(NameTableError("the entity records are too short for \(count) entities"))
        }
        let recordBytes = buffer.count - records.recordsStart
        let problem: String? = records.withRaw { raw in
            var previous = 0
            for index in 0...count {
                let offset = Int(raw.offset(index))
                guard offset >= previous, offset <= recordBytes, index > 0 || offset == 0 else {
                    return "the record of entity \(index) lies outside the entity records"
                }
                previous = offset
            }
            guard previous == recordBytes else { return "the entity records have \(recordBytes - previous) bytes left over" }
            for index in 0..<count {
                guard Int(raw.kindCode(index)) < kindNames.count, Int(raw.packCode(index)) < packNames.count else {
                    return "entity \(index) has a kind or pack number out of range"
                }
                guard raw.ordered(index) >= 0, raw.ordered(index) < count else { return "the id order names position \(raw.ordered(index))" }
            }
            return nil
        }
        if let problem { return .failure(NameTableError(problem)) }
        return .success(records)
    }

    // MARK: Reading

    /// The entity at a position (decoded now).
    public subscript(position: Int) -> Entity {
        withRaw { raw in
            var reader = RecordReader(raw.record(position))
            return reader.entity(kind: kindName(at: position, raw), pack: packName(at: position, raw))
                ?? Entity(id: reader.fallbackID, kind: kindName(at: position, raw), label: reader.fallbackID, pack: packName(at: position, raw))
        }
    }

    /// The id of the entity at a position, without decoding the rest of it.
    public func id(at position: Int) -> String {
        withRaw { raw in
            var reader = RecordReader(raw.record(position))
            return reader.string() ?? ""
        }
    }

    /// The label of the entity at a position, without decoding the rest of it (the id, as the
    /// subscript gives it, for a record whose label does not decode).
    public func label(at position: Int) -> String {
        withRaw { raw in
            var reader = RecordReader(raw.record(position))
            guard reader.stringBytes() != nil, let label = reader.string() else { return reader.fallbackID }
            return label
        }
    }

    /// The kind name of the entity at a position.
    public func kind(at position: Int) -> String { withRaw { kindName(at: position, $0) } }

    /// The pack of the entity at a position.
    public func pack(at position: Int) -> String { withRaw { packName(at: position, $0) } }

    /// The position of the entity with exactly this id, by binary search over the id order.
    public func position(ofID id: String) -> Int? {
        var id = id
        return id.withUTF8 { target in
            withRaw { raw -> Int? in
                var low = 0, high = count
                while low < high {
                    let middle = (low + high) / 2
                    if raw.compareID(at: raw.ordered(middle), with: target) < 0 { low = middle + 1 } else { high = middle }
                }
                guard low < count else { return nil }
                let position = raw.ordered(low)
                return raw.compareID(at: position, with: target) == 0 ? position : nil
            }
        }
    }

    /// Each record's kind (or pack) code read through `translation`, in one pass (a code past
    /// its end reads 0): every graph built on a snapshot reads both for all its entities.
    public func translatedCodes(ofPacks: Bool, through translation: [Int32]) -> [Int32] {
        // Records of one name (a snapshot's entities are all of its pack) all hold code 0, as
        // the check at open found: the same ordinal for each, without reading 31,000 records.
        if translation.count == 1, (ofPacks ? packNames : kindNames).count == 1 {
            return [Int32](repeating: translation[0], count: count)
        }
        return withRaw { raw in
            // One loop per field: a test of `ofPacks` inside one loop stayed in it (3.1 M
            // instructions for both calls of a cold query, against 2.4 M).
            ofPacks
                ? (0..<count).map { let code = Int(raw.packCode($0)); return code < translation.count ? translation[code] : 0 }
                : (0..<count).map { let code = Int(raw.kindCode($0)); return code < translation.count ? translation[code] : 0 }
        }
    }

    private func kindName(at position: Int, _ raw: Raw) -> String {
        let code = Int(raw.kindCode(position))
        return code < kindNames.count ? kindNames[code] : ""
    }

    private func packName(at position: Int, _ raw: Raw) -> String {
        let code = Int(raw.packCode(position))
        return code < packNames.count ? packNames[code] : ""
    }

    /// The one place that reads the buffer's raw bytes: hands `body` a view that is valid only
    /// inside the call (the buffer is checked when built or adopted; reads clamp to it).
    private func withRaw<Result>(_ body: (Raw) -> Result) -> Result {
        buffer.withUnsafeBytes { bytes in body(Raw(bytes: bytes, count: count, recordsStart: min(recordsStart, bytes.count))) }
    }

    /// The buffer's parts.
    private struct Raw {
        let bytes: UnsafeRawBufferPointer
        let count: Int
        let recordsStart: Int

        /// A fixed-width field `index` of `size` bytes in the part starting at `part`, or 0 outside the buffer.
        @inline(__always)
        private func field<Value: FixedWidthInteger>(_ part: Int, _ index: Int, _ type: Value.Type) -> Value {
            let at = part + index * MemoryLayout<Value>.size
            guard index >= 0, at + MemoryLayout<Value>.size <= recordsStart else { return 0 }
            return bytes.loadUnaligned(fromByteOffset: at, as: Value.self)
        }

        func offset(_ index: Int) -> UInt32 { field(0, index, UInt32.self) }
        func kindCode(_ index: Int) -> UInt16 { field((count + 1) * 4, index * 2, UInt16.self) }
        func packCode(_ index: Int) -> UInt16 { field((count + 1) * 4, index * 2 + 1, UInt16.self) }
        func ordered(_ index: Int) -> Int { Int(field((count + 1) * 4 + count * 4, index, Int32.self)) }

        func record(_ position: Int) -> UnsafeRawBufferPointer {
            let records = bytes.count - recordsStart
            let start = min(Int(offset(position)), records)
            let end = min(max(Int(offset(position + 1)), start), records)
            return UnsafeRawBufferPointer(rebasing: bytes[(recordsStart + start)..<(recordsStart + end)])
        }

        /// The id of the record at `position` compared with `target`, bytewise.
        func compareID(at position: Int, with target: UnsafeBufferPointer<UInt8>) -> Int {
            var reader = RecordReader(record(position))
            return compareBytes(reader.stringBytes() ?? UnsafeRawBufferPointer(start: nil, count: 0), UnsafeRawBufferPointer(target))
        }
    }
}

/// Writes the fields of entity records into memory sized by ``size(of:)``.
private struct RecordWriter {
    let base: UnsafeMutableRawPointer
    /// The room at `base`: a write past it stops the process (sizes and writes must agree).
    let capacity: Int
    /// The bytes written so far.
    private(set) var written = 0

    init(base: UnsafeMutableRawPointer, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    /// Checks that `count` more bytes fit.
    @inline(__always)
    private func claim(_ count: Int) {
        precondition(count >= 0 && count <= capacity - written, "an entity record written past its size")
    }

    /// The bytes ``write(_:)`` writes for an entity.
    static func size(of entity: borrowing Entity) -> Int {
        func size(_ text: String?) -> Int { 4 + (text?.utf8.count ?? 0) }
        func size(_ texts: [String]) -> Int { texts.reduce(4) { $0 + 4 + $1.utf8.count } }
        var total = size(entity.id) + size(entity.label) + size(entity.synonyms) + size(entity.definition) + size(entity.xrefs)
        total += entity.mappings.reduce(4) { $0 + 1 + size($1.target) }
        total += size(entity.plainLabel) + 4
        if entity.synonymForms.count == entity.synonyms.count {
            total += entity.synonymForms.reduce(0) { $0 + 1 + size($1.type) }
        }
        return total + size(entity.definitionXrefs) + size(entity.altIDs)
    }

    mutating func write(_ entity: borrowing Entity) {
        write(entity.id)
        write(entity.label)
        write(entity.synonyms)
        write(entity.definition)
        write(entity.xrefs)
        write(count: entity.mappings.count)
        for mapping in entity.mappings {
            write(byte: UInt8(EntityMapping.Predicate.allCases.firstIndex(of: mapping.predicate) ?? 0))
            write(mapping.target)
        }
        write(entity.plainLabel)
        // Forms go with synonyms one for one, or not at all (what a reader can tell apart).
        let forms = entity.synonymForms.count == entity.synonyms.count ? entity.synonymForms : []
        write(count: forms.count)
        for form in forms {
            write(byte: UInt8(SynonymForm.Scope.allCases.firstIndex(of: form.scope) ?? 0))
            write(form.type)
        }
        write(entity.definitionXrefs)
        write(entity.altIDs)
    }

    private mutating func write(byte: UInt8) {
        claim(1)
        base.storeBytes(of: byte, toByteOffset: written, as: UInt8.self)
        written += 1
    }

    private mutating func write(count: Int) {
        claim(4)
        base.storeBytes(of: UInt32(truncatingIfNeeded: count), toByteOffset: written, as: UInt32.self)
        written += 4
    }

    private mutating func write(_ text: String?) {
        guard var text else { return write(count: Int(UInt32.max)) }
        text.withUTF8 { utf8 in
            write(count: utf8.count)
            claim(utf8.count)
            if let source = utf8.baseAddress { (base + written).copyMemory(from: source, byteCount: utf8.count) }
            written += utf8.count
        }
    }

    private mutating func write(_ texts: [String]) {
        write(count: texts.count)
        for text in texts { write(text) }
    }
}

/// Reads the fields of one record; every read stays inside the record and returns `nil` past its end.
private struct RecordReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The record's id, or a placeholder, for a record that does not decode.
    var fallbackID: String {
        var again = RecordReader(bytes)
        return again.string() ?? "?"
    }

    mutating func count() -> Int? {
        guard offset + 4 <= bytes.count else { return nil }
        defer { offset += 4 }
        return Int(bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    mutating func byte() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// A string's bytes; `nil` past the end (and for an absent string, which ``optionalString()`` reads).
    mutating func stringBytes() -> UnsafeRawBufferPointer? {
        guard let length = count(), length != Int(UInt32.max), length <= bytes.count - offset else { return nil }
        defer { offset += length }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
    }

    mutating func string() -> String? { stringBytes().map { String(decoding: $0, as: UTF8.self) } }

    /// `.some(nil)` for an absent string, `nil` past the end.
    mutating func optionalString() -> String?? {
        guard offset + 4 <= bytes.count else { return nil }
        if bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self) == UInt32.max {
            offset += 4
            return .some(nil)
        }
        return string().map { .some($0) }
    }

    mutating func strings() -> [String]? {
        guard let count = count(), count <= (bytes.count - offset) / 4 else { return nil }
        var result: [String] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            guard let text = string() else { return nil }
            result.append(text)
        }
        return result
    }

    mutating func entity(kind: String, pack: String) -> Entity? {
        guard let id = string(), let label = string(), let synonyms = strings(), let definition = optionalString(),
              let xrefs = strings(), let mappingCount = count(), mappingCount <= bytes.count - offset
        else { return nil }
        var mappings: [EntityMapping] = []
        for _ in 0..<mappingCount {
            guard let code = byte(), Int(code) < EntityMapping.Predicate.allCases.count, let target = string() else { return nil }
            mappings.append(EntityMapping(EntityMapping.Predicate.allCases[Int(code)], target))
        }
        guard let plainLabel = optionalString(), let formCount = count(), formCount <= bytes.count - offset else { return nil }
        var forms: [SynonymForm] = []
        for _ in 0..<formCount {
            guard let code = byte(), Int(code) < SynonymForm.Scope.allCases.count, let type = optionalString() else { return nil }
            forms.append(SynonymForm(SynonymForm.Scope.allCases[Int(code)], type: type))
        }
        guard let definitionXrefs = strings(), let altIDs = strings(), offset == bytes.count else { return nil }
        var entity = Entity(id: id, kind: kind, label: label, synonyms: synonyms, definition: definition, xrefs: xrefs, pack: pack)
        entity.mappings = mappings
        entity.plainLabel = plainLabel
        entity.synonymForms = forms.count == synonyms.count ? forms : []
        entity.definitionXrefs = definitionXrefs
        entity.altIDs = altIDs
        return entity
    }
}
