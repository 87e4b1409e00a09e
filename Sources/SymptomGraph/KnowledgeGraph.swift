/// The immutable, indexed graph of kinds, relation types, entities and assertions.
///
/// Built once by ``GraphBuilder``; every lookup (by subject, by object, by relation, by name)
/// is an index read, never a scan. Being a value of arrays, it is cheap to keep the previous
/// graph while a new one is built, which makes pack loading atomic.
public struct KnowledgeGraph: Sendable {
    /// Pack ids in load order.
    public let packs: [String]
    /// Declared kinds.
    public let kinds: [EntityKind]
    /// Declared relation types.
    public let relations: [RelationType]
    /// Entities, addressed by ``EntityID``. A merged concept's representative holds the concept's
    /// card (see ``ConceptMerge``); its other members keep their own records but have no edges.
    public let entities: EntityTable
    /// Entities exactly as their packs define them (no merged cards).
    public let statedEntities: EntityStore
    /// Which entities of different packs are one concept.
    public let concepts: ConceptMerge
    /// Assertions, addressed by ``AssertionID``.
    public let assertions: AssertionTable
    /// Distinct qualifier sets, shared by the assertions that carry them.
    public let qualifierTable: [Qualifiers]
    /// Distinct provenance records, shared by the assertions that carry them.
    public let provenanceTable: ProvenanceTable
    /// Names, labels, synonyms and cross-references of entities (indexed on first use, so loading a
    /// large ontology does not pay for it until a name is looked up).
    public var names: NameIndex {
        if let made = nameIndex.made { return made }  // without forming a closure, which copies the graph
        return nameIndex.value { makeNameIndex() }
    }
    private let nameIndex = LazyValue<NameIndex>()
    /// Name tables of compiled segments, with the positions of their entities.
    private let namePlacements: [(table: NameTable, entities: Range<Int>)]
    /// Entities extended by other packs than their own.
    private let extendedEntities: Set<Int32>

    /// Tables for completing names as they are typed (their ``NameTable/Tier/completion`` tier):
    /// compiled segments' where they lie, and one built on first use for the entities none covers.
    public var completionTables: [NameIndex.Part] {
        if let made = completion.made { return made }
        return completion.value { nameParts(tiers: [.completion]) }
    }
    private let completion = LazyValue<[NameIndex.Part]>()

    /// The name index: compiled segments' tables where they lie, and one table built here for the
    /// entities none covers (or that another pack extended).
    private func makeNameIndex() -> NameIndex {
        NameIndex(parts: nameParts(tiers: NameTable.lookupTiers), representative: concepts.representative)
    }

    private func nameParts(tiers: Set<NameTable.Tier>) -> [NameIndex.Part] {
        var covered = [Bool](repeating: false, count: statedEntities.count)
        var parts: [NameIndex.Part] = []
        for placement in namePlacements where placement.entities.upperBound <= statedEntities.count {
            parts.append(NameIndex.Part(table: placement.table, base: placement.entities.lowerBound))
            for position in placement.entities { covered[position] = true }
        }
        for position in extendedEntities where Int(position) < covered.count { covered[Int(position)] = false }
        let rest = NameTable(
            entities: statedEntities.indices.lazy.filter { !covered[$0] }.map { (Int32($0), statedEntities[$0]) }, tiers: tiers)
        return [NameIndex.Part(table: rest, base: 0)] + parts
    }
    /// Ranking tables carried by compiled segments, placed where they landed.
    public let annotationPlacements: [AnnotationTables.Placement]
    /// The ranking tables of this graph (adopted from a compiled pack's when possible, else
    /// computed), on first use; `nil` when the graph has no `is_a` relation.
    public var annotationTables: AnnotationTables? {
        if let made = lazyTables.made { return made }
        return lazyTables.value { AnnotationTables.of(self) }
    }
    /// Holds ``annotationTables`` once made (internal: tests check it is freed with the graph).
    let lazyTables = LazyValue<AnnotationTables?>()

