/// What ranking diseases from findings reads from a graph, as flat tables: every entity's ancestors
/// along `is_a` (itself included), and per disease database (the id prefix of its diseases: OMIM,
/// ORPHA, DECIPHER) the diseases, their annotated terms and how many diseases reach each term.
///
/// Built from a graph (``compute(graph:)``) or, much faster, *adopted* from the tables a compiled
/// pack snapshot carries (see ``GraphSegment/annotationTables``): the tables of the pack alone are
/// mapped to the positions its segment took in the graph, and only what other loaded packs change
/// is recomputed — diseases merged with or annotated by another pack, terms another pack places
/// under a parent. Adopted tables equal computed ones, element for element (a test holds them
/// together on the bundled packs and the HPO).
///
/// A disease's terms are its own annotations (the objects of `has_symptom`, `has_inheritance`, …;
/// negated ones apart), sorted by position, followed by the ontology terms a curated pack reaches
/// from its findings that are not terms themselves (`multiple sclerosis has_symptom MS spasms
/// has_symptom tingling`), also sorted. Counts (for information content) use the own terms only.
/// The tables a compile stores for the graph a user loads (``Precomputed``) are in the form a
/// ranking reads (``forRanking()``): each row sorted whole, every term counted as own; they are
/// only ever taken whole for that graph, never adopted from.
public struct AnnotationTables: Sendable, Equatable {
    /// Ancestors of every entity along non-negated `is_a`, itself included, sorted (CSR by position).
    public let ancestorOffsets: Int32Buffer
    public let ancestorList: Int32Buffer
    /// The databases, sorted by name (each made now; see ``database(named:)`` for one).
    public var databases: [Database] { slots.compactMap(\.value) }
    /// The databases' names, sorted. (An adopted database is named before it is made; one whose
    /// diseases turn out to annotate no ontology term would then have no tables — a compiled
    /// pack stores no such database.)
    public var databaseNames: [String] { slots.map(\.name) }
    /// The databases by name, each made on first use when adopted (ranking against OMIM does
    /// not pay for ORPHA's rows).
    private let slots: [DatabaseSlot]

    /// One database, made when first asked for.
    private final class DatabaseSlot: Sendable {
        let name: String
        private let made = LazyValue<Database?>()
        private let make: @Sendable () -> Database?

        init(name: String, make: @escaping @Sendable () -> Database?) {
            self.name = name
            self.make = make
        }

        var value: Database? {
            if let value = made.made { return value }
            return made.value(make)
        }
    }

    /// Makes every database not made yet, side by side on the machine's cores (each is otherwise
    /// made on first use).
    public func makeDatabases() {
        _ = parallelMap(slots.count) { slots[$0].value }
    }

    /// The database with a name (`OMIM`), made now if it was not yet; `nil` when there is none.
    public func database(named name: String) -> Database? {
        slots.first { $0.name == name }?.value
    }

    /// One disease database.
    public struct Database: Sendable, Equatable {
        /// `OMIM`, `ORPHA`, `DECIPHER`.
        public let name: String
        /// The diseases (concepts), by entity position, in graph order.
        public let diseases: Int32Buffer
        /// Each disease's terms (CSR over ``diseases``): own annotations, then curated reach (in
        /// the ranking form, ``forRanking()``, the two sorted together).
        public let termOffsets: Int32Buffer
        public let terms: Int32Buffer
        /// Where each disease's own annotations end in ``terms`` (the row's end in the ranking form).
        public let ownEnds: Int32Buffer
        /// Each disease's negated terms (CSR over ``diseases``), sorted.
        public let negatedOffsets: Int32Buffer
        public let negated: Int32Buffer
        /// By entity position: how many of the database's diseases have an own annotation at or
        /// below the entity.
        public let counts: Int32Buffer

        public init(
            name: String, diseases: Int32Buffer, termOffsets: Int32Buffer, terms: Int32Buffer, ownEnds: Int32Buffer,
            negatedOffsets: Int32Buffer, negated: Int32Buffer, counts: Int32Buffer
        ) {
            self.name = name
            self.diseases = diseases
            self.termOffsets = termOffsets
            self.terms = terms
            self.ownEnds = ownEnds
            self.negatedOffsets = negatedOffsets
            self.negated = negated
            self.counts = counts
        }

        /// A disease's terms (by its place in ``diseases``).
        @inlinable
        public func terms(ofDisease index: Int) -> Slice<Int32Buffer> {
            terms[Int(termOffsets[index])..<Int(termOffsets[index + 1])]
        }

        /// A disease's own annotations.
        @inlinable
        public func ownTerms(ofDisease index: Int) -> Slice<Int32Buffer> {
            terms[Int(termOffsets[index])..<Int(ownEnds[index])]
        }

        /// A disease's negated terms.
        @inlinable
        public func negatedTerms(ofDisease index: Int) -> Slice<Int32Buffer> {
            negated[Int(negatedOffsets[index])..<Int(negatedOffsets[index + 1])]
        }

        /// Each disease's terms, own and reached through curated findings, sorted together (what
        /// a ranking reads): ``terms`` itself when no disease reaches any, else a copy with those
        /// diseases' rows sorted.
        public var profile: Int32Buffer { profile(sorting: mixedRows) }

        /// ``terms`` with the rows of `mixed` sorted.
        private func profile(sorting mixed: [Int]) -> Int32Buffer {
            mixed.isEmpty ? terms : terms.sortingRanges(mixed.lazy.map { Int(self.termOffsets[$0])..<Int(self.termOffsets[$0 + 1]) })
        }

        /// The diseases whose rows end in terms reached through curated findings.
        private var mixedRows: [Int] {
            termOffsets.withView { offsets in
                ownEnds.withView { ownEnds in ownEnds.indices.filter { ownEnds[$0] < offsets[$0 + 1] } }
            }
        }

