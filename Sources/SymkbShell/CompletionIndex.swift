import SymptomGraph

/// Every entity name (labels, synonyms, ids) sorted for prefix search, also under each of its
/// words, so "sign" finds "Lhermitte's sign". Built once per loaded graph.
public struct CompletionIndex: Sendable {
    private struct Entry: Sendable {
        var key: String
        var name: String
        var entity: EntityID
        var isLabel: Bool
    }

    private let entries: [Entry]

    /// Indexes a graph's names.
    public init(graph: KnowledgeGraph) {
        var entries: [Entry] = []
        for id in graph.entityIDs {
            let entity = graph[id]
            for (position, name) in ([entity.label] + entity.synonyms + [entity.id]).enumerated() {
                let lowered = name.lowercased()
                let isLabel = position == 0
                entries.append(Entry(key: lowered, name: name, entity: id, isLabel: isLabel))
                // Also under every later word, for word matching.
                var index = lowered.startIndex
                while let space = lowered[index...].firstIndex(where: { $0 == " " || $0 == "-" }) {
                    index = lowered.index(after: space)
                    if index < lowered.endIndex { entries.append(Entry(key: String(lowered[index...]), name: name, entity: id, isLabel: isLabel)) }
                }
            }
        }
        entries.sort { $0.key < $1.key }
        self.entries = entries
    }

    /// One name per matching entity — its label when the label matches, else the first matching
    /// synonym or id — for entities whose name, or one of whose words, starts with `prefix`
    /// (case-insensitive), restricted to `allowed` when given. Whole-name matches come first.
    public func names(matching prefix: String, allowed: Set<EntityID>? = nil, limit: Int = 200) -> [String] {
        let key = prefix.lowercased()
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].key < key { low = mid + 1 } else { high = mid }
        }
        // Best name per entity: rank 0 = label, whole match; higher is worse.
        var best: [EntityID: (rank: Int, name: String)] = [:]
        var order: [EntityID] = []
        var index = low
        while index < entries.count, entries[index].key.hasPrefix(key), order.count < limit {
            let entry = entries[index]
            index += 1
            if let allowed, !allowed.contains(entry.entity) { continue }
            let isWhole = entry.name.lowercased() == entry.key
            let rank = (isWhole ? 0 : 2) + (entry.isLabel ? 0 : 1)
            if let current = best[entry.entity] {
                if rank < current.rank { best[entry.entity] = (rank, entry.name) }
            } else {
                best[entry.entity] = (rank, entry.name)
                order.append(entry.entity)
            }
        }
        return order.compactMap { best[$0] }.sorted { ($0.rank < 2 ? 0 : 1, $0.name) < ($1.rank < 2 ? 0 : 1, $1.name) }.map(\.name)
    }
}