    private let kindIndex: [String: KindID]
    private let relationSteps: [String: RelationStep]
    /// The `is_a` relation (the taxonomy's), when a pack declares it: read on every step a query
    /// walks, so looked up once.
    public let isARelation: RelationID?
    /// Ids of the entities held as values (those of stored records are found in the records).
    private let entityIndex: [String: EntityID]
    private let entityKinds: [KindID]
    /// The kinds of every member of a merged concept, by representative position.
    private let memberKinds: [Int32: [KindID]]
    private let kindAncestors: [[KindID]]
    /// Every assertion by subject and by object, over all relations (made on first use: a walk
    /// along one relation reads that relation's lists instead).
    private let ends = LazyValue<EdgeLists>()
    /// Each relation's assertions by subject and by object, made on first use.
    private let relationEnds: [LazyValue<EdgeLists>]
    /// Every assertion position grouped by relation (the relation order the lists above are built
    /// from), made on first use: a load that only describes or ranks never groups the HPO's 295,000.
    private var byRelation: Adjacency {
        if let made = lazyByRelation.made { return made }
        return lazyByRelation.value { [assertions, relationCount = relations.count] in
            Adjacency(relationCount: relationCount, assertions: assertions)
        }
    }
    private let lazyByRelation = LazyValue<Adjacency>()
    /// Retired ids (obsolete terms with no replacement) and the ids to consider instead.
    private let retired: [String: [String]]

    /// The ids to consider instead of a retired id (an obsolete ontology term with no
    /// `replaced_by`), or `nil` when `id` is not retired.
    public func retirement(of id: String) -> [String]? { retired[id] }

    /// Every obsolete term the packs declared, retired or replaced, in load order (for exports).
    public let obsoleteTerms: [GraphSegment.Retired]
    /// Whether each qualifier set is negated, and whether it states absence (negated, or a
    /// frequency of zero), so walks test them without copying qualifiers.
    private let negatedQualifiers: [Bool], absenceQualifiers: [Bool]

    init(
        packs: [String], kinds: [EntityKind], kindIndex: [String: KindID],
        relations: [RelationType], relationSteps: [String: RelationStep],
        entities: EntityStore, entityIndex: [String: EntityID],
        assertions: AssertionTable, qualifierTable: [Qualifiers], provenanceTable: ProvenanceTable,
        retired: [GraphSegment.Retired] = [], aliases: [String: EntityID] = [:], annotationPlacements: [AnnotationTables.Placement] = [],
        namePlacements: [(table: NameTable, entities: Range<Int>)] = [], extendedEntities: Set<Int32> = []
    ) {
        self.namePlacements = namePlacements
        self.extendedEntities = extendedEntities
        self.annotationPlacements = annotationPlacements
        // An obsolete id that an alias resolves (a replaced term) names its replacement; the rest are retired.
        var retiredIDs: [String: [String]] = [:]
        for term in retired where aliases[term.id] == nil { retiredIDs[term.id] = term.consider }
        self.retired = retiredIDs
        self.obsoleteTerms = retired
        self.packs = packs
        self.kinds = kinds
        self.kindIndex = kindIndex
        self.relations = relations
        self.relationSteps = relationSteps
        isARelation = relationSteps["is_a"].flatMap { $0.isInverse ? nil : $0.relation }
        let merge = ConceptMerge.compute(
            entities: entities, position: { Self.position(ofID: $0, index: entityIndex, entities: entities) },
            xrefTables: namePlacements, extended: extendedEntities)
        concepts = merge
        statedEntities = entities
        // Read through the merge: a merged concept's assertions name its representative.
        let edges = merge.representative.isEmpty ? assertions : assertions.merging(merge.representative)
        self.entities = EntityTable(stated: entities, cards: merge.cards)
        self.entityIndex = entityIndex
        self.assertions = edges
        self.qualifierTable = qualifierTable
        self.provenanceTable = provenanceTable
        let kindOrdinals = entities.ordinals(ofPacks: false)
        let kindIDs = kindOrdinals.names.map { kindIndex[$0] ?? KindID(0) }
        let kindOfEntity = kindOrdinals.ordinals.map { kindIDs[Int($0)] }
        entityKinds = kindOfEntity
        memberKinds = merge.members.mapValues { members in members.map { kindOfEntity[$0.position] } }
        kindAncestors = kinds.map { kind in
            var chain: [KindID] = []
            var parent = kind.parent
            while let name = parent, let id = kindIndex[name], !chain.contains(id) {
                chain.append(id)
                parent = kinds[id.position].parent
            }
            return chain
        }
        negatedQualifiers = qualifierTable.map(\.isNegated)
        absenceQualifiers = qualifierTable.map(\.statesAbsence)
        relationEnds = relations.map { _ in LazyValue() }
    }

    /// Lists by subject and by object.
    final class EdgeLists: Sendable {
        let outgoing: Adjacency
        let incoming: Adjacency