        /// The database as a ranking reads it: each row its ``profile``, all of it counted as the
        /// disease's own. A loaded graph's tables are stored so (``AnnotationTables/forRanking()``):
        /// they are taken only for that graph and only to rank, which reads whole rows, so a load
        /// ranks from the rows where they lie rather than from a sorted copy (~600 KB for OMIM).
        /// The counts are the database's, made from its own terms alone.
        public func forRanking() -> Database {
            let mixed = mixedRows
            guard !mixed.isEmpty else { return self }
            return Database(
                name: name, diseases: diseases, termOffsets: termOffsets, terms: profile(sorting: mixed),
                ownEnds: Int32Buffer(termOffsets.dropFirst()),
                negatedOffsets: negatedOffsets, negated: negated, counts: counts)
        }
    }

    /// The tables with every database as a ranking reads it (``Database/forRanking()``).
    public func forRanking() -> AnnotationTables {
        AnnotationTables(ancestorOffsets: ancestorOffsets, ancestorList: ancestorList, databases: databases.map { $0.forRanking() })
    }

    public init(ancestorOffsets: Int32Buffer, ancestorList: Int32Buffer, databases: [Database]) {
        self.ancestorOffsets = ancestorOffsets
        self.ancestorList = ancestorList
        slots = databases.map { database in DatabaseSlot(name: database.name) { database } }
    }

    /// Tables whose databases are made by `make` on first use (`made` ones are given).
    private init(ancestorOffsets: Int32Buffer, ancestorList: Int32Buffer, made: [Database], adopting: [(String, @Sendable () -> Database?)]) {
        self.ancestorOffsets = ancestorOffsets
        self.ancestorList = ancestorList
        slots = (made.map { database in DatabaseSlot(name: database.name) { database } } + adopting.map { DatabaseSlot(name: $0.0, make: $0.1) })
            .sorted { $0.name < $1.name }
    }

    /// Equal ancestors and equal databases (all made to compare them).
    public static func == (lhs: AnnotationTables, rhs: AnnotationTables) -> Bool {
        lhs.ancestorOffsets == rhs.ancestorOffsets && lhs.ancestorList == rhs.ancestorList && lhs.databases == rhs.databases
    }

    /// The relations whose assertions annotate diseases with terms.
    public static let annotationRelations = ["has_symptom", "has_inheritance", "has_course", "has_modifier", "has_history"]

    /// The ancestors of an entity, itself included.
    @inlinable
    public func ancestors(of position: Int) -> Slice<Int32Buffer> {
        ancestorList[Int(ancestorOffsets[position])..<Int(ancestorOffsets[position + 1])]
    }

    /// Calls `body` with every entity's ancestors (by position), read as ``ancestors(of:)`` reads
    /// them but without counting references (``Int32Buffer/withView(_:)``), for a hot loop.
    @inlinable
    public func withAncestors<Result>(_ body: (Int32Buffer.Rows) throws -> Result) rethrows -> Result {
        try Int32Buffer.withRows(offsets: ancestorOffsets, values: ancestorList, body)
    }

    /// Checks that every table refers inside a graph of `entityCount` entities (a snapshot's tables
    /// must pass this before use). Returns what is wrong, or `nil`.
    public func inconsistency(entityCount: Int) -> String? {
        func csr(_ offsets: Int32Buffer, _ list: Int32Buffer, rows: Int, _ what: String) -> String? {
            guard offsets.count == rows + 1, offsets.first == 0, offsets.last.map(Int.init) == list.count else {
                return "the \(what) table has the wrong shape"
            }
            guard offsets.isNondecreasing else { return "the \(what) table is out of order" }
            guard list.allBelow(entityCount) else { return "the \(what) table refers outside the graph" }
            return nil
        }
        if let problem = csr(ancestorOffsets, ancestorList, rows: entityCount, "ancestor") { return problem }
        for database in databases {
            let rows = database.diseases.count
            if let problem = csr(database.termOffsets, database.terms, rows: rows, "annotation")
                ?? csr(database.negatedOffsets, database.negated, rows: rows, "negated annotation")
                ?? csr(Int32Buffer(0...Int32(rows)), database.diseases, rows: rows, "disease") {
                return problem
            }
            guard database.ownEnds.count == rows, database.counts.count == entityCount else {
                return "the tables of database '\(database.name)' have the wrong size"
            }
            // Counts are taken back and added to when other packs change diseases: out of range, they could overflow.
            if !database.counts.allBelow(rows + 1) {
                return "the counts of database '\(database.name)' are out of range"
            }
            // Each own-annotations end lies inside its disease's row.
            let ownEndsInside = database.ownEnds.withView { ownEnds in
                database.termOffsets.withView { offsets in
                    var outside: UInt32 = 0
                    for row in 0..<rows { outside |= ownEnds[row] < offsets[row] || ownEnds[row] > offsets[row + 1] ? 1 : 0 }
                    return outside == 0
                }
            }
            guard ownEndsInside else { return "the annotation table of database '\(database.name)' is out of order" }
        }
        return nil
    }
}

// MARK: Computing

extension AnnotationTables {
    /// Computes the tables of a graph; `nil` when it has no `is_a` relation. With `requireAcyclic`,
    /// also `nil` when `is_a` has a cycle (a compiled pack stores only tables that do not depend on
    /// the order a cycle is walked in).
    public static func compute(graph: KnowledgeGraph, requireAcyclic: Bool = false) -> AnnotationTables? {
        computeChecking(graph: graph, requireAcyclic: requireAcyclic).tables
    }

    /// ``compute(graph:requireAcyclic:)``, and whether the graph's `is_a` edges are known to have
    /// no cycle: computing followed every one that is not negated without meeting one, and none
    /// is negated (a pack's compile then need not search them again).
    package static func computeChecking(graph: KnowledgeGraph, requireAcyclic: Bool) -> (tables: AnnotationTables?, isAAcyclic: Bool) {
        guard let context = Context(computing: graph) else { return (nil, false) }
        var lists = [[Int32]?](repeating: nil, count: graph.entities.count)
        let acyclic = context.closeAncestors(&lists)
        guard acyclic || !requireAcyclic else { return (nil, false) }
        return (tables(of: graph, context: context, ancestorLists: lists), acyclic && !context.hasNegatedIsA)
    }

