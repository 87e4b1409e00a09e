/// Entities in load order: some held as values (a pack's YAML, an import just parsed), some as
/// ``EntityRecords`` of compiled snapshots, decoded when asked for.
///
/// A store is a value; appending records costs nothing per entity, so a graph that loads a
/// compiled ontology of 30,000 terms builds none of them until a query shows one. Entities of
/// records that another pack changes (``modify(at:_:)``) are kept beside them, changed.
public struct EntityStore: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    /// A run of entities from `start` on: values, or records when ``records`` is set.
    struct Part: Sendable {
        var start: Int
        var values: [Entity]
        var records: EntityRecords?

        var count: Int { records?.count ?? values.count }
    }

    private var parts: [Part] = []
    /// Entities of records changed after they were stored, by position.
    private var changed: [Int32: Entity] = [:]
    public private(set) var endIndex = 0

    /// An empty store.
    public init() {}

    /// A store of values.
    public init(_ entities: some Sequence<Entity>) {
        let values = Array(entities)
        if !values.isEmpty { parts = [Part(start: 0, values: values)] }
        endIndex = values.count
    }

    public init(arrayLiteral elements: Entity...) { self.init(elements) }

    /// A store of records.
    public init(records: EntityRecords) {
        if records.count > 0 { parts = [Part(start: 0, values: [], records: records)] }
        endIndex = records.count
    }

    public var startIndex: Int { 0 }
    @inlinable public func index(after position: Int) -> Int { position + 1 }
    @inlinable public func index(before position: Int) -> Int { position - 1 }

    /// The part holding a position.
    private func part(of position: Int) -> Int {
        if parts.count == 1 { return 0 }
        var low = 0, high = parts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if parts[middle].start <= position { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The entity at a position.
    // Parts are read in place (`parts[index].values[…]`), never copied out: a copy would retain
    // and release the part's arrays on every access.

    public subscript(position: Int) -> Entity {
        if !changed.isEmpty, let entity = changed[Int32(position)] { return entity }
        let index = part(of: position)
        if let records = parts[index].records { return records[position - parts[index].start] }
        return parts[index].values[position - parts[index].start]
    }

    /// Calls `body` with each position (from `first` on) and entity in order: values read where they lie (not
    /// copied, as the subscript's result is: its strings and arrays retained and released), records
    /// decoded one at a time.
    public func forEachEntity(from first: Int = 0, _ body: (Int, borrowing Entity) -> Void) {
        for part in parts where part.start + part.count > first {
            let locals = Swift.max(0, first - part.start)..<part.count
            if changed.isEmpty, part.records == nil {
                // Values are passed from the array's storage: an element read through the
                // array's subscript is a copy (a dozen strings and arrays retained, then released).
                part.values.withUnsafeBufferPointer { values in
                    guard let base = values.baseAddress else { return }
                    for local in locals { body(part.start + local, base[local]) }
                }
                continue
            }
            for local in locals {
                let position = part.start + local
                if !changed.isEmpty, let entity = changed[Int32(position)] {
                    body(position, entity)
                } else if let records = part.records {
                    body(position, records[local])
                } else {
                    body(position, part.values[local])
                }
            }
        }
    }

    /// The id of the entity at a position (not decoding the rest of a record).
    public func id(at position: Int) -> String {
        let index = part(of: position)
        if let records = parts[index].records { return records.id(at: position - parts[index].start) }
        return parts[index].values[position - parts[index].start].id
    }

    /// The label of the entity at a position (not decoding the rest of a record).
    public func label(at position: Int) -> String {
        if !changed.isEmpty, let entity = changed[Int32(position)] { return entity.label }
        let index = part(of: position)
        if let records = parts[index].records { return records.label(at: position - parts[index].start) }
        return parts[index].values[position - parts[index].start].label
    }

    /// The kind of the entity at a position.
    public func kind(at position: Int) -> String {
        let index = part(of: position)
        if let records = parts[index].records { return records.kind(at: position - parts[index].start) }
        return parts[index].values[position - parts[index].start].kind
    }

    /// The pack of the entity at a position.
    public func pack(at position: Int) -> String {
        let index = part(of: position)
        if let records = parts[index].records { return records.pack(at: position - parts[index].start) }
        return parts[index].values[position - parts[index].start].pack
    }

    /// Every entity's kind (or pack) as a number into `names` (in order of first appearance), read
    /// in bulk: what a graph needs of all its entities at load, without decoding any record.
    public func ordinals(ofPacks: Bool) -> (names: [String], ordinals: [Int32]) {
        var names: [String] = [], number: [String: Int32] = [:]
        var ordinals: [Int32] = []
        ordinals.reserveCapacity(endIndex)
        func ordinal(of name: String) -> Int32 {
            if let known = number[name] { return known }
            number[name] = Int32(names.count)
            names.append(name)
            return Int32(names.count - 1)
        }
        for part in parts {
            if let records = part.records {
                let translation = (ofPacks ? records.packNames : records.kindNames).map(ordinal(of:))
                ordinals += records.translatedCodes(ofPacks: ofPacks, through: translation)
            } else {
                // Values of one kind or pack come in runs: a name is looked up once per run.
                var last: (name: String, ordinal: Int32)?
                for entity in part.values {
                    let name = ofPacks ? entity.pack : entity.kind
                    if let run = last, run.name == name {
                        ordinals.append(run.ordinal)
                    } else {
                        let found = ordinal(of: name)
                        last = (name, found)
                        ordinals.append(found)
                    }
                }
            }
        }
        return (names, ordinals)
    }

    /// The runs of records, with the position each starts at.
    public var recordRuns: [(start: Int, records: EntityRecords)] {
        parts.compactMap { part in part.records.map { (part.start, $0) } }
    }

    /// The position of the entity with an id among the records (values are indexed by their owner).
    public func recordPosition(ofID id: String) -> Int? {
        for part in parts {
            if let records = part.records, let local = records.position(ofID: id) { return part.start + local }
        }
        return nil
    }

    /// Adds an entity at the end.
    public mutating func append(_ entity: consuming Entity) {
        if let last = parts.indices.last, parts[last].records == nil {
            parts[last].values.append(consume entity)
        } else {
            parts.append(Part(start: endIndex, values: [entity]))
        }
        endIndex += 1
    }

    /// Adds another store's entities at the end: its records and its long runs of values (an
    /// import's) as parts of their own, shared, not copied; a few values one by one.
    public mutating func append(contentsOf other: consuming EntityStore) {
        let base = endIndex
        for part in other.parts {
            if let records = part.records {
                parts.append(Part(start: base + part.start, values: [], records: records))
                endIndex += records.count
            } else if part.values.count >= Self.sharedPartMinimum {
                // Many values (an import): taken as a part of their own, their array shared.
                parts.append(Part(start: base + part.start, values: part.values))
                endIndex += part.values.count
                beginPart()  // what is appended later goes into an array of its own
            } else {
                for entity in part.values { append(entity) }
            }
        }
        for (position, entity) in other.changed { changed[position + Int32(base)] = entity }
    }

    /// The number of values from which another store's part is appended as it is, not value by value.
    private static let sharedPartMinimum = 256

    /// Starts a new part for the values appended next, so that ``suffix(from:)`` at this position
    /// shares them instead of copying them.
    public mutating func beginPart() {
        if let last = parts.last, last.records == nil, last.values.isEmpty { return }
        parts.append(Part(start: endIndex, values: []))
    }

    /// The entities from `position` on, numbered from 0: the parts from there on shared as they
    /// are when one begins at `position` (``beginPart()``), copied otherwise.
    public func suffix(from position: Int) -> EntityStore {
        guard let first = parts.firstIndex(where: { $0.start == position }) else { return EntityStore(self[position...]) }
        var suffix = EntityStore()
        suffix.parts = parts[first...].map { Part(start: $0.start - position, values: $0.values, records: $0.records) }
        suffix.endIndex = endIndex - position
        for (changedPosition, entity) in changed where Int(changedPosition) >= position {
            suffix.changed[changedPosition - Int32(position)] = entity
        }
        return suffix
    }

    /// Reserves room for values.
    public mutating func reserveCapacity(_ count: Int) {
        if let last = parts.indices.last, parts[last].records == nil { parts[last].values.reserveCapacity(parts[last].values.count + count) }
    }

    /// Whether an entity of the records was changed (``modify(at:_:)``).
    public var hasChanges: Bool { !changed.isEmpty }

    /// Changes the names, references and definition of the entity at a position in place (a
    /// record is decoded and kept changed beside the records). Its id, kind and pack are what the
    /// store is indexed by: they are kept as they were.
    public mutating func modify(at position: Int, _ body: (inout Entity) -> Void) {
        var entity = self[position]
        let (id, kind, pack) = (entity.id, entity.kind, entity.pack)
        body(&entity)
        (entity.id, entity.kind, entity.pack) = (id, kind, pack)
        let index = part(of: position)
        if parts[index].records == nil, changed[Int32(position)] == nil {
            parts[index].values[position - parts[index].start] = entity
        } else {
            changed[Int32(position)] = entity
        }
    }

    public static func == (left: EntityStore, right: EntityStore) -> Bool {
        left.count == right.count && left.elementsEqual(right)
    }
}