        /// The lists of `edges` (assertion positions, in relation order): each edge's ends read
        /// once, then both lists sorted from them, side by side on the machine's cores when there
        /// are enough edges to be worth a thread.
        init(_ edges: ArraySlice<AssertionID>, of assertions: AssertionTable, entityCount: Int) {
            let (subjects, objects) = assertions.ends(at: edges)
            @Sendable func lists(_ nodes: [Int32]) -> Adjacency { Adjacency(nodeCount: entityCount, edges: edges, nodes: nodes) }
            (outgoing, incoming) = edges.count < 20_000
                ? (lists(subjects), lists(objects))
                : parallelPair { lists(subjects) } _: { lists(objects) }
        }
    }

    /// The lists over all relations.
    private var allEnds: EdgeLists {
        if let made = ends.made { return made }  // no closure (which would copy the graph) once made
        return ends.value { EdgeLists(byRelation.edges[...], of: assertions, entityCount: entities.count) }
    }

    /// How many single-entity reads over all relations scan the assertions before the lists are
    /// built. A scan reads the assertions once (about 1 ms on the HPO); the lists cost a few
    /// scans' time and 3 MB, which `describe` of one entity should not pay.
    private static let scansBeforeLists = 4

    /// Single-entity reads over all relations made without the lists so far.
    private let scans = UseCounter()

    /// One entity's assertions over all relations, from it (`outgoing`) and to it (`incoming`, if
    /// wanted), in the lists' order (by relation, then position): from the lists when they exist
    /// or are worth building, else by one scan.
    private func allEdges(
        of entity: EntityID, outgoing wantsOutgoing: Bool = true, incoming wantsIncoming: Bool = true
    ) -> (outgoing: ArraySlice<AssertionID>, incoming: ArraySlice<AssertionID>) {
        if let made = ends.made ?? (scans.next() > Self.scansBeforeLists ? allEnds : nil) {
            return (made.outgoing.edges(of: entity.position), made.incoming.edges(of: entity.position))
        }
        let members = statedMembers(of: entity)
        let (outgoing, incoming) = assertions.positions(ofStated: wantsOutgoing ? members : [], objects: wantsIncoming ? members : [])
        return (inListOrder(outgoing)[...], inListOrder(incoming)[...])
    }

    /// The stated entities an entity's assertions name once concepts merge: its concept's
    /// members, or itself; none for an entity merged into another's concept (whose edges are
    /// its representative's).
    private func statedMembers(of entity: EntityID) -> [Int] {
        guard entity.position >= 0, entity.position < entities.count, concept(of: entity) == entity else { return [] }
        return concepts.members[Int32(entity.position)]?.map(\.position) ?? [entity.position]
    }

    /// The lists of one relation.
    private func ends(of relation: RelationID) -> EdgeLists {
        let lazy = relationEnds[relation.position]
        if let made = lazy.made { return made }
        return lazy.value { EdgeLists(byRelation.edges(of: relation.position), of: assertions, entityCount: entities.count) }
    }

    /// An empty graph.
    public static let empty = GraphBuilder().build()

    // MARK: Entities

    /// The entity an id addresses.
    @inlinable public subscript(entity: EntityID) -> Entity { entities[entity.position] }

    /// The concept of the entity with a stable id such as `ms:lhermittes-sign` (any member's id
    /// names a merged concept).
    public func entityID(for id: String) -> EntityID? {
        Self.position(ofID: id, index: entityIndex, entities: statedEntities).map(concept(of:))
    }

    /// The stated position of the entity with an id: indexed values first, then stored records.
    private static func position(ofID id: String, index: [String: EntityID], entities: EntityStore) -> EntityID? {
        index[id] ?? entities.recordPosition(ofID: id).map { EntityID($0) }
    }

    /// The id shown for an entity (its concept's, for a merged representative), without decoding
    /// the rest of a stored record.
    public func id(of entity: EntityID) -> String { entities.id(at: entity.position) }

    /// The label an entity shows (not decoding the rest of a stored record: a table of hundreds of
    /// rows reads only their labels).
    public func label(of entity: EntityID) -> String { entities.label(at: entity.position) }

    /// Every concept, in definition order: one id per merged concept (its representative).
    public var entityIDs: [EntityID] {
        let representative = concepts.representative
        if representative.isEmpty { return (0..<entities.count).map { EntityID($0) } }
        return (0..<entities.count).compactMap { representative[$0] == Int32($0) ? EntityID($0) : nil }
    }

