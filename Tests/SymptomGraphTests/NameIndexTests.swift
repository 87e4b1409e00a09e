import Testing
@testable import SymptomGraph

@Suite struct NameIndexTests {
    @Test(arguments: ["Lhermitte's sign", "lhermitte's sign", "Lhermitte sign", "lhermittes-sign",
                      "LHERMITTE’S SIGN", "t:lhermittes-sign", "  lhermitte   sign "])
    func namesFindLhermittesSign(_ name: String) throws {
        let graph = try TestGraph.make()
        #expect(graph.resolve(name) == .unique(graph.id("t:lhermittes-sign")))
    }

    @Test func synonymsXrefsAndPluralsResolve() throws {
        let graph = try TestGraph.make()
        #expect(graph.resolve("MS") == .unique(graph.id("t:ms")))
        #expect(graph.resolve("HP:0001337") == .unique(graph.id("t:tremor")))
        #expect(graph.resolve("tremors") == .unique(graph.id("t:tremor")))
        #expect(graph.resolve("no such thing") == .none)
        #expect(graph.resolve("") == .none)
    }

    @Test func sharedNamesAreAmbiguous() throws {
        var builder = GraphBuilder()
        try builder.addKind(EntityKind(name: "k", pack: "p"))
        try builder.addEntity(Entity(id: "p:a", kind: "k", label: "Spasm", pack: "p"))
        try builder.addEntity(Entity(id: "p:b", kind: "k", label: "spasm", pack: "p"))
        let graph = builder.build()
        guard case let .ambiguous(ids) = graph.resolve("spasm") else {
            Issue.record("expected an ambiguous match")
            return
        }
        #expect(ids.count == 2)
    }

    /// A run's table made in blocks on several cores is byte for byte the one made in one pass,
    /// with names shared within and across blocks (equal keys keep their order).
    @Test func aRunTableMadeInBlocksEqualsOneMadeAtOnce() {
        let labels = ["Spasm", "Tremor", "Ménière disease", "Lhermitte’s sign", "Ataxia", "Ataxia", "Ωmega"]
        let entities = (0..<5000).map { number in
            Entity(id: number % 3 == 0 ? "p:\(String(number, radix: 7))" : "p:term-\(number % 40)", kind: "k",
                   label: "\(labels[number % labels.count]) \(number % 97)",
                   synonyms: number % 2 == 0 ? ["spasm", "kid \(number % 11)"] : [], xrefs: number % 5 == 0 ? ["umls:c\(number % 13)"] : [],
                   pack: "p")
        }
        let tiers = Set(NameTable.Tier.allCases)
        let once = NameTable(entities: entities.enumerated().lazy.map { (Int32($0.offset), $0.element) }, tiers: tiers)
        #expect(NameTable(run: EntityStore(entities), tiers: tiers) == once)
        #expect(NameTable(run: EntityStore(Array(entities.prefix(3))), tiers: tiers)
            == NameTable(entities: entities.prefix(3).enumerated().lazy.map { (Int32($0.offset), $0.element) }, tiers: tiers))
        #expect(NameTable(run: EntityStore(), tiers: tiers) == NameTable(entities: [], tiers: tiers))
    }

    @Test func keysFoldCasePunctuationAndPlurals() {
        #expect(NameKey.exact("Lhermitte’s  Sign!") == "lhermittes sign")
        #expect(NameKey.loose("Lhermitte's sign") == "lhermitte sign")
        #expect(NameKey.loose("stiffness") == "stiffness")
        #expect(NameKey.exact("Ménière disease") == "meniere disease")
    }

    @Test func suggestionsFindNearMisses() throws {
        let graph = try TestGraph.make()
        let suggestions = graph.suggestions(for: "Lhermite sign").map { graph[$0].label }
        #expect(suggestions.first == "Lhermitte's sign")
        #expect(graph.suggestions(for: "tremmor").map { graph[$0].label } == ["Tremor"])
        #expect(Spelling.closest(to: "triger_by", among: ["triggered_by", "triggers", "causes"]).first == "triggered_by")
    }
}
