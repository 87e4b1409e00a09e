/// Finds entities by id, cross-reference, label or synonym without scanning.
///
/// Lookup goes through tiers, across every loaded pack, and stops at the first tier that knows the name:
/// id (case-insensitive) → xref → label → synonym → slug (the id without its namespace) → loose
/// form of any name (case, accents, punctuation and a trailing plural or possessive `s` ignored).
/// Names are indexed under their entity's concept, so two packs naming one merged concept are
/// one answer; a tier where the name fits several concepts is an ambiguity.
public struct NameIndex: Sendable {
    /// A name table and where its positions start in the graph.
    public struct Part: Sendable {
        public let table: NameTable
        public let base: Int

        /// A table whose position `p` is graph position `base + p`.
        public init(table: NameTable, base: Int) {
            self.table = table
            self.base = base
        }
    }

    private let parts: [Part]
    private let representative: [Int32]

    /// The result of resolving a name.
    public enum Match: Equatable, Sendable {
        /// Exactly one entity has the name.
        case unique(EntityID)
        /// Several entities share the name at the best tier that knows it.
        case ambiguous([EntityID])
        /// No entity has the name.
        case none
    }

    /// Indexes the names of `entities` (a graph builds its own on first use: ``KnowledgeGraph/names``),
    /// each under `representative[position]` when given (the concept it belongs to).
    public init(entities: some Sequence<Entity>, representative: [Int32] = []) {
        let table = NameTable(entities: entities.enumerated().lazy.map { (Int32($0.offset), $0.element) })
        self.init(parts: [Part(table: table, base: 0)], representative: representative)
    }

    /// Looks names up in several tables at once (a compiled pack's, read in place, and one of the
    /// entities no compiled table covers), as if they were one index.
    public init(parts: [Part], representative: [Int32]) {
        self.parts = parts
        self.representative = representative
    }

    @inline(__always)
    private func concept(_ position: Int) -> EntityID {
        representative.isEmpty ? EntityID(position) : EntityID(Int(representative[position]))
    }

    private func lookup(_ key: String, in tier: NameTable.Tier) -> [EntityID]? {
        var found: [EntityID] = []
        for part in parts {
            for position in part.table.positions(for: key, in: tier) { found.append(concept(part.base + Int(position))) }
        }
        return found.isEmpty ? nil : found
    }

    /// Resolves a name given by a person or a script.
    public func resolve(_ name: String) -> Match {
        // Ids differing only in case: the last defined wins.
        var idPosition: Int?
        let lowered = name.lowercased()
        for part in parts {
            if let last = part.table.positions(for: lowered, in: .id).last { idPosition = max(idPosition ?? 0, part.base + Int(last)) }
        }
        if let idPosition { return .unique(concept(idPosition)) }
        if let found = lookup(name.uppercased(), in: .xref) { return Self.match(found) }
        let key = NameKey.exact(name)
        if key.isEmpty { return .none }
        for tier in [NameTable.Tier.label, .synonym, .slug] {
            if let found = lookup(key, in: tier) { return Self.match(found) }
        }
        if let found = lookup(NameKey.looseKey(fromExact: key), in: .loose) { return Self.match(found) }
        return .none
    }

    private static func match(_ found: [EntityID]) -> Match {
        let unique = Array(Set(found)).sorted()
        return unique.count == 1 ? .unique(unique[0]) : .ambiguous(unique)
    }

    /// Calls `body` with every exact name key (its UTF-8 bytes, valid only during the call) and
    /// the entity it names: labels, then synonyms and slugs, a key once for each entity it names
    /// in each table. A scan, without a string made per name: for error paths.
    public func forEachName(_ body: (UnsafeRawBufferPointer, EntityID) -> Void) {
        for tier in [NameTable.Tier.label, .synonym, .slug] {
            for part in parts {
                part.table.forEachKey(in: tier) { key, position in body(key, concept(part.base + Int(position))) }
            }
        }
    }

    /// The entities with a label, synonym or slug that begins with `prefix` (an exact name key),
    /// found by binary search in each table.
    public func entities(withNamesStartingWith prefix: String) -> Set<EntityID> {
        var found = Set<EntityID>()
        for tier in [NameTable.Tier.label, .synonym, .slug] {
            for part in parts {
                part.table.forEach(startingWith: prefix, in: tier) { _, position in
                    found.insert(concept(part.base + Int(position)))
                    return true
                }
            }
        }
        return found
    }

    /// Every exact name key with the entities it names (labels first, then synonyms and slugs; a
    /// key several tables know comes once per table).
    ///
    /// Used for suggestions and completion; this is a scan and belongs on error paths only.
    public func allNames() -> [(key: String, entities: [EntityID])] {
        var result: [(key: String, entities: [EntityID])] = []
        for tier in [NameTable.Tier.label, .synonym, .slug] {
            for part in parts {
                for (key, positions) in part.table.all(in: tier) {
                    var entities: [EntityID] = []
                    for position in positions where !entities.contains(concept(part.base + Int(position))) {
                        entities.append(concept(part.base + Int(position)))
                    }
                    result.append((key, entities))
                }
            }
        }
        return result
    }
}
