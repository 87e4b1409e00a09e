import Foundation

/// A graph's assertions, addressed by position: runs appended whole (a compiled snapshot's
/// segment, read where it lies) followed by the assertions added one by one.
///
/// A run is never copied or rewritten when it is appended. It keeps its stored, segment-local
/// references, and each read shifts them to the graph's: the segment's entity, qualifier and
/// provenance bases are added, its relation is looked up, and, once the graph knows its merged
/// concepts (``ConceptMerge``), subject and object name their concept's representative. So a
/// graph that loads the HPO's 295,000 assertions from a snapshot reads them where they lie
/// (checking them, grouping them by relation) instead of copying 6 MB into fresh memory and
/// rewriting them twice.
///
/// Reading in order (`for`, `map`, `enumerated()`, ``forEach(_:)``) goes run by run; reading by
/// position finds the run from a block index (one load per 1,024 positions).
public struct AssertionTable: RandomAccessCollection, Equatable, ExpressibleByArrayLiteral, Sendable {
    public typealias Index = Int
    public typealias Indices = Range<Int>

    /// Appended runs, in position order.
    private var runs: [Run] = [] {
        didSet { firstRunOfBlock = Self.firstRuns(of: runs) }
    }
    /// For each block of 1,024 positions in the runs, the run holding its first position (so that
    /// reading by position costs a load and a comparison or two, not a search).
    private var firstRunOfBlock: [Int32] = []
    /// The assertions added one by one since the last run, from position `tailStart`.
    private var tail: [Assertion]
    private var tailStart = 0
    /// Each entity's concept representative, once the graph has merged concepts (else empty).
    private var representative: [Int32] = []

    /// A table of `assertions`, as they are.
    public init(_ assertions: [Assertion] = []) { tail = assertions }

    public init(arrayLiteral elements: Assertion...) { self.init(elements) }

    /// Assertions stored in `bytes` as ``Assertion`` values laid end to end (unaligned is fine), in
    /// memory that `owner` owns, keeps alive and nobody writes (a mapped snapshot, `bytes` a part of
    /// it), with their positions grouped by relation when the snapshot stores them (checked with
    /// ``RelationGroups/inconsistency(assertions:relationCount:)``), and each entity's
    /// assertions when it stores those (``EndLists``).
    package init(
        inPlace bytes: UnsafeRawBufferPointer, keptAliveBy owner: Data, groups: RelationGroups? = nil, lists: EndLists? = nil
    ) {
        tail = []
        let run = Run(start: 0, stored: bytes, owner: owner, groups: groups, lists: lists)
        guard run.count > 0 else { return }
        runs = [run]  // (no didSet in an initializer)
        firstRunOfBlock = Self.firstRuns(of: runs)
        tailStart = run.count
    }

