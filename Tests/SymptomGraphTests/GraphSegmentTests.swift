import Testing
@testable import SymptomGraph

/// Segments: what an import added, taken out of one builder and appended to another.
@Suite struct GraphSegmentTests {
    static func declare(_ builder: inout GraphBuilder) throws {
        try builder.addKind(EntityKind(name: "finding", pack: "core"))
        try builder.addKind(EntityKind(name: "disease", pack: "core"))
        try builder.addRelation(RelationType(name: "is_a", inverseName: "has_subtype", isTransitive: true, pack: "core"))
        try builder.addRelation(RelationType(name: "has_symptom", inverseName: "symptom_of", pack: "core"))
    }

    /// A builder with one entity of its own, then an "import" of three terms and a disease; the
    /// segment starts at `start`'s mark, and `afterTerms` sees the builder between the two.
    static func imported(startingWith start: (inout GraphBuilder) -> GraphBuilder.Mark = { $0.mark },
                         afterTerms: (inout GraphBuilder, GraphBuilder.Mark) -> Void = { _, _ in })
        throws -> (builder: GraphBuilder, segment: GraphSegment) {
        var builder = GraphBuilder()
        try declare(&builder)
        try builder.addEntity(Entity(id: "x:own", kind: "finding", label: "Own", pack: "x"))
        let mark = start(&builder)
        for (id, label) in [("T:1", "Root"), ("T:2", "Child"), ("T:3", "Grandchild")] {
            try builder.addEntity(Entity(id: id, kind: "finding", label: label, pack: "t"))
        }
        afterTerms(&builder, mark)
        try builder.addEntity(Entity(id: "D:1", kind: "disease", label: "Disease", pack: "t"))
        builder.addAlias("T:9", for: try #require(builder.entityID(for: "T:3")))
        let provenance = Provenance(pack: "t", source: "file", locator: "PMID:1")
        try builder.addAssertion(subject: "T:2", relation: "is_a", object: "T:1", provenance: provenance)
        try builder.addAssertion(subject: "T:3", relation: "is_a", object: "T:2", provenance: provenance)
        try builder.addAssertion(subject: "D:1", relation: "has_symptom", object: "T:3",
                                 qualifiers: Qualifiers(frequency: "1/2", isNegated: true), provenance: provenance)
        return (builder, try builder.segment(since: mark))
    }

    /// Started with startSegment(), the segment is the same as from a plain mark; the entities
    /// taken part way through (as an import's names are collected) are those the segment begins
    /// with, and stay as they were while the builder goes on.
    @Test func entitiesTakenPartWayAreTheSegmentsFirst() throws {
        var early = EntityStore()
        let (builder, segment) = try Self.imported(startingWith: { $0.startSegment() }) { builder, mark in
            early = builder.entities(since: mark)
        }
        #expect(segment == (try Self.imported()).segment)
        #expect(early.map(\.id) == ["T:1", "T:2", "T:3"])
        #expect(Array(segment.entities.prefix(3)) == Array(early))
        #expect(builder.build().entities.map(\.id) == ["x:own", "T:1", "T:2", "T:3", "D:1"])
    }

    /// The segment, with its entities as the records a snapshot reader gives it when `asRecords`.
    static func segment(_ segment: GraphSegment, asRecords: Bool) -> GraphSegment {
        var copy = segment
        if asRecords { copy.entities = EntityStore(records: EntityRecords(encoding: copy.entities)) }
        return copy
    }

    @Test func aSegmentHoldsOnlyWhatWasAddedWithLocalReferences() throws {
        let (_, segment) = try Self.imported()
        #expect(segment.entities.map(\.id) == ["T:1", "T:2", "T:3", "D:1"])
        #expect(segment.aliases == [GraphSegment.Alias(alias: "T:9", entity: 2)])
        #expect(segment.relationNames == ["is_a", "has_symptom"])
        #expect(segment.assertions.map { [$0.subject.index, $0.relation.index, $0.object.index] } == [[1, 0, 0], [2, 0, 1], [3, 1, 2]])
        #expect(segment.qualifiers.count == 2 && segment.provenances.count == 1)
        #expect(segment.inconsistency() == nil)
    }

    /// A snapshot's ranking tables are decoded when a graph first ranks. Tables that turn out not to
    /// decode, or not to fit their segment, are not adopted: the graph computes its own.
    @Test func rankingTablesThatDoNotDecodeAreComputedInstead() throws {
        let (_, segment) = try Self.imported()
        var other = GraphBuilder()
        try Self.declare(&other)
        var broken = segment
        nonisolated(unsafe) var decoded = 0
        broken.annotationTables = AnnotationTables.Stored { decoded += 1; return nil }
        try other.append(broken)
        let graph = other.build()
        #expect(decoded == 0)  // not before a query ranks
        let tables = try #require(graph.annotationTables)
        #expect(decoded == 1)
        #expect(tables == AnnotationTables.compute(graph: graph))
        _ = graph.annotationTables
        #expect(decoded == 1)  // once
    }

    @Test func appendingReproducesTheGraphAfterOtherEntities() throws {
        let (_, segment) = try Self.imported()
        for asRecords in [false, true] {
            var other = GraphBuilder()
            try Self.declare(&other)
            try other.addEntity(Entity(id: "y:a", kind: "finding", label: "A", pack: "y"))
            try other.addEntity(Entity(id: "y:b", kind: "finding", label: "B", pack: "y"))
            let copy = Self.segment(segment, asRecords: asRecords)
            try other.append(copy)
            #expect(other.entityID(forAlias: "T:9") == other.entityID(for: "T:3"))
            let graph = other.build()
            #expect(graph.entities.map(\.id) == ["y:a", "y:b", "T:1", "T:2", "T:3", "D:1"])
            let disease = try #require(graph.entityID(for: "D:1"))
            let edge = try #require(graph.assertions(from: disease).first)
            #expect(graph[graph[edge].object].id == "T:3")
            #expect(graph.qualifiers(of: edge).frequency == "1/2" && graph.isNegated(edge))
            #expect(graph.provenance(of: edge).locator == "PMID:1")
            let isA = try #require(graph.step(named: "is_a"))
            #expect(graph.closure(from: try #require(graph.entityID(for: "T:3")), steps: [isA]).map { graph[$0].id } == ["T:2", "T:1"])
        }
    }

    @Test func aDuplicateIdIsRefusedAndChangesNothing() throws {
        let (_, segment) = try Self.imported()
        for asRecords in [false, true] {
            var other = GraphBuilder()
            try Self.declare(&other)
            try other.addEntity(Entity(id: "T:2", kind: "finding", label: "Mine", pack: "y"))
            let copy = Self.segment(segment, asRecords: asRecords)
            #expect(throws: GraphError.duplicateEntity("T:2", firstPack: "y")) { try other.append(copy) }
            #expect(other.entityIDs == ["T:2"])
            #expect(throws: GraphError.duplicateEntity("T:2", firstPack: "y")) { try other.append(copy) }
            #expect(other.entityID(for: "T:1") == nil && other.entityID(for: "T:2") == EntityID(0))
        }
    }

    /// A segment that repeats an id of its own, or mixes values with records, is checked the
    /// same way: refused, with the builder as it was (no index entry left behind).
    @Test func aSegmentRepeatingItsOwnIdIsRefusedAndChangesNothing() throws {
        var builder = GraphBuilder()
        try Self.declare(&builder)
        try builder.addEntity(Entity(id: "y:a", kind: "finding", label: "A", pack: "y"))
        let twice = GraphSegment(
            entities: [Entity(id: "T:1", kind: "finding", label: "One", pack: "t"), Entity(id: "T:2", kind: "finding", label: "Two", pack: "t"),
                       Entity(id: "T:1", kind: "finding", label: "Again", pack: "t")],
            aliases: [], relationNames: [], assertions: [], qualifiers: [], provenances: [])
        #expect(throws: GraphError.duplicateEntity("T:1", firstPack: "t")) { try builder.append(twice) }
        #expect(builder.entityIDs == ["y:a"] && builder.entityID(for: "T:1") == nil && builder.entityID(for: "T:2") == nil)

        var mixed = EntityStore(records: EntityRecords(encoding: [Entity(id: "T:1", kind: "finding", label: "One", pack: "t")]))
        mixed.append(Entity(id: "T:1", kind: "finding", label: "Value", pack: "t"))
        let mixedSegment = GraphSegment(entities: mixed, aliases: [], relationNames: [], assertions: [], qualifiers: [], provenances: [])
        #expect(throws: GraphError.duplicateEntity("T:1", firstPack: "t")) { try builder.append(mixedSegment) }
        mixed = EntityStore(records: EntityRecords(encoding: [Entity(id: "T:1", kind: "finding", label: "One", pack: "t")]))
        mixed.append(Entity(id: "T:3", kind: "finding", label: "Three", pack: "t"))
        try builder.append(GraphSegment(entities: mixed, aliases: [], relationNames: [], assertions: [], qualifiers: [], provenances: []))
        #expect(builder.entityID(for: "T:3") == EntityID(2) && builder.entityID(for: "T:1") == EntityID(1))
    }

    /// Each entity's kind and pack as ordinals, whether its records hold one name (read without
    /// looking at them) or several, and whatever part of the store holds them.
    @Test func ordinalsNameEachEntitysKindAndPack() {
        let onePack = [Entity(id: "T:1", kind: "finding", label: "One", pack: "t"), Entity(id: "T:2", kind: "disease", label: "Two", pack: "t")]
        let twoPacks = [Entity(id: "U:1", kind: "disease", label: "One", pack: "u"), Entity(id: "V:1", kind: "disease", label: "V", pack: "v")]
        var store = EntityStore(records: EntityRecords(encoding: onePack))
        store.append(Entity(id: "W:1", kind: "finding", label: "W", pack: "w"))
        for entity in twoPacks { store.append(entity) }
        let all = onePack + [Entity(id: "W:1", kind: "finding", label: "W", pack: "w")] + twoPacks
        for ofPacks in [true, false] {
            let (names, ordinals) = store.ordinals(ofPacks: ofPacks)
            #expect(ordinals.map { names[Int($0)] } == all.map { ofPacks ? $0.pack : $0.kind }, "\(ofPacks)")
            let records = EntityStore(records: EntityRecords(encoding: twoPacks)).ordinals(ofPacks: ofPacks)
            #expect(records.ordinals.map { records.names[Int($0)] } == twoPacks.map { ofPacks ? $0.pack : $0.kind })
        }
    }

    @Test func undeclaredRelationsAndKindsAreRefused() throws {
        let (_, segment) = try Self.imported()
        var bare = GraphBuilder()
        try bare.addKind(EntityKind(name: "finding", pack: "core"))
        try bare.addKind(EntityKind(name: "disease", pack: "core"))
        #expect(throws: GraphError.unknownRelation("is_a")) { try bare.append(segment) }
        var noKinds = GraphBuilder()
        try noKinds.addRelation(RelationType(name: "is_a", pack: "core"))
        try noKinds.addRelation(RelationType(name: "has_symptom", pack: "core"))
        #expect(throws: GraphError.unknownKind("finding")) { try noKinds.append(segment) }
    }

    @Test func aSegmentMustBeSelfContained() throws {
        var (builder, _) = try Self.imported()
        let mark = builder.mark
        try builder.addEntity(Entity(id: "T:4", kind: "finding", label: "Late", pack: "t"))
        try builder.addAssertion(subject: "T:4", relation: "is_a", object: "x:own", provenance: Provenance(pack: "t", source: "file"))
        #expect(throws: GraphError.segmentNotSelfContained("x:own")) { try builder.segment(since: mark) }
    }

    @Test func inconsistentSegmentsAreDetected() throws {
        var (_, segment) = try Self.imported()
        var edges = Array(segment.assertions)
        edges[0].object = EntityID(99)
        segment.assertions = AssertionTable(edges)
        #expect(segment.inconsistency() == "assertion 0 refers outside the segment")
        (_, segment) = try Self.imported()
        segment.aliases[0].entity = 4
        #expect(segment.inconsistency() == "alias 'T:9' refers outside the segment")
    }

    @Test func theFastClosureAgreesWithTheBreadthFirstWalk() throws {
        let graph = try TestGraph.make()
        for step in graph.relationNames.compactMap({ graph.step(named: $0) }) {
            for start in graph.entityIDs {
                let walk = graph.reach(from: start, steps: [step]).order.dropFirst()
                #expect(graph.closure(from: start, steps: [step]) == Array(walk))
            }
        }
    }
}
