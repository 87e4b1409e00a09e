import SymptomGraph

/// The identifiers an entity card shows, each kind on its own: the ids its source gives the same
/// term (OBO `alt_id`), the obsolete ids it replaces (`replaced_by` pointing at it), and the
/// cross-references to other vocabularies. Importers list the first two among the xrefs (that is
/// what merges concepts across packs); a card names them for what they are.
struct CardIdentifiers {
    let altIDs: [String]
    let replaced: [String]
    let xrefs: [String]

    init(of entity: EntityID, in graph: KnowledgeGraph) {
        let card = graph[entity]
        altIDs = card.altIDs
        replaced = graph.retiredIDs(replacedBy: entity).filter { !card.altIDs.contains($0) }
        let own = Set(altIDs + replaced)
        xrefs = card.xrefs.filter { !own.contains($0) }
    }
}
