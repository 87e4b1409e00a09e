extension KnowledgeGraph {
    /// Entities whose names are closest to a name that resolved to nothing, best first.
    ///
    /// Compares exact name keys by edit distance, and also offers names that start with the
    /// given words. A scan over all names: call it on error paths only.
    public func suggestions(for name: String, limit: Int = 3) -> [EntityID] {
        let key = NameKey.exact(name)
        guard !key.isEmpty else { return [] }
        let allowed = max(2, key.count / 3)
        var scored: [(entity: EntityID, score: Int, key: String)] = []
        for (candidate, entities) in names.allNames() {
            var score: Int?
            if candidate.hasPrefix(key + " ") || (key.count >= 4 && candidate.hasPrefix(key)) {
                score = 1 + (candidate.count - key.count) / 8
            }
            if abs(candidate.count - key.count) <= allowed {
                let distance = Spelling.distance(key, candidate)
                if distance <= allowed { score = min(score ?? .max, distance) }
            }
            if let score { scored += entities.map { ($0, score, candidate) } }
        }
        scored.sort { ($0.score, $0.key, $0.entity) < ($1.score, $1.key, $1.entity) }
        var seen = Set<EntityID>()
        return scored.map(\.entity).filter { seen.insert($0).inserted }.prefix(limit).map { $0 }
    }

    /// The entities one of whose names begins with the words of `name` and goes on (`parkinson
    /// disease` → "Parkinson disease 11", "Parkinson disease, late-onset"), in id order. A scan
    /// over all names: call it on error paths only.
    public func entities(namedStartingWith name: String) -> [EntityID] {
        let key = NameKey.exact(name)
        guard !key.isEmpty else { return [] }
        var found = Set<EntityID>()
        for (candidate, entities) in names.allNames() where candidate.hasPrefix(key + " ") { found.formUnion(entities) }
        return found.sorted()
    }
}
