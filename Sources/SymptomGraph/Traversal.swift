/// The result of a breadth-first walk: every entity reached, its distance, and the edge that reached it.
public struct Reach: Sendable {
    /// Entities in the order they were reached (nearest first).
    public private(set) var order: [EntityID] = []
    private var visits: [EntityID: Visit] = [:]

    /// How an entity was reached.
    public struct Visit: Sendable {
        /// Number of steps from the start.
        public var depth: Int
        /// The entity one step closer to the start (`nil` for the start itself).
        public var previous: EntityID?
        /// The step walked and the assertion that justified it.
        public var via: (step: RelationStep, assertion: AssertionID)?
    }

    mutating func record(_ entity: EntityID, _ visit: Visit) {
        order.append(entity)
        visits[entity] = visit
    }

    /// Whether an entity was reached.
    public func contains(_ entity: EntityID) -> Bool { visits[entity] != nil }

    /// How an entity was reached, if it was.
    public func visit(_ entity: EntityID) -> Visit? { visits[entity] }

    /// The chain of steps from the start to `entity`, nearest the start first.
    public func chain(to entity: EntityID) -> [(step: RelationStep, assertion: AssertionID)] {
        var chain: [(step: RelationStep, assertion: AssertionID)] = []
        var current = entity
        while let visit = visits[current], let via = visit.via, let previous = visit.previous {
            chain.append(via)
            current = previous
        }
        return chain.reversed()
    }
}

extension KnowledgeGraph {
    /// Walks breadth-first from `start` along the given steps (all steps both ways when `nil`),
    /// up to `maxDepth` steps. Cycle-safe: every entity is visited once, at its shortest distance.
    public func reach(
        from start: EntityID, steps: [RelationStep]? = nil, maxDepth: Int = .max,
        stopAt target: EntityID? = nil
    ) -> Reach {
        var reach = Reach()
        reach.record(start, .init(depth: 0, previous: nil, via: nil))
        var frontier = [start]
        var depth = 0
        while !frontier.isEmpty, depth < maxDepth {
            depth += 1
            var next: [EntityID] = []
            for entity in frontier {
                for (step, neighbour, assertion) in expansions(of: entity, steps: steps)
                where !reach.contains(neighbour) {
                    reach.record(neighbour, .init(depth: depth, previous: entity, via: (step, assertion)))
                    if neighbour == target { return reach }
                    next.append(neighbour)
                }
            }
            frontier = next
        }
        return reach
    }

    private func expansions(
        of entity: EntityID, steps: [RelationStep]?
    ) -> [(step: RelationStep, entity: EntityID, assertion: AssertionID)] {
        guard let steps else { return allNeighbours(of: entity) }
        return steps.flatMap { step in
            neighbours(of: entity, by: step).map { (step, $0.entity, $0.assertion) }
        }
    }

    /// The entities reachable by one or more of the given steps (the proper transitive closure: the start is
    /// never included, even when a cycle leads back to it), nearest first.
    ///
    /// The fast path of ``reach(from:steps:maxDepth:stopAt:)`` for when no chains are wanted: a
    /// breadth-first walk with a bit set for visited entities and one array as the queue.
    public func closure(from start: EntityID, steps: [RelationStep]) -> [EntityID] {
        var visited = [UInt64](repeating: 0, count: entities.count / 64 + 1)
        var queue: [EntityID] = [start]
        visited[start.position >> 6] |= 1 << UInt64(start.position & 63)
        var head = 0
        while head < queue.count {
            let entity = queue[head]
            head += 1
            for step in steps {
                forEachNeighbour(of: entity, by: step) { neighbour in
                    let word = neighbour.position >> 6, bit = UInt64(1) << UInt64(neighbour.position & 63)
                    if visited[word] & bit == 0 {
                        visited[word] |= bit
                        queue.append(neighbour)
                    }
                }
            }
        }
        queue.removeFirst()
        return queue
    }

    /// The shortest chain of assertions linking two entities, walking relations in either direction.
    /// `nil` when they are not connected; empty when they are the same entity.
    public func shortestChain(
        from start: EntityID, to end: EntityID, steps: [RelationStep]? = nil
    ) -> [(step: RelationStep, assertion: AssertionID)]? {
        let walk = reach(from: start, steps: steps, stopAt: end)
        return walk.contains(end) ? walk.chain(to: end) : nil
    }

    /// Every entity within `radius` steps of `center`, in either direction, nearest first.
    public func neighbourhood(of center: EntityID, within radius: Int) -> Reach {
        reach(from: center, maxDepth: radius)
    }
}
