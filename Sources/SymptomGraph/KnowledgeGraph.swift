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
    /// Entities, addressed by ``EntityID``.
    public let entities: [Entity]
    /// Assertions, addressed by ``AssertionID``.
    public let assertions: [Assertion]
    /// Distinct qualifier sets, shared by the assertions that carry them.
    public let qualifierTable: [Qualifiers]
    /// Distinct provenance records, shared by the assertions that carry them.
    public let provenanceTable: [Provenance]
    /// Names, labels, synonyms and cross-references of entities (indexed on first use, so loading a
    /// large ontology does not pay for it until a name is looked up).
    public var names: NameIndex { nameIndex.index(for: entities) }
    private let nameIndex = LazyNameIndex()

    private let kindIndex: [String: KindID]
    private let relationSteps: [String: RelationStep]
    private let entityIndex: [String: EntityID]
    private let entityKinds: [KindID]
    private let kindAncestors: [[KindID]]
    private let outgoing: Adjacency
    private let incoming: Adjacency
    private let byRelation: Adjacency
    /// Whether each qualifier set is negated, so walks test negation without copying qualifiers.
    private let negatedQualifiers: [Bool]

    init(
        packs: [String], kinds: [EntityKind], kindIndex: [String: KindID],
        relations: [RelationType], relationSteps: [String: RelationStep],
        entities: [Entity], entityIndex: [String: EntityID],
        assertions: [Assertion], qualifierTable: [Qualifiers], provenanceTable: [Provenance]
    ) {
        self.packs = packs
        self.kinds = kinds
        self.kindIndex = kindIndex
        self.relations = relations
        self.relationSteps = relationSteps
        self.entities = entities
        self.entityIndex = entityIndex
        self.assertions = assertions
        self.qualifierTable = qualifierTable
        self.provenanceTable = provenanceTable
        // Entities of one kind come in runs (an ontology's terms, its diseases): look a kind up once per run.
        var kindOfEntity: [KindID] = []
        kindOfEntity.reserveCapacity(entities.count)
        var lastKind: (name: String, id: KindID)?
        for entity in entities {
            if let last = lastKind, last.name == entity.kind {
                kindOfEntity.append(last.id)
            } else {
                let id = kindIndex[entity.kind] ?? KindID(0)
                lastKind = (entity.kind, id)
                kindOfEntity.append(id)
            }
        }
        entityKinds = kindOfEntity
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
        let order = Adjacency.orderByRelation(assertions)
        outgoing = Adjacency(nodeCount: entities.count, assertions: assertions, order: order) { $0.subject.position }
        incoming = Adjacency(nodeCount: entities.count, assertions: assertions, order: order) { $0.object.position }
        byRelation = Adjacency(nodeCount: relations.count, assertions: assertions, order: order) { $0.relation.position }
    }

    /// An empty graph.
    public static let empty = GraphBuilder().build()

    // MARK: Entities

    /// The entity an id addresses.
    @inlinable public subscript(entity: EntityID) -> Entity { entities[entity.position] }

    /// The id of the entity with a stable id such as `ms:lhermittes-sign`.
    public func entityID(for id: String) -> EntityID? { entityIndex[id] }

    /// Every entity id, in definition order.
    public var entityIDs: [EntityID] { (0..<entities.count).map { EntityID($0) } }

    /// Resolves an id, cross-reference, label or synonym.
    ///
    /// When a name fits several entities and one of them maps to the others by cross-reference
    /// (`ms:tremor` has xref `HP:0001337`, both labelled "Tremor"), they are one concept and the
    /// mapping entity is chosen.
    public func resolve(_ name: String) -> NameIndex.Match {
        // An exact id needs no name index (which a large graph builds on first use).
        if let id = entityIndex[name] { return .unique(id) }
        let match = names.resolve(name)
        guard case let .ambiguous(candidates) = match else { return match }
        let ids = Set(candidates.map { entities[$0.position].id })
        let mappers = candidates.filter { candidate in
            let others = ids.subtracting([entities[candidate.position].id])
            return others.isSubset(of: Set(entities[candidate.position].xrefs))
        }
        return mappers.count == 1 ? .unique(mappers[0]) : match
    }

    // MARK: Kinds

    /// The kind with a name.
    public func kind(named name: String) -> EntityKind? { kindIndex[name].map { kinds[$0.position] } }

    /// Whether an entity's kind is `kindName` or has it as an ancestor.
    public func entity(_ entity: EntityID, isOfKind kindName: String) -> Bool {
        guard let wanted = kindIndex[kindName] else { return false }
        let own = entityKinds[entity.position]
        return own == wanted || kindAncestors[own.position].contains(wanted)
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
        guard let relation else { return outgoing.edges(of: entity.position) }
        return outgoing.edges(of: entity.position, relation: relation)
    }

    /// Assertions whose object is `entity`, optionally of one relation.
    public func assertions(to entity: EntityID, relation: RelationID? = nil) -> ArraySlice<AssertionID> {
        guard let relation else { return incoming.edges(of: entity.position) }
        return incoming.edges(of: entity.position, relation: relation)
    }

    /// All assertions of a relation.
    public func assertions(of relation: RelationID) -> ArraySlice<AssertionID> {
        byRelation.edges(of: relation.position)
    }

    /// The neighbours reached from `entity` by one step, with the assertion that justifies each.
    ///
    /// A symmetric relation is walked both ways. Negated assertions ("X does not have Y") are
    /// skipped unless `includeNegated` is set: they state the absence of an edge.
    public func neighbours(
        of entity: EntityID, by step: RelationStep, includeNegated: Bool = false
    ) -> [(entity: EntityID, assertion: AssertionID)] {
        var result: [(entity: EntityID, assertion: AssertionID)] = []
        let symmetric = relations[step.relation.position].isSymmetric
        if !step.isInverse || symmetric {
            for edge in outgoing.edges(of: entity.position, relation: step.relation)
            where includeNegated || !isNegated(edge) {
                result.append((assertions[edge.position].object, edge))
            }
        }
        if step.isInverse || symmetric {
            for edge in incoming.edges(of: entity.position, relation: step.relation)
            where includeNegated || !isNegated(edge) {
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
        if !step.isInverse || symmetric {
            for edge in outgoing.edges(of: entity.position, relation: step.relation) {
                let assertion = assertions[edge.position]
                if !negatedQualifiers[Int(assertion.qualifierIndex)] { visit(assertion.object) }
            }
        }
        if step.isInverse || symmetric {
            for edge in incoming.edges(of: entity.position, relation: step.relation) {
                let assertion = assertions[edge.position]
                if !negatedQualifiers[Int(assertion.qualifierIndex)] { visit(assertion.subject) }
            }
        }
    }

    /// Every step out of an entity, in both directions: `(step as read from entity, neighbour, assertion)`.
    public func allNeighbours(
        of entity: EntityID, includeNegated: Bool = false
    ) -> [(step: RelationStep, entity: EntityID, assertion: AssertionID)] {
        var result: [(step: RelationStep, entity: EntityID, assertion: AssertionID)] = []
        for edge in outgoing.edges(of: entity.position) where includeNegated || !isNegated(edge) {
            let assertion = assertions[edge.position]
            result.append((RelationStep(relation: assertion.relation), assertion.object, edge))
        }
        for edge in incoming.edges(of: entity.position) where includeNegated || !isNegated(edge) {
            let assertion = assertions[edge.position]
            result.append((RelationStep(relation: assertion.relation, isInverse: true), assertion.subject, edge))
        }
        return result
    }

    /// Whether an assertion is negated.
    public func isNegated(_ assertion: AssertionID) -> Bool {
        negatedQualifiers[Int(assertions[assertion.position].qualifierIndex)]
    }
}
