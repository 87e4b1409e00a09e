import SymptomGraph

/// Finds cycles along transitive relations (an `is_a` cycle makes a term its own ancestor),
/// reporting each at the assertion that closes it.
enum CycleFinder {
    static func cycles(in graph: KnowledgeGraph, locations: AssertionLocations) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (position, relation) in graph.relations.enumerated() where relation.isTransitive {
            guard let step = graph.step(named: relation.name), step.relation.position == position else { continue }
            diagnostics += cycles(of: step, in: graph, locations: locations)
        }
        return diagnostics
    }

    /// The entities a search must start from to meet every cycle: all of them, or — when one
    /// compiled pack's `is_a` is known to be acyclic (it carries ranking tables, which are only
    /// stored for an acyclic hierarchy; merges never join two of its terms) — the subjects of the
    /// edges other packs add, since every cycle then goes through one of those, and a search from
    /// its subject meets it.
    private static func roots(of step: RelationStep, in graph: KnowledgeGraph) -> [EntityID] {
        guard graph.relations[step.relation.position].name == "is_a", graph.annotationPlacements.count == 1,
              let acyclic = graph.annotationPlacements.first?.assertions else { return graph.entityIDs }
        var roots: [EntityID] = []
        // The pack's acyclicity was checked over its non-negated edges: its negated ones are
        // searched from too (the search walks every edge).
        for edge in graph.assertions(of: step.relation) where !acyclic.contains(edge.position) || graph.isNegated(edge) {
            roots.append(graph[edge].subject)
        }
        return roots
    }

    private static func cycles(of step: RelationStep, in graph: KnowledgeGraph, locations: AssertionLocations) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // 0 unvisited, 1 on the current path, 2 done. Iterative depth-first search.
        var state = [UInt8](repeating: 0, count: graph.entities.count)
        var reportedClosers = Set<AssertionID>()
        for root in roots(of: step, in: graph) where state[root.position] == 0 && !graph.assertions(from: root, relation: step.relation).isEmpty {
            var stack: [(entity: EntityID, edges: ArraySlice<AssertionID>, next: Int)] = []  // slices of the graph's lists: no copies
            state[root.position] = 1
            let edges = graph.assertions(from: root, relation: step.relation)
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
                    let edges = graph.assertions(from: target, relation: step.relation)
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
