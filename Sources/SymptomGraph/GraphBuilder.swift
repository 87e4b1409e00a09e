/// Collects kinds, relations, entities and assertions, checks each as it arrives, and freezes
/// them into an immutable, indexed ``KnowledgeGraph``.
///
/// ```swift
/// var builder = GraphBuilder()
/// try builder.addKind(EntityKind(name: "sign", pack: "core"))
/// try builder.addKind(EntityKind(name: "trigger", pack: "core"))
/// try builder.addRelation(RelationType(name: "triggered_by", inverseName: "triggers", pack: "core"))
/// try builder.addEntity(Entity(id: "ms:lhermittes-sign", kind: "sign", label: "Lhermitte's sign", pack: "ms"))
/// try builder.addEntity(Entity(id: "ms:neck-movement", kind: "trigger", label: "Neck movement", pack: "ms"))
/// try builder.addAssertion(subject: "ms:lhermittes-sign", relation: "triggered_by", object: "ms:neck-movement",
///                          provenance: Provenance(pack: "ms", source: "article", locator: "p2.s2"))
/// let graph = builder.build()
/// ```
public struct GraphBuilder: Sendable {
    private var kinds: [EntityKind] = []
    private var kindIndex: [String: KindID] = [:]
    private(set) var relations: [RelationType] = []
    private var relationSteps: [String: RelationStep] = [:]
    var entities = EntityStore()
    /// The ids of entities held as values; those of stored records are found in the records.
    var entityIndex: [String: EntityID] = [:]
    var assertions = AssertionTable()
    private(set) var qualifierTable: [Qualifiers] = []
    private var qualifierIndex: [Qualifiers: Int32] = [:]
    private(set) var provenanceTable = ProvenanceTable()
    private var provenanceIndex: [Provenance: Int32] = [:]
    private var packs: [String] = []
    var aliasTable: [String: EntityID] = [:]
    /// Retired ids (obsolete terms with no replacement) and the terms to consider instead, in order.
    var retiredTerms: [GraphSegment.Retired] = []
    /// Ranking tables of appended segments, with where each segment landed.
    var annotationPlacements: [AnnotationTables.Placement] = []
    /// Name tables of appended segments, with the positions of their entities.
    var namePlacements: [(table: NameTable, entities: Range<Int>)] = []
    /// Entities other packs extended (their names are more than their segment's table holds).
    var extendedEntities: Set<Int32> = []

    /// Creates an empty builder.
    public init() {}

    /// Records a pack id in load order (shown by `.packs` and in statistics).
    public mutating func addPack(_ id: String) {
        if !packs.contains(id) { packs.append(id) }
    }

    /// Declares a kind. Its parent, if any, must be declared already.
    public mutating func addKind(_ kind: EntityKind) throws(GraphError) {
        if let existing = kindIndex[kind.name] {
            throw .duplicateKind(kind.name, firstPack: kinds[existing.position].pack)
        }
        if let parent = kind.parent, kindIndex[parent] == nil { throw .unknownKind(parent) }
        kindIndex[kind.name] = KindID(kinds.count)
        kinds.append(kind)
    }

    /// Whether a kind is declared.
    public func hasKind(_ name: String) -> Bool { kindIndex[name] != nil }

    /// Whether kind `name` is `ancestor` or lies under it (`disease` under `condition`).
    public func kind(_ name: String, isA ancestor: String) -> Bool {
        var current: String? = name
        var steps = 0
        while let kind = current, steps <= kinds.count {
            if kind == ancestor { return true }
            current = kindIndex[kind].map { kinds[$0.position].parent } ?? nil
            steps += 1
        }
        return false
    }

    /// Declares a relation type; its name and inverse name must both be new.
    public mutating func addRelation(_ relation: RelationType) throws(GraphError) {
        for name in [relation.name, relation.inverseName].compactMap({ $0 }) {
            if let existing = relationSteps[name] {
                throw .duplicateRelation(name, firstPack: relations[existing.relation.position].pack)
            }
        }
        let id = RelationID(relations.count)
        relations.append(relation)
        relationSteps[relation.name] = RelationStep(relation: id)
        if let inverse = relation.inverseName, inverse != relation.name {
            relationSteps[inverse] = RelationStep(relation: id, isInverse: true)
        }
    }

    /// The relation type a name reads, forwards or as an inverse.
    public func relation(named name: String) -> (type: RelationType, isInverse: Bool)? {
        relationSteps[name].map { (relations[$0.relation.position], $0.isInverse) }
    }

    /// Every relation name and inverse name declared so far (for suggestions).
    public var relationNames: [String] { Array(relationSteps.keys) }

    /// Every kind name declared so far (for suggestions).
    public var kindNames: [String] { kinds.map(\.name) }

    /// Every kind and relation name declared so far with the words that say what it is (label and
    /// description), for suggestions by meaning (``Spelling/byMeaning(_:among:limit:)``).
    public var describedKinds: [(name: String, description: String)] {
        kinds.map { ($0.name, $0.label + " " + ($0.description ?? "")) }
    }
    /// Relations by their forward names only: an inverse name suggested by meaning would turn
    /// the assertion around (`results_in` is `may_lead_to`, not `may_result_from`).
    public var describedRelations: [(name: String, description: String)] {
        relations.map { ($0.name, $0.label + " " + ($0.description ?? "")) }
    }