    /// The tables, from every entity's ancestors.
    private static func tables(of graph: KnowledgeGraph, context: Context, ancestorLists lists: [[Int32]?]) -> AnnotationTables {
        let (offsets, flat) = flatten(lists)
        let ancestors = Ancestors(offsets: offsets, list: flat)
        var databases: [Database] = []
        var scratch = Context.Scratch(count: graph.entities.count)
        for (name, diseases) in context.diseasesByDatabase() {
            var builder = DatabaseBuilder(name: name, entityCount: graph.entities.count)
            for disease in diseases { builder.add(disease, lists: context.lists(of: disease, scratch: &scratch), ancestors: ancestors) }
            if let database = builder.finish(isTerm: context.isTerm) { databases.append(database) }
        }
        return AnnotationTables(ancestorOffsets: Int32Buffer(offsets), ancestorList: Int32Buffer(flat), databases: databases.sorted { $0.name < $1.name })
    }

    /// Tables a compiled segment carried, placed where the segment landed in a graph.
    public struct Placement: Sendable {
        /// The segment's tables, decoded when first read.
        public let stored: Stored
        /// The position of the segment's first entity in the graph.
        public var entityBase: Int { entities.lowerBound }
        /// The positions of the segment's entities in the graph.
        public let entities: Range<Int>
        /// The positions of the segment's assertions in the graph.
        public let assertions: Range<Int>
        /// The tables of a whole graph the segment was compiled beside, if it carries them.
        public let precomputed: Precomputed?

        public init(stored: Stored, entities: Range<Int>, assertions: Range<Int>, precomputed: Precomputed? = nil) {
            self.stored = stored
            self.entities = entities
            self.assertions = assertions
            self.precomputed = precomputed
        }

        /// The segment's tables; `nil` when the stored ones do not decode or do not fit it.
        public var tables: AnnotationTables? { stored.tables }
    }

    /// A segment's ranking tables: given (computed when a pack is compiled), or still encoded in
    /// a snapshot, to be decoded and checked when a graph first ranks — a query that ranks
    /// nothing (`describe`, `ancestors of`) neither copies nor checks them.
    public final class Stored: Sendable, Equatable {
        private let made = LazyValue<AnnotationTables?>()
        private let make: @Sendable () -> AnnotationTables?

        /// Tables at hand.
        public init(_ tables: AnnotationTables) { make = { tables } }

        /// Tables that `decode` reads when first asked for; it returns `nil` for tables that are
        /// damaged or do not fit their segment (the graph then computes its own).
        public init(decoding decode: @escaping @Sendable () -> AnnotationTables?) { make = decode }

        public var tables: AnnotationTables? {
            if let value = made.made { return value }
            return made.value(make)
        }

        /// The same tables (decoding both).
        public static func == (lhs: Stored, rhs: Stored) -> Bool { lhs === rhs || lhs.tables == rhs.tables }
    }

    /// The ranking tables of a whole graph, stored with one compiled segment of it (`symkb pack
    /// compile` stores those of the packs a load would put beside the pack): a graph whose
    /// context — everything the tables read outside the segment (``contextDigest(of:placement:)``)
    /// — is the one they were made in takes them as they are, without adopting anything.
    /// Stored in the ranking form (``forRanking()``), so never a source to adopt from (which
    /// needs each disease's own terms apart).
    public struct Precomputed: Sendable, Equatable {
        /// The context digest of the graph the tables were made for.
        public let digest: UInt64
        /// The number of entities of that graph.
        public let entityCount: Int
        /// The tables (graph positions), decoded and checked when first read.
        public let stored: Stored

        public init(digest: UInt64, entityCount: Int, stored: Stored) {
            self.digest = digest
            self.entityCount = entityCount
            self.stored = stored
        }
    }

    /// The tables of `graph`: a compiled segment's precomputed ones when the graph is the one they
    /// were made for; else adopted from its own tables when there is one; else computed.
    public static func of(_ graph: KnowledgeGraph) -> AnnotationTables? {
        if let placement = graph.annotationPlacements.last, graph.annotationPlacements.count == 1 {
            if let precomputed = placement.precomputed, precomputed.entityCount == graph.entities.count,
               precomputed.digest == contextDigest(of: graph, placement: placement),
               let tables = precomputed.stored.tables {
                return tables
            }
            if let adopted = adopt(placement, in: graph) { return adopted }
        }
        return compute(graph: graph)
    }

    /// A digest of everything the ranking tables of `graph` read that the placed segment does not
    /// fix: where it lies, the kinds, every entity and assertion of other packs (ids, kinds, ends,
    /// relation names, negation) and every merged concept. Two graphs with one digest and the
    /// same segment have the same tables. Cheap: it reads only what lies outside the segment.
    ///
    /// Every list is preceded by its length, so that no two contexts write the same bytes.
    public static func contextDigest(of graph: KnowledgeGraph, placement: Placement) -> UInt64 {
        var digest = StableDigest()
        for number in [graph.entities.count, placement.entities.lowerBound, placement.entities.upperBound,
                       graph.assertions.count, placement.assertions.lowerBound, placement.assertions.upperBound] {
            digest.add(number)
        }
        digest.add(graph.kinds.count)
        for kind in graph.kinds {
            digest.add(kind.name)
            digest.add(kind.parent ?? "")
        }
        // Relations by name, and which way `is_a` and the annotation relations read.
        digest.add(graph.relations.count)
        for relation in graph.relations {
            digest.add(relation.name)
            digest.add(relation.inverseName ?? "")
        }
        let stated = graph.statedEntities
        for position in positions(around: placement.entities, upTo: stated.count) {
            digest.add(position)
            digest.add(stated.id(at: position))
            digest.add(stated.kind(at: position))
        }
        // Merged concepts: their members, and the id each shows (which names its database, and
        // which another pack's cross-references can change without changing the members).
        digest.add(graph.concepts.members.count)
        for concept in graph.concepts.members.keys.sorted() {
            digest.add(Int(concept))
            digest.add(graph.id(of: EntityID(Int(concept))))
            let members = graph.concepts.members[concept] ?? []
            digest.add(members.count)
            for member in members { digest.add(member.position) }
        }
        for position in positions(around: placement.assertions, upTo: graph.assertions.count) {
            let assertion = graph.assertions[position]
            digest.add(assertion.subject.position)
            digest.add(graph.relations[assertion.relation.position].name)
            digest.add(assertion.object.position)
            digest.add(graph.isNegated(AssertionID(position)) ? 1 : 0)
        }
        return digest.value
    }

