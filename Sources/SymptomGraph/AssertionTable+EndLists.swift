extension AssertionTable {
    /// Each entity's assertions in a stored run, as subject and as object: for the run's entity
    /// `e` (local), the local positions `subjectPositions[subjectOffsets[e]..<subjectOffsets[e + 1]]`,
    /// ascending, and the same by object. A compiled snapshot stores them (read in place), so that
    /// one entity's assertions are found without scanning the 295,000 of the HPO (`describe`, a
    /// ranking's evidence).
    ///
    /// Lists read from a file are checked as they are read, not at open: an offset out of order or
    /// past the positions yields nothing, a position outside the run is skipped.
    public struct EndLists: Sendable, Equatable {
        public let subjectOffsets: Int32Buffer
        public let subjectPositions: Int32Buffer
        public let objectOffsets: Int32Buffer
        public let objectPositions: Int32Buffer

        public init(subjectOffsets: Int32Buffer, subjectPositions: Int32Buffer, objectOffsets: Int32Buffer, objectPositions: Int32Buffer) {
            self.subjectOffsets = subjectOffsets
            self.subjectPositions = subjectPositions
            self.objectOffsets = objectOffsets
            self.objectPositions = objectPositions
        }

        /// The lists of a segment's `assertions` (references local to its `entityCount` entities):
        /// two counting sorts.
        public init(of assertions: AssertionTable, entityCount: Int) {
            var subjects: [Int32] = [], objects: [Int32] = []
            subjects.reserveCapacity(assertions.count)
            objects.reserveCapacity(assertions.count)
            for assertion in assertions {
                subjects.append(assertion.subject.index)
                objects.append(assertion.object.index)
            }
            func lists(_ ends: [Int32]) -> (Int32Buffer, Int32Buffer) {
                var offsets = [Int32](repeating: 0, count: entityCount + 1)
                for end in ends where end >= 0 && Int(end) < entityCount { offsets[Int(end) + 1] += 1 }
                for entity in 0..<entityCount { offsets[entity + 1] += offsets[entity] }
                var next = offsets
                var positions = [Int32](repeating: 0, count: Int(offsets[entityCount]))
                for (position, end) in ends.enumerated() where end >= 0 && Int(end) < entityCount {
                    positions[Int(next[Int(end)])] = Int32(position)
                    next[Int(end)] += 1
                }
                return (Int32Buffer(offsets), Int32Buffer(positions))
            }
            (subjectOffsets, subjectPositions) = lists(subjects)
            (objectOffsets, objectPositions) = lists(objects)
        }

        /// Calls `body` with the local position of each assertion of the run's entity `entity`
        /// (as subject, or as object), below `assertionCount`.
        @inline(__always)
        func forEach(of entity: Int, asSubject: Bool, assertionCount: Int, _ body: (Int) -> Void) {
            let (offsets, positions) = asSubject ? (subjectOffsets, subjectPositions) : (objectOffsets, objectPositions)
            guard entity >= 0, entity + 1 < offsets.count else { return }
            let start = Int(offsets[entity]), end = Int(offsets[entity + 1])
            guard start >= 0, start <= end, end <= positions.count else { return }
            for index in start..<end {
                let position = Int(positions[index])
                if position >= 0 && position < assertionCount { body(position) }
            }
        }
    }
}
