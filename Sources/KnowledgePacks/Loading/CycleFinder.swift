import SymptomGraph

/// Finds cycles along transitive relations (an `is_a` cycle makes a term its own ancestor),
/// reporting each at the assertion that closes it.
enum CycleFinder {
    /// The cycles of `graph`'s transitive relations. `acyclicIsA`, when given, holds the positions
    /// of assertions whose `is_a` edges are known to have no cycle among them (a pack's import,
    /// compiled in this load: see ``GraphAssembler``); otherwise those of the one compiled pack the
    /// graph placed, if there is one (see ``roots(of:in:acyclic:)``).
    static func cycles(in graph: KnowledgeGraph, locations: AssertionLocations, acyclicIsA: Range<Int>? = nil) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let acyclic = acyclicIsA ?? (graph.annotationPlacements.count == 1 ? graph.annotationPlacements.first?.assertions : nil)
        for (position, relation) in graph.relations.enumerated() where relation.isTransitive {
            guard let step = graph.step(named: relation.name), step.relation.position == position else { continue }
            diagnostics += cycles(of: step, in: graph, locations: locations, acyclic: relation.name == "is_a" ? acyclic : nil)
        }
        return diagnostics
    }

    /// The entities a search must start from to meet every cycle: all of them (`nil`), or — when
    /// one pack's `is_a` edges, at positions `acyclic`, are known to be acyclic (its compile
    /// computed its ranking tables, which follows every edge that is not negated, met no cycle
    /// and found no negated edge, and it writes no snapshot otherwise; merges never join two of
    /// its terms) — the subjects of the edges other packs (or the pack's own files) add, since
    /// every cycle then goes through one of those, and a search from its subject meets it. Those
    /// edges lie outside the pack's positions, so finding them reads no assertion of the pack.
    private static func roots(of step: RelationStep, in graph: KnowledgeGraph, acyclic: Range<Int>?) -> [EntityID]? {
        guard let acyclic else { return nil }
        // (The pack's own edges are trusted as its snapshot is: a file made by hand could hide a
        // cycle among them, as it could any other damage its checksum does not catch.)
        var roots: [EntityID] = []
        for range in [0..<acyclic.lowerBound, acyclic.upperBound..<graph.assertions.count] {
            for position in range where graph.assertions[position].relation == step.relation {
                roots.append(graph.assertions[position].subject)
            }
        }
        return roots
    }

    private static func cycles(
        of step: RelationStep, in graph: KnowledgeGraph, locations: AssertionLocations, acyclic: Range<Int>?
    ) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // 0 unvisited, 1 on the current path, 2 done. Iterative depth-first search.
        var state = [UInt8](repeating: 0, count: graph.entities.count)
        var reportedClosers = Set<AssertionID>()
        // From a few roots, each visited entity's edges are looked up (the relation's lists, 23,000
        // edges for the HPO, are not built for a search that visits a few dozen entities).
        let roots = roots(of: step, in: graph, acyclic: acyclic)
        let lookUp = (roots?.count ?? .max) <= 64
        // A negated edge states that the link does not hold: it closes no cycle.
        func edgesFrom(_ entity: EntityID) -> ArraySlice<AssertionID> {
            let edges = lookUp ? graph.assertionsLookingUp(entity, outgoing: true, relation: step.relation)[...]
                : graph.assertions(from: entity, relation: step.relation)
            return edges.contains(where: graph.isNegated) ? edges.filter { !graph.isNegated($0) }[...] : edges
        }
        for root in roots ?? graph.entityIDs where state[root.position] == 0 {
            let edges = edgesFrom(root)
            guard !edges.isEmpty else { continue }
            var stack: [(entity: EntityID, edges: ArraySlice<AssertionID>, next: Int)] = []
            state[root.position] = 1
            stack.append((root, edges, edges.startIndex))
            while !stack.isEmpty {
                let top = stack.count - 1
                guard stack[top].next < stack[top].edges.endIndex else {
                    state[stack[top].entity.position] = 2
                    stack.removeLast()
                    continue
                }
                let edge = stack[top].edges[stack[top].next]
                stack[top].next += 1
                let target = graph[edge].object
                switch state[target.position] {
                case 0:
                    state[target.position] = 1
                    let edges = edgesFrom(target)
                    stack.append((target, edges, edges.startIndex))
                case 1 where reportedClosers.insert(edge).inserted:
                    let start = stack.firstIndex { $0.entity == target } ?? 0
                    let members = stack[start...].map { graph[$0.entity].id } + [graph[target].id]
                    let location = locations.location(of: edge.position)
                    diagnostics.append(.error(.relationCycle,
                        "\(graph.relations[step.relation.position].name) cycle: " + members.joined(separator: " -> "),
                        at: location))
                default:
                    break
                }
            }
        }
        return diagnostics
    }
}
