import Foundation
import SymptomGraph
import Testing
import TestSupport
@testable import SymptomQuery

/// Evaluation of the core language and the question forms against the bundled packs.
@Suite struct EvaluationTests {
    let engine: QueryEngine

    init() throws { engine = try Fixtures.bundledEngine() }

    func firstColumn(_ query: String) throws -> [String] {
        try engine.answer(query).rows.compactMap { row in
            guard case let .entity(id)? = row.values.first else { return nil }
            return engine.graph[id].id
        }
    }

    @Test func inverseFindsTheSameEdge() throws {
        #expect(try firstColumn("?s triggered_by \"neck movement\"") == ["ms:lhermittes-sign"])
        #expect(try firstColumn("\"neck movement\" triggers ?s") == ["ms:lhermittes-sign"])
        #expect(try firstColumn("?t ^triggered_by lhermittes-sign") == ["ms:neck-movement"])
        #expect(try firstColumn("?t ^triggers lhermittes-sign").isEmpty)
    }

    @Test func transitivePathsFollowChains() throws {
        #expect(try firstColumn("\"ms spasms\" causes ?x").contains("ms:paralysis"))
        #expect(try !firstColumn("loss-of-muscle-tone causes ?x").contains("ms:paralysis"))
        let effects = try firstColumn("ms:ms-spasms causes+ ?x")
        #expect(effects.contains("ms:paralysis"))
        #expect(Set(try firstColumn("multiple-sclerosis has_symptom* ?x")).isSuperset(of: ["ms:multiple-sclerosis", "ms:tingling"]))
    }

    @Test func conjunctionAndNegation() throws {
        #expect(try firstColumn("?s has_symptom tingling, ?s has_symptom numbness") == ["ms:ms-spasms"])
        let notSigns = try firstColumn("select ?x where ms-spasms has_symptom ?x, not ?x kind sign")
        #expect(!notSigns.contains("ms:lhermittes-sign") && notSigns.contains("ms:tingling"))
        #expect(try firstColumn("?c kind condition, not ?c is_a ?parent").contains("ms:autoimmune-disease"))
    }