    /// The positions before a placed run and after it, up to `count`: what other packs hold.
    private static func positions(around run: Range<Int>, upTo count: Int) -> FlattenSequence<[Range<Int>]> {
        [0..<run.lowerBound, run.upperBound..<Swift.max(run.upperBound, count)].joined()
    }

    /// Maps a pack's tables into `graph` and recomputes only what other packs change; `nil` when
    /// they cannot be adopted (then compute).
    public static func adopt(_ placement: Placement, in graph: KnowledgeGraph) -> AnnotationTables? {
        guard let tables = placement.tables else { return nil }
        let base = placement.entityBase
        let count = graph.entities.count, localCount = tables.ancestorOffsets.count - 1
        guard base >= 0, base + localCount <= count, placement.assertions.upperBound <= graph.assertions.count,
              var context = Context(graph: graph) else { return nil }
        // Where each graph position comes from in the pack (its concept's member there), and which
        // of the pack's entities stand under another position (merged into an earlier entity).
        var source = [Int32](repeating: -1, count: count)
        var moved = [Bool](repeating: false, count: localCount)
        var target = [Int32](repeating: 0, count: localCount)
        for local in 0..<localCount {
            let concept = graph.concept(of: EntityID(base + local)).position
            guard source[concept] < 0 else { return nil }
            source[concept] = Int32(local)
            moved[local] = concept != base + local
            target[local] = Int32(concept)
        }

        // Entities whose ancestors other packs change: subjects of their is_a assertions, and
        // everything below those. Other packs' assertions are read where they lie, around the
        // pack's, and the changed entities' edges looked up where they are stored
        // (``KnowledgeGraph/assertionsLookingUp(_:outgoing:relation:)``): building the graph's
        // lists of a relation sorts every assertion, for the few edges other packs usually add.
        let outside = positions(around: placement.assertions, upTo: graph.assertions.count)
        var changed = [Bool](repeating: false, count: count)
        var queue: [Int] = []
        for position in outside {
            let assertion = AssertionID(position)
            guard graph[assertion].relation == context.isA, !graph.isNegated(assertion) else { continue }
            let subject = graph[assertion].subject.position
            if !changed[subject] { changed[subject] = true; queue.append(subject) }
        }
        while let node = queue.popLast() {
            for assertion in graph.assertionsLookingUp(EntityID(node), outgoing: false, relation: context.isA)
            where !graph.isNegated(assertion) {
                let child = graph[assertion].subject.position
                if !changed[child] { changed[child] = true; queue.append(child) }
            }
        }
        // Only the changed entities' ancestors are computed, from their parents' lists; every other
        // entity keeps the pack's list, mapped. An empty list (no allocation) stands for "the
        // pack's, mapped" until the flat table is written.
        var lists = [[Int32]?](repeating: [], count: count)
        func own(_ node: Int) -> [Int32] {
            source[node] >= 0 ? Adoption.mapped(tables.ancestors(of: Int(source[node])), target: target, moved: moved) : [Int32(node)]
        }
        for node in 0..<count where changed[node] { lists[node] = nil }
        for node in 0..<count where changed[node] {
            for assertion in graph.assertionsLookingUp(EntityID(node), outgoing: true, relation: context.isA)
            where !graph.isNegated(assertion) {
                let parent = graph[assertion].object.position
                if !changed[parent], lists[parent]?.isEmpty == true { lists[parent] = own(parent) }
            }
        }
        guard context.closeAncestors(&lists) else { return nil }
        var offsets = [Int32](repeating: 0, count: count + 1)
        var flat: [Int32] = []
        flat.reserveCapacity(tables.ancestorList.count + count - localCount)
        for node in 0..<count {
            if let list = lists[node], !list.isEmpty {
                flat += list
            } else if source[node] >= 0 {
                let start = flat.count
                var anyMoved = false
                for ancestor in tables.ancestors(of: Int(source[node])) {
                    flat.append(target[Int(ancestor)])
                    anyMoved = anyMoved || moved[Int(ancestor)]
                }
                if anyMoved { flat[start...].sort() }
            } else {
                flat.append(Int32(node))
            }
            offsets[node + 1] = Int32(flat.count)
        }
        let ancestors = Ancestors(offsets: offsets, list: flat)

        // Diseases another pack annotates directly.
        var annotatedElsewhere = Set<Int32>()
        for position in outside where context.annotationRelations.contains(graph[AssertionID(position)].relation) {
            annotatedElsewhere.insert(Int32(graph[AssertionID(position)].subject.position))
        }
        // The diseases that may be recomputed (merged, annotated elsewhere, from another pack) and
        // every entity of other packs (curated findings a disease reaches terms through).
        var nearby = Set(annotatedElsewhere.map { EntityID(Int($0)) })
        for node in 0..<count where node < base || node >= base + localCount || graph.concepts.members[Int32(node)] != nil {
            nearby.insert(EntityID(node))
        }
        context.prefetched = graph.assertions(from: nearby, relations: context.annotationRelations + [context.hasSymptom].compactMap { $0 })
        for subject in nearby where context.prefetched[subject] == nil { context.prefetched[subject] = [] }
        let adoption = Adoption(tables: tables, moved: moved, target: target, changed: changed, ancestors: ancestors, isTerm: context.isTerm)
        let storedDatabases = tables.databases
        let persisted = Dictionary(storedDatabases.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        // The database of each of the pack's diseases, as its tables list them (a merged concept's
        // shown id may be another pack's: its id is read).
        var databaseOfLocal = [Int32](repeating: -1, count: localCount)
        for (number, database) in storedDatabases.enumerated() {
            for local in database.diseases { databaseOfLocal[Int(local)] = Int32(number) }
        }
        let byDatabase = context.diseasesByDatabase { position in
            let local = source[position]
            guard local >= 0, graph.concepts.members[Int32(position)] == nil, databaseOfLocal[Int(local)] >= 0 else { return nil }
            return storedDatabases[Int(databaseOfLocal[Int(local)])].name
        }
        // A database the pack stored is adopted when first used; another (a curated pack's
        // diseases of a prefix the pack has not) is computed now. What adopting needs from the
        // graph is read now too: the closures the tables keep must not hold the graph, which holds
        // the tables.
        var made: [Database] = []
        var adopting: [(String, @Sendable () -> Database?)] = []
        var scratch = Context.Scratch(count: count)
        for (name, diseases) in byDatabase {
            guard let stored = persisted[name] else {
                var builder = DatabaseBuilder(name: name, entityCount: count)
                for disease in diseases { builder.add(disease, lists: context.lists(of: disease, scratch: &scratch), ancestors: ancestors) }
                if let database = builder.finish(isTerm: context.isTerm) { made.append(database) }
                continue
            }
            var rowOf = [Int32](repeating: -1, count: localCount)
            for (row, disease) in stored.diseases.enumerated() { rowOf[Int(disease)] = Int32(row) }
            // Each disease's stored row, when it still lists the disease's terms: no other pack
            // annotates or merges the disease, and it reaches nothing through a curated finding.
            // The others are read from the graph.
            var rows = [Int32](repeating: -1, count: diseases.count)
            var read: [Int32: Lists] = [:]
            for (index, disease) in diseases.enumerated() {
                let local = source[Int(disease)]
                let row = local >= 0 ? Int(rowOf[Int(local)]) : -1
                if row >= 0, !moved[Int(local)], graph.concepts.members[disease] == nil, !annotatedElsewhere.contains(disease),
                   stored.ownEnds[row] == stored.termOffsets[row + 1],
                   stored.terms(ofDisease: row).allSatisfy({ context.isTerm[Int(target[Int($0)])] }) {
                    rows[index] = Int32(row)
                } else {
                    read[disease] = context.lists(of: disease, scratch: &scratch)
                }
            }
            adopting.append((name, { [rows, read] in adoption.database(stored, diseases: diseases, rows: rows, read: read) }))
        }
        return AnnotationTables(ancestorOffsets: Int32Buffer(offsets), ancestorList: Int32Buffer(flat), made: made, adopting: adopting)
    }

    /// A disease's own terms and negated terms (distinct, sorted), and the terms it reaches through
    /// curated findings that are not terms.
    private typealias Lists = (own: [Int32], reached: [Int32], negated: [Int32])

    /// What adopting a stored database reads: the pack's tables, where its entities landed, and
    /// the graph's ancestors — and not the graph, which keeps the tables (a class: the closures
    /// that adopt each database share it, and copy nothing per disease).
    private final class Adoption: Sendable {
        let tables: AnnotationTables
        /// By pack position, whether the entity stands under another position (merged).
        let moved: [Bool]
        /// By pack position, the graph position of its concept.
        let target: [Int32]
        /// By graph position, whether another pack changed the entity's ancestors.
        let changed: [Bool]
        let ancestors: Ancestors
        /// By graph position, whether the entity takes part in `is_a`.
        let isTerm: [Bool]

        init(tables: AnnotationTables, moved: [Bool], target: [Int32], changed: [Bool], ancestors: Ancestors, isTerm: [Bool]) {
            self.tables = tables
            self.moved = moved
            self.target = target
            self.changed = changed
            self.ancestors = ancestors
            self.isTerm = isTerm
        }

        @inline(__always) func map(_ local: Int32) -> Int32 { target[Int(local)] }

        /// Sorted pack positions as sorted graph positions. (Two pack entities never share a
        /// concept here: adoption gives up when they do.)
        static func mapped(_ slice: some Collection<Int32>, target: [Int32], moved: [Bool]) -> [Int32] {
            var result = slice.map { target[Int($0)] }
            if slice.contains(where: { moved[Int($0)] }) { result.sort() }
            return result
        }

        func mapped(_ slice: some Collection<Int32>) -> [Int32] { Self.mapped(slice, target: target, moved: moved) }

        /// The database `stored` in the graph: the pack's rows and counts mapped, and the
        /// diseases other packs change recounted. `rows` gives each disease's stored row, or -1
        /// for one whose lists were `read` from the graph.
        func database(_ stored: Database, diseases: [Int32], rows: [Int32], read: [Int32: Lists]) -> Database? {
            let count = changed.count, localCount = target.count
            var builder = DatabaseBuilder(name: stored.name, entityCount: count)
            // Start from the pack's counts; take back what a recomputed or absent disease added.
            for local in 0..<localCount where stored.counts[local] != 0 {
                builder.counts[Int(map(Int32(local)))] = stored.counts[local]
            }
            var adopted = [Bool](repeating: false, count: stored.diseases.count)
            for (index, disease) in diseases.enumerated() {
                let row = Int(rows[index])
                guard row >= 0 else {
                    builder.add(disease, lists: read[disease] ?? ([], [], []), ancestors: ancestors)
                    continue
                }
                if stored.terms(ofDisease: row).allSatisfy({ !changed[Int(map($0))] }) {
                    adopted[row] = true
                    builder.append(disease, own: stored.terms(ofDisease: row), negated: stored.negatedTerms(ofDisease: row)) { term in
                        (map(term), moved[Int(term)])
                    }
                } else {
                    // A term's ancestors changed: counted again from the stored terms.
                    builder.add(disease, lists: (mapped(stored.ownTerms(ofDisease: row)), [], mapped(stored.negatedTerms(ofDisease: row))),
                                ancestors: ancestors)
                }
            }
            // What the pack counted for a disease recomputed here, through the pack's own ancestors.
            for row in stored.diseases.indices where !adopted[row] {
                builder.uncount(stored.ownTerms(ofDisease: row).map { tables.ancestors(of: Int($0)).map(map) })
            }
            return builder.finish(isTerm: isTerm)
        }
    }

    private static func flatten(_ lists: [[Int32]?]) -> ([Int32], [Int32]) {
        var offsets = [Int32](repeating: 0, count: lists.count + 1)
        var flat: [Int32] = []
        flat.reserveCapacity(lists.count * 12)
        for node in lists.indices {
            if let list = lists[node] { flat += list } else { flat.append(Int32(node)) }
            offsets[node + 1] = Int32(flat.count)
        }
        return (offsets, flat)
    }
}

/// Ancestor lists as flat arrays, for the counting loops.
private struct Ancestors {
    let offsets: [Int32]
    let list: [Int32]

