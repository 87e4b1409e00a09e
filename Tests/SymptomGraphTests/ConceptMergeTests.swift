import Testing
@testable import SymptomGraph

/// Entities of different packs that share an identifier are one concept.
@Suite struct ConceptMergeTests {
    /// A curated pack (`cur`) next to an ontology pack (`onto`) and a third pack (`other`).
    static func graph(extraCurated: [Entity] = []) throws -> KnowledgeGraph {
        var builder = GraphBuilder()
        for pack in ["cur", "onto", "other"] { builder.addPack(pack) }
        try builder.addKind(EntityKind(name: "condition", pack: "cur"))
        try builder.addKind(EntityKind(name: "finding", pack: "cur"))
        try builder.addKind(EntityKind(name: "symptom", parent: "finding", pack: "cur"))
        try builder.addRelation(RelationType(name: "has_symptom", inverseName: "symptom_of", pack: "cur"))
        try builder.addRelation(RelationType(name: "is_a", inverseName: "has_subtype", isTransitive: true, pack: "cur"))
        try builder.addEntity(Entity(id: "cur:ms", kind: "condition", label: "Multiple sclerosis", pack: "cur"))
        try builder.addEntity(Entity(id: "cur:tremor", kind: "symptom", label: "Tremor", synonyms: ["shaking"],
                                     xrefs: ["HP:1"], pack: "cur"))
        try builder.addEntity(Entity(id: "cur:pain", kind: "symptom", label: "Pain", xrefs: ["UMLS:C1"], pack: "cur"))
        try builder.addEntity(Entity(id: "cur:spasm", kind: "symptom", label: "MS spasms", pack: "cur")
            .with(mappings: [EntityMapping(.broad, "HP:3")]))
        for entity in extraCurated { try builder.addEntity(entity) }
        try builder.addEntity(Entity(id: "HP:1", kind: "finding", label: "Tremor", synonyms: ["Trembling"],
                                     definition: "Shaking.", xrefs: ["HP:9"], pack: "onto"))
        try builder.addEntity(Entity(id: "HP:2", kind: "finding", label: "Abnormal movement", pack: "onto"))
        try builder.addEntity(Entity(id: "HP:3", kind: "finding", label: "Muscle spasm", pack: "onto"))
        try builder.addEntity(Entity(id: "OMIM:1", kind: "condition", label: "Some disease", pack: "onto"))
        try builder.addEntity(Entity(id: "other:pain", kind: "symptom", label: "Pain", xrefs: ["UMLS:C1"], pack: "other"))
        let cur = Provenance(pack: "cur", source: "article", locator: "p1")
        let onto = Provenance(pack: "onto", source: "obo", locator: nil)
        try builder.addAssertion(subject: "cur:ms", relation: "has_symptom", object: "cur:tremor", provenance: cur)
        try builder.addAssertion(subject: "HP:1", relation: "is_a", object: "HP:2", provenance: onto)
        try builder.addAssertion(subject: "OMIM:1", relation: "has_symptom", object: "HP:1", provenance: onto)
        return builder.build()
    }

    /// The card keeps what the sources say each synonym is: a name given by both packs takes the
    /// form one of them gives it, and one that names the concept (its label) is no synonym.
    @Test func aMergedCardKeepsSynonymForms() throws {
        var builder = GraphBuilder()
        for pack in ["cur", "onto"] { builder.addPack(pack) }
        try builder.addKind(EntityKind(name: "finding", pack: "cur"))
        try builder.addEntity(Entity(id: "cur:tremor", kind: "finding", label: "Tremor", synonyms: ["tremors", "shaking"],
                                     xrefs: ["HP:1"], pack: "cur"))
        var onto = Entity(id: "HP:1", kind: "finding", label: "Tremor", synonyms: ["Tremor", "Tremors", "Trembling"], pack: "onto")
        onto.synonymForms = [SynonymForm(.exact, type: "layperson"), SynonymForm(.exact, type: "plural_form"), SynonymForm(.related)]
        try builder.addEntity(onto)
        let graph = builder.build()
        let concept = try #require(graph.entityID(for: "cur:tremor"))
        #expect(graph[concept].synonyms == ["tremors", "shaking", "Trembling"])
        #expect(graph[concept].synonymForms == [SynonymForm(.exact, type: "plural_form"), .exact, SynonymForm(.related)])
    }

