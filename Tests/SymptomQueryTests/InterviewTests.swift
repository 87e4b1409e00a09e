import Foundation
import SymptomGraph
import Testing
import TestSupport
@testable import SymptomQuery

/// The interview over the tiny ontology of `RankingTests` (OMIM:1 {T3}, OMIM:2 {T4 at 1/2},
/// OMIM:3 {T2}, OMIM:4 {T1, NOT T3}).
@Suite struct InterviewTests {
    static func start(_ present: [String], options: Interview.Options = Interview.Options()) throws -> (Interview, QueryEngine) {
        let engine = try RankingTests.engine()
        let ids = try present.map { try engine.ontologyFinding(named: $0) }
        let index = try #require(engine.rankingIndex)
        return (try #require(Interview(index: index, options: options, present: ids)), engine)
    }

    func id(_ engine: QueryEngine, _ name: String) throws -> EntityID { try engine.ontologyFinding(named: name) }

    /// Diseases scored alike share a place in the differential, as in a ranking.
    @Test func tiedDiseasesShareAPlace() throws {
        let engine = try TinyOntology.engine(annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000013\tPMID:1\tPCS\t\t\t\t\tP\tx
            OMIM:2\tDisease two\t\tHP:0000013\tPMID:2\tPCS\t\t\t\t\tP\tx
            OMIM:3\tDisease three\t\tHP:0000012\tPMID:3\tPCS\t\t\t\t\tP\tx
            """)
        let index = try #require(engine.rankingIndex)
        let interview = try #require(Interview(index: index, present: [try engine.ontologyFinding(named: "term three")]))
        #expect(interview.differential(limit: 3).map(\.place) == [1, 1, 3])
    }

    @Test func theQuestionIsNeverSettledAndAnswersMoveTheDifferential() throws {
        var (interview, engine) = try Self.start(["term one"])
        let before = interview.differential(limit: 4)
        #expect(abs(before.map(\.probability).reduce(0, +) - 1) < 1e-9)
        let question = try #require(interview.nextQuestion())
        // T1 is answered and T0 is implied by it: neither is asked.
        #expect(!["HP:0000011", "HP:0000001"].contains(engine.graph[question.finding].id))
        #expect(question.gain > 0 && question.probabilityYes > 0 && question.probabilityYes < 1)

        interview.record(try id(engine, "term three"), .yes)
        let after = interview.differential(limit: 4)
        #expect(engine.graph[after[0].disease].id == "OMIM:1")
        // T3 implies T1, which then adds nothing: LR(T3) alone. OMIM:1 has T3 (u/P(T3)); OMIM:2 and
        // OMIM:3 leave it unexplained; OMIM:4 contradicts it.
        let b = RankingTests.background, u = RankingTests.u, kappa = LikelihoodRatioModel.Parameters().unexplained
        let lr = [u / b["T3"]!, kappa, kappa, 0.01]
        #expect(abs(after[0].probability - lr[0] / lr.reduce(0, +)) < 1e-9)
        #expect(interview.stopReason(next: interview.nextQuestion()) == nil)  // 0.80 < 0.9

        // Undo restores the differential exactly, and the question comes back.
        let undone = interview.undo()
        #expect(undone.map { engine.graph[$0.finding].id } == "HP:0000013")
        let restored = interview.differential(limit: 4)
        #expect(zip(restored, before).allSatisfy { $0.disease == $1.disease && $0.probability == $1.probability })
        #expect(interview.nextQuestion()?.finding == question.finding)
        #expect(interview.undo() == nil)  // the finding it started with stays
    }

    @Test func theBudgetAndUnsureAnswersAreHonoured() throws {
        var options = Interview.Options()
        options.questionBudget = 1
        options.stopProbability = 1
        var (interview, engine) = try Self.start(["term one"], options: options)
        let first = try #require(interview.nextQuestion())
        #expect(interview.stopReason(next: first) == nil)
        let before = interview.differential(limit: 4)
        interview.record(first.finding, .unsure)
        // Unsure changes nothing but is not asked again; the budget of one question is spent.
        #expect(zip(interview.differential(limit: 4), before).allSatisfy { $0.probability == $1.probability })
        #expect(interview.nextQuestion()?.finding != first.finding)
        #expect(interview.stopReason(next: interview.nextQuestion()) == .budgetSpent)
        #expect(interview.hasAnswered(first.finding) && interview.questionsAsked == 1)
        #expect(interview.rank(of: try #require(engine.graph.entityID(for: "OMIM:1"))) != nil)
    }
}
