/// Compressed sparse rows: for each node, a contiguous run of assertion ids.
///
/// `offsets[n] ..< offsets[n + 1]` is node `n`'s run in `edges`; within a run, edges come in the
/// order of the list they were built from (by relation, then by position).
struct Adjacency: Sendable {
    private(set) var offsets: [Int32]
    private(set) var edges: [AssertionID]

    /// Builds rows over `edges`, assertion positions in relation order (all of them, or one
    /// relation's), each keyed by the node at the same place in `nodes` (its subject or its object),
    /// so that every node's run comes out sorted by relation (a counting sort: no run is sorted
    /// on its own).
    init(nodeCount: Int, edges ordered: ArraySlice<AssertionID>, nodes: [Int32]) {
        precondition(nodes.count == ordered.count, "one node per edge")
        var counts = [Int32](repeating: 0, count: nodeCount + 1)
        for node in nodes { counts[Int(node) + 1] += 1 }
        for n in 0..<nodeCount { counts[n + 1] += counts[n] }
        offsets = counts
        var cursor = counts
        var placed = [AssertionID](repeating: AssertionID(0), count: ordered.count)
        for (edge, node) in zip(ordered, nodes) {
            placed[Int(cursor[Int(node)])] = edge
            cursor[Int(node)] += 1
        }
        edges = placed
    }

    /// Rows keyed by relation: every assertion position grouped by relation (stable within a
    /// relation), which is also the order the other lists are built from.
    init(relationCount: Int, assertions: AssertionTable) {
        (offsets, edges) = assertions.groupedByRelation(relationCount: relationCount)
    }

    /// All edges of a node.
    @inlinable func edges(of node: Int) -> ArraySlice<AssertionID> {
        edges[Int(offsets[node])..<Int(offsets[node + 1])]
    }
}