    @inline(__always)
    func of(_ node: Int) -> ArraySlice<Int32> { list[Int(offsets[node])..<Int(offsets[node + 1])] }
}

/// What both computing and adopting read from a graph.
private struct Context {
    let graph: KnowledgeGraph
    let isA: RelationID
    let hasSymptom: RelationID?
    let annotationRelations: [RelationID]
    /// Whether each entity takes part in `is_a` (is an ontology term).
    let isTerm: [Bool]
    /// Every annotation (and `has_symptom`) edge of a few subjects, read in one pass: adopting a
    /// compiled pack's tables recomputes only a few diseases, which should not cost the lists of
    /// all 270,000 annotations. Subjects not here are read from the graph's lists.
    var prefetched: [EntityID: [AssertionID]] = [:]

    /// Every entity's `is_a` parents, every disease's annotations and every `has_symptom` edge
    /// (the reach of curated findings), when computing the tables of a whole graph
    /// (``init(computing:)``); `nil` when adopting (a few entities are read then).
    private var parents: EdgesBySubject?
    private var annotations: EdgesBySubject?
    private var reach: EdgesBySubject?

    /// Whether an `is_a` edge is negated (known only when computing: ``init(computing:)``; adopting
    /// never asks).
    var hasNegatedIsA: Bool { parents?.targets.contains { $0 < 0 } ?? true }

