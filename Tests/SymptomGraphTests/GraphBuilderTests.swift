import Testing
@testable import SymptomGraph

@Suite struct GraphBuilderTests {
    @Test func refusesDuplicatesAndUnknownNames() throws {
        var builder = GraphBuilder()
        try builder.addKind(EntityKind(name: "symptom", pack: "a"))
        #expect(throws: GraphError.duplicateKind("symptom", firstPack: "a")) {
            try builder.addKind(EntityKind(name: "symptom", pack: "b"))
        }
        #expect(throws: GraphError.unknownKind("finding")) {
            try builder.addKind(EntityKind(name: "sign", parent: "finding", pack: "b"))
        }
        try builder.addRelation(RelationType(name: "causes", inverseName: "caused_by", pack: "a"))
        #expect(throws: GraphError.duplicateRelation("caused_by", firstPack: "a")) {
            try builder.addRelation(RelationType(name: "caused_by", pack: "b"))
        }
        try builder.addEntity(Entity(id: "a:x", kind: "symptom", label: "X", pack: "a"))
        #expect(throws: GraphError.duplicateEntity("a:x", firstPack: "a")) {
            try builder.addEntity(Entity(id: "a:x", kind: "symptom", label: "X again", pack: "b"))
        }
        #expect(throws: GraphError.unknownKind("sign")) {
            try builder.addEntity(Entity(id: "a:y", kind: "sign", label: "Y", pack: "a"))
        }
        let provenance = Provenance(pack: "a", source: "s")
        #expect(throws: GraphError.unknownRelation("causez")) {
            try builder.addAssertion(subject: "a:x", relation: "causez", object: "a:x", provenance: provenance)
        }
        #expect(throws: GraphError.unknownEntity("a:z")) {
            try builder.addAssertion(subject: "a:x", relation: "causes", object: "a:z", provenance: provenance)
        }
    }

    /// An import's provenance records are added without a look-up, each a row of its own; one
    /// interned later that equals one of them gets another row, and both read the same.
    @Test func addedProvenanceIsARowOfItsOwn() throws {
        var builder = GraphBuilder()
        let first = Provenance(pack: "hpo", source: "hpoa", locator: "PMID:1")
        let interned = builder.internProvenance(Provenance(pack: "hpo", source: "obo"))
        #expect(builder.addProvenance(first) == interned + 1)
        #expect(builder.addProvenance(Provenance(pack: "hpo", source: "hpoa", locator: "PMID:2")) == interned + 2)
        let again = builder.internProvenance(first)
        #expect(again == interned + 3 && builder.internProvenance(first) == again)
        #expect(builder.provenanceTable[Int(interned + 1)] == builder.provenanceTable[Int(again)])
    }

    @Test func extensionsAddNamesWithoutDuplicates() throws {
        var builder = GraphBuilder()
        try builder.addKind(EntityKind(name: "symptom", pack: "a"))
        try builder.addEntity(Entity(id: "a:tingling", kind: "symptom", label: "Tingling", pack: "a"))
        try builder.extendEntity(id: "a:tingling", synonyms: ["pins and needles"], xrefs: ["HP:0003401"])
        try builder.extendEntity(id: "a:tingling", xrefs: ["HP:0003401"])
        let graph = builder.build()
        let id = try #require(graph.entityID(for: "a:tingling"))
        #expect(graph[id].xrefs == ["HP:0003401"])
        #expect(graph.resolve("pins and needles") == .unique(id))
        #expect(graph.resolve("hp:0003401") == .unique(id))
    }
}
