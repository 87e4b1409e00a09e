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

    /// A run's table as a compile makes it: collected in one part, then sorted.
    static func runTable(_ entities: EntityStore, _ tiers: Set<NameTable.Tier>) -> NameTable {
        var collector = NameTable.Collector(tiers: tiers)
        collector.collect(entities)
        return collector.table()
    }

    /// A run's table, made at once or collected a part at a time, is byte for byte the one made
    /// from a sequence, with names shared by many entities (equal keys keep their order).
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
        #expect(Self.runTable(EntityStore(entities), tiers) == once)
        #expect(Self.runTable(EntityStore(Array(entities.prefix(3))), tiers)
            == NameTable(entities: entities.prefix(3).enumerated().lazy.map { (Int32($0.offset), $0.element) }, tiers: tiers))
        #expect(Self.runTable(EntityStore(), tiers) == NameTable(entities: [], tiers: tiers))
        // Collected a part at a time (the run growing between parts, as an import's does), then sorted.
        var collector = NameTable.Collector(tiers: tiers)
        for end in [0, 1, 1, 2000, 4999, 5000] {
            collector.collect(EntityStore(Array(entities.prefix(end))))
            #expect(collector.count == end)
        }
        #expect(collector.table() == once)
    }

    /// Every tier lists its entries by key bytes, then entity, then key offset — also where many
    /// keys share their first 8, 16 or 24 bytes, where one key is the start of another, and where
    /// many entities share one long name (the runs a radix sort on 8 bytes leaves to sort further).
    @Test func tiersAreInKeyThenEntityOrder() {
        let stems = ["Abnormality of the", "Abnormality of the left", "Abnormal", "Abnormality of the lef", "Ab", ""]
        let entities = (0..<3000).map { number in
            let stem = stems[number % stems.count]
            return Entity(id: "p:\(number % 7 == 0 ? 5 : number)", kind: "k",
                          label: number % 10 == 0 ? "Abnormality of the left lower limb bone" : "\(stem) \(number % 89) x",
                          synonyms: number % 3 == 0 ? ["\(stem) \(String(number, radix: 5))", "abnormal"] : [], pack: "p")
        }
        let table = Self.runTable(EntityStore(entities), Set(NameTable.Tier.allCases))
        for (tier, buffer) in table.buffers.enumerated() {
            let bytes = [UInt8](buffer)
            func word(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
            let entries = (0..<word(0)).map { index in
                let at = 4 + index * 12
                return (key: Array(bytes[word(at)..<(word(at) + word(at + 4))]), entity: word(at + 8), offset: word(at))
            }
            let inOrder = zip(entries, entries.dropFirst()).allSatisfy { left, right in
                if left.key != right.key { return left.key.lexicographicallyPrecedes(right.key) }
                return left.entity != right.entity ? left.entity < right.entity : left.offset < right.offset
            }
            #expect(inOrder, "tier \(tier)")
            // Nothing lost or repeated: the id and label tiers hold each entity's key once,
            // made here by the key functions alone.
            func expected(_ key: (Entity) -> [UInt8]) -> [String] {
                entities.indices.map { "\(key(entities[$0])) \($0)" }.sorted()
            }
            let found = entries.map { "\($0.key) \($0.entity)" }.sorted()
            if tier == NameTable.Tier.id.rawValue {
                #expect(found == expected { entity in var key: [UInt8] = []; NameKey.appendCased(entity.id, uppercase: false, to: &key); return key })
            }
            if tier == NameTable.Tier.label.rawValue {
                #expect(found == expected { entity in var key: [UInt8] = []; NameKey.appendExact(entity.label, to: &key); return key })
            }
            #expect(tier != NameTable.Tier.completion.rawValue || entries.count > 10_000)
        }
    }

    /// A table adopted from a file checks each tier when it is first searched: a tier with an
    /// entry outside it, or naming a position past the entities, reads as empty; the others read.
    @Test func anAdoptedTierIsCheckedWhenFirstSearched() throws {
        let entities = [Entity(id: "p:1", kind: "k", label: "Spasm", pack: "p"), Entity(id: "p:2", kind: "k", label: "Tremor", pack: "p")]
        let table = NameTable(entities: entities.enumerated().lazy.map { (Int32($0.offset), $0.element) })
        let adopted = try NameTable.validated(table.buffers, entityCount: 2).get()
        #expect(adopted.positions(for: "tremor", in: .label) == [1] && adopted.positions(for: "p:1", in: .id) == [0])
        var buffers = table.buffers
        // The label tier's first entry names entity 7 of 2.
        buffers[NameTable.Tier.label.rawValue].replaceSubrange(12..<16, with: [7, 0, 0, 0])
        let damaged = try NameTable.validated(buffers, entityCount: 2).get()
        #expect(damaged.positions(for: "spasm", in: .label).isEmpty && damaged.positions(for: "tremor", in: .label).isEmpty)
        #expect(damaged.positions(for: "p:2", in: .id) == [1])
        // A tier whose count claims more entries than it holds is refused at once.
        buffers[NameTable.Tier.id.rawValue].replaceSubrange(0..<4, with: [0xFF, 0, 0, 0])
        #expect(throws: NameTableError.self) { try NameTable.validated(buffers, entityCount: 2).get() }
    }

    @Test func keysFoldCasePunctuationAndPlurals() {
        #expect(NameKey.exact("Lhermitte’s  Sign!") == "lhermittes sign")
        #expect(NameKey.loose("Lhermitte's sign") == "lhermitte sign")
        #expect(NameKey.loose("stiffness") == "stiffness")
        #expect(NameKey.exact("Ménière disease") == "meniere disease")
        // An invisible format character is dropped, as the query lexer drops it inside a word.
        #expect(NameKey.exact("zero\u{200B}width sign\u{00AD}s") == "zerowidth signs")
    }

    @Test func suggestionsFindNearMisses() throws {
        let graph = try TestGraph.make()
        let suggestions = graph.suggestions(for: "Lhermite sign").map { graph[$0].label }
        #expect(suggestions.first == "Lhermitte's sign")
        #expect(graph.suggestions(for: "tremmor").map { graph[$0].label } == ["Tremor"])
        // A name's last words: "sign" offers Lhermitte's sign.
        #expect(graph.suggestions(for: "sign").map { graph[$0].label } == ["Lhermitte's sign"])
        #expect(Spelling.closest(to: "triger_by", among: ["triggered_by", "triggers", "causes"]).first == "triggered_by")
    }

    /// The bounded distance that suggestions use on ASCII names is the edit distance, when that
    /// is within the bound, for any pair of words (a word may have letters beyond ASCII).
    @Test func boundedDistanceIsTheEditDistanceWithinItsBound() {
        var generator = SplitMix(state: 20_261_129)
        let alphabet = Array("abcde -'"), wide = Array("abé字")
        for _ in 0..<2_000 {
            let word = String((0..<Int.random(in: 0...9, using: &generator)).map { _ in
                (Bool.random(using: &generator) ? wide : alphabet).randomElement(using: &generator)! })
            let candidate = String((0..<Int.random(in: 0...9, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let bound = Int.random(in: 0...4, using: &generator)
            var bounded = BoundedDistance(word, within: bound)
            let exact = Spelling.distance(word, candidate)
            var utf8 = candidate
            let found = utf8.withUTF8 { bounded.to(UnsafeRawBufferPointer($0)) }
            #expect(found == (exact <= bound ? exact : nil), "\(word) → \(candidate) within \(bound)")
        }
    }
}
