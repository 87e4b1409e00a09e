/// Compressed sparse rows: for each node, a contiguous run of assertion ids sorted by relation.
///
/// `offsets[n] ..< offsets[n + 1]` is node `n`'s run in `edges`; within a run, edges are sorted by
/// relation so a node's edges of one relation are found by binary search.
struct Adjacency: Sendable {
    private(set) var offsets: [Int32]
    private(set) var edges: [AssertionID]
    private(set) var relations: [RelationID]

    /// Builds rows keyed by `node(edge)` over `assertions`; `order` is ``orderByRelation(_:)`` of
    /// them (computed once for the graph's three adjacencies).
    init(nodeCount: Int, assertions: [Assertion], order: [Int32], node: (Assertion) -> Int) {
        var counts = [Int32](repeating: 0, count: nodeCount + 1)
        for assertion in assertions { counts[node(assertion) + 1] += 1 }
        for n in 0..<nodeCount { counts[n + 1] += counts[n] }
        offsets = counts
        // Visit assertions grouped by relation (a counting sort), so every node's run comes out
        // sorted by relation without sorting runs one by one.
        var cursor = counts
        var placed = [AssertionID](repeating: AssertionID(0), count: assertions.count)
        for position in order {
            let n = node(assertions[Int(position)])
            placed[Int(cursor[n])] = AssertionID(Int(position))
            cursor[n] += 1
        }
        edges = placed
        relations = placed.map { assertions[$0.position].relation }
    }

    /// The assertion positions grouped by relation (a counting sort, stable within a relation).
    static func orderByRelation(_ assertions: [Assertion]) -> [Int32] {
        let relationCount = (assertions.map(\.relation.position).max() ?? -1) + 1
        var starts = [Int](repeating: 0, count: relationCount + 1)
        for assertion in assertions { starts[assertion.relation.position + 1] += 1 }
        for r in 0..<relationCount { starts[r + 1] += starts[r] }
        var order = [Int32](repeating: 0, count: assertions.count)
        for (position, assertion) in assertions.enumerated() {
            order[starts[assertion.relation.position]] = Int32(position)
            starts[assertion.relation.position] += 1
        }
        return order
    }

    /// All edges of a node.
    @inlinable func edges(of node: Int) -> ArraySlice<AssertionID> {
        edges[Int(offsets[node])..<Int(offsets[node + 1])]
    }

    /// The edges of a node with one relation, by binary search inside the node's run.
    func edges(of node: Int, relation: RelationID) -> ArraySlice<AssertionID> {
        let start = Int(offsets[node]), end = Int(offsets[node + 1])
        var low = start, high = end
        while low < high {
            let mid = (low + high) / 2
            if relations[mid] < relation { low = mid + 1 } else { high = mid }
        }
        var upper = low
        while upper < end, relations[upper] == relation { upper += 1 }
        return edges[low..<upper]
    }
}
