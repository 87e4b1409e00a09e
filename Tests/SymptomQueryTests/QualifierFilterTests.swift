import SymptomQuery
import Testing
import TestSupport

/// `where frequency …` (and the other qualifier filters) read the assertion that reaches each
/// clause's answer: every finding of `conditions with A, B` must pass, whatever their order, and
/// a disease annotated with a kind of the finding is read from that annotation.
@Suite struct QualifierFilterTests {
    /// Disease one: Term three (a kind of Term one) in 1/1, Term two in 1/10. Disease two: Term
    /// one and Term two in 9/10.
    static func engine() throws -> QueryEngine {
        try TinyOntology.engine(annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000013\tPMID:1\tPCS\t\t1/1\t\t\tP\tx
            OMIM:1\tDisease one\t\tHP:0000012\tPMID:1\tPCS\t\t1/10\t\t\tP\tx
            OMIM:2\tDisease two\t\tHP:0000011\tPMID:2\tPCS\t\t9/10\t\t\tP\tx
            OMIM:2\tDisease two\t\tHP:0000012\tPMID:2\tPCS\t\t9/10\t\t\tP\tx
            """)
    }

    static func labels(_ query: String, _ engine: QueryEngine) throws -> [String] {
        try engine.answer(query).rows.compactMap { row in
            if case let .entity(id) = row.values.first { engine.graph[id].label } else { nil }
        }
    }

    @Test func everyFindingMustPassInAnyOrder() throws {
        let engine = try Self.engine()
        for query in ["conditions with term one, term two where frequency >= 80%",
                      "conditions with term two, term one where frequency >= 80%"] {
            #expect(try Self.labels(query, engine) == ["Disease two"], "\(query)")
        }
        #expect(try Self.labels("conditions with term one, term two where frequency < 50%", engine).isEmpty)
    }

    /// `x%` from 0 to 100, or a fraction from 0 to 1; anything else is refused, not guessed at.
    @Test func frequenciesAreAPercentageOrAFraction() throws {
        let engine = try Self.engine()
        for (value, expected) in [("100%", ["Disease one"]), ("1", ["Disease one"]), ("0.9", ["Disease one", "Disease two"])] {
            #expect(try Self.labels("conditions with term one where frequency >= \(value)", engine) == expected, "\(value)")
        }
        for wrong in ["-5%", "101%", "50", "often"] {
            #expect(throws: QueryError.self, "\(wrong)") { _ = try engine.answer("conditions with term one where frequency >= \(wrong)") }
        }
    }

    /// A clause of is_a steps only qualifies nothing: the filter reads the other clauses.
    @Test func anIsAOnlyClauseLeavesTheFilterToTheOthers() throws {
        let engine = try Self.engine()
        #expect(try Self.labels("?d has_symptom ?s, ?s is_a+ HP:0000011 where frequency >= 80%", engine) == ["Disease one"])
        // In either order of the clauses.
        #expect(try Self.labels("?s is_a+ HP:0000011, ?d has_symptom ?s where frequency >= 80%", engine) == ["Term three"])
    }

    @Test func aKindOfTheFindingIsReadFromItsAnnotation() throws {
        let engine = try Self.engine()
        #expect(try Self.labels("conditions with term one where frequency >= 80%", engine) == ["Disease one", "Disease two"])
        // Its notes are the annotation's, not the blank of the is_a step.
        let row = try #require(try engine.answer("conditions with term one").rows.first)
        #expect(row.summary(in: engine.graph).frequency == "1/1")
    }
}