    init?(graph: KnowledgeGraph) {
        guard let isA = graph.step(named: "is_a"), !isA.isInverse else { return nil }
        self.graph = graph
        self.isA = isA.relation
        hasSymptom = graph.step(named: "has_symptom").flatMap { $0.isInverse ? nil : $0.relation }
        annotationRelations = AnnotationTables.annotationRelations.compactMap { graph.step(named: $0)?.relation }
        // One pass over the assertions, not the relation's list: the graph's lists by relation are
        // a counting sort of every assertion, ~3 ms on the HPO, which an adoption needs nowhere else.
        var isTerm = [Bool](repeating: false, count: graph.entities.count)
        let isARelation = isA.relation
        graph.assertions.forEach { _, assertion in
            guard assertion.relation == isARelation else { return }
            isTerm[assertion.subject.position] = true
            isTerm[assertion.object.position] = true
        }
        self.isTerm = isTerm
    }

    /// A context for computing every entity's tables: the `is_a` and annotation edges are read in
    /// two passes over the assertions (instead of each relation's lists being built — a counting
    /// sort by relation, then one by entity — and read an entity at a time).
    init?(computing graph: KnowledgeGraph) {
        guard let isA = graph.step(named: "is_a"), !isA.isInverse else { return nil }
        self.graph = graph
        self.isA = isA.relation
        hasSymptom = graph.step(named: "has_symptom").flatMap { $0.isInverse ? nil : $0.relation }
        annotationRelations = AnnotationTables.annotationRelations.compactMap { graph.step(named: $0)?.relation }
        var groupsOfRelation = [UInt8](repeating: 0, count: graph.relations.count)
        groupsOfRelation[isA.relation.position] |= 1
        for relation in annotationRelations { groupsOfRelation[relation.position] |= 2 }
        if let hasSymptom { groupsOfRelation[hasSymptom.position] |= 4 }
        let indexes = EdgesBySubject.read(graph, groupsOfRelation: groupsOfRelation, groups: 3)
        parents = indexes[0]
        annotations = indexes[1]
        reach = indexes[2]
        var isTerm = [Bool](repeating: false, count: graph.entities.count)
        indexes[0].forEachEdge { subject, target in
            isTerm[subject] = true
            isTerm[Int(target < 0 ? ~target : target)] = true
        }
        self.isTerm = isTerm
    }

    /// Fills the `nil` lists with each entity's ancestors (itself included, sorted), from the lists
    /// already there; returns `false` when it met an `is_a` cycle.
    func closeAncestors(_ lists: inout [[Int32]?]) -> Bool {
        let count = lists.count
        var acyclic = true
        var visiting = [Bool](repeating: false, count: count)
        var stamp = [Int32](repeating: -1, count: count)
        var merged: [Int32] = []
        // The parents of the nodes on the stack, read once per node: a node's run lies after those
        // of the nodes below it (last in, first out), and is dropped when the node is done.
        var parents: [Int32] = []
        func loadParents(of node: Int) -> Range<Int> {
            let start = parents.count
            if let index = self.parents {
                index.forEach(from: node) { target in if target >= 0 { parents.append(target) } }
            } else {
                for assertion in graph.assertionsLookingUp(EntityID(node), outgoing: true, relation: isA) where !graph.isNegated(assertion) {
                    parents.append(Int32(graph[assertion].object.position))
                }
            }
            return start..<parents.count
        }
        // Iterative post-order: a term's ancestors are itself plus its parents' ancestors, merged
        // with a stamp array (no sets) and sorted.
        var stack: [(node: Int, parents: Range<Int>?)] = []
        for root in 0..<count where lists[root] == nil {
            stack.append((root, nil))
            while let (node, expanded) = stack.popLast() {
                if lists[node] != nil {
                    if let expanded { parents.removeSubrange(expanded) }
                    continue
                }
                if let expanded {
                    merged.removeAll(keepingCapacity: true)
                    merged.append(Int32(node))
                    stamp[node] = Int32(node)
                    for parent in parents[expanded] {
                        if lists[Int(parent)] == nil { acyclic = false }
                        for ancestor in lists[Int(parent)] ?? [] where stamp[Int(ancestor)] != Int32(node) {
                            stamp[Int(ancestor)] = Int32(node)
                            merged.append(ancestor)
                        }
                    }
                    parents.removeSubrange(expanded)
                    merged.sort()
                    lists[node] = merged
                    visiting[node] = false
                    continue
                }
                let own = loadParents(of: node)
                if own.isEmpty {
                    lists[node] = [Int32(node)]
                    continue
                }
                visiting[node] = true
                stack.append((node, own))
                for parent in parents[own] where lists[Int(parent)] == nil {
                    if visiting[Int(parent)] { acyclic = false } else { stack.append((Int(parent), nil)) }
                }
            }
        }
        return acyclic
    }

