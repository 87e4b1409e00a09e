/// Finds entities by id, cross-reference, label or synonym without scanning.
///
/// Lookup goes through tiers, across every loaded pack, and stops at the first tier that knows the name:
/// id (case-insensitive) → xref → label → synonym → slug (the id without its namespace) → loose
/// form of any name (case, accents, punctuation and a trailing plural or possessive `s` ignored).
/// Names are indexed under their entity's concept, so two packs naming one merged concept are
/// one answer; a tier where the name fits several concepts is an ambiguity.
public struct NameIndex: Sendable {
    private var ids: [String: EntityID] = [:]
    private var xrefs = Tier()
    private var labels = Tier()
    private var synonyms = Tier()
    private var slugs = Tier()
    private var loose = Tier()

    /// The result of resolving a name.
    public enum Match: Equatable, Sendable {
        /// Exactly one entity has the name.
        case unique(EntityID)
        /// Several entities share the name at the best tier that knows it.
        case ambiguous([EntityID])
        /// No entity has the name.
        case none
    }

    /// One tier: name key → entities. Most names belong to one entity, so a key maps to that
    /// entity's index directly and only shared names get a list (no array per name).
    struct Tier: Sendable {
        /// `index >= 0`: the one entity; `index < 0`: the list at `shared[-index - 1]`.
        private(set) var slots: [String: Int32] = [:]
        private var shared: [[EntityID]] = []

        init(capacity: Int = 0) { slots.reserveCapacity(capacity) }

        mutating func add(_ id: EntityID, for key: String, unique: Bool = false) {
            // One hash for the common case, a new name; a known name takes its slot back and is listed.
            guard let slot = slots.updateValue(id.index, forKey: key) else { return }
            slots[key] = slot
            if slot >= 0 {
                if unique, slot == id.index { return }
                shared.append([EntityID(Int(slot)), id])
                slots[key] = -Int32(shared.count)
            } else {
                let list = Int(-slot - 1)
                if unique, shared[list].last == id { return }
                shared[list].append(id)
            }
        }

        subscript(key: String) -> [EntityID]? {
            guard let slot = slots[key] else { return nil }
            return slot >= 0 ? [EntityID(Int(slot))] : shared[Int(-slot - 1)]
        }

        /// Every key with its entities.
        var all: [(key: String, entities: [EntityID])] {
            slots.map { ($0.key, $0.value >= 0 ? [EntityID(Int($0.value))] : shared[Int(-$0.value - 1)]) }
        }
    }

    /// Indexes the names of `entities` (a graph builds its own on first use: ``KnowledgeGraph/names``),
    /// each under `representative[position]` when given (the concept it belongs to).
    public init(entities: [Entity], representative: [Int32] = []) {
        ids.reserveCapacity(entities.count)
        labels = Tier(capacity: entities.count)
        loose = Tier(capacity: entities.count * 2)
        var looseKeys: [String] = []
        for (position, entity) in entities.enumerated() {
            let id = representative.isEmpty ? EntityID(position) : EntityID(Int(representative[position]))
            ids[entity.id.lowercased()] = id
            for xref in entity.xrefs { xrefs.add(id, for: xref.uppercased(), unique: true) }
            let labelKey = NameKey.exact(entity.label)
            labels.add(id, for: labelKey, unique: true)
            looseKeys.removeAll(keepingCapacity: true)
            looseKeys.append(NameKey.looseKey(fromExact: labelKey))
            for name in entity.synonyms {
                let key = NameKey.exact(name)
                if key != labelKey { synonyms.add(id, for: key, unique: true) }
                let looseKey = NameKey.looseKey(fromExact: key)
                if !looseKeys.contains(looseKey) { looseKeys.append(looseKey) }
            }
            // A numeric slug (HP:0001250 → 0001250) is no name.
            let slug = entity.slug
            if !slug.allSatisfy(\.isNumber) {
                let key = NameKey.exact(String(slug))
                if key != labelKey { slugs.add(id, for: key, unique: true) }
                let looseKey = NameKey.looseKey(fromExact: key)
                if !looseKeys.contains(looseKey) { looseKeys.append(looseKey) }
            }
            for key in looseKeys { loose.add(id, for: key, unique: true) }
        }
    }

    /// Resolves a name given by a person or a script.
    public func resolve(_ name: String) -> Match {
        if let id = ids[name.lowercased()] { return .unique(id) }
        if let found = xrefs[name.uppercased()] { return Self.match(found) }
        let key = NameKey.exact(name)
        if key.isEmpty { return .none }
        if let found = labels[key] { return Self.match(found) }
        if let found = synonyms[key] { return Self.match(found) }
        if let found = slugs[key] { return Self.match(found) }
        if let found = loose[NameKey.looseKey(fromExact: key)] { return Self.match(found) }
        return .none
    }

    private static func match(_ found: [EntityID]) -> Match {
        let unique = Array(Set(found)).sorted()
        return unique.count == 1 ? .unique(unique[0]) : .ambiguous(unique)
    }

    /// Every exact name key with the entities it names (labels first, then synonyms and slugs).
    ///
    /// Used for suggestions and completion; this is a scan and belongs on error paths only.
    public func allNames() -> [(key: String, entities: [EntityID])] {
        labels.all + synonyms.all + slugs.all
    }
}