    /// Defines an entity. Its kind must be declared and its id new.
    public mutating func addEntity(_ entity: consuming Entity) throws(GraphError) {
        if let existing = position(ofID: entity.id) {
            throw .duplicateEntity(entity.id, firstPack: entities.pack(at: existing.position))
        }
        guard kindIndex[entity.kind] != nil else { throw .unknownKind(entity.kind) }
        entityIndex[entity.id] = EntityID(entities.count)
        // Moved in, not copied (an importer's 30,000 entities: a dozen retains and releases each).
        entities.append(consume entity)
    }

    /// Defines an entity and returns its id (for importers that link what they add).
    public mutating func addEntityReturningID(_ entity: consuming Entity) throws(GraphError) -> EntityID {
        try addEntity(consume entity)
        return EntityID(entities.count - 1)
    }

    /// The entity with an id, if defined so far.
    public func entity(withID id: String) -> Entity? {
        position(ofID: id).map { entities[$0.position] }
    }

    /// The kind of the entity with an id, if defined so far (a stored record is not decoded).
    public func kind(ofEntity id: String) -> String? {
        position(ofID: id).map { entities.kind(at: $0.position) }
    }

    /// The position of the entity with an id: indexed values first, then stored records.
    func position(ofID id: String) -> EntityID? {
        if let position = entityIndex[id] { return position }
        return entities.recordPosition(ofID: id).map { EntityID($0) }
    }

    /// Every entity id defined so far (for suggestions).
    public var entityIDs: [String] { entities.indices.map { entities.id(at: $0) } }

    /// The ids of the entities defined from a position on (what an importer just added).
    public func entityIDs(from position: Int) -> [String] { (position..<entities.count).map { entities.id(at: $0) } }

    /// Adds names, cross-references or a missing definition to an entity defined by another pack.
    public mutating func extendEntity(
        id: String, synonyms: [String] = [], xrefs: [String] = [], definition: String? = nil,
        mappings: [EntityMapping] = []
    ) throws(GraphError) {
        guard let position = position(ofID: id)?.position else { throw .unknownEntity(id) }
        extendedEntities.insert(Int32(position))
        entities.modify(at: position) { entity in
            for mapping in mappings where !entity.mappings.contains(mapping) { entity.mappings.append(mapping) }
            for synonym in synonyms where !entity.synonyms.contains(synonym) { entity.synonyms.append(synonym) }
            for xref in xrefs where !entity.xrefs.contains(xref) { entity.xrefs.append(xref) }
            if entity.definition == nil, let definition { entity.definition = definition }
        }
    }

    /// Asserts `subject relation object`. A relation given by its inverse name is stored forwards.
    public mutating func addAssertion(
        subject: String, relation: String, object: String,
        qualifiers: Qualifiers = .none, provenance: Provenance
    ) throws(GraphError) {
        guard let step = relationSteps[relation] else { throw .unknownRelation(relation) }
        guard let subjectID = position(ofID: subject) else { throw .unknownEntity(subject) }
        guard let objectID = position(ofID: object) else { throw .unknownEntity(object) }
        let (from, to) = step.isInverse ? (objectID, subjectID) : (subjectID, objectID)
        addAssertion(subject: from, relation: step.relation, object: to, qualifiers: qualifiers, provenance: provenance)
    }

    /// Asserts an edge between entities already resolved to ids (the fast path for importers).
    public mutating func addAssertion(
        subject: EntityID, relation: RelationID, object: EntityID,
        qualifiers: Qualifiers = .none, provenance: Provenance
    ) {
        assertions.append(Assertion(
            subject: subject, relation: relation, object: object,
            qualifierIndex: intern(qualifiers), provenanceIndex: intern(provenance)
        ))
    }

    /// Records another id that names an entity (an OBO `alt_id`, an obsolete id), for importers.
    public mutating func addAlias(_ alias: String, for entity: EntityID) { aliasTable[alias] = entity }

    /// Records an id that names no entity any more (an obsolete term without `replaced_by`), with
    /// the ids its curators suggest considering instead; a query naming it says so.
    public mutating func retire(_ id: String, consider: [String]) {
        retiredTerms.append(GraphSegment.Retired(id: id, consider: consider))
    }

    /// Records an obsolete term as its source states it. Its id is retired unless an alias names a
    /// live term for it (``addAlias(_:for:)``).
    public mutating func addObsolete(_ term: GraphSegment.Retired) {
        retiredTerms.append(term)
    }

    /// The entity an alias names.
    public func entityID(forAlias alias: String) -> EntityID? { aliasTable[alias] }

