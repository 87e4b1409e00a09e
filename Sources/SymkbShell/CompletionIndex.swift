import SymptomGraph

/// Completes entity names as they are typed: every label, synonym and id, lowercased, also from
/// each later word on, so "sign" finds "Lhermitte's sign".
///
/// Reads the graph's completion tables (``KnowledgeGraph/completionTables``): a compiled pack's
/// lie in its mapped snapshot, so completion over the whole HPO is ready as soon as the graph is;
/// only the entities no compiled table covers (the bundled packs') are indexed here.
public struct CompletionIndex: Sendable {
    private let graph: KnowledgeGraph
    private let parts: [NameIndex.Part]

    /// Indexes a graph's names.
    public init(graph: KnowledgeGraph) {
        self.graph = graph
        parts = graph.completionTables
    }

    /// One name per matching entity — its label when the label matches, else the first matching
    /// synonym or id — for entities whose name, or one of whose words, starts with `prefix`
    /// (case-insensitive), restricted to `allowed` when given. Whole-name matches come first.
    public func names(matching prefix: String, allowed: Set<EntityID>? = nil, limit: Int = 200) -> [String] {
        let key = prefix.lowercased()
        // Entities in key order: each table's run (with room for entities that turn out to have
        // no name to show, found through a merged member's id), merged by key.
        var found: [(key: String, entity: EntityID)] = []
        for part in parts {
            var distinct = Set<EntityID>()
            part.table.forEach(startingWith: key, in: .completion) { name, position in
                let entity = graph.concept(of: EntityID(part.base + Int(position)))
                if let allowed, !allowed.contains(entity) { return true }
                distinct.insert(entity)
                found.append((name, entity))
                return distinct.count < limit + 64
            }
        }
        if parts.count > 1 { found.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } }
        // Best name per entity, for the first `limit` entities that have one: rank 0 = label, whole
        // match; higher is worse; equal ranks go by key.
        var best: [(rank: Int, name: String)] = []
        var listed = Set<EntityID>()
        // Two entities may share a name (a disease's label, a term's synonym): offered once, at
        // its better rank, and counted once against the limit.
        var placeOfName: [String: Int] = [:]
        for (_, entity) in found where best.count < limit && listed.insert(entity).inserted {
            let card = graph[entity]
            var choice: (rank: Int, name: String, key: String)?
            for (position, name) in ([card.label] + card.synonyms + [card.id]).enumerated() {
                let lowered = name.lowercased()
                for (offset, candidate) in NameTable.completionKeys(of: lowered).enumerated() where candidate.utf8.starts(with: key.utf8) {
                    let rank = (offset == 0 ? 0 : 2) + (position == 0 ? 0 : 1)
                    let candidateKey = String(candidate)
                    if let current = choice, (current.rank, current.key) <= (rank, candidateKey) { continue }
                    choice = (rank, name, candidateKey)
                }
            }
            guard let choice else { continue }
            if let place = placeOfName[choice.name] {
                best[place].rank = min(best[place].rank, choice.rank)
            } else {
                placeOfName[choice.name] = best.count
                best.append((choice.rank, choice.name))
            }
        }
        return best.sorted { left, right in
            let leftGroup = left.rank < 2 ? 0 : 1, rightGroup = right.rank < 2 ? 0 : 1
            return leftGroup != rightGroup ? leftGroup < rightGroup : left.name < right.name
        }.map(\.name)
    }
}