    @Test func rowsCarryEveryDerivationAndQualifiers() throws {
        let result = try engine.answer("symptoms of ms spasms")
        let pain = try #require(result.rows.first { row in
            if case let .entity(id) = row.values[0] { return engine.graph[id].label == "Pain" }
            return false
        })
        let locators = pain.evidence.map { engine.graph.provenance(of: $0).locator }
        #expect(Set(locators) == ["p1.s2", "p1.s3"])
        #expect(pain.summary(in: engine.graph).certainty == nil)
        let tingling = try #require(result.rows.first { $0.summary(in: engine.graph).certainty == .may })
        #expect(tingling.evidence.count == 1)
    }

    @Test func describeShowsBothDirections() throws {
        let result = try engine.answer("describe lhermitte's sign")
        #expect(result.subject.map { engine.graph[$0].id } == "ms:lhermittes-sign")
        let relations = Set(result.rows.compactMap { row -> String? in
            if case let .relation(step) = row.values[0] { return engine.graph.name(of: step) }
            return nil
        })
        #expect(relations.isSuperset(of: ["triggered_by", "symptom_of", "causes", "exacerbates"]))
    }

    @Test func whyExplainsWithSources() throws {
        let result = try engine.answer("why neck movement -> tingling")
        #expect(result.rows.count == 3)
        #expect(result.rows.allSatisfy { !$0.evidence.isEmpty })
        let unrelated = try engine.answer("why tingling -> tingling")
        #expect(unrelated.rows.isEmpty)
    }

    /// A name that begins many others (a family of OMIM entries) says how many, and how to list them.
    @Test func aNameThatBeginsManySaysHowToListThem() throws {
        var builder = GraphBuilder()
        builder.addPack("gen")
        try builder.addKind(EntityKind(name: "condition", pack: "gen"))
        for number in 1...6 {
            try builder.addEntity(Entity(id: "gen:pd\(number)", kind: "condition", label: "Parkinson disease \(number)", pack: "gen"))
        }
        let engine = QueryEngine(graph: builder.build())
        #expect {
            _ = try engine.answer("describe parkinson disease")
        } throws: { error in
            guard let error = error as? QueryError else { return false }
            return error.suggestions.count == 3
                && error.notes == ["6 names begin with 'parkinson disease'; to see them: list entities matching parkinson disease"]
        }
        let listed = try engine.answer("list entities matching parkinson disease")
        #expect(listed.rows.count == 6)
    }

    /// Names as people write them: an eponym as a possessive ("Parkinson's disease") is found
    /// (loose forms drop the "s"), and when it names nothing, the names it begins are looked for
    /// as the HPO writes it ("Parkinson disease"), a family's plain name before its numbered
    /// ones; an abbreviation ("ALS") suggests the names whose initials it spells, conditions first.
    @Test func possessivesFamiliesAndAbbreviations() throws {
        var builder = GraphBuilder()
        builder.addPack("gen")
        try builder.addKind(EntityKind(name: "condition", pack: "gen"))
        try builder.addKind(EntityKind(name: "finding", pack: "gen"))
        for number in [4, 11, 13, 17] {
            try builder.addEntity(Entity(id: "gen:pd\(number)", kind: "condition", label: "Parkinson disease \(number)", pack: "gen"))
        }
        try builder.addEntity(Entity(id: "gen:pd", kind: "condition", label: "Parkinson disease, late-onset", pack: "gen"))
        try builder.addEntity(Entity(id: "gen:ad", kind: "condition", label: "Alzheimer disease", pack: "gen"))
        try builder.addEntity(Entity(id: "gen:d1", kind: "condition", label: "Amyotrophic lateral sclerosis 1", pack: "gen"))
        try builder.addEntity(Entity(id: "gen:f1", kind: "finding", label: "Ash-leaf spot", pack: "gen"))
        try builder.addEntity(Entity(id: "gen:d2", kind: "condition", label: "Charcot-Marie-Tooth disease type 1A", pack: "gen"))
        try builder.addEntity(Entity(id: "gen:f2", kind: "finding", label: "Small hand", pack: "gen"))
        try builder.addEntity(Entity(id: "gen:f3", kind: "finding", label: "Vomiting", pack: "gen"))
        let engine = QueryEngine(graph: builder.build())
        let described = try engine.answer("describe Alzheimer's disease")
        #expect(described.subject.map { engine.graph[$0].id } == "gen:ad")
        func failure(_ query: String) -> QueryError? {
            do { _ = try engine.answer(query) } catch { return error }
            return nil
        }
        let family = failure("describe Parkinson's disease")
        #expect(family?.suggestions.prefix(3) == ["Parkinson disease, late-onset", "Parkinson disease 4", "Parkinson disease 11"])
        #expect(family?.notes == ["5 names begin with 'Parkinson disease'; to see them: list entities matching Parkinson disease"])
        #expect(failure("describe parkinsons")?.suggestions.first == "Parkinson disease, late-onset")
        #expect(failure("describe ALS")?.suggestions == ["Amyotrophic lateral sclerosis 1", "Ash-leaf spot"])
        #expect(failure("describe CMT")?.suggestions == ["Charcot-Marie-Tooth disease type 1A"])
        // A spelling is offered within one edit in four letters: a typo, not another word.
        #expect(failure("describe vomitting")?.suggestions == ["Vomiting"])
        #expect(failure("describe shaky hands")?.suggestions == [])
        #expect(NameResolver.withoutPossessive("Graves' disease") == "Graves disease")
        #expect(NameResolver.withoutPossessive("tremor") == nil)
        #expect(NameResolver.withoutPossessive("diabetes mellitus") == nil)
    }

    /// A longer chain is kept beside the shortest when it rests on another pack: an article's
    /// two sentences still explain an answer that an ontology's one annotation also gives. One
    /// from the same pack as the shortest stays hidden.
    @Test func eachPackThatSupportsAnAnswerExplainsIt() throws {
        var builder = GraphBuilder()
        for pack in ["onto", "article"] { builder.addPack(pack) }
        try builder.addKind(EntityKind(name: "condition", pack: "onto"))
        try builder.addKind(EntityKind(name: "symptom", pack: "onto"))
        try builder.addRelation(RelationType(name: "has_symptom", inverseName: "symptom_of", pack: "onto"))
        for (id, kind, label) in [("onto:ms", "condition", "MS"), ("onto:tingling", "symptom", "Tingling"),
                                  ("onto:numbness", "symptom", "Numbness"), ("article:spasms", "symptom", "Spasms")] {
            try builder.addEntity(Entity(id: id, kind: kind, label: label, pack: String(id.prefix { $0 != ":" })))
        }
        let annotation = Provenance(pack: "onto", source: "annotations", locator: "row 1")
        try builder.addAssertion(subject: "onto:ms", relation: "has_symptom", object: "onto:tingling", provenance: annotation)
        try builder.addAssertion(subject: "onto:ms", relation: "has_symptom", object: "onto:numbness", provenance: annotation)
        try builder.addAssertion(subject: "onto:numbness", relation: "has_symptom", object: "onto:tingling", provenance: annotation)
        try builder.addAssertion(subject: "onto:ms", relation: "has_symptom", object: "article:spasms",
                                 provenance: Provenance(pack: "article", source: "paper", locator: "p1.s1"))
        try builder.addAssertion(subject: "article:spasms", relation: "has_symptom", object: "onto:tingling",
                                 qualifiers: Qualifiers(certainty: .may), provenance: Provenance(pack: "article", source: "paper", locator: "p1.s3"))
        let engine = QueryEngine(graph: builder.build())
        // Walked forwards from the condition, and backwards from the symptom.
        for (query, answer) in [("onto:ms has_symptom+ ?s", "onto:tingling"), ("?c has_symptom+ onto:tingling", "onto:ms")] {
            let result = try engine.answer(query)
            let row = try #require(result.rows.first { row in
                row.values.contains { if case let .entity(id) = $0 { engine.graph[id].id == answer } else { false } }
            }, "\(query)")
            let sources = row.derivations.map { derivation in derivation.map { engine.graph.provenance(of: $0).locator ?? "" } }
            // In reading order both ways; the ontology's longer chain through numbness is not there.
            #expect(sources == [["row 1"], ["p1.s1", "p1.s3"]], "\(query)")
            // The shortest, plain chain still decides the notes: the article's "may" does not hedge it.
            #expect(row.summary(in: engine.graph).certainty == nil)
        }
    }

    /// `how are X and Y related` keeps the shortest chains first, even when many longer ones come
    /// first in the graph (with the HPO, many 3-step chains through diseases link tremor and MS).
    @Test func relatedFindsTheShortestChainBeforeTenLongerOnes() throws {
        var builder = GraphBuilder()
        builder.addPack("g")
        try builder.addKind(EntityKind(name: "thing", pack: "g"))
        try builder.addRelation(RelationType(name: "linked_to", isSymmetric: true, pack: "g"))
        let ids = ["g:start", "g:end", "g:short"] + (1...12).flatMap { ["g:a\($0)", "g:b\($0)"] }
        for id in ids { try builder.addEntity(Entity(id: id, kind: "thing", label: String(id.dropFirst(2)), pack: "g")) }
        let source = Provenance(pack: "g", source: "s")
        for index in 1...12 {
            try builder.addAssertion(subject: "g:start", relation: "linked_to", object: "g:a\(index)", provenance: source)
            try builder.addAssertion(subject: "g:a\(index)", relation: "linked_to", object: "g:b\(index)", provenance: source)
            try builder.addAssertion(subject: "g:b\(index)", relation: "linked_to", object: "g:end", provenance: source)
        }
        try builder.addAssertion(subject: "g:start", relation: "linked_to", object: "g:short", provenance: source)
        try builder.addAssertion(subject: "g:short", relation: "linked_to", object: "g:end", provenance: source)
        let result = try QueryEngine(graph: builder.build()).answer("how are start and end related")
        let lengths = result.rows.map { row in if case let .integer(length) = row.values[0] { length } else { 0 } }
        #expect(lengths == [2] + Array(repeating: 3, count: 9))
        // Ten of thirteen: the answer says there are more.
        #expect(result.message == "the first 10 chains found, shortest first; more link start and end", "\(result.message ?? "")")
    }

    /// A short word takes one edit: "pan" is Pain misspelt, "pxn" is no word of the packs (two
    /// edits of a three-letter word reach any three-letter abbreviation).
    @Test func shortWordsGetOnlyCloseSuggestions() {
        func suggestions(_ query: String) -> [String] {
            do { _ = try engine.answer(query); return [] } catch { return error.suggestions }
        }
        #expect(suggestions("symptoms of pan").first == "Pain")
        #expect(suggestions("symptoms of pian").first == "Pain")  // two letters swapped: one edit
        #expect(suggestions("symptoms of pxn").isEmpty)
    }

    @Test func unknownNamesGetSuggestions() {
        #expect {
            _ = try engine.answer("symptoms of Lhermite sign")
        } throws: { error in
            (error as? QueryError)?.description == "unknown entity 'Lhermite sign' (did you mean \"Lhermitte's sign\"?)"
        }
        #expect {
            _ = try engine.answer("?x triger_by ?y")
        } throws: { error in
            guard let error = error as? QueryError else { return false }
            return error.suggestions.first == "triggered_by" && error.span == Span(3, 12)
        }
        #expect(throws: QueryError.self) { _ = try engine.answer("?x kind sympton") }
        #expect(throws: QueryError.self) { _ = try engine.answer("?x ?r ?x, ?r causes ?x") }
    }
}