    /// The concept an entity belongs to (the entity itself unless it was merged into another).
    @inlinable public func concept(of entity: EntityID) -> EntityID {
        let representative = concepts.representative
        return representative.isEmpty ? entity : EntityID(Int(representative[entity.position]))
    }

    /// Whether an entity stands for its concept (every entity that was not merged into another).
    public func isConcept(_ entity: EntityID) -> Bool { concept(of: entity) == entity }

    /// The obsolete ids whose source names `entity` (or a pack's entity merged into it) as their
    /// replacement (OBO `replaced_by:`), in the order the packs list them.
    public func retiredIDs(replacedBy entity: EntityID) -> [String] {
        let ids = Set(members(of: entity).map(\.id) + [self[entity].id])
        return obsoleteTerms.compactMap { retired in retired.replacedBy.flatMap { ids.contains($0) ? retired.id : nil } }
    }

    /// The entities, as their packs define them, that make up a concept (one, unless merged).
    public func members(of entity: EntityID) -> [Entity] {
        let concept = concept(of: entity)
        guard let members = concepts.members[concept.index] else { return [statedEntities[concept.position]] }
        return members.map { statedEntities[$0.position] }
    }

    /// Resolves an id, cross-reference, label or synonym to a concept.
    ///
    /// Names are looked up across all packs in tiers (``NameIndex``); names that several packs give
    /// to one merged concept are one answer, not an ambiguity.
    public func resolve(_ name: String) -> NameIndex.Match {
        // An exact id needs no name index (which a large graph builds on first use).
        if let id = entityID(for: name) { return .unique(id) }
        return names.resolve(name)
    }

    // MARK: Kinds

    /// The kind with a name.
    public func kind(named name: String) -> EntityKind? { kindIndex[name].map { kinds[$0.position] } }

    /// A kind's name and the names of the kinds above it, nearest first (`disease`, `condition`);
    /// just the name for a kind the graph does not declare.
    public func kindAndAncestors(of name: String) -> [String] {
        guard let id = kindIndex[name] else { return [name] }
        return [name] + kindAncestors[id.position].map { kinds[$0.position].name }
    }

    /// Whether an entity's kind is `kindName` or has it as an ancestor.
    public func entity(_ entity: EntityID, isOfKind kindName: String) -> Bool {
        guard let wanted = kindIndex[kindName] else { return false }
        return self.entity(entity, isOfKind: wanted)
    }

    /// Every concept of a kind (or of a kind below it), in definition order.
    public func entities(ofKind kindName: String) -> [EntityID] {
        guard let wanted = kindIndex[kindName] else { return [] }
        let representative = concepts.representative
        return (0..<entities.count).compactMap { position in
            guard representative.isEmpty || representative[position] == Int32(position) else { return nil }
            return entity(EntityID(position), isOfKind: wanted) ? EntityID(position) : nil
        }
    }

    private func entity(_ entity: EntityID, isOfKind wanted: KindID) -> Bool {
        let own = entityKinds[entity.position]
        if own == wanted || kindAncestors[own.position].contains(wanted) { return true }
        guard let kinds = memberKinds[entity.index] else { return false }
        return kinds.contains { $0 == wanted || kindAncestors[$0.position].contains(wanted) }
    }

    // MARK: Relations

    /// The step a relation name or inverse name reads.
    public func step(named name: String) -> RelationStep? { relationSteps[name] }

    /// Every name and inverse name of a relation.
    public var relationNames: [String] { relationSteps.keys.sorted() }

    /// The name a step is read by: the relation's name, its inverse name, or `^name`.
    public func name(of step: RelationStep) -> String {
        let relation = relations[step.relation.position]
        guard step.isInverse else { return relation.name }
        if relation.isSymmetric { return relation.name }
        return relation.inverseName ?? "^" + relation.name
    }

    /// The human label a step is read by ("triggered by", "triggers").
    public func label(of step: RelationStep) -> String {
        let relation = relations[step.relation.position]
        guard step.isInverse, !relation.isSymmetric else { return relation.label }
        return relation.inverseLabel ?? "inverse of " + relation.label
    }

    // MARK: Assertions

    /// The assertion an id addresses.
    @inlinable public subscript(assertion: AssertionID) -> Assertion { assertions[assertion.position] }

    /// Every assertion id, in order.
    public var assertionIDs: [AssertionID] { (0..<assertions.count).map { AssertionID($0) } }

    /// The qualifiers of an assertion.
    public func qualifiers(of assertion: AssertionID) -> Qualifiers {
        qualifierTable[Int(assertions[assertion.position].qualifierIndex)]
    }

