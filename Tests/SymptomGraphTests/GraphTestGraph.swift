import SymptomGraph

/// A small graph built by hand: a chain with a cycle, an inverse, a symmetric relation, a negation.
enum TestGraph {
    static func make() throws -> KnowledgeGraph {
        var builder = GraphBuilder()
        builder.addPack("t")
        try builder.addKind(EntityKind(name: "condition", pack: "t"))
        try builder.addKind(EntityKind(name: "disease", parent: "condition", pack: "t"))
        try builder.addKind(EntityKind(name: "symptom", pack: "t"))
        try builder.addKind(EntityKind(name: "trigger", pack: "t"))
        try builder.addRelation(RelationType(name: "is_a", inverseName: "has_subtype", isTransitive: true, pack: "t"))
        try builder.addRelation(RelationType(name: "has_symptom", inverseName: "symptom_of", pack: "t"))
        try builder.addRelation(RelationType(name: "triggered_by", inverseName: "triggers", pack: "t"))
        try builder.addRelation(RelationType(name: "associated_with", isSymmetric: true, pack: "t"))
        for (id, kind, label, synonyms) in [
            ("t:ms", "disease", "Multiple sclerosis", ["MS"]),
            ("t:autoimmune", "condition", "Autoimmune disease", []),
            ("t:disease", "condition", "Disease", []),
            ("t:lhermittes-sign", "symptom", "Lhermitte's sign", ["Lhermitte sign"]),
            ("t:neck-movement", "trigger", "Neck movement", []),
            ("t:tremor", "symptom", "Tremor", ["tremors"]),
            ("t:fever", "symptom", "Fever", []),
        ] as [(String, String, String, [String])] {
            try builder.addEntity(Entity(id: id, kind: kind, label: label, synonyms: synonyms, xrefs: id == "t:tremor" ? ["HP:0001337"] : [], pack: "t"))
        }
        let source = Provenance(pack: "t", source: "doc", locator: "p1.s1")
        try builder.addAssertion(subject: "t:ms", relation: "is_a", object: "t:autoimmune", provenance: source)
        try builder.addAssertion(subject: "t:autoimmune", relation: "is_a", object: "t:disease", provenance: source)
        // A cycle, to prove traversals terminate.
        try builder.addAssertion(subject: "t:disease", relation: "is_a", object: "t:ms", provenance: source)
        try builder.addAssertion(subject: "t:ms", relation: "has_symptom", object: "t:lhermittes-sign",
                                 qualifiers: Qualifiers(certainty: .may), provenance: source)
        // Stored forwards although written with the inverse name.
        try builder.addAssertion(subject: "t:neck-movement", relation: "triggers", object: "t:lhermittes-sign",
                                 provenance: Provenance(pack: "t", source: "doc", locator: "p2.s2"))
        try builder.addAssertion(subject: "t:ms", relation: "associated_with", object: "t:tremor", provenance: source)
        try builder.addAssertion(subject: "t:ms", relation: "has_symptom", object: "t:fever",
                                 qualifiers: Qualifiers(isNegated: true), provenance: source)
        return builder.build()
    }
}

extension KnowledgeGraph {
    func id(_ text: String) -> EntityID {
        guard let id = entityID(for: text) else { preconditionFailure("no entity \(text) in the test graph") }
        return id
    }

    func labels(_ ids: some Sequence<EntityID>) -> Set<String> { Set(ids.map { self[$0].label }) }
}