    /// The disease concepts of each id prefix, in graph order. `known` may name a disease's
    /// database without its id being read (a compiled pack's tables list their diseases).
    func diseasesByDatabase(known: (Int) -> String? = { _ in nil }) -> [(String, [Int32])] {
        var databases: [(name: String, diseases: [Int32])] = []
        var place: [String: Int] = [:]
        var last: (prefix: Substring, place: Int)?
        for id in graph.entities(ofKind: "disease") {
            if let name = known(id.position), let index = place[name] {
                databases[index].diseases.append(Int32(id.position))
                continue
            }
            let entityID = graph.id(of: id)
            guard let colon = entityID.firstIndex(of: ":") else { continue }
            let prefix = entityID[..<colon]
            // Diseases of one database come in runs: the prefix is looked up once per run.
            let index: Int
            if let run = last, run.prefix == prefix {
                index = run.place
            } else if let known = place[String(prefix)] {
                index = known
            } else {
                index = databases.count
                place[String(prefix)] = index
                databases.append((String(prefix), []))
            }
            databases[index].diseases.append(Int32(id.position))
            last = (prefix, index)
        }
        return databases.map { ($0.name, $0.diseases) }
    }

    /// Calls `body` with each edge of one relation from a node: prefetched, or read in place from
    /// the graph's lists (no array made: computing reads five relations of every disease).
    private func forEachEdge(from node: Int, relation: RelationID, _ body: (AssertionID) -> Void) {
        if !prefetched.isEmpty, let edges = prefetched[EntityID(node)] {
            for edge in edges where graph[edge].relation == relation { body(edge) }
            return
        }
        for edge in graph.assertions(from: EntityID(node), relation: relation) { body(edge) }
    }

    /// Calls `body` with the term and negation of each annotation of `disease`: from the one-pass
    /// index when computing, else from the graph (prefetched, or its lists).
    private func forEachAnnotation(of disease: Int32, _ body: (_ term: Int, _ negated: Bool) -> Void) {
        if let annotations, prefetched.isEmpty {
            annotations.forEach(from: Int(disease)) { target in body(Int(target < 0 ? ~target : target), target < 0) }
            return
        }
        for relation in annotationRelations {
            forEachEdge(from: Int(disease), relation: relation) { assertion in
                body(graph[assertion].object.position, graph.isNegated(assertion))
            }
        }
    }

    /// Stamps reused from one disease to the next (no sets).
    struct Scratch {
        var own: [Int32], not: [Int32], seen: [Int32]
        var value: Int32 = 0

        init(count: Int) {
            own = [Int32](repeating: 0, count: count)
            not = own
            seen = own
        }
    }

    /// A disease's own terms and negated terms (distinct, sorted), and the terms its curated
    /// findings that are not terms reach through `has_symptom` (sorted, not among the own).
    func lists(of disease: Int32, scratch: inout Scratch) -> (own: [Int32], reached: [Int32], negated: [Int32]) {
        scratch.value += 1
        let mark = scratch.value
        var own: [Int32] = [], not: [Int32] = []
        forEachAnnotation(of: disease) { term, negated in
            if negated {
                if scratch.not[term] != mark { scratch.not[term] = mark; not.append(Int32(term)) }
            } else if scratch.own[term] != mark {
                scratch.own[term] = mark
                own.append(Int32(term))
            }
        }
        own.sort()
        not.sort()
        var reached: [Int32] = []
        if let hasSymptom, own.contains(where: { !isTerm[Int($0)] }) {
            var queue = own.filter { !isTerm[Int($0)] }
            for node in queue { scratch.seen[Int(node)] = mark }
            func visit(_ next: Int) {
                guard scratch.seen[next] != mark else { return }
                scratch.seen[next] = mark
                if isTerm[next] {
                    if scratch.own[next] != mark { reached.append(Int32(next)) }
                } else {
                    queue.append(Int32(next))
                }
            }
            while let node = queue.popLast() {
                if let reach, prefetched.isEmpty {
                    reach.forEach(from: Int(node)) { target in if target >= 0 { visit(Int(target)) } }
                } else {
                    forEachEdge(from: Int(node), relation: hasSymptom) { assertion in
                        if !graph.isNegated(assertion) { visit(graph[assertion].object.position) }
                    }
                }
            }
            reached.sort()
        }
        return (own, reached, not)
    }
}

/// Some relations' edges by subject (concepts, as the graph reads them), in CSR form: each
/// edge's object, or `~object` when the edge is negated.
private struct EdgesBySubject {
    let offsets: [Int32]
    let targets: [Int32]