    @Test func anXrefToAnotherPacksIDMergesTheTwo() throws {
        let graph = try Self.graph()
        let concept = try #require(graph.entityID(for: "cur:tremor"))
        #expect(graph.entityID(for: "HP:1") == concept)
        // The ontology's id, the curated pack's label and kind; every name and id of both.
        #expect(graph[concept].id == "HP:1")
        #expect(graph[concept].label == "Tremor")
        #expect(graph[concept].kind == "symptom")
        #expect(graph[concept].definition == "Shaking.")
        #expect(Set(graph[concept].synonyms).isSuperset(of: ["shaking", "Trembling"]))
        #expect(Set(graph[concept].xrefs).isSuperset(of: ["cur:tremor", "HP:9"]))
        #expect(Set(graph.members(of: concept).map(\.pack)) == ["cur", "onto"])
        // The union of both packs' edges, whichever member they were stated on.
        let symptomOf = try #require(graph.step(named: "symptom_of"))
        let conditions = Set(graph.neighbours(of: concept, by: symptomOf).map { graph[$0.entity].id })
        #expect(conditions == ["cur:ms", "OMIM:1"])
        let isA = try #require(graph.step(named: "is_a"))
        #expect(graph.neighbours(of: concept, by: isA).map { graph[$0.entity].id } == ["HP:2"])
        // One concept in listings; of every member's kind.
        #expect(graph.entityIDs.filter { graph[$0].label == "Tremor" }.count == 1)
        // Labels read alone are the ones shown: the concept's card for a merged representative.
        #expect(graph.entityIDs.allSatisfy { graph.label(of: $0) == graph[$0].label })
        #expect(graph.entity(concept, isOfKind: "symptom") && graph.entity(concept, isOfKind: "finding"))
    }

    @Test func namesOfOneConceptAreNoAmbiguity() throws {
        let graph = try Self.graph()
        let concept = try #require(graph.entityID(for: "HP:1"))
        for name in ["tremor", "Tremor", "trembling", "shaking", "HP:1", "cur:tremor", "HP:9"] {
            #expect(graph.resolve(name) == .unique(concept), "\(name)")
        }
    }

    @Test func aSharedXrefMergesAcrossPacksButNeverWithinOne() throws {
        let graph = try Self.graph(extraCurated: [
            Entity(id: "cur:ache", kind: "symptom", label: "Ache", xrefs: ["UMLS:C1"], pack: "cur"),
        ])
        let pain = try #require(graph.entityID(for: "cur:pain"))
        // other:pain shares UMLS:C1 with cur:pain: one concept, labelled from the first pack in load order.
        #expect(graph.entityID(for: "other:pain") == pain)
        #expect(graph[pain].label == "Pain")
        // cur:ache shares it too, but cur:pain is already in that concept: one pack's entities stay apart.
        let ache = try #require(graph.entityID(for: "cur:ache"))
        #expect(ache != pain)
        #expect(graph.concepts.conflicts.contains { $0.identifier == "UMLS:C1" && $0.pack == "cur" })
    }

    @Test func looserMappingsNeverMerge() throws {
        let graph = try Self.graph()
        let spasm = try #require(graph.entityID(for: "cur:spasm"))
        let muscleSpasm = try #require(graph.entityID(for: "HP:3"))
        #expect(spasm != muscleSpasm)
        #expect(graph[spasm].mappings == [EntityMapping(.broad, "HP:3")])
    }

    @Test func nothingMergesWithinOnePack() throws {
        let graph = try TestGraph.make()
        #expect(graph.concepts.representative.isEmpty)
        #expect(graph.entityIDs.count == graph.entities.count)
    }
}