    /// For entities whose ids are `prefix` followed by exactly `digits` digits (`HP:0001250`): an
    /// index from the number to the entity, so importers can look terms up without hashing strings.
    public func termNumberIndex(prefix: String, digits: Int = 7) -> TermNumberIndex {
        var pairs: [(number: Int32, entity: Int32)] = []
        for position in entities.indices {
            let id = entities.id(at: position)
            guard id.hasPrefix(prefix) else { continue }
            let tail = id.utf8.dropFirst(prefix.utf8.count)
            guard tail.count == digits, digits <= 9, tail.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { continue }
            pairs.append((tail.reduce(0) { $0 * 10 + Int32($1 - 0x30) }, Int32(position)))
        }
        return TermNumberIndex(pairs)
    }

    /// The number of entities defined so far.
    public var entityCount: Int { entities.count }

    /// The number of assertions added so far (the next assertion's position).
    public var assertionCount: Int { assertions.count }

    /// The id an entity was given, for importers that add many edges.
    public func entityID(for id: String) -> EntityID? { position(ofID: id) }

    /// The id of a relation read forwards, for importers.
    public func relationID(for name: String) -> RelationID? {
        guard let step = relationSteps[name], !step.isInverse else { return nil }
        return step.relation
    }

    /// Adds an edge whose qualifiers and provenance were interned already (the importers' fast path).
    public mutating func addAssertion(
        subject: EntityID, relation: RelationID, object: EntityID, qualifierIndex: Int32, provenanceIndex: Int32
    ) {
        assertions.append(Assertion(
            subject: subject, relation: relation, object: object,
            qualifierIndex: qualifierIndex, provenanceIndex: provenanceIndex))
    }

    /// The table index of a qualifier set, adding it when new.
    public mutating func internQualifiers(_ qualifiers: Qualifiers) -> Int32 { intern(qualifiers) }

    /// The table index of a provenance record, adding it when new.
    public mutating func internProvenance(_ provenance: Provenance) -> Int32 { intern(provenance) }

    /// Adds a provenance record that is new by construction, without looking it up: an import's,
    /// whose records name its own pack and source, each locator once. (One that equals a record
    /// interned later would only cost a second row: an assertion's provenance reads the same.)
    public mutating func addProvenance(_ provenance: Provenance) -> Int32 {
        provenanceTable.append(provenance)
        return Int32(provenanceTable.count - 1)
    }

    /// Makes room for more assertions (importers know how many rows they hold).
    public mutating func reserveAssertions(_ count: Int) { assertions.reserveCapacity(assertions.count + count) }

    /// Makes room for more qualifier sets (interned) and provenance records (added:
    /// ``addProvenance(_:)``); importers know how many distinct ones they hold.
    public mutating func reserveTables(qualifiers: Int, provenances: Int) {
        qualifierTable.reserveCapacity(qualifierTable.count + qualifiers)
        qualifierIndex.reserveCapacity(qualifierIndex.count + qualifiers)
        provenanceTable.reserveCapacity(provenanceTable.count + provenances)
    }

    /// Makes room for more entities (importers know how many they will add).
    public mutating func reserveEntities(_ count: Int) {
        entities.reserveCapacity(entities.count + count)
        entityIndex.reserveCapacity(entityIndex.count + count)
    }

    /// Appends qualifier sets and provenance records as they are (a segment's tables), without
    /// interning them: later interning finds only the sets added one by one, which costs at most a duplicate row.
    mutating func appendTables(qualifiers: [Qualifiers], provenances: ProvenanceTable) {
        // Into empty tables (an import comes before the packs' own assertions), taken as they are.
        if qualifierTable.isEmpty { qualifierTable = qualifiers } else { qualifierTable += qualifiers }
        if provenanceTable.isEmpty { provenanceTable = provenances } else { provenanceTable.append(contentsOf: provenances) }
    }

    private mutating func intern(_ qualifiers: Qualifiers) -> Int32 {
        if let index = qualifierIndex[qualifiers] { return index }
        let index = Int32(qualifierTable.count)
        qualifierTable.append(qualifiers)
        qualifierIndex[qualifiers] = index
        return index
    }

    private mutating func intern(_ provenance: Provenance) -> Int32 {
        if let index = provenanceIndex[provenance] { return index }
        let index = Int32(provenanceTable.count)
        provenanceTable.append(provenance)
        provenanceIndex[provenance] = index
        return index
    }

    /// A builder with this one's packs, kinds and relations declared, and nothing else.
    public var declarations: GraphBuilder {
        var copy = GraphBuilder()
        copy.packs = packs
        copy.kinds = kinds
        copy.kindIndex = kindIndex
        copy.relations = relations
        copy.relationSteps = relationSteps
        return copy
    }

    /// Freezes everything added so far into an indexed graph. Consuming: the graph takes the
    /// builder's arrays over instead of copying them (call it on a builder you no longer need, or
    /// on a copy).
    public consuming func build() -> KnowledgeGraph {
        return KnowledgeGraph(
            packs: packs, kinds: kinds, kindIndex: kindIndex,
            relations: relations, relationSteps: relationSteps,
            entities: entities, entityIndex: entityIndex,
            assertions: assertions, qualifierTable: qualifierTable, provenanceTable: provenanceTable,
            retired: retiredTerms, aliases: aliasTable, annotationPlacements: annotationPlacements,
            namePlacements: namePlacements, extendedEntities: extendedEntities
        )
    }
}