    /// The provenance of an assertion.
    public func provenance(of assertion: AssertionID) -> Provenance {
        provenanceTable[Int(assertions[assertion.position].provenanceIndex)]
    }

    /// Assertions whose subject is `entity`, optionally of one relation.
    public func assertions(from entity: EntityID, relation: RelationID? = nil) -> ArraySlice<AssertionID> {
        guard let relation else { return allEdges(of: entity, incoming: false).outgoing }
        return ends(of: relation).outgoing.edges(of: entity.position)
    }

    /// The assertions of one relation from `entity` (`outgoing`) or to it, in the order of
    /// ``assertions(from:relation:)``: when the relation's lists are not built yet and nearly all
    /// assertions lie in compiled runs that store each entity's lists, looked up there (the
    /// few others scanned) instead of building the relation's lists — for the first
    /// ``lookUpsBeforeLists`` look-ups; after those the lists are built and read. For reads of a
    /// few entities of a large graph: the terms a ranking is given, a load's search for cycles
    /// through what other packs add to a compiled ontology, adopting a compiled pack's ranking
    /// tables beside the edges other packs add.
    public func assertionsLookingUp(_ entity: EntityID, outgoing: Bool, relation: RelationID) -> [AssertionID] {
        if relationEnds[relation.position].made == nil, assertions.unlistedCount <= Self.unlistedScanLimit,
           lookUps.next() <= Self.lookUpsBeforeLists {
            let members = statedMembers(of: entity)
            let (bySubject, byObject) = assertions.positions(ofStated: outgoing ? members : [], objects: outgoing ? [] : members)
            return (outgoing ? bySubject : byObject).filter { assertions[$0.position].relation == relation }
        }
        let lists = ends(of: relation)
        return Array((outgoing ? lists.outgoing : lists.incoming).edges(of: entity.position))
    }

    /// How many assertions outside stored lists a look-up may scan.
    private static let unlistedScanLimit = 10_000

    /// How many look-ups scan before a relation's lists are built: a look-up scans the few
    /// assertions outside stored lists; the lists sort every assertion once (~3 ms on the HPO),
    /// which a walk through hundreds of entities should pay rather than scan for each.
    private static let lookUpsBeforeLists = 256

    /// Look-ups made without a relation's lists so far (all relations together).
    private let lookUps = UseCounter()

    /// Assertions whose object is `entity`, optionally of one relation.
    public func assertions(to entity: EntityID, relation: RelationID? = nil) -> ArraySlice<AssertionID> {
        guard let relation else { return allEdges(of: entity, outgoing: false).incoming }
        return ends(of: relation).incoming.edges(of: entity.position)
    }

    /// `edges` in the lists' order: by relation, then position (each assertion read once).
    private func inListOrder(_ edges: [AssertionID]) -> [AssertionID] {
        edges.map { (relation: assertions[$0.position].relation, edge: $0) }
            .sorted { ($0.relation, $0.edge.position) < ($1.relation, $1.edge.position) }
            .map(\.edge)
    }

    /// The assertions of `relations` (default: all) whose subject is one of `subjects`, by
    /// subject, in the order of ``assertions(from:relation:)`` (by relation, then position). For a
    /// few subjects, one pass over the assertions, in the order they are stored, costs less than
    /// building those relations' lists (which are used when a query built them already).
    public func assertions(from subjects: Set<EntityID>, relations wanted: [RelationID]? = nil) -> [EntityID: [AssertionID]] {
        var found: [EntityID: [AssertionID]] = [:]
        var isSubject = [Bool](repeating: false, count: entities.count)  // no hashing per assertion
        for subject in subjects where subject.position < isSubject.count { isSubject[subject.position] = true }
        var scanned = [Bool](repeating: wanted == nil, count: relations.count)
        for relation in wanted ?? [] where relation.position < scanned.count { scanned[relation.position] = true }
        for relation in scanned.indices where scanned[relation] {
            guard let lists = relationEnds[relation].made else { continue }
            scanned[relation] = false
            for subject in subjects {
                let edges = lists.outgoing.edges(of: subject.position)
                if !edges.isEmpty { found[subject, default: []] += edges }
            }
        }
        if scanned.contains(true) {
            for id in assertions.positions(withSubjectIn: isSubject).bySubject {
                let assertion = assertions[id.position]
                guard scanned[assertion.relation.position] else { continue }
                found[assertion.subject, default: []].append(id)
            }
        }
        return found.mapValues(inListOrder)
    }

