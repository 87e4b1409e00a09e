extension GraphBuilder {
    /// A point in a builder's history: how many entities and assertions it held.
    public struct Mark: Sendable {
        let entityCount: Int
        let assertionCount: Int
        let retiredCount: Int
    }

    /// The current point, to take a ``GraphSegment`` of what is added after it.
    public var mark: Mark { Mark(entityCount: entities.count, assertionCount: assertions.count, retiredCount: retiredTerms.count) }

    /// The current point, with the entities added after it kept apart from those before, so that
    /// ``segment(since:)`` shares them instead of copying them.
    public mutating func startSegment() -> Mark {
        entities.beginPart()
        return mark
    }

    /// The entities added since `mark` (from ``startSegment()``), numbered from 0 as in its
    /// segment, shared: what is added later goes into an array of its own, so neither side copies.
    public mutating func entities(since mark: Mark) -> EntityStore {
        entities.beginPart()
        return entities.suffix(from: mark.entityCount)
    }

    /// The entities, aliases and assertions added since `mark`, with local references.
    ///
    /// Throws when an assertion added since the mark links to an entity added before it.
    public func segment(since mark: Mark) throws(GraphError) -> GraphSegment {
        let base = Int32(mark.entityCount)
        // Local numbers by global index (-1: none yet), given in order of first use.
        var relationLocal = [Int32](repeating: -1, count: relations.count), relationNames: [String] = []
        var qualifierLocal = [Int32](repeating: -1, count: qualifierTable.count), qualifiers: [Qualifiers] = []
        var provenanceLocal = [Int32](repeating: -1, count: provenanceTable.count), provenances: [Provenance] = []
        var local: [Assertion] = []
        local.reserveCapacity(assertions.count - mark.assertionCount)
        for assertion in assertions[mark.assertionCount...] {
            if assertion.subject.index < base { throw .segmentNotSelfContained(entities.id(at: assertion.subject.position)) }
            if assertion.object.index < base { throw .segmentNotSelfContained(entities.id(at: assertion.object.position)) }
            let relation = Self.local(assertion.relation.position, in: &relationLocal, next: relationNames.count) {
                relationNames.append(relations[assertion.relation.position].name)
            }
            let qualifier = Self.local(Int(assertion.qualifierIndex), in: &qualifierLocal, next: qualifiers.count) {
                qualifiers.append(qualifierTable[Int(assertion.qualifierIndex)])
            }
            let provenance = Self.local(Int(assertion.provenanceIndex), in: &provenanceLocal, next: provenances.count) {
                provenances.append(provenanceTable[Int(assertion.provenanceIndex)])
            }
            local.append(Assertion(
                subject: EntityID(Int(assertion.subject.index - base)), relation: RelationID(Int(relation)),
                object: EntityID(Int(assertion.object.index - base)),
                qualifierIndex: qualifier, provenanceIndex: provenance))
        }
        let aliases = aliasTable.compactMap { alias, entity in
            entity.index >= base ? GraphSegment.Alias(alias: alias, entity: entity.index - base) : nil
        }.sorted { $0.alias < $1.alias }
        var segment = GraphSegment(
            entities: entities.suffix(from: mark.entityCount), aliases: aliases, relationNames: relationNames,
            assertions: AssertionTable(local), qualifiers: qualifiers, provenances: ProvenanceTable(provenances))
        segment.retired = Array(retiredTerms[mark.retiredCount...])
        return segment
    }

    /// The local number of a global index: the one it was given, or `next` (and `add` is called).
    private static func local(_ global: Int, in map: inout [Int32], next: Int, add: () -> Void) -> Int32 {
        if map[global] >= 0 { return map[global] }
        map[global] = Int32(next)
        add()
        return Int32(next)
    }

    /// Appends a segment: its entities after those defined so far, its assertions with references
    /// shifted accordingly. Its kinds and relations must be declared, and its ids must be new.
    ///
    /// Checks everything before changing anything: on error the builder is as it was.
    public mutating func append(_ segment: consuming GraphSegment) throws(GraphError) {
        // Its assertions are read through the segment's bases from now on: their references must
        // be in range (a snapshot's are checked as it is decoded; this catches a segment made by hand).
        assert(segment.inconsistency() == nil, "appending an inconsistent segment")
        var relationIDs: [RelationID] = []
        for name in segment.relationNames {
            guard let id = relationID(for: name) else { throw .unknownRelation(name) }
            relationIDs.append(id)
        }
        let base = entities.count
        let incoming = segment.entities
        segment.entities = EntityStore()
        // The incoming entities held as values (a store may mix them with records): checked and
        // indexed one by one. Records list their kinds, and find their ids by binary search.
        var recordPositions = [Bool](repeating: false, count: incoming.count)
        for run in incoming.recordRuns {
            for kind in run.records.kindNames where !hasKind(kind) { throw .unknownKind(kind) }
            for position in run.start..<(run.start + run.records.count) { recordPositions[position] = true }
        }
        let valueOffsets = incoming.indices.filter { !recordPositions[$0] }
        var checkedKinds = Set<String>()
        for offset in valueOffsets {
            let kind = incoming.kind(at: offset)
            guard checkedKinds.insert(kind).inserted else { continue }
            guard hasKind(kind) else { throw .unknownKind(kind) }  // the first unknown one, in order
        }
        // Ids must be new: values against everything before and each other, records against the
        // builder's values and records (the smaller side looked up in the larger).
        if !incoming.recordRuns.isEmpty {
            for (id, existing) in entityIndex where incoming.recordPosition(ofID: id) != nil {
                throw .duplicateEntity(id, firstPack: entities.pack(at: existing.position))
            }
            for run in entities.recordRuns {
                for position in 0..<run.records.count where incoming.recordPosition(ofID: run.records.id(at: position)) != nil {
                    throw .duplicateEntity(run.records.id(at: position), firstPack: run.records.pack(at: position))
                }
            }
        }
        reserveEntities(valueOffsets.count)
        var indexed: [String] = []
        func undo() { for id in indexed { entityIndex[id] = nil } }
        for offset in valueOffsets {
            let id = incoming.id(at: offset)
            if let existing = entities.recordPosition(ofID: id) ?? incoming.recordPosition(ofID: id).map({ base + $0 }) {
                undo()
                throw .duplicateEntity(id, firstPack: existing < base ? entities.pack(at: existing) : incoming.pack(at: existing - base))
            }
            if let existing = entityIndex.updateValue(EntityID(base + offset), forKey: id) {
                // Undo what this call indexed; an entry from before it is restored, not one of its own.
                undo()
                if existing.position < base { entityIndex[id] = existing } else { entityIndex[id] = nil }
                throw .duplicateEntity(id, firstPack: existing.position < base
                    ? entities.pack(at: existing.position) : incoming.pack(at: existing.position - base))
            }
            indexed.append(id)
        }
        entities.append(contentsOf: incoming)
        aliasTable.reserveCapacity(aliasTable.count + segment.aliases.count)
        for alias in segment.aliases { aliasTable[alias.alias] = EntityID(base + Int(alias.entity)) }
        retiredTerms += segment.retired
        let qualifierBase = Int32(qualifierTable.count), provenanceBase = Int32(provenanceTable.count)
        appendTables(qualifiers: segment.qualifiers, provenances: segment.provenances)
        // The segment's assertions are appended as they lie, read through the segment's bases.
        let firstAssertion = assertions.count
        assertions.append(segment.assertions, shift: AssertionTable.Shift(
            entities: Int32(base), qualifiers: qualifierBase, provenances: provenanceBase, relations: relationIDs))
        if let table = segment.nameTable { namePlacements.append((table, base..<entities.count)) }
        if let stored = segment.annotationTables {
            annotationPlacements.append(AnnotationTables.Placement(
                stored: stored, entities: base..<entities.count, assertions: firstAssertion..<assertions.count,
                precomputed: segment.graphTables))
        }
    }
}