    /// The table with each entity's positions listed in `lists` (made of these assertions, as a
    /// compiled snapshot stores them): a segment just compiled, held in memory, is then looked up
    /// as one read from its file is (``KnowledgeGraph/assertionsLookingUp(_:outgoing:relation:)``
    /// reads the lists instead of building a relation's; its relation groups are not stored, so
    /// grouping by relation still sorts). Only for a table of assertions added one by one, none merged.
    package func listing(_ lists: EndLists) -> AssertionTable {
        guard runs.isEmpty, representative.isEmpty, !tail.isEmpty else { return self }
        assert(lists.subjectPositions.count == tail.count && lists.objectPositions.count == tail.count,
               "the lists are those of these assertions")
        var listed = AssertionTable()
        listed.runs = [Run(start: 0, owned: tail, lists: lists)]
        listed.tailStart = tail.count
        return listed
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { tailStart + tail.count }

    public subscript(position: Int) -> Assertion {
        let stated = position >= tailStart ? tail[position - tailStart] : runs[run(containing: position)][position]
        return representative.isEmpty ? stated : Self.merged(stated, representative)
    }

    public static func == (lhs: AssertionTable, rhs: AssertionTable) -> Bool { lhs.elementsEqual(rhs) }

    public func makeIterator() -> Iterator { Iterator(self) }

    /// Reads the assertions in order, run by run: the run being read is held here (copied once per
    /// run), so that a read is a load and a few additions, with no search.
    public struct Iterator: IteratorProtocol {
        private let table: AssertionTable
        private var position = 0
        private var nextRun = 0
        private var current: Run

        init(_ table: AssertionTable) {
            self.table = table
            current = Run(start: 0, owned: [])
        }

        public mutating func next() -> Assertion? {
            let position = self.position
            if position >= current.end {
                guard position < table.endIndex else { return nil }
                if nextRun < table.runs.count {
                    current = table.runs[nextRun]
                    nextRun += 1
                } else {
                    current = Run(start: table.tailStart, owned: table.tail)
                }
            }
            self.position += 1
            let stated = current[position]
            return table.representative.isEmpty ? stated : AssertionTable.merged(stated, table.representative)
        }
    }

    /// Calls `body` with every position and assertion, in order: the fast way to read them all
    /// (each run is read in one tight loop).
    @inline(__always) func forEach(_ body: (_ position: Int, _ assertion: Assertion) -> Void) {
        for run in runs { run.forEach(merging: representative, body) }
        Run(start: tailStart, owned: tail).forEach(merging: representative, body)
    }

    /// The first position whose assertion names an entity, relation, qualifier set or provenance
    /// record at or past the given counts, or below zero; `nil` when every one is inside.
    ///
    /// Checking a compiled snapshot's assertions at open: each run is read once as stated, its
    /// comparisons or-ed together, and searched one by one only when that pass finds something outside.
    package func firstOutside(entities: Int32, relations: Int32, qualifiers: Int32, provenances: Int32) -> Int? {
        let limits = Limits(entities: entities, relations: relations, qualifiers: qualifiers, provenances: provenances)
        if representative.isEmpty, runs.allSatisfy({ $0.shift == nil }),
           (runs + [Run(start: tailStart, owned: tail)]).allSatisfy({ $0.statesAllBelow(limits) }) {
            return nil
        }
        var first: Int?
        forEach { position, assertion in
            if first == nil, limits.outside(assertion) != 0 { first = position }
        }
        return first
    }

    /// The counts every assertion's references must stay below, compared as unsigned words (so a
    /// negative index is outside too).
    private struct Limits {
        let entities: UInt32, relations: UInt32, qualifiers: UInt32, provenances: UInt32

        init(entities: Int32, relations: Int32, qualifiers: Int32, provenances: Int32) {
            (self.entities, self.relations) = (UInt32(bitPattern: entities), UInt32(bitPattern: relations))
            (self.qualifiers, self.provenances) = (UInt32(bitPattern: qualifiers), UInt32(bitPattern: provenances))
        }

        /// Nonzero when any reference of `assertion` is at or past its count: the five comparisons
        /// or-ed together, without branches.
        @inline(__always) func outside(_ assertion: Assertion) -> UInt32 {
            (UInt32(bitPattern: assertion.subject.index) >= entities ? 1 : 0)
                | (UInt32(bitPattern: assertion.relation.index) >= relations ? 1 : 0)
                | (UInt32(bitPattern: assertion.object.index) >= entities ? 1 : 0)
                | (UInt32(bitPattern: assertion.qualifierIndex) >= qualifiers ? 1 : 0)
                | (UInt32(bitPattern: assertion.provenanceIndex) >= provenances ? 1 : 0)
        }
    }

    /// The positions, in order, of the assertions whose subject (its concept's representative
    /// once concepts merge) is marked in `subjects`, and of those whose object is marked in
    /// `objects`. Up to 64 marked entities of each are looked up in the lists of runs that store
    /// them (``EndLists``); other runs are scanned, reading only those words of each assertion
    /// (raw, where a run lies in memory).
    func positions(withSubjectIn subjects: [Bool], objectIn objects: [Bool] = []) -> (bySubject: [AssertionID], byObject: [AssertionID]) {
        var bySubject: [AssertionID] = [], byObject: [AssertionID] = []
        // The marks of each stated entity (its representative's, once concepts merge), looked up
        // once per entity rather than once per assertion.
        let subjects = statedMarks(subjects), objects = statedMarks(objects)
        // A few marked entities are looked up in a run's stored lists; otherwise the run is scanned.
        let fewSubjects = Self.fewMarked(subjects), fewObjects = Self.fewMarked(objects)
        subjects.withUnsafeBufferPointer { subjects in
            objects.withUnsafeBufferPointer { objects in
                for run in runs + [Run(start: tailStart, owned: tail)] {
                    let base = Int(run.shift?.entities ?? 0)
                    if let fewSubjects, let fewObjects, let listedSubjects = run.listedPositions(of: fewSubjects, asSubject: true),
                       let listedObjects = run.listedPositions(of: fewObjects, asSubject: false) {
                        bySubject += listedSubjects
                        byObject += listedObjects
                        continue
                    }
                    run.forEachStated { position, stated in
                        let subject = UInt(bitPattern: base + stated.subject.position)
                        if subject < UInt(subjects.count), subjects[Int(subject)] { bySubject.append(AssertionID(position)) }
                        let object = UInt(bitPattern: base + stated.object.position)
                        if object < UInt(objects.count), objects[Int(object)] { byObject.append(AssertionID(position)) }
                    }
                }
            }
        }
        return (bySubject, byObject)
    }

    /// How many assertions lie outside runs that store each entity's lists (a look-up scans them).
    var unlistedCount: Int { tail.count + runs.reduce(0) { $0 + ($1.lists == nil ? $1.count : 0) } }

    /// The positions, in order, of the assertions whose stated subject is one of the stated
    /// entities `subjects`, and of those whose stated object is one of `objects` (a concept's
    /// members: a few): looked up in a run's stored lists, the other runs scanned.
    func positions(ofStated subjects: [Int], objects: [Int]) -> (bySubject: [AssertionID], byObject: [AssertionID]) {
        var bySubject: [AssertionID] = [], byObject: [AssertionID] = []
        for run in runs + [Run(start: tailStart, owned: tail)] {
            if let listedSubjects = run.listedPositions(of: subjects, asSubject: true),
               let listedObjects = run.listedPositions(of: objects, asSubject: false) {
                bySubject += listedSubjects
                byObject += listedObjects
                continue
            }
            let base = Int(run.shift?.entities ?? 0)
            run.forEachStated { position, stated in
                if subjects.contains(base + stated.subject.position) { bySubject.append(AssertionID(position)) }
                if objects.contains(base + stated.object.position) { byObject.append(AssertionID(position)) }
            }
        }
        return (bySubject, byObject)
    }

    /// The marked positions, when there are few enough to look up one by one (else `nil`).
    private static func fewMarked(_ marks: [Bool]) -> [Int]? {
        var marked: [Int] = []
        for (position, mark) in marks.enumerated() where mark {
            guard marked.count < 64 else { return nil }
            marked.append(position)
        }
        return marked
    }

    /// Marks by concept as marks by stated entity.
    private func statedMarks(_ marks: [Bool]) -> [Bool] {
        guard !marks.isEmpty, !representative.isEmpty else { return marks }
        return representative.map { UInt(bitPattern: Int($0)) < UInt(marks.count) && marks[Int($0)] }
    }

    /// The subject and object (their concepts' representatives once concepts merge) of the
    /// assertion at each of `positions`: only those two words are read, and the run is looked up
    /// again only when a position leaves it (lists are built from positions in relation order,
    /// ascending within a relation), so building a relation's lists reads each assertion once.
    func ends(at positions: ArraySlice<AssertionID>) -> (subjects: [Int32], objects: [Int32]) {
        var subjects: [Int32] = [], objects: [Int32] = []
        subjects.reserveCapacity(positions.count)
        objects.reserveCapacity(positions.count)
        let merge = !representative.isEmpty
        let tailRun = Run(start: tailStart, owned: tail)
        var current = tailRun
        for id in positions {
            let position = id.position
            if position < current.start || position >= current.end {
                current = position >= tailStart ? tailRun : runs[run(containing: position)]
            }
            let (subject, object) = current.ends(position)
            subjects.append(merge ? representative[Int(subject)] : subject)
            objects.append(merge ? representative[Int(object)] : object)
        }
        return (subjects, objects)
    }

    /// Every position grouped by relation, ascending within each relation: relation `r`'s are
    /// `positions[offsets[r]..<offsets[r + 1]]` (a counting sort). A run stored with its groups (a
    /// compiled segment's) is placed group by group without reading its assertions.
    func groupedByRelation(relationCount: Int) -> (offsets: [Int32], positions: [AssertionID]) {
        let all = runs + [Run(start: tailStart, owned: tail)]
        let grouped = all.map { $0.groupedRelations(relationCount: relationCount) }
        var counts = [Int32](repeating: 0, count: relationCount + 1)
        for (run, stored) in zip(all, grouped) {
            if let (groups, relations) = stored {
                for (local, relation) in relations.enumerated() { counts[relation.position + 1] += groups.count(of: local) }
            } else {
                run.forEach(merging: []) { _, assertion in counts[assertion.relation.position + 1] += 1 }
            }
        }
        for relation in 0..<relationCount { counts[relation + 1] += counts[relation] }
        var cursor = counts
        var placed = [AssertionID](repeating: AssertionID(0), count: count)
        for (run, stored) in zip(all, grouped) {
            if let (groups, relations) = stored {
                for (local, relation) in relations.enumerated() {
                    groups.forEach(of: local) { position in
                        placed[Int(cursor[relation.position])] = AssertionID(run.start + Int(position))
                        cursor[relation.position] += 1
                    }
                }
            } else {
                run.forEach(merging: []) { position, assertion in
                    placed[Int(cursor[assertion.relation.position])] = AssertionID(position)
                    cursor[assertion.relation.position] += 1
                }
            }
        }
        return (counts, placed)
    }

    /// Adds one assertion at the end.
    mutating func append(_ assertion: Assertion) { tail.append(assertion) }

    /// Makes room for `count` more assertions added one by one.
    mutating func reserveCapacity(_ count: Int) { tail.reserveCapacity(tail.count + count) }

    /// Appends `other`'s assertions as a run of their own, read through `shift` (the segment's bases
    /// in this graph); in-place runs stay in place.
    mutating func append(_ other: AssertionTable, shift: Shift) {
        precondition(other.representative.isEmpty, "a segment's assertions are appended before concepts merge")
        if !tail.isEmpty {
            runs.append(Run(start: tailStart, owned: tail))
            tailStart += tail.count
            tail = []
        }
        var start = endIndex
        for run in other.runs {
            runs.append(run.moved(to: start, shift: run.shift.map(shift.after) ?? shift))
            start += run.count
        }
        if !other.tail.isEmpty {
            runs.append(Run(start: start, owned: other.tail, shift: shift))
            start += other.tail.count
        }
        tailStart = start
    }

    /// The same assertions with subjects and objects named by their concept's representative.
    func merging(_ representative: [Int32]) -> AssertionTable {
        var copy = self
        copy.representative = representative
        return copy
    }

    /// The assertions as one array (for writing a snapshot).
    package var contiguous: [Assertion] {
        guard representative.isEmpty else { return Array(self) }
        if runs.isEmpty { return tail }
        if runs.count == 1, tail.isEmpty, let owned = runs[0].ownedAsStated { return owned }
        return Array(self)
    }

    @inline(__always) fileprivate static func merged(_ assertion: Assertion, _ representative: [Int32]) -> Assertion {
        var assertion = assertion
        assertion.subject = EntityID(Int(representative[assertion.subject.position]))
        assertion.object = EntityID(Int(representative[assertion.object.position]))
        return assertion
    }

    /// The run holding `position` (which is before `tailStart`).
    @inline(__always) private func run(containing position: Int) -> Int {
        var index = Int(firstRunOfBlock[position >> Self.blockShift])
        while runs[index].end <= position { index += 1 }
        return index
    }

    private static let blockShift = 10

    private static func firstRuns(of runs: [Run]) -> [Int32] {
        guard let last = runs.last else { return [] }
        var first: [Int32] = []
        first.reserveCapacity((last.end >> blockShift) + 1)
        var index = 0
        for block in 0...((last.end - 1) >> blockShift) {
            while runs[index].end <= block << blockShift { index += 1 }
            first.append(Int32(index))
        }
        return first
    }

    /// What a segment's local references add up to in a graph.
    struct Shift: Sendable {
        var entities: Int32
        var qualifiers: Int32
        var provenances: Int32
        /// The graph's relation for each of the segment's.
        var relations: [RelationID]

        @inline(__always) func apply(_ stored: Assertion) -> Assertion {
            Assertion(
                subject: EntityID(Int(stored.subject.index + entities)), relation: relations[stored.relation.position],
                object: EntityID(Int(stored.object.index + entities)),
                qualifierIndex: stored.qualifierIndex + qualifiers, provenanceIndex: stored.provenanceIndex + provenances)
        }

        /// `self` applied after `inner` (a run appended twice: to a segment, then to a graph; a
        /// snapshot's segment holds one unshifted run, so today only tables built by hand do).
        func after(_ inner: Shift) -> Shift {
            Shift(
                entities: inner.entities + entities, qualifiers: inner.qualifiers + qualifiers,
                provenances: inner.provenances + provenances, relations: inner.relations.map { relations[$0.position] })
        }
    }

    /// A stored run's positions grouped by its stored relations: relation `r`'s positions (in the
    /// run, ascending) are `positions[offsets[r]..<offsets[r + 1]]`, read where they lie, in memory
    /// that the run's owner keeps alive. A compiled snapshot stores them, so that loading it groups
    /// the graph's assertions by relation without a counting sort over 295,000 assertions (the
    /// open checks them against the assertions' relations, in one pass).
    package struct RelationGroups: @unchecked Sendable {
        let offsets: [Int32]
        private let positions: UnsafeRawBufferPointer

        /// Groups of `offsets` (one more than the stored relations) over `positions`, Int32 values
        /// laid end to end.
        package init(offsets: [Int32], positions: UnsafeRawBufferPointer) {
            self.offsets = offsets
            self.positions = positions
        }

        /// The groups of `assertions` (for writing a snapshot): offsets and positions.
        package static func of(_ assertions: AssertionTable, relationCount: Int) -> (offsets: [Int32], positions: [Int32]) {
            let (offsets, positions) = assertions.groupedByRelation(relationCount: relationCount)
            return (offsets, positions.map { Int32($0.position) })
        }

        /// What is wrong with groups read from a file beside their run's `assertions` (stored
        /// records), or `nil`: their shape, every position inside the run, ascending within its
        /// group and holding an assertion of the group's relation — so the groups are the run's
        /// positions, each once, grouped as a reading would group them.
        package func inconsistency(assertions: UnsafeRawBufferPointer, relationCount: Int) -> String? {
            let stride = MemoryLayout<Assertion>.stride
            let assertionCount = assertions.count / stride
            guard offsets.count == relationCount + 1, offsets.first == 0, offsets.last.map(Int.init) == assertionCount,
                  positions.count == assertionCount * 4, let relationOffset = MemoryLayout<Assertion>.offset(of: \.relation) else {
                return "the relation groups have the wrong shape"
            }
            for relation in 0..<relationCount {
                guard offsets[relation] <= offsets[relation + 1] else { return "the relation groups are out of order" }
                var previous = -1
                for index in Int(offsets[relation])..<Int(offsets[relation + 1]) {
                    let position = Int(positions.loadUnaligned(fromByteOffset: index * 4, as: Int32.self))
                    guard position > previous, position < assertionCount else {
                        return "the relation groups repeat a position or refer outside the assertions"
                    }
                    let stored = assertions.loadUnaligned(fromByteOffset: position * stride + relationOffset, as: RelationID.self)
                    guard stored.position == relation else { return "the relation groups do not match the assertions" }
                    previous = position
                }
            }
            return nil
        }

        func count(of relation: Int) -> Int32 { offsets[relation + 1] - offsets[relation] }

        @inline(__always) func forEach(of relation: Int, _ body: (Int32) -> Void) {
            for index in Int(offsets[relation])..<Int(offsets[relation + 1]) {
                body(positions.loadUnaligned(fromByteOffset: index * 4, as: Int32.self))
            }
        }
    }

    /// A run of assertions: owned, or stored in memory that `owner` keeps alive and nobody writes.
    ///
    /// The one place that reads assertions from raw memory; Sendable because that memory is only
    /// ever read, and stays mapped for as long as any copy of the run lives.
    private struct Run: @unchecked Sendable {
        let start: Int
        let count: Int
        private let owned: [Assertion]
        private let stored: UnsafeRawBufferPointer?
        private let owner: Data?
        let shift: Shift?
        /// The stored run's positions by relation, when its snapshot stores them.
        let groups: RelationGroups?
        /// Each entity's positions in the stored run, when its snapshot stores them.
        let lists: EndLists?

        /// The graph positions, ascending, of the run's assertions whose stated subject
        /// (`asSubject`) or object is one of the graph's stated entities `entities`, read from
        /// the run's lists; `nil` for a run without them.
        func listedPositions(of entities: [Int], asSubject: Bool) -> [AssertionID]? {
            guard let lists else { return nil }
            let base = Int(shift?.entities ?? 0)
            var found: [AssertionID] = []
            for entity in entities {
                lists.forEach(of: entity - base, asSubject: asSubject, assertionCount: count) { found.append(AssertionID(start + $0)) }
            }
            return found.sorted { $0.position < $1.position }
        }

        var end: Int { start + count }

        init(start: Int, owned: [Assertion], shift: Shift? = nil, lists: EndLists? = nil) {
            self.start = start
            count = owned.count
            self.owned = owned
            stored = nil
            owner = nil
            self.shift = shift
            groups = nil
            self.lists = lists
        }

        /// The run's assertions as an array, when it owns them and states them as they are (no shift).
        var ownedAsStated: [Assertion]? { stored == nil && shift == nil ? owned : nil }

        init(start: Int, stored: UnsafeRawBufferPointer, owner: Data, groups: RelationGroups?, lists: EndLists?) {
            self.start = start
            count = stored.count / MemoryLayout<Assertion>.stride
            owned = []
            self.stored = stored
            self.owner = owner
            shift = nil
            self.groups = groups
            self.lists = lists
        }

        private init(
            start: Int, count: Int, owned: [Assertion], stored: UnsafeRawBufferPointer?, owner: Data?, shift: Shift?,
            groups: RelationGroups?, lists: EndLists?
        ) {
            (self.start, self.count, self.owned, self.stored, self.owner, self.shift, self.groups, self.lists) =
                (start, count, owned, stored, owner, shift, groups, lists)
        }

        func moved(to start: Int, shift: Shift) -> Run {
            Run(start: start, count: count, owned: owned, stored: stored, owner: owner, shift: shift, groups: groups, lists: lists)
        }

        /// The run's stored groups and the graph's relation of each, when the run has groups and no
        /// two of them land on one relation (whose positions would then have to be merged).
        func groupedRelations(relationCount: Int) -> (groups: RelationGroups, relations: [RelationID])? {
            guard let groups, shift.map({ $0.relations.count == groups.offsets.count - 1 }) ?? true else { return nil }
            let relations = (0..<(groups.offsets.count - 1)).map { shift?.relations[$0] ?? RelationID($0) }
            guard relations.allSatisfy({ $0.position < relationCount }), Set(relations).count == relations.count else { return nil }
            return (groups, relations)
        }

        /// Calls `body` with every position and assertion as the run states it (before its shift).
        @inline(__always) func forEachStated(_ body: (Int, Assertion) -> Void) {
            if let stored {
                let stride = MemoryLayout<Assertion>.stride
                for local in 0..<count { body(start + local, stored.loadUnaligned(fromByteOffset: local * stride, as: Assertion.self)) }
            } else {
                for local in 0..<count { body(start + local, owned[local]) }
            }
        }

        /// Whether every assertion, as stated, has all its references below `limits`: one pass with
        /// no early exit.
        func statesAllBelow(_ limits: Limits) -> Bool {
            if let stored, MemoryLayout<Assertion>.stride == 20 { return Self.wordsAllBelow(stored, count: count, limits) }
            var outside: UInt32 = 0
            forEachStated { _, stated in outside |= limits.outside(stated) }
            return outside == 0
        }

        /// ``statesAllBelow(_:)`` for `count` stored assertions of five words each, read four at a
        /// time as five vectors of four words, each compared with the limits of the fields it
        /// holds (the field of word `k` of the twenty is `k % 5`), the results or-ed together: ~8
        /// instructions an assertion where reading them one by one took 26. A word is compared as
        /// unsigned (a negative index is outside too): `w >= l` is `(w ^ 0x8000_0000) > (l ^
        /// 0x8000_0000) - 1` as signed words, for any limit above zero.
        private static func wordsAllBelow(_ raw: UnsafeRawBufferPointer, count: Int, _ limits: Limits) -> Bool {
            typealias Words = SIMD4<Int32>
            let (e, r, q, p) = (limits.entities, limits.relations, limits.qualifiers, limits.provenances)
            guard count * 20 <= raw.count else { return false }
            guard e > 0, r > 0, q > 0, p > 0 else { return count == 0 }
            func bounds(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32) -> Words {
                Words([a, b, c, d].map { Int32(bitPattern: $0 ^ 0x8000_0000) - 1 })
            }
            let first = bounds(e, r, e, q), second = bounds(p, e, r, e), third = bounds(q, p, e, r)
            let fourth = bounds(e, q, p, e), fifth = bounds(r, e, q, p)
            let bias = Words(repeating: Int32.min)
            var outside = SIMDMask<Words>()
            let groups = count / 4
            for group in 0..<groups {
                let base = group * 80
                outside = outside .| ((raw.loadUnaligned(fromByteOffset: base, as: Words.self) ^ bias) .> first)
                outside = outside .| ((raw.loadUnaligned(fromByteOffset: base + 16, as: Words.self) ^ bias) .> second)
                outside = outside .| ((raw.loadUnaligned(fromByteOffset: base + 32, as: Words.self) ^ bias) .> third)
                outside = outside .| ((raw.loadUnaligned(fromByteOffset: base + 48, as: Words.self) ^ bias) .> fourth)
                outside = outside .| ((raw.loadUnaligned(fromByteOffset: base + 64, as: Words.self) ^ bias) .> fifth)
            }
            guard !any(outside) else { return false }
            var rest: UInt32 = 0
            for local in (groups * 4)..<count {
                rest |= limits.outside(raw.loadUnaligned(fromByteOffset: local * 20, as: Assertion.self))
            }
            return rest == 0
        }

        @inline(__always) func forEach(merging representative: [Int32], _ body: (Int, Assertion) -> Void) {
            if let stored {
                let stride = MemoryLayout<Assertion>.stride
                for local in 0..<count {
                    body(start + local, finish(stored.loadUnaligned(fromByteOffset: local * stride, as: Assertion.self), representative))
                }
            } else {
                for local in 0..<count { body(start + local, finish(owned[local], representative)) }
            }
        }

        @inline(__always) private func finish(_ stated: Assertion, _ representative: [Int32]) -> Assertion {
            let shifted = shift?.apply(stated) ?? stated
            return representative.isEmpty ? shifted : AssertionTable.merged(shifted, representative)
        }

        /// The assertion at `position` as the run states it (before its shift).
        @inline(__always) private func stated(_ position: Int) -> Assertion {
            let local = position - start
            precondition(local >= 0 && local < count, "assertion position out of range")
            if let stored { return stored.loadUnaligned(fromByteOffset: local * MemoryLayout<Assertion>.stride, as: Assertion.self) }
            return owned[local]
        }

        /// The subject and object of the assertion at `position`, through the shift: two words read.
        @inline(__always) func ends(_ position: Int) -> (subject: Int32, object: Int32) {
            let stated = stated(position), base = shift?.entities ?? 0
            return (stated.subject.index + base, stated.object.index + base)
        }

        @inline(__always) subscript(position: Int) -> Assertion {
            let stated = stated(position)
            guard let shift else { return stated }
            return shift.apply(stated)
        }
    }
}