/// Answers are sorted by their values' keys (lowercased labels); keys of plain ASCII are compared
/// by their first bytes first. The order must stay exactly `String`'s `<` for any mix of keys.
@Suite struct SortKeyOrderTests {
    @Test func keysSortAsStringsDo() {
        let fixed = ["tremor", "tremor ", "trem", "tremor\u{1}", "a", "", "ab\u{0}", "ab", "zz", "aicardi-goutières syndrome",
                     "aicardi-goutieres syndrome 1", "e\u{301}tat", "état", "ÿ", "~", "0001250", "123456789", "12345678",
                     "1234567", "12345678a",
                     // A combining mark right after the eighth byte changes the character before it.
                     "abcdefge\u{301}x", "abcdefgez", "abcdefgf", "abcdefgh\u{301}", "abcdefghi", "abcdefg\u{301}h"]
        var generator = SeededRandom()
        let alphabet = Array("ab ~-'\u{0}\u{7F}éü字\u{301}")
        for round in 0..<200 {
            var keys = round == 0 ? fixed : []
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                let length = Int.random(in: 0...14, using: &generator)
                keys.append(String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "a" }))
            }
            keys = Array(Set(keys))  // sortedByValues numbers each distinct key once
            let expected = keys.indices.sorted { keys[$0] < keys[$1] }.map { keys[$0] }
            let sorted = QueryEngine.sortedIndexes(of: keys).map { keys[$0] }
            #expect(sorted == expected, "\(keys), \(generator)")
        }
    }

    /// Labels sort as a reader expects: case and accents do not count, except to break a tie.
    @Test func labelsSortWithoutRegardToCaseOrAccents() {
        let labels = ["Chromosome disorder", "Chédiak-Higashi syndrome", "apple", "Éclampsia", "eclampsia", "Zebra", "chediak",
                      "Senior-Løken syndrome", "Senior-Loken", "Łódź sign", "Æsthetic", "Apple", "CHÉDIAK", "Chédiak", "Lodz"]
        let keys = labels.map(QueryEngine.collationKey)
        let sorted = QueryEngine.sortedIndexes(of: keys).map { labels[$0] }
        #expect(sorted == ["Æsthetic", "apple", "Apple", "chediak", "CHÉDIAK", "Chédiak", "Chédiak-Higashi syndrome", "Chromosome disorder",
                           "eclampsia", "Éclampsia", "Lodz", "Łódź sign", "Senior-Loken", "Senior-Løken syndrome", "Zebra"])
        // Labels that differ only in case or accents never tie: the order does not depend on the input's.
        #expect(Set(keys).count == keys.count)
    }
}
