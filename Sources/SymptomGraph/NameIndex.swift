/// Finds entities by id, cross-reference, label or synonym without scanning.
///
/// Lookup goes through tiers and stops at the first tier that knows the name:
/// id (case-insensitive) → xref → exact label → exact synonym or slug → loose form of any name.
public struct NameIndex: Sendable {
    private var ids: [String: EntityID] = [:]
    private var xrefs: [String: [EntityID]] = [:]
    private var labels: [String: [EntityID]] = [:]
    private var synonyms: [String: [EntityID]] = [:]
    private var loose: [String: [EntityID]] = [:]

    /// The result of resolving a name.
    public enum Match: Equatable, Sendable {
        /// Exactly one entity has the name.
        case unique(EntityID)
        /// Several entities share the name at the best tier that knows it.
        case ambiguous([EntityID])
        /// No entity has the name.
        case none
    }

    init(entities: [Entity]) {
        for (position, entity) in entities.enumerated() {
            let id = EntityID(position)
            ids[entity.id.lowercased()] = id
            for xref in entity.xrefs { xrefs[xref.uppercased(), default: []].append(id) }
            let labelKey = NameKey.exact(entity.label)
            labels[labelKey, default: []].append(id)
            var looseKeys = [NameKey.looseKey(fromExact: labelKey)]
            let slug = entity.slug
            // A numeric slug (HP:0001250 → 0001250) is no name.
            let names = slug.allSatisfy(\.isNumber) ? entity.synonyms : entity.synonyms + [String(slug)]
            for name in names {
                let key = NameKey.exact(name)
                if key != labelKey { Self.appendUnique(id, to: &synonyms[key, default: []]) }
                let looseKey = NameKey.looseKey(fromExact: key)
                if !looseKeys.contains(looseKey) { looseKeys.append(looseKey) }
            }
            for key in looseKeys { loose[key, default: []].append(id) }
        }
    }

    private static func appendUnique(_ id: EntityID, to list: inout [EntityID]) {
        if list.last != id { list.append(id) }
    }

    /// Resolves a name given by a person or a script.
    public func resolve(_ name: String) -> Match {
        if let id = ids[name.lowercased()] { return .unique(id) }
        if let found = xrefs[name.uppercased()] { return Self.match(found) }
        let key = NameKey.exact(name)
        if key.isEmpty { return .none }
        if let found = labels[key] { return Self.match(found) }
        if let found = synonyms[key] { return Self.match(found) }
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
        labels.map { ($0.key, $0.value) } + synonyms.map { ($0.key, $0.value) }
    }
}