    /// All assertions of a relation.
    public func assertions(of relation: RelationID) -> ArraySlice<AssertionID> {
        byRelation.edges(of: relation.position)
    }

    /// The neighbours reached from `entity` by one step, with the assertion that justifies each.
    ///
    /// A symmetric relation is walked both ways. Assertions that state absence ("X does not have
    /// Y", or has it in 0 of 9 patients: ``statesAbsence(_:)``) are skipped unless
    /// `includeNegated` is set.
    ///
    /// The edges are looked up (``assertionsLookingUp(_:outgoing:relation:)``): a walk through a
    /// few entities — `ancestors of` a term — reads them where a compiled snapshot stores them,
    /// and does not group the HPO's 295,000 assertions by relation and sort one relation's by
    /// subject and by object (~2 ms of a cold `ancestors of HP:0001257`) for the dozen it reads;
    /// a longer walk builds the relation's lists after the first few hundred look-ups.
    public func neighbours(
        of entity: EntityID, by step: RelationStep, includeNegated: Bool = false
    ) -> [(entity: EntityID, assertion: AssertionID)] {
        var result: [(entity: EntityID, assertion: AssertionID)] = []
        let symmetric = relations[step.relation.position].isSymmetric
        if !step.isInverse || symmetric {
            for edge in assertionsLookingUp(entity, outgoing: true, relation: step.relation)
            where includeNegated || !statesAbsence(edge) {
                result.append((assertions[edge.position].object, edge))
            }
        }
        if step.isInverse || symmetric {
            for edge in assertionsLookingUp(entity, outgoing: false, relation: step.relation)
            where includeNegated || !statesAbsence(edge) {
                result.append((assertions[edge.position].subject, edge))
            }
        }
        return result
    }

    /// Calls `visit` for every neighbour reached from `entity` by one step, without collecting them
    /// (the allocation-free form of ``neighbours(of:by:includeNegated:)`` for long walks).
    @inline(__always)
    func forEachNeighbour(of entity: EntityID, by step: RelationStep, _ visit: (EntityID) -> Void) {
        let symmetric = relations[step.relation.position].isSymmetric
        let lists = ends(of: step.relation)
        if !step.isInverse || symmetric {
            for edge in lists.outgoing.edges(of: entity.position) {
                let assertion = assertions[edge.position]
                if !absenceQualifiers[Int(assertion.qualifierIndex)] { visit(assertion.object) }
            }
        }
        if step.isInverse || symmetric {
            for edge in lists.incoming.edges(of: entity.position) {
                let assertion = assertions[edge.position]
                if !absenceQualifiers[Int(assertion.qualifierIndex)] { visit(assertion.subject) }
            }
        }
    }

    /// Every step out of an entity, in both directions: `(step as read from entity, neighbour, assertion)`.
    public func allNeighbours(
        of entity: EntityID, includeNegated: Bool = false
    ) -> [(step: RelationStep, entity: EntityID, assertion: AssertionID)] {
        var result: [(step: RelationStep, entity: EntityID, assertion: AssertionID)] = []
        let (outgoing, incoming) = allEdges(of: entity)
        for edge in outgoing where includeNegated || !statesAbsence(edge) {
            let assertion = assertions[edge.position]
            result.append((RelationStep(relation: assertion.relation), assertion.object, edge))
        }
        for edge in incoming where includeNegated || !statesAbsence(edge) {
            let assertion = assertions[edge.position]
            result.append((RelationStep(relation: assertion.relation, isInverse: true), assertion.subject, edge))
        }
        return result
    }

    /// Whether an assertion is negated, as its source wrote it (`NOT`).
    public func isNegated(_ assertion: AssertionID) -> Bool {
        negatedQualifiers[Int(assertions[assertion.position].qualifierIndex)]
    }

    /// Whether an assertion states the absence of its relation: negated, or with a frequency of
    /// zero (``Qualifiers/statesAbsence``). Questions and walks skip these; the ranking tables
    /// read ``isNegated(_:)``, as hpo3 reads the annotation file.
    public func statesAbsence(_ assertion: AssertionID) -> Bool {
        absenceQualifiers[Int(assertions[assertion.position].qualifierIndex)]
    }

    /// Whether an assertion, read already, is negated.
    func isNegated(stated assertion: Assertion) -> Bool {
        negatedQualifiers[Int(assertion.qualifierIndex)]
    }
}
