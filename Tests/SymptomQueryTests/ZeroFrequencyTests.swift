import Foundation
import GraphExport
import SymptomGraph
import SymptomQuery
import Testing
import TestSupport

/// An annotation with a frequency of zero ("0/9": none of nine patients) states absence: a
/// question takes it as a no, while the ranking tables count it as the annotation file's row,
/// as hpo3 does (so rankings stay equal to hpo3's).
@Suite struct ZeroFrequencyTests {
    /// The tiny ontology, with Term three annotated to Disease one plainly and to Disease two in
    /// none of nine patients (both also have Term two, which Disease three has alone).
    static func engine() throws -> QueryEngine {
        try TinyOntology.engine(annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000013\tPMID:1\tPCS\t\t\t\t\tP\tx
            OMIM:1\tDisease one\t\tHP:0000012\tPMID:1\tPCS\t\t\t\t\tP\tx
            OMIM:2\tDisease two\t\tHP:0000013\tPMID:2\tPCS\t\t0/9\t\t\tP\tx
            OMIM:2\tDisease two\t\tHP:0000012\tPMID:2\tPCS\t\t\t\t\tP\tx
            OMIM:3\tDisease three\t\tHP:0000012\tPMID:3\tPCS\t\t\t\t\tP\tx
            """)
    }

    @Test func zeroFrequenciesStateAbsence() {
        #expect(Qualifiers(frequency: "0/9").statesAbsence)
        #expect(Qualifiers(frequency: "0%").statesAbsence)
        #expect(Qualifiers(frequency: "HP:0040285").statesAbsence)
        #expect(Qualifiers(isNegated: true).statesAbsence)
        for present in ["1/9", "5%", "HP:0040283", "often"] { #expect(!Qualifiers(frequency: present).statesAbsence, "\(present)") }
        #expect(!Qualifiers().statesAbsence)
    }

    /// "How are X and Y related" says an assertion that states their link absent, with its source,
    /// in the message (no chain walks it, and no row is one); either way round, and when no chain
    /// links them at all.
    @Test func relatedSaysAStatedAbsence() throws {
        let engine = try Self.engine()
        for question in ["how are \"disease two\" and \"term three\" related", "how are \"term three\" and \"disease two\" related"] {
            let result = try engine.answer(question)
            #expect(result.message?.hasPrefix("the packs state that Disease two does not have") == true, "\(result.message ?? "")")
            #expect(result.message?.contains("(frequency 0/9) [tiny:") == true, "\(result.message ?? "")")
            #expect(result.rows.allSatisfy { row in
                if case let .text(chain)? = row.values.last { !chain.contains("does not") } else { false }
            })
        }
        // Only the stated absence links them.
        let alone = try TinyOntology.engine(annotationRows: """
            OMIM:2\tDisease two\t\tHP:0000013\tPMID:2\tPCS\t\t0/9\t\t\tP\tx
            OMIM:3\tDisease three\t\tHP:0000012\tPMID:3\tPCS\t\t\t\t\tP\tx
            """).answer("how are \"disease two\" and \"term three\" related")
        #expect(alone.rows.isEmpty)
        #expect(alone.message?.hasPrefix("no chain of at most 5 assertions links Disease two and Term three; the packs state that Disease two does not have")
                == true, "\(alone.message ?? "")")
    }

    /// A row two findings reach says each finding's qualifiers with its name when they differ
    /// (not the last finding's frequency as if it were the row's); when they agree, once.
    @Test func notesOfARowOfTwoFindingsNameEachFinding() throws {
        let engine = try TinyOntology.engine(annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000013\tPMID:1\tPCS\t\t1/5\t\t\tP\tx
            OMIM:1\tDisease one\t\tHP:0000012\tPMID:1\tPCS\t\t4/14\t\t\tP\tx
            OMIM:2\tDisease two\t\tHP:0000013\tPMID:2\tPCS\t\t2/3\t\t\tP\tx
            OMIM:2\tDisease two\t\tHP:0000012\tPMID:2\tPCS\t\t2/3\t\t\tP\tx
            OMIM:3\tDisease three\t\tHP:0000011\tPMID:3\tPCS\t\t\t\t\tP\tx
            """)
        let result = try engine.answer("conditions with \"Term one\", \"Term two\"")
        let labelled = result.rows.map { row in
            row.qualifiersByFinding(in: engine.graph)?.map { "\(engine.graph[$0.finding].label) \($0.qualifiers.frequency ?? "-")" }
        }
        #expect(labelled == [["Term three 1/5", "Term two 4/14"], nil], "\(labelled)")
        // The table says so; the JSON keeps its structured qualifiers.
        let outcome = QueryOutcome(query: result.query, result: .success(result))
        let table = ResultRenderer(format: .table, graph: engine.graph).render(outcome)
        #expect(table.contains("Term three: frequency: 1/5, evidence: PCS; Term two: frequency: 4/14, evidence: PCS"), "\(table)")
        #expect(result.rows.first?.summary(in: engine.graph).frequency != nil)
        // A ranking's row, one derivation per matched finding, names them the same way.
        let ranked = try engine.answer("rank \"Term three\", \"Term two\" using resnik top 1")
        let rankTable = ResultRenderer(format: .table, graph: engine.graph).render(QueryOutcome(query: ranked.query, result: .success(ranked)))
        #expect(rankTable.contains("Term three: frequency: 1/5, evidence: PCS; Term two: frequency: 4/14, evidence: PCS"), "\(rankTable)")
        // A disease that has one of the two findings says which one its frequency is of.
        let lone = try TinyOntology.engine(annotationRows: """
            OMIM:4\tDisease four\t\tHP:0000012\tPMID:4\tPCS\t\t3/7\t\t\tP\tx
            OMIM:5\tDisease five\t\tHP:0000011\tPMID:5\tPCS\t\t\t\t\tP\tx
            """)
        let oneOfTwo = try lone.answer("rank \"Term three\", \"Term two\" top 2")
        let oneOfTwoTable = ResultRenderer(format: .table, graph: lone.graph).render(QueryOutcome(query: oneOfTwo.query, result: .success(oneOfTwo)))
        #expect(oneOfTwoTable.contains("Disease four") && oneOfTwoTable.contains("Term two: frequency: 3/7, evidence: PCS"), "\(oneOfTwoTable)")
        // Asked about one finding, the note needs no name.
        let one = try lone.answer("rank \"Term two\" top 1")
        let oneTable = ResultRenderer(format: .table, graph: lone.graph).render(QueryOutcome(query: one.query, result: .success(one)))
        #expect(oneTable.contains("  frequency: 3/7, evidence: PCS"), "\(oneTable)")
    }

