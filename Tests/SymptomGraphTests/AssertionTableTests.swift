import Foundation
import Testing
@testable import SymptomGraph

/// The assertion table: runs read through their segment's bases, in place or owned.
@Suite struct AssertionTableTests {
    static func edge(_ subject: Int, _ relation: Int, _ object: Int, _ qualifier: Int32 = 0, _ provenance: Int32 = 0) -> Assertion {
        Assertion(
            subject: EntityID(subject), relation: RelationID(relation), object: EntityID(object),
            qualifierIndex: qualifier, provenanceIndex: provenance)
    }

    static let local = [edge(0, 0, 1, 0, 0), edge(1, 1, 2, 1, 0), edge(2, 0, 0, 0, 1)]

    /// `local` stored as a snapshot stores it, at an odd offset (reads need no alignment), in
    /// memory that the returned `Data` owns (as a mapped snapshot's `Data` owns its mapping).
    static func storedBytes(_ assertions: [Assertion] = local) -> (bytes: UnsafeRawBufferPointer, owner: Data) {
        let size = 1 + assertions.count * MemoryLayout<Assertion>.stride
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 8)
        memory[0] = 0xFF
        assertions.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: memory[1...]).copyMemory(from: $0) }
        let owner = Data(bytesNoCopy: memory.baseAddress.unsafelyUnwrapped, count: size, deallocator: .custom { pointer, _ in pointer.deallocate() })
        return (UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(memory)[1...]), owner)
    }

    static func inPlace(_ stored: (bytes: UnsafeRawBufferPointer, owner: Data)) -> AssertionTable {
        AssertionTable(inPlace: stored.bytes, keptAliveBy: stored.owner)
    }

    /// Reads `table` every way it can be read: in order, by position, and run by run.
    static func everyRead(_ table: AssertionTable) -> [[Assertion]] {
        var visited: [Assertion] = []
        table.forEach { _, assertion in visited.append(assertion) }
        return [Array(table), table.indices.map { table[$0] }, visited]
    }

    @Test func aRunIsReadThroughItsShiftBetweenAssertionsAddedOneByOne() {
        let shift = AssertionTable.Shift(entities: 10, qualifiers: 5, provenances: 7, relations: [RelationID(3), RelationID(1)])
        for source in [AssertionTable(Self.local), Self.inPlace(Self.storedBytes())] {
            var table = AssertionTable([Self.edge(0, 0, 0)])
            table.append(source, shift: shift)
            table.append(Self.edge(4, 2, 5))
            let expected = [Self.edge(0, 0, 0)] + Self.local.map(shift.apply) + [Self.edge(4, 2, 5)]
            #expect(Array(table) == expected)
            #expect(table[1] == Self.edge(10, 3, 11, 5, 7))
            #expect(table[3] == Self.edge(12, 3, 10, 5, 8))
            #expect(table.count == 5)
        }
    }

    /// A segment whose assertions are a run already (appended to a segment, then to a graph) is
    /// read through both shifts, in the order they were applied.
    @Test func shiftsCompose() {
        let inner = AssertionTable.Shift(entities: 1, qualifiers: 1, provenances: 1, relations: [RelationID(1), RelationID(0)])
        let outer = AssertionTable.Shift(entities: 100, qualifiers: 10, provenances: 20, relations: [RelationID(5), RelationID(6)])
        var segment = AssertionTable()
        segment.append(Self.inPlace(Self.storedBytes()), shift: inner)
        segment.append(Self.edge(0, 1, 0))
        var graph = AssertionTable([Self.edge(9, 9, 9)])
        graph.append(segment, shift: outer)
        // Spelt out: (2, 0, 0, 0, 1) through inner is (3, 1, 1, 1, 2), through outer (103, 6, 101, 11, 22).
        #expect(graph[3] == Self.edge(103, 6, 101, 11, 22))
        let expected = [Self.edge(9, 9, 9)] + Self.local.map { outer.apply(inner.apply($0)) } + [outer.apply(Self.edge(0, 1, 0))]
        #expect(Self.everyRead(graph).allSatisfy { $0 == expected })
    }

    /// Reading by position finds the right run however runs and blocks of positions fall.
    @Test func readingByPositionAgreesWithReadingInOrder() {
        var table = AssertionTable()
        var expected: [Assertion] = []
        for (index, size) in [1_000, 1, 2_047, 3, 1_024, 50].enumerated() {
            let edges = (0..<size).map { Self.edge($0, 0, index) }
            let shift = AssertionTable.Shift(entities: Int32(index), qualifiers: 0, provenances: 0, relations: [RelationID(index)])
            table.append(AssertionTable(edges), shift: shift)
            expected += edges.map(shift.apply)
            table.append(Self.edge(7, 7, 7))
            expected.append(Self.edge(7, 7, 7))
        }
        #expect(Array(table) == expected)
        #expect(table.indices.allSatisfy { table[$0] == expected[$0] })
        var visited: [Assertion] = []
        table.forEach { position, assertion in
            #expect(table[position] == assertion)
            visited.append(assertion)
        }
        #expect(visited == expected)
    }

    @Test func mergedConceptsAreNamedByTheirRepresentative() {
        var table = AssertionTable()
        table.append(Self.inPlace(Self.storedBytes()), shift: .init(entities: 0, qualifiers: 0, provenances: 0, relations: [RelationID(0), RelationID(1)]))
        let merged = table.merging([0, 0, 2])
        for read in Self.everyRead(merged) {
            #expect(read.map { [$0.subject.index, $0.object.index] } == [[0, 0], [0, 2], [2, 0]])
        }
        #expect(table.map { [$0.subject.index, $0.object.index] } == [[0, 1], [1, 2], [2, 0]])
    }

    /// Finding assertions by subject or object reads only those, and agrees with reading every assertion,
    /// through shifts, concept merging, stored and owned runs and a tail.
    @Test func assertionsAreFoundBySubjectOrObject() {
        var table = AssertionTable()
        table.append(Self.inPlace(Self.storedBytes()), shift: .init(entities: 1, qualifiers: 0, provenances: 0, relations: [RelationID(0), RelationID(1)]))
        table.append(AssertionTable(Self.local), shift: .init(entities: 0, qualifiers: 0, provenances: 0, relations: [RelationID(1), RelationID(0)]))
        table.append(Self.edge(3, 0, 1))
        for variant in [table, table.merging([0, 0, 2, 2])] {
            for marks in 0..<16 {
                let isSubject = (0..<4).map { marks >> $0 & 1 == 1 }
                var expected: (bySubject: [AssertionID], byObject: [AssertionID]) = ([], [])
                variant.forEach { position, assertion in
                    if isSubject[assertion.subject.position] { expected.bySubject.append(AssertionID(position)) }
                    if isSubject[assertion.object.position] { expected.byObject.append(AssertionID(position)) }
                }
                let found = variant.positions(withSubjectIn: isSubject, objectIn: isSubject)
                #expect(found.bySubject == expected.bySubject && found.byObject == expected.byObject, "\(isSubject)")
                #expect(variant.positions(withSubjectIn: isSubject).bySubject == expected.bySubject)
                let byObject = variant.positions(withSubjectIn: [], objectIn: isSubject)
                #expect(byObject.bySubject.isEmpty && byObject.byObject == expected.byObject)
            }
        }
    }

    /// A stored run's lists of each entity's assertions find what a scan finds, whatever the run's
    /// shift, the merge of concepts and the assertions around it (random runs, fixed seed).
    @Test func storedEndListsFindWhatAScanFinds() {
        var random = SplitMix(state: 7)
        for _ in 0..<40 {
            let entityCount = Int.random(in: 1...9, using: &random)
            let local = (0..<Int.random(in: 0...30, using: &random)).map { _ in
                Self.edge(Int.random(in: 0..<entityCount, using: &random), Int.random(in: 0...1, using: &random),
                          Int.random(in: 0..<entityCount, using: &random))
            }
            let stored = Self.storedBytes(local)
            let lists = AssertionTable.EndLists(of: AssertionTable(local), entityCount: entityCount)
            let shift = AssertionTable.Shift(entities: 2, qualifiers: 0, provenances: 0, relations: [RelationID(1), RelationID(0)])
            func table(lists: AssertionTable.EndLists?) -> AssertionTable {
                var table = AssertionTable([Self.edge(0, 0, 1), Self.edge(1, 1, 0)])
                table.append(AssertionTable(inPlace: stored.bytes, keptAliveBy: stored.owner, lists: lists), shift: shift)
                table.append(Self.edge(entityCount + 1, 0, 2))
                return table
            }
            let total = entityCount + 2
            let representative = (0..<total).map { Int32($0 % 3 == 2 ? $0 - 1 : $0) }
            for (listed, scanned) in [(table(lists: lists), table(lists: nil)),
                                      (table(lists: lists).merging(representative), table(lists: nil).merging(representative))] {
                for _ in 0..<6 {
                    let marks = (0..<total).map { _ in Int.random(in: 0..<3, using: &random) == 0 }
                    let found = listed.positions(withSubjectIn: marks, objectIn: marks)
                    let expected = scanned.positions(withSubjectIn: marks, objectIn: marks)
                    #expect(found.bySubject == expected.bySubject && found.byObject == expected.byObject, "\(local) \(marks)")
                    #expect(listed.positions(withSubjectIn: [], objectIn: marks).byObject == expected.byObject)
                }
            }
        }
    }

    /// Lists damaged in a file are read with every offset and position checked: nothing outside
    /// the lists or the run is read, whatever they say.
    @Test func damagedEndListsNeverReadOutside() {
        let stored = Self.storedBytes()
        let damaged: [AssertionTable.EndLists] = [
            .init(subjectOffsets: [0, 5, 1, 3], subjectPositions: [0, 1, 2], objectOffsets: [3, 2, 1, 0], objectPositions: [9, -1, 2]),
            .init(subjectOffsets: [0, 1], subjectPositions: [Int32.max], objectOffsets: [], objectPositions: []),
            .init(subjectOffsets: [-4, 2, 2, 3], subjectPositions: [2, 1, 0], objectOffsets: [0, 0, 0, 99], objectPositions: [0]),
        ]
        for lists in damaged {
            let table = AssertionTable(inPlace: stored.bytes, keptAliveBy: stored.owner, lists: lists)
            for marks in 0..<8 {
                let isMarked = (0..<3).map { marks >> $0 & 1 == 1 }
                let found = table.positions(withSubjectIn: isMarked, objectIn: isMarked)
                #expect((found.bySubject + found.byObject).allSatisfy { $0.position >= 0 && $0.position < 3 })
            }
        }
    }

    /// Reading only the ends of assertions, in any order of positions, agrees with reading them whole.
    @Test func endsAreReadAtAnyPositions() {
        var table = AssertionTable()
        table.append(Self.inPlace(Self.storedBytes()), shift: .init(entities: 1, qualifiers: 0, provenances: 0, relations: [RelationID(0), RelationID(1)]))
        table.append(AssertionTable(Self.local), shift: .init(entities: 0, qualifiers: 0, provenances: 0, relations: [RelationID(1), RelationID(0)]))
        table.append(Self.edge(3, 0, 1))
        let orders: [[Int]] = [Array(0..<7), [6, 0, 3, 1, 4, 2, 5], [2, 2, 6, 6, 0], []]
        for variant in [table, table.merging([0, 0, 2, 2])] {
            for order in orders {
                let positions = order.map { AssertionID($0) }
                let ends = variant.ends(at: positions[...])
                #expect(ends.subjects == order.map { variant[$0].subject.index }, "\(order)")
                #expect(ends.objects == order.map { variant[$0].object.index }, "\(order)")
            }
        }
    }

    /// The check a snapshot's assertions get at open: each field at its limit, or negative, is
    /// found at its position, in a stored run (read as raw words), an owned one, and behind a shift.
    @Test func assertionsOutsideTheirTablesAreFound() {
        let limits = (entities: Int32(3), relations: Int32(2), qualifiers: Int32(2), provenances: Int32(2))
        func firstOutside(_ table: AssertionTable) -> Int? {
            table.firstOutside(entities: limits.entities, relations: limits.relations, qualifiers: limits.qualifiers,
                               provenances: limits.provenances)
        }
        #expect(firstOutside(Self.inPlace(Self.storedBytes())) == nil)
        #expect(firstOutside(AssertionTable(Self.local)) == nil)
        let bad = [Self.edge(3, 0, 0), Self.edge(0, 2, 0), Self.edge(0, 0, 3), Self.edge(0, 0, 0, 2), Self.edge(0, 0, 0, 0, 2),
                   Self.edge(-1, 0, 0), Self.edge(0, 0, 0, 0, -5)]
        for edge in bad {
            #expect(firstOutside(AssertionTable(Self.local + [edge] + Self.local)) == 3, "\(edge)")
            #expect(firstOutside(Self.inPlace(Self.storedBytes(Self.local + [edge] + Self.local))) == 3, "\(edge)")
            var appended = Self.inPlace(Self.storedBytes())
            appended.append(AssertionTable([edge]), shift: .init(entities: 0, qualifiers: 0, provenances: 0,
                                                                 relations: [RelationID(0), RelationID(1), RelationID(2)]))
            #expect(firstOutside(appended) == 3, "\(edge)")
            // Stored runs are checked four assertions at a time, then the rest one by one: a bad
            // field is found in every slot of a group of four and in the rest.
            let run = Self.local + Self.local + Self.local
            for position in run.indices {
                var assertions = run
                assertions[position] = edge
                #expect(firstOutside(Self.inPlace(Self.storedBytes(assertions))) == position, "\(edge) at \(position)")
            }
            #expect(firstOutside(Self.inPlace(Self.storedBytes(run))) == nil)
        }
        // A table with no entities, relations, qualifiers or provenance records holds no assertion.
        #expect(Self.inPlace(Self.storedBytes()).firstOutside(entities: 0, relations: 2, qualifiers: 2, provenances: 2) == 0)
        #expect(Self.inPlace(Self.storedBytes([])).firstOutside(entities: 0, relations: 0, qualifiers: 0, provenances: 0) == nil)
    }

    @Test func tablesAreEqualByTheirAssertions() {
        #expect(Self.inPlace(Self.storedBytes()) == AssertionTable(Self.local))
        #expect(AssertionTable(Self.local) != AssertionTable(Array(Self.local.dropLast())))
        #expect(Self.inPlace(Self.storedBytes()).contiguous == Self.local)
    }

    /// Groups stored with a run (as a snapshot stores them) place it by relation without reading
    /// it, and agree with grouping by reading: across relations that a shift permutes, between
    /// runs without groups and assertions added one by one.
    @Test func storedRelationGroupsAgreeWithReadingTheAssertions() {
        let stored = Self.storedBytes()
        let groups = AssertionTable.RelationGroups.of(AssertionTable(Self.local), relationCount: 2)
        // Spelt out: relation 0 holds positions 0 and 2, relation 1 position 1.
        #expect(groups.offsets == [0, 2, 3] && groups.positions == [0, 2, 1])
        groups.positions.withUnsafeBytes { positions in
            let relationGroups = AssertionTable.RelationGroups(offsets: groups.offsets, positions: positions)
            #expect(relationGroups.inconsistency(assertions: stored.bytes, relationCount: 2) == nil)
            let shift = AssertionTable.Shift(entities: 4, qualifiers: 0, provenances: 0, relations: [RelationID(2), RelationID(0)])
            let runs = [
                AssertionTable(inPlace: stored.bytes, keptAliveBy: stored.owner, groups: relationGroups),
                Self.inPlace(stored),
            ]
            for run in runs {
                var table = AssertionTable([Self.edge(0, 1, 0), Self.edge(1, 2, 1)])
                table.append(run, shift: shift)
                table.append(Self.edge(3, 0, 3))
                table.append(AssertionTable([Self.edge(5, 1, 5)]), shift: shift)
                let result = table.groupedByRelation(relationCount: 3)
                // Relations by position: 1, 2, then the run's 2, 0, 2, then 0, and the last run's 0.
                #expect(result.offsets == [0, 3, 4, 7])
                #expect(result.positions.map(\.position) == [3, 5, 6, 0, 1, 2, 4])
            }
        }
    }

    @Test func storedRelationGroupsOutOfShapeOrBoundsAreFound() {
        let cases: [([Int32], [Int32])] = [
            ([0, 2], [0, 1, 2]),        // one relation short
            ([0, 2, 4], [0, 1, 2]),     // offsets past the assertions
            ([0, 2, 3], [0, 1]),        // too few positions
            ([0, 4, 3], [0, 1, 2]),     // offsets fall
            ([0, 2, 3], [0, 3, 1]),     // a position past the run
            ([0, 2, 3], [0, -1, 1]),    // a negative position
            ([0, 2, 3], [2, 0, 1]),     // a group out of order
            ([0, 2, 3], [0, 0, 1]),     // a position twice
            ([0, 2, 3], [0, 1, 2]),     // positions in the wrong relation's group
        ]
        let stored = Self.storedBytes()
        for (offsets, positions) in cases {
            let problem = positions.withUnsafeBytes {
                AssertionTable.RelationGroups(offsets: offsets, positions: $0).inconsistency(assertions: stored.bytes, relationCount: 2)
            }
            #expect(problem != nil, "offsets \(offsets), positions \(positions)")
        }
    }
}

/// A deterministic generator (SplitMix64), so that a failing random case can be run again.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
