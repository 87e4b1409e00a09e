import Foundation
import KnowledgePacks
import SymptomGraph
@testable import SymptomQuery
import Testing
import TestSupport

/// Names as packs that are loaded together give them: a name with "and" in it inside a list of
/// findings, one disease name that two databases each give an entry, and a pack's finding that
/// maps to an ontology term only loosely.
@Suite struct SharedNameTests {
    /// The tiny ontology (HP:0000011 "Term one" … HP:0000014) with annotations of its own, beside
    /// a curated pack: findings named with "and", one mapped to Term one by a broad match, names
    /// that begin with an article or share an ontology term's label, and conditions that have them.
    static func engine() throws -> QueryEngine {
        try TinyOntology.engine(annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000013\tPMID:1\tPCS\t\t\t\t\tP\tx
            ORPHA:9\tDisease one\t\tHP:0000013\tPMID:9\tPCS\t\t\t\t\tP\tx
            OMIM:2\tDisease two\t\tHP:0000012\tPMID:2\tPCS\t\t\t\t\tP\tx
            OMIM:5\tDisease two\t\tHP:0000011\tPMID:5\tPCS\t\t\t\t\tP\tx
            OMIM:3\tDisease three\t\tHP:0000011\tPMID:3\tPCS\t\t\t\t\tP\tx
            """, demo: """
            entities:
              - {id: tingles, kind: symptom, label: Pins and needles feeling}
              - {id: gait, kind: symptom, label: Altered gait and posture, synonyms: [altered gait, posture]}
              - {id: jerks, kind: symptom, label: Jerks, broad_match: [HP:0000011]}
              - {id: wobbly, kind: disease, label: Wobbly syndrome}
              - {id: two, kind: disease, label: Term two}
              - {id: late, kind: disease, label: "Wobbly syndrome, late-onset"}
              - {id: dizziness, kind: symptom, label: Dizziness}
              - {id: blurred, kind: symptom, label: Blurred vision}
              - {id: nausea, kind: symptom, label: Nausea}
              - {id: sneezing, kind: symptom, label: Sneezing}
              - {id: mine, kind: disease, label: My disease}
              - {id: both, kind: symptom, label: Jerks and nausea}
            assertions:
              - {subject: late, relation: has_symptom, object: jerks, source: s, locator: l3}
              - {subject: mine, relation: has_symptom, object: sneezing, source: s, locator: l4}
              - {subject: wobbly, relation: has_symptom, object: [tingles, gait, jerks], source: s, locator: l1}
              - {subject: two, relation: has_symptom, object: HP:0000011, source: s, locator: l2}
            """)
    }

    /// The ids of the conditions an answer lists.
    static func ids(_ result: QueryResult, in engine: QueryEngine) -> [String] {
        result.rows.compactMap { row in
            guard case let .entity(entity)? = row.values.first else { return nil }
            return engine.graph[entity].id
        }
    }

    /// "and" inside a name stays in it when the words before it name nothing, or the same thing
    /// as the whole; names that are two things stay two findings.
    @Test func anAndInsideANameDoesNotSplitAListOfFindings() throws {
        let engine = try Self.engine()
        for query in ["conditions with pins and needles feeling", "conditions with jerks and pins and needles feeling",
                      "conditions with pins and needles feeling and jerks", "conditions with altered gait and posture",
                      "which conditions have pins and needles feeling and altered gait and posture"] {
            #expect(try Self.ids(engine.answer(query), in: engine) == ["demo:wobbly"], "\(query)")
        }
        // Two findings, each a name: both required (no condition has Term one and the jerks).
        let two = try engine.answer("conditions with jerks and term one")
        #expect(two.rows.isEmpty)
        #expect(two.core?.contains("jerks") == true && two.core?.contains("term one") == true)
        // Two names whose join is a third concept's: two findings, and a note says so.
        let noted = try engine.answer("conditions with jerks and nausea")
        #expect(noted.core?.contains("jerks") == true && noted.core?.contains("nausea") == true)
        #expect(noted.notes.first?.hasPrefix("'jerks and nausea' is also one concept's name, read here as two findings") == true,
                "\(noted.notes)")
        // A ranking takes the ontology term of a name a disease shares (the demo pack's "Term two").
        #expect(try engine.answer("rank term two").rankedFindings?.present.map { engine.graph[$0].id } == ["HP:0000012"])
        // Without the graph, "and" separates as before: the parser alone cannot tell a name.
        guard case let .pattern(pattern, _) = try QueryParser.parse("conditions with pins and needles feeling") else {
            Issue.record("not a pattern")
            return
        }
        #expect(pattern.clauses.count == 3)
        // A name that does not exist is still said to be unknown, at its first word.
        #expect(throws: QueryError.self) { try engine.answer("conditions with pins and jerks") }
    }

    /// A name two databases give one entry each is answered for both, each entry named in a
    /// note; a name of two concepts of which one answers is answered for it; one database's two
    /// entries of one name that both answer, or two concepts that both answer, stay ambiguous.
    @Test func aNameOfSeveralConceptsIsAnsweredForTheReadingsThatAnswer() throws {
        let engine = try Self.engine()
        func first(_ result: QueryResult) -> [String] {
            result.rows.compactMap { row in if case let .entity(entity)? = row.values.first { engine.graph[entity].id } else { nil } }
        }
        let result = try engine.answer("symptoms of \"disease one\"")
        #expect(result.query == "symptoms of \"disease one\"")
        // Both entries have Term three: one row, with the evidence of each.
        #expect(first(result) == ["HP:0000013"])
        #expect(result.rows.first?.derivations.count == 2)
        #expect(result.notes == ["'disease one' is the name of an entry in 2 databases (OMIM:1, ORPHA:9); this answers for each"])
        #expect(try first(engine.answer("symptoms of the disease one")) == ["HP:0000013"])
        // Misspelt, the question is named; the name, which answers once it is spelt right, is not blamed.
        #expect {
            _ = try engine.answer("symtoms of disease one")
        } throws: { error in
            guard let error = error as? QueryError else { return false }
            return error.id == .unknownQuestion && error.suggestions == ["symptoms of"] && error.notes.isEmpty
        }
        let described = try engine.answer("describe disease one")
        #expect(described.subject.map { engine.graph[$0].id } == "OMIM:1")
        let asked = try engine.answer("is term three a symptom of disease one")
        #expect(asked.answer == "yes")
        #expect(asked.notes.first?.contains("this is OMIM:1's answer (ORPHA:9: yes)") == true, "\(asked.notes)")
        // The HPO's finding "Term two" has no symptoms; the demo pack's disease of that name does.
        let symptoms = try engine.answer("symptoms of term two")
        #expect(first(symptoms) == ["HP:0000011"])
        #expect(symptoms.notes == ["'term two' names 2 concepts; only demo:two (disease) answers this (the other: HP:0000012 (finding))"])
        for query in ["symptoms of disease two", "describe term two"] {
            do {
                _ = try engine.answer(query)
                Issue.record("'\(query)' read a name of two concepts that both answer as one")
            } catch {
                #expect(error.id == .ambiguousName, "\(query)")
            }
        }
    }

    /// `conditions with X`, X mapped to an ontology term by a broad (or close) match, says how
    /// many conditions that term has and how to ask; an exact cross-reference merges instead.
    /// Questions about a finding that the packs do not answer, read as people mean them: what
    /// causes a finding is the conditions that have it; the symptoms of a finding that a disease
    /// shares the name of (the HPO's Systemic lupus erythematosus, "SLE") are the disease's, and a
    /// name of one disease's entries and of a finding answers for the entries.
    @Test func findingsAskedAboutAsPeopleMeanThem() throws {
        let engine = try TinyOntology.engine(annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000013\tPMID:1\tPCS\t\t\t\t\tP\tx
            OMIM:7\tTerm one\t\tHP:0000012\tPMID:7\tPCS\t\t\t\t\tP\tx
            ORPHA:8\tTerm one\t\tHP:0000012\tPMID:8\tPCS\t\t\t\t\tP\tx
            """)
        let causes = try engine.answer("what causes term three")
        #expect(Self.ids(causes, in: engine) == ["OMIM:1"])
        #expect(causes.notes == ["nothing in the loaded packs says what causes term three; these are the conditions that have it "
            + "(conditions with term three)"])
        let bySynonym = try engine.answer("symptoms of first")
        #expect(Self.ids(bySynonym, in: engine) == ["HP:0000012"])
        #expect(bySynonym.notes.first == "'first' names the finding Term one (HP:0000011); read as the name it shares with conditions")
        #expect(bySynonym.query == "symptoms of first")
        let byLabel = try engine.answer("symptoms of term one")
        #expect(Self.ids(byLabel, in: engine) == ["HP:0000012"])
        #expect(byLabel.notes == ["'term one' is the name of an entry in 2 databases (OMIM:7, ORPHA:8) and of HP:0000011 (finding), "
            + "which does not answer this; this answers for each"])
        // Asked by its id, the finding is what was meant.
        #expect(try engine.answer("symptoms of HP:0000011").rows.isEmpty)
        // Every question about the synonym reads it so: counts, yes/no questions, and modifiers,
        // which apply to the entries' rows together.
        #expect(try engine.answer("count symptoms of first").rows.first?.values == [.integer(1)])
        #expect(try engine.answer("does first have term two").answer == "yes")
        // Whether a name of a finding and of diseases is a disease: yes, it names one (and,
        // through the label it shares, so does the finding's synonym).
        let kind = try engine.answer("is term one a disease")
        #expect(kind.answer == "yes" && kind.message == "yes: Term one is a disease")
        #expect(kind.notes == ["'term one' names 3 concepts: OMIM:7 (disease), ORPHA:8 (disease); also HP:0000011 (finding)"])
        let synonym = try engine.answer("is first a disease")
        #expect(synonym.answer == "yes")
        #expect(synonym.notes.first == "'first' names the finding Term one (HP:0000011); read as the name it shares with conditions")
        #expect(try engine.answer("is HP:0000011 a disease").answer == "not known")
        let limited = try engine.answer("symptoms of term one limit 5")
        #expect(Self.ids(limited, in: engine) == ["HP:0000012"])
        #expect(limited.notes.last?.hasSuffix("this answers for each") == true, "\(limited.notes)")
    }

    /// "most common symptoms of X" lists X's symptoms by the frequency their annotations give,
    /// the most frequent first, ten at most; `order by frequency` does it on any question, rows
    /// that state no frequency last.
    @Test func symptomsOrderedByFrequency() throws {
        let engine = try TinyOntology.engine(annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000011\tPMID:1\tPCS\t\t1/4\t\t\tP\tx
            OMIM:1\tDisease one\t\tHP:0000012\tPMID:1\tPCS\t\t\t\t\tP\tx
            OMIM:1\tDisease one\t\tHP:0000013\tPMID:1\tPCS\t\tHP:0040281\t\t\tP\tx
            """)
        func labels(_ query: String) throws -> [String] {
            try engine.answer(query).rows.compactMap { row in
                if case let .entity(entity)? = row.values.first { engine.graph[entity].label } else { nil }
            }
        }
        #expect(try labels("most common symptoms of disease one") == ["Term three", "Term one", "Term two"])
        #expect(try labels("what are the main symptoms of disease one") == ["Term three", "Term one", "Term two"])
        #expect(try labels("symptoms of disease one order by frequency") == ["Term one", "Term three", "Term two"])
        #expect(try labels("most common symptoms of disease one limit 1") == ["Term three"])
        #expect(throws: QueryError.self) { try engine.answer("symptoms of disease one order by often") }
    }

    /// A disease's entries in two databases that give a finding different frequencies are both
    /// shown, each named; "most common" orders by what the evidence supports at the least (a
    /// single case below a cohort), then by the next entry's, and says so.
    @Test func entriesFrequenciesAreEachShownAndWeighed() throws {
        let engine = try TinyOntology.engine(annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000013\tPMID:1\tPCS\t\t1/1\t\t\tP\tx
            ORPHA:9\tDisease one\t\tHP:0000013\tPMID:9\tTAS\t\tHP:0040283\t\t\tP\tx
            OMIM:1\tDisease one\t\tHP:0000012\tPMID:1\tPCS\t\t30/60\t\t\tP\tx
            OMIM:1\tDisease one\t\tHP:0000014\tPMID:1\tPCS\t\t\t\t\tP\tx
            """)
        let outcome = QueryOutcome(query: "symptoms of disease one", result: Result { () throws(QueryError) in
            try engine.answer("symptoms of disease one") })
        let table = ResultRenderer(format: .table, showsProvenance: false, graph: engine.graph).render(outcome)
        #expect(table.contains("Term three  OMIM:1: frequency: 1/1, evidence: PCS; ORPHA:9: frequency: occasional (5–29%), evidence: TAS"),
                "\(table)")
        let json = ResultRenderer(format: .json, showsProvenance: false, graph: engine.graph).render(outcome)
        guard case let .result(document)? = try JSONDecoder().decode([OutcomeDocument].self, from: Data(json.utf8)).first else {
            Issue.record("no result document")
            return
        }
        let entries = document.rows.first { $0.values["symptom"] == .entity(EntityReference(id: "HP:0000013", label: "Term three", kind: "finding")) }?
            .qualifiersByEntry
        #expect(entries?.map(\.entity.id) == ["OMIM:1", "ORPHA:9"] && entries?.map { $0.qualifiers?.frequency } == ["1/1", "HP:0040283"],
                "\(json)")
        let common = try engine.answer("most common symptoms of disease one")
        #expect(Self.ids(common, in: engine) == ["HP:0000012", "HP:0000013", "HP:0000014"])
        #expect(common.notes.first?.hasPrefix("ordered by frequency, the most frequent first, as far as the evidence supports it") == true,
                "\(common.notes)")
        // 30 of 60 supports at least 37%; 1 of 1, 21%; the Wilson score interval's lower end.
        #expect(abs((QueryEngine.supportedPercent("30/60") ?? 0) - 37.7) < 0.1)
        #expect(abs((QueryEngine.supportedPercent("1/1") ?? 0) - 20.7) < 0.1)
        #expect(QueryEngine.supportedPercent("HP:0040281") == 80 && QueryEngine.supportedPercent("45%") == 45)
        #expect(QueryEngine.supportedPercent("often") == nil)
    }

    /// Questions people ask of a disease's annotations: whether it is inherited (its inheritance
    /// annotations), how common a finding is in it (yes or no, and the frequencies its evidence
    /// states), and whether a finding is a disease (said with articles).
    @Test func inheritanceFrequencyAndKinds() throws {
        let engine = try TinyOntology.engine(annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000013\tPMID:1\tPCS\t\t3/4\t\t\tP\tx
            OMIM:1\tDisease one\t\tHP:0000012\tPMID:1\tPCS\t\t\t\t\tI\tx
            """)
        for question in ["is disease one hereditary", "how is disease one inherited", "inheritance of disease one", "is disease one genetic?"] {
            let result = try engine.answer(question)
            #expect(result.form == "inheritance" && Self.ids(result, in: engine) == ["HP:0000012"], "\(question)")
        }
        for question in ["how common is term three in disease one", "frequency of term three in disease one",
                         "how often does disease one have term three", "how often does term three occur in disease one",
                         "how often is term three seen in disease one", "how often do term three appear with disease one",
                         "how common is disease one in term three"] {
            let result = try engine.answer(question)
            #expect(result.answer == "yes", "\(question)")
            #expect(result.notes.contains("how often: 3/4 (as the evidence states it)"), "\(question): \(result.notes)")
        }
        // The names the other way round are read the right way round, and said so.
        #expect(try engine.answer("how common is disease one in term three").notes.first
                == "read as how common Term three is in Disease one: Disease one is a condition, Term three is not")
        let swapped = try engine.answer("is disease one a symptom of term three")
        #expect(swapped.answer == "yes" && swapped.notes.first
                == "read as whether Disease one has Term three: Disease one is a condition, Term three is not", "\(swapped.notes)")
        // "how often does X occur in Y" needs its verb before "in"; without one it is not this form.
        #expect(throws: QueryError.self) { try engine.answer("how often does term three in disease one") }
        // A finding in the name: read up to the last "in".
        #expect(throws: QueryError.self) { try engine.answer("how common is term in three in disease one") }
        // A phenotype term only (asthma, migraine) is not said to be no disease: nothing says so.
        #expect(try engine.answer("is term one a disease").message == "not known: in the loaded packs Term one is a finding "
                + "(a term for what is observed), and no disease has that name; that does not say whether it is a disease")
        #expect(try engine.answer("is disease one a disease").message == "yes: Disease one is a disease")
        // Two terms of one imported ontology: what it classes the term under, not a no (the HPO
        // puts Headache under nervous system physiology, not under Pain).
        let classed = try engine.answer("is term three a kind of term two")
        #expect(classed.answer == "not known" && classed.message == "not known: the Human Phenotype Ontology does not class Term three "
                + "under Term two (it classes it under Term one), and no loaded pack says it is one")
        #expect(try engine.answer("is term four a kind of term one").answer == "yes")
        // A disease is in no hierarchy of the ontology: nothing is known.
        #expect(try engine.answer("is disease one a kind of term two").answer == "not known")
    }

    /// A card names a term's other ids (OBO `alt_id`) as such, apart from its cross-references,
    /// and JSON gives an HPO frequency term in words and as a probability beside the term.
    @Test func cardsAndFrequenciesSayWhatTheirIdsAre() throws {
        let engine = try TinyOntology.engine(annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000014\tPMID:1\tPCS\t\tHP:0040283\t\t\tP\tx
            OMIM:1\tDisease one\t\tHP:0000012\tPMID:1\tPCS\t\t2/8\t\t\tP\tx
            """)
        func rendered(_ query: String, _ format: OutputFormat) throws -> String {
            let outcome = QueryOutcome(query: query, result: Result { () throws(QueryError) in try engine.answer(query) })
            return ResultRenderer(format: format, showsProvenance: false, graph: engine.graph).render(outcome)
        }
        let table = try rendered("describe term four", .table)
        #expect(table.contains("\n  alternative ids: HP:0000099\n"), "\(table)")
        #expect(!table.contains("xrefs: HP:0000099"), "\(table)")
        let described = try JSONDecoder().decode([OutcomeDocument].self, from: Data(try rendered("describe term four", .json).utf8))
        guard case let .result(card)? = described.first, let entity = card.entity else { Issue.record("no card"); return }
        #expect(entity.altIds == ["HP:0000099"] && !entity.xrefs.contains("HP:0000099") && entity.replaces == nil)
        let symptoms = try JSONDecoder().decode([OutcomeDocument].self, from: Data(try rendered("symptoms of disease one", .json).utf8))
        guard case let .result(document)? = symptoms.first else { Issue.record("no result document"); return }
        let qualifiers = document.rows.compactMap(\.qualifiers)
        #expect(qualifiers.map(\.frequency) == ["HP:0040283", "2/8"])
        #expect(qualifiers.map(\.frequencyLabel) == ["occasional (5–29%)", nil])
        #expect(qualifiers.map(\.frequencyProbability) == [0.17, 0.25])
    }

    @Test func aLooselyMappedFindingPointsToItsOntologyTerm() throws {
        let engine = try Self.engine()
        let result = try engine.answer("conditions with jerks")
        #expect(Self.ids(result, in: engine) == ["demo:wobbly", "demo:late"])
        let message = try #require(result.notes.first)
        let count = try engine.answer("conditions with HP:0000011").rows.count
        #expect(count == 5)  // OMIM:1, ORPHA:9 (Term three), OMIM:3, OMIM:5 and demo:two (Term one)
        #expect(message.contains("the broader Term one (HP:0000011) has \(count) conditions: conditions with HP:0000011"), "\(message)")
        // A finding without such a mapping has no note.
        #expect(try engine.answer("conditions with pins and needles feeling").notes.isEmpty)
    }

    /// `conditions with X` that finds none, X an effect that conditions' symptoms may lead to
    /// (paralysis, in the bundled article), names those conditions and where to look.
    @Test func anEffectNamesTheConditionsItMayFollowFrom() throws {
        let engine = try Fixtures.bundledEngine()
        let result = try engine.answer("conditions with paralysis")
        #expect(result.rows.isEmpty)
        #expect(result.message?.contains("may follow from the symptoms of 1 condition: Multiple sclerosis (effects of multiple sclerosis)") == true,
                "\(result.message ?? "")")
        #expect(try engine.answer("effects of multiple sclerosis").rows.contains { row in
            if case let .entity(entity)? = row.values.first { engine.graph[entity].label == "Paralysis" } else { false }
        })
    }

    /// Questions people type about names as packs give them: a comparison of names that name
    /// several concepts, a count asked as "number of", a yes/no question about a name with a comma.
    @Test func everydayQuestionsAboutSharedNames() throws {
        let engine = try Self.engine()
        do {
            _ = try engine.answer("compare disease one and wobbly syndrome")
            Issue.record("a comparison was answered")
        } catch {
            #expect(error.id == .unknownQuestion)
            #expect(error.suggestions.contains("how are disease one and wobbly syndrome related"))
        }
        #expect(try engine.answer("number of conditions with jerks").rows.first?.values.first == .integer(2))
        for query in ["is jerks a symptom of Wobbly syndrome, late-onset", "does Wobbly syndrome, late-onset have jerks"] {
            #expect(try engine.answer(query).answer == "yes", "\(query)")
        }
        // The row limit caps a ranking's `top`, said as a partial answer.
        var limited = engine
        limited.limits.rows = 2
        let ranking = try limited.answer("rank term three")
        #expect(ranking.rows.count == 2 && ranking.isPartial)
        #expect(try engine.answer("rank term three").rows.count > 2)
    }

    /// `conditions with A and B`: each finding's facts are named in the notes, even when they
    /// read alike, and a curated finding keeps its "may".
    @Test func conditionsWithSeveralFindingsNameEachFindingsFacts() throws {
        let engine = try Fixtures.bundledEngine()
        let result = try engine.answer("conditions with tingling and numbness")
        let table = ResultRenderer(format: .table, graph: engine.graph).render(QueryOutcome(query: result.query, result: .success(result)))
        #expect(table.contains("Multiple sclerosis  Tingling: may; Numbness: may"), "\(table)")
        let one = try engine.answer("conditions with tingling")
        let single = ResultRenderer(format: .table, graph: engine.graph).render(QueryOutcome(query: one.query, result: .success(one)))
        #expect(single.contains("Multiple sclerosis  may"), "\(single)")
    }

    /// A name said as people say it is suggested as the name the packs give: the start of a
    /// name ("pins and needles"), an adjective for its noun ("dizzy", "blurry vision",
    /// "nauseous"), a state after "feeling".
    @Test func everydayWordsSuggestTheNamesPacksGive() throws {
        let engine = try Self.engine()
        for (typed, suggested) in [("pins and needles", "Pins and needles feeling"), ("dizzy", "Dizziness"),
                                   ("blurry vision", "Blurred vision"), ("nauseous", "Nausea"), ("feeling dizzy", "Dizziness")] {
            do {
                _ = try engine.answer("conditions with \(typed)")
                Issue.record("'\(typed)' was answered")
            } catch {
                #expect(error.id == .unknownName, "\(typed)")
                #expect(error.suggestions.first == suggested, "\(typed): \(error.suggestions)")
            }
        }
        // The start of a name is one name in a list, not split at its "and".
        do {
            _ = try engine.answer("conditions with jerks and pins and needles")
        } catch {
            #expect(error.message.contains("'pins and needles'"), "\(error.message)")
        }
    }

    /// A label that begins with a word the parser drops before a name ("My disease") is still
    /// found by its name.
    @Test func aLabelBeginningWithAnArticleIsFound() throws {
        let engine = try Self.engine()
        for query in ["symptoms of my disease", "symptoms of My Disease", "is sneezing a symptom of my disease"] {
            let result = try engine.answer(query)
            #expect(result.query == query)
            #expect(result.answer == "yes" || result.rows.contains { row in
                if case let .entity(entity)? = row.values.first { engine.graph[entity].id == "demo:sneezing" } else { false }
            }, "\(query)")
        }
    }
}