    /// One index per group of relations (`groupsOfRelation`: each relation's groups, one bit
    /// each), from two passes over the assertions: one counts each subject's edges, one files them.
    ///
    /// Every group's offsets lie in one flat array (group `g`'s from `g * (count + 1)`), and
    /// every group's targets in another, each group's after those of the groups before it: an
    /// array of arrays is checked for a unique reference at both levels at every step (on the
    /// HPO's 295,000 assertions the passes took 103 M instructions so, 92 M now).
    static func read(_ graph: KnowledgeGraph, groupsOfRelation: [UInt8], groups: Int) -> [EdgesBySubject] {
        let count = graph.entities.count, width = count + 1
        var offsets = [Int32](repeating: 0, count: groups * width)
        graph.assertions.forEach { _, assertion in
            let mask = groupsOfRelation[assertion.relation.position]
            guard mask != 0 else { return }
            for group in 0..<groups where mask & (1 << group) != 0 { offsets[group * width + assertion.subject.position + 1] += 1 }
        }
        var starts = [Int](repeating: 0, count: groups + 1)
        for group in 0..<groups {
            let base = group * width
            for node in 0..<count { offsets[base + node + 1] += offsets[base + node] }
            starts[group + 1] = starts[group] + Int(offsets[base + count])
        }
        // Where each subject's next edge goes, per group, within the group's targets.
        var next = offsets
        var targets = [Int32](repeating: 0, count: starts[groups])
        graph.assertions.forEach { _, assertion in
            let mask = groupsOfRelation[assertion.relation.position]
            guard mask != 0 else { return }
            let object = Int32(assertion.object.position)
            let target = graph.isNegated(stated: assertion) ? ~object : object
            for group in 0..<groups where mask & (1 << group) != 0 {
                let slot = group * width + assertion.subject.position
                targets[starts[group] + Int(next[slot])] = target
                next[slot] += 1
            }
        }
        return (0..<groups).map { group in
            EdgesBySubject(offsets: Array(offsets[(group * width)..<((group + 1) * width)]),
                           targets: Array(targets[starts[group]..<starts[group + 1]]))
        }
    }

    /// Calls `body` with the target of each edge from `node`.
    @inline(__always)
    func forEach(from node: Int, _ body: (Int32) -> Void) {
        for index in Int(offsets[node])..<Int(offsets[node + 1]) { body(targets[index]) }
    }

    /// Calls `body` with every edge's subject and target.
    func forEachEdge(_ body: (Int, Int32) -> Void) {
        for node in 0..<(offsets.count - 1) {
            for index in Int(offsets[node])..<Int(offsets[node + 1]) { body(node, targets[index]) }
        }
    }
}

/// Builds one database's tables disease by disease.
private struct DatabaseBuilder {
    let name: String
    var diseases: [Int32] = []
    var termOffsets: [Int32] = [0], terms: [Int32] = [], ownEnds: [Int32] = []
    var negatedOffsets: [Int32] = [0], negated: [Int32] = []
    var counts: [Int32]
    private var stamp: [Int32]
    private var stampValue: Int32 = 0

    init(name: String, entityCount: Int) {
        self.name = name
        counts = [Int32](repeating: 0, count: entityCount)
        stamp = [Int32](repeating: 0, count: entityCount)
    }

    /// Adds a disease and counts it under its own terms' ancestors.
    mutating func add(_ disease: Int32, lists: (own: [Int32], reached: [Int32], negated: [Int32]), ancestors: Ancestors) {
        append(disease, own: lists.own, reached: lists.reached, negated: lists.negated)
        tally(lists.own, by: 1, ancestors: ancestors)
    }

    /// Adds a disease without counting it (its counts are there already).
    mutating func append(_ disease: Int32, own: [Int32], reached: [Int32], negated: [Int32]) {
        diseases.append(disease)
        terms += own
        ownEnds.append(Int32(terms.count))
        terms += reached
        termOffsets.append(Int32(terms.count))
        self.negated += negated
        negatedOffsets.append(Int32(self.negated.count))
    }

    /// Adds a disease without counting it, its terms mapped to graph positions (`map` gives the
    /// position and whether it moved, which may break the order).
    mutating func append(
        _ disease: Int32, own: some Collection<Int32>, negated: some Collection<Int32>, map: (Int32) -> (Int32, Bool)
    ) {
        func copy(_ slice: some Collection<Int32>, into list: inout [Int32]) {
            let start = list.count
            var anyMoved = false
            for term in slice {
                let (position, moved) = map(term)
                list.append(position)
                anyMoved = anyMoved || moved
            }
            if anyMoved { list[start...].sort() }
        }
        diseases.append(disease)
        copy(own, into: &terms)
        ownEnds.append(Int32(terms.count))
        termOffsets.append(Int32(terms.count))
        copy(negated, into: &self.negated)
        negatedOffsets.append(Int32(self.negated.count))
    }

    /// Takes back what a disease counted: the ancestors of each of its own terms, as they were counted.
    mutating func uncount(_ ancestorsOfOwn: [[Int32]]) {
        stampValue += 1
        for ancestors in ancestorsOfOwn {
            for ancestor in ancestors where stamp[Int(ancestor)] != stampValue {
                stamp[Int(ancestor)] = stampValue
                counts[Int(ancestor)] -= 1
            }
        }
    }

    private mutating func tally(_ own: [Int32], by step: Int32, ancestors: Ancestors) {
        stampValue += 1
        let value = stampValue
        // ~2.5 million steps for the HPO's annotations: read and written in place, each position
        // checked once against the tables' size instead of by every subscript.
        stamp.withUnsafeMutableBufferPointer { stamp in
            counts.withUnsafeMutableBufferPointer { counts in
                ancestors.list.withUnsafeBufferPointer { list in
                    for term in own {
                        for index in Int(ancestors.offsets[Int(term)])..<Int(ancestors.offsets[Int(term) + 1]) {
                            let ancestor = Int(list[index])
                            precondition(ancestor >= 0 && ancestor < stamp.count, "an ancestor outside the graph")
                            if stamp[ancestor] != value {
                                stamp[ancestor] = value
                                counts[ancestor] += step
                            }
                        }
                    }
                }
            }
        }
    }

    /// The database, or `nil` when its diseases annotate no ontology term (a curated pack's own
    /// namespace, with only the bundled packs loaded, is no database to rank against).
    func finish(isTerm: [Bool]) -> AnnotationTables.Database? {
        guard terms.contains(where: { isTerm[Int($0)] }) else { return nil }
        return AnnotationTables.Database(
            name: name, diseases: Int32Buffer(diseases), termOffsets: Int32Buffer(termOffsets), terms: Int32Buffer(terms),
            ownEnds: Int32Buffer(ownEnds), negatedOffsets: Int32Buffer(negatedOffsets), negated: Int32Buffer(negated),
            counts: Int32Buffer(counts))
    }
}