    /// Findings run together without commas are told how to separate them.
    @Test func findingsWithoutCommasAreToldToSeparateThem() throws {
        let engine = try Self.engine()
        #expect {
            try engine.answer("rank HP:0000013 HP:0000012")
        } throws: { error in
            (error as? QueryError)?.notes == ["findings are separated by commas: rank HP:0000013, HP:0000012"]
        }
    }

    @Test func aQuestionTakesAZeroFrequencyAsANo() throws {
        let engine = try Self.engine()
        let no = try engine.answer("does \"Disease two\" have \"Term three\"")
        #expect(no.answer == "no")
        // Said in the negative, as it reads: a count of none is no symptom.
        #expect(no.message?.hasPrefix("no: Disease two does not have symptom Term three (frequency 0/9) [tiny: annotations PMID:2]") == true, "\(no.message ?? "")")
        #expect(try engine.answer("does \"Disease one\" have \"Term three\"").answer == "yes")
        // A search the work limit stopped knows neither: a chain to "yes" may lie past it.
        var stopped = engine
        stopped.limits.work = 2
        let unsure = try stopped.answer("does \"Disease two\" have \"Term three\"")
        #expect(unsure.answer == "not known" && unsure.isCutShort, "\(unsure.message ?? "")")
        let (one, two) = (try #require(engine.graph.entityID(for: "OMIM:1")), try #require(engine.graph.entityID(for: "OMIM:2")))
        let conditions = try engine.answer("conditions with \"Term three\"")
        #expect(conditions.rows.map(\.values) == [[.entity(one)]])
        let stated = try #require(engine.graph.assertions(from: two).first { engine.graph.qualifiers(of: $0).frequency == "0/9" })
        #expect(engine.graph.statesAbsence(stated) && !engine.graph.isNegated(stated))
    }

    /// The explanation of a similarity ranking says when the term matched is stated absent (the
    /// method counts it, as hpo3 does), and the likelihood-ratio method's says when a frequency
    /// was assumed because the annotation states none.
    @Test func explanationsSayWhatTheScoreDoesNot() throws {
        let engine = try TinyOntology.engine(annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000013\tPMID:1\tPCS\t\t\t\t\tP\tx
            OMIM:1\tDisease one\t\tHP:0000012\tPMID:1\tPCS\t\t\t\t\tP\tx
            OMIM:2\tDisease two\t\tHP:0000013\tPMID:2\tPCS\t\t0/9\t\t\tP\tx
            OMIM:3\tDisease three\t\tHP:0000012\tPMID:3\tPCS\t\t\t\t\tP\tx
            """)
        func explained(_ query: String) throws -> String {
            let outcome = QueryOutcome(query: query, result: Result { () throws(QueryError) in try engine.answer(query) })
            return ResultRenderer(format: .table, showsProvenance: true, graph: engine.graph).render(outcome)
        }
        let similarity = try explained("explain rank \"Disease two\" given \"Term three\" using resnik")
        #expect(similarity.contains("but stated absent (frequency 0/9), which this method counts as hpo3 does"), "\(similarity)")
        let likelihood = try explained("explain rank \"Disease one\" given \"Term three\" using lr")
        #expect(likelihood.contains("annotated (no frequency stated: 90% assumed)"), "\(likelihood)")
    }

    /// A finding a curated pack reaches through its own entities, with a hedged "may" and no
    /// frequency, is not weighed as a 90% annotation: the likelihood ratios take the least
    /// certain step as Occasional (17%), and the explanation says so.
    @Test func aCuratedMayIsNotWeighedAsAnAnnotation() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder, annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000011\tPMID:1\tPCS\t\t\t\t\tP\tx
            OMIM:2\tDisease two\t\tHP:0000012\tPMID:2\tPCS\t\t\t\t\tP\tx
            OMIM:3\tDisease three\t\tHP:0000011\tPMID:3\tPCS\t\t\t\t\tP\tx
            """)
        try """
            entities:
              - {id: "tiny:attacks", kind: symptom, label: Attacks}
              - {id: "tiny:fits", kind: symptom, label: Fits}
            assertions:
              - {subject: "OMIM:1", relation: has_symptom, object: "tiny:attacks", source: obo, locator: s1}
              - {subject: "tiny:attacks", relation: has_symptom, object: "HP:0000012", certainty: may, source: obo, locator: s2}
              - {subject: "OMIM:3", relation: has_symptom, object: "HP:0000013", certainty: may, source: obo, locator: s3}
              - {subject: "OMIM:2", relation: has_symptom, object: "tiny:fits", frequency: 0/4, source: obo, locator: s4}
              - {subject: "tiny:fits", relation: has_symptom, object: "HP:0000013", source: obo, locator: s5}
            """.write(to: folder.appendingPathComponent("data.yaml"), atomically: true, encoding: .utf8)
        let engine = QueryEngine(graph: try TinyOntology.knowledge(in: folder).graph)
        let query = "explain rank \"Disease one\" given \"Term two\" using lr"
        let outcome = QueryOutcome(query: query, result: Result { () throws(QueryError) in try engine.answer(query) })
        let explained = ResultRenderer(format: .table, showsProvenance: true, graph: engine.graph).render(outcome)
        #expect(explained.contains("annotated (through the pack's own findings; the least certain step: 17%)"), "\(explained)")
        // Disease two, annotated plainly, keeps the assumption for an annotation without a frequency.
        let plain = "explain rank \"Disease two\" given \"Term two\" using lr"
        let plainText = ResultRenderer(format: .table, showsProvenance: true, graph: engine.graph)
            .render(QueryOutcome(query: plain, result: Result { () throws(QueryError) in try engine.answer(plain) }))
        #expect(plainText.contains("annotated (no frequency stated: 90% assumed)"), "\(plainText)")
        // A ranking says what it is not, and which method and database made it.
        #expect(explained.contains("not medical advice"), "\(explained)")
        #expect(explained.contains("ranked using lr against "), "\(explained)")
        // Markdown with the evidence says how each finding matched, as the table does.
        let markdown = ResultRenderer(format: .markdown, showsProvenance: true, graph: engine.graph)
            .render(QueryOutcome(query: query, result: Result { () throws(QueryError) in try engine.answer(query) }))
        #expect(markdown.contains("How each finding matched:\n\n- 2 · Disease one · "), "\(markdown)")
        #expect(markdown.contains("  - Term two (HP:0000012) → annotated (through the pack's own findings; the least certain step: 17%)"),
                "\(markdown)")
        func explain(_ query: String) -> String {
            ResultRenderer(format: .table, showsProvenance: true, graph: engine.graph)
                .render(QueryOutcome(query: query, result: Result { () throws(QueryError) in try engine.answer(query) }))
        }
        // A curated annotation of the disease itself says its hedge.
        let hedged = explain("explain rank \"Disease three\" given \"Term three\" using lr")
        #expect(hedged.contains("annotated (no frequency stated, 'may': 17% assumed)"), "\(hedged)")
        // A finding the disease does not show (0/4) leads nowhere: what it has is not known absent.
        let absent = explain("explain rank \"Disease two\" given \"Term three\" using lr")
        #expect(!absent.contains("known not to show"), "\(absent)")
    }

    /// `where negated` asks its question of what the packs state absent (a `NOT` row, or none of
    /// nine patients), which every other question skips; `where not negated` leaves those out.
    @Test func whereNegatedFindsWhatIsStatedAbsent() throws {
        let engine = try TinyOntology.engine(annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000013\tPMID:1\tPCS\t\t\t\t\tP\tx
            OMIM:2\tDisease two\t\tHP:0000013\tPMID:2\tPCS\t\t0/9\t\t\tP\tx
            OMIM:2\tDisease two\tNOT\tHP:0000012\tPMID:2\tPCS\t\t\t\t\tP\tx
            OMIM:3\tDisease three\tNOT\tHP:0000013\tPMID:3\tPCS\t\t\t\t\tP\tx
            """)
        func ids(_ question: String) throws -> [String] {
            try engine.answer(question).rows.compactMap { row -> String? in
                guard case let .entity(id)? = row.values.first else { return nil }
                return engine.graph.id(of: id)
            }.sorted()
        }
        #expect(try ids("conditions with \"Term three\"") == ["OMIM:1"])
        #expect(try ids("conditions with \"Term three\" where negated") == ["OMIM:2", "OMIM:3"])
        #expect(try ids("conditions with \"Term three\" where not negated") == ["OMIM:1"])
        #expect(try ids("symptoms of \"Disease two\" where negated") == ["HP:0000012", "HP:0000013"])
        #expect(try ids("symptoms of \"Disease two\"").isEmpty)
        // Combined with a source filter, both hold.
        #expect(try ids("symptoms of \"Disease two\" where negated and source = annotations") == ["HP:0000012", "HP:0000013"])
        // A pattern with both ends free walks every assertion that states absence.
        let pairs = try engine.answer("?d has_symptom ?s where negated")
        #expect(pairs.rows.count == 3)
    }

    /// The ranking reads the annotation as hpo3 does: Disease two matches Term three exactly.
    @Test func theRankingCountsTheRowAsHpo3Does() throws {
        let ranked = try Self.engine().answer("rank HP:0000013 using resnik from OMIM")
        let scores = ranked.rows.compactMap { row -> Double? in
            guard row.values.count > 2, case let .number(score) = row.values[2] else { return nil }
            return score
        }
        #expect(scores.count == 3)
        #expect(scores.count == 3 && scores[0] == scores[1] && scores[2] < scores[0] && scores[0] > 0,
                "both diseases annotate Term three, the third does not: \(ranked.rows.map(\.values))")
        // What the ranking counted is shown for what it says: none of nine patients.
        #expect(QualifierText.notes(Qualifiers(frequency: "0/9")) == "frequency: 0/9 (stated absent)")
        #expect(QualifierText.notes(Qualifiers(frequency: "HP:0040285")) == "frequency: excluded (0%)")
        #expect(QualifierText.notes(Qualifiers(frequency: "0/9", isNegated: true)) == "not, frequency: 0/9")
        #expect(QualifierText.notes(Qualifiers(frequency: "1/9")) == "frequency: 1/9")
    }
}
