import Foundation
import SymptomGraph

/// A diagnostic interview over one disease database: the differential of the findings so far
/// (``LikelihoodRatioModel``, uniform prior) and the question that is expected to tell the most.
///
/// ## The next question
/// Candidates are the phenotypic annotations (under HP:0000118 when the ontology has it) of the
/// ``Options/candidateDiseases`` leading diseases that are not asked yet, not implied by a finding
/// present (an ancestor of one) and not ruled out by one absent (at or below it); of those, the
/// ``Options/candidateFindings`` whose frequency-weighted share of the leaders' probability is
/// nearest one half are weighed exactly. For each
/// candidate q the expected information gain over the leading diseases (the smallest set holding
/// 99.9% of the posterior, at most ``Options/weighedDiseases``) and the rest (lumped, answering
/// yes with the background frequency P(q)) is
///
///     IG(q) = H(π) − P(yes) · H(π | yes) − P(no) · H(π | no),  P(yes | D) = min(1, LR(q|D) · P(q))
///
/// in bits, and the candidate with the largest gain is asked (ties: the lower id).
///
/// ## When to stop
/// ``stopReason`` is set when the leading disease's probability reaches ``Options/stopProbability``,
/// when no question gains ``Options/minimumGain`` bits, or after ``Options/questionBudget`` questions.
public struct Interview: Sendable {
    /// How the interview runs.
    public struct Options: Sendable, Equatable {
        /// `OMIM`, `ORPHA`, `DECIPHER`.
        public var database = "OMIM"
        /// Stop when the leading disease is this probable.
        public var stopProbability = 0.9
        /// Stop when no question is expected to tell this many bits.
        public var minimumGain = 0.01
        /// Stop after this many questions.
        public var questionBudget = 20
        /// How many leading diseases the questions are drawn from.
        public var candidateDiseases = 20
        /// How many candidate findings get their expected gain computed.
        public var candidateFindings = 120
        /// How many leading diseases the expected gain is computed over (the rest are lumped).
        public var weighedDiseases = 100

        public init() {}
    }

    /// An answer to a question.
    public enum Answer: String, Sendable, Codable, CaseIterable {
        case yes, no, unsure
    }

    /// One question.
    public struct Question: Sendable {
        /// The finding asked about.
        public let finding: EntityID
        /// The expected information gain, in bits.
        public let gain: Double
        /// The probability of "yes".
        public let probabilityYes: Double
        /// Leading diseases that show the finding often (with how often), and ones that rarely do.
        public let favouredByYes: [(disease: EntityID, probability: Double)]
        public let favouredByNo: [(disease: EntityID, probability: Double)]
    }

    /// Why the interview ends.
    public enum StopReason: String, Sendable, Codable {
        /// The leading disease reached the stop probability.
        case confident
        /// No question is expected to tell enough.
        case noInformativeQuestion = "no informative question"
        /// The question budget is spent.
        case budgetSpent = "question budget spent"
        /// The user stopped.
        case stopped
        /// The answers ran out.
        case endOfInput = "end of input"
    }

    /// One recorded answer.
    public struct Step: Sendable {
        public let finding: EntityID
        public let answer: Answer
        /// Whether it answered a question the interview asked (not a finding the user named).
        public let wasAsked: Bool
    }

    let index: PhenotypeIndex
    let model: LikelihoodRatioModel
    let database: PhenotypeIndex.Database
    public let options: Options
    /// ln composite LR of every rankable disease: the sum of ``contributions`` over the findings
    /// that count (see ``recomputeScores()``).
    private var scores: [Double]
    /// ln LR of every rankable disease for each finding answered yes or no, computed once.
    private var contributions: [Contribution: [Double]] = [:]
    private struct Contribution: Hashable {
        let finding: EntityID
        let present: Bool
    }
    /// How many steps the interview started with (``undo()`` does not take them back).
    public private(set) var initialSteps = 0
    /// Every answer, in order.
    public private(set) var steps: [Step] = []
    /// The phenotypic root, when the ontology has one (HP:0000118).
    private let phenotypeRoot: Int32?

    /// ln prior weight of every rankable disease (uniform unless packs state priors).
    private let priorWeights: [Double]

    /// Starts an interview from the findings known so far; `nil` when the database has no annotations.
    public init?(
        index: PhenotypeIndex, options: Options = Options(), present: [EntityID] = [], absent: [EntityID] = [],
        priors: [Int32: Double] = [:]
    ) {
        guard let database = index.databases[options.database], let model = index.likelihoodModel(of: options.database),
              !model.rankable.isEmpty else { return nil }
        self.index = index
        self.model = model
        self.database = database
        self.options = options
        priorWeights = model.priorWeights(priors)
        scores = priorWeights
        phenotypeRoot = index.graph.entityID(for: "HP:0000118").map { Int32($0.position) }
        for finding in present { record(finding, .yes, asked: false) }
        for finding in absent { record(finding, .no, asked: false) }
        initialSteps = steps.count
    }

    /// Whether `finding` is one of `ids` or lies under one (by `is_a`), of those the ontology has.
    public func finding(_ finding: EntityID, isUnder ids: [String]) -> Bool {
        let roots = ids.compactMap { index.graph.entityID(for: $0) }
        guard !roots.isEmpty else { return false }
        let ancestors = index.ancestors(of: finding)
        return roots.contains { $0 == finding || ancestors.contains(Int32($0.position)) }
    }

    // MARK: State

    /// The findings answered yes, no and unsure, in order.
    public var present: [EntityID] { steps.filter { $0.answer == .yes }.map(\.finding) }
    public var absent: [EntityID] { steps.filter { $0.answer == .no }.map(\.finding) }
    /// How many of the interview's own questions were answered.
    public var questionsAsked: Int { steps.filter(\.wasAsked).count }

    /// Whether a finding was already answered (or skipped).
    public func hasAnswered(_ finding: EntityID) -> Bool { steps.contains { $0.finding == finding } }

    /// Whether a finding was answered yes or no (an unsure answer can still be given).
    public func isSettled(_ finding: EntityID) -> Bool { steps.contains { $0.finding == finding && $0.answer != .unsure } }

    /// Records an answer about a finding (asked or named by the user). A finding answered yes or no
    /// stays so (``undo()`` takes an answer back); one answered unsure takes the new answer.
    public mutating func record(_ finding: EntityID, _ answer: Answer, asked: Bool = true) {
        guard !isSettled(finding) else { return }
        if let earlier = steps.firstIndex(where: { $0.finding == finding }) {
            guard answer != .unsure else { return }
            steps[earlier] = Step(finding: finding, answer: answer, wasAsked: steps[earlier].wasAsked)
        } else {
            steps.append(Step(finding: finding, answer: answer, wasAsked: asked))
        }
        let key = Contribution(finding: finding, present: answer == .yes)
        if answer != .unsure, contributions[key] == nil {
            contributions[key] = model.logLikelihoods(of: finding, excluded: answer == .no, diseases: model.rankable)
        }
        recomputeScores()
    }

    /// Takes back the last answer given in the interview (not the findings it started with); returns it.
    @discardableResult
    public mutating func undo() -> Step? {
        guard steps.count > initialSteps, let last = steps.popLast() else { return nil }
        recomputeScores()
        return last
    }

    /// The sum over the findings that count: those answered no, and those answered yes that are
    /// not an ancestor of another finding answered yes (Seizure adds nothing to Generalized-onset
    /// seizure, which implies it).
    private mutating func recomputeScores() {
        scores = priorWeights
        let present = self.present
        for step in steps where step.answer != .unsure {
            if step.answer == .yes, present.contains(where: { $0 != step.finding && index.ancestors(of: $0).contains(Int32(step.finding.position)) }) {
                continue
            }
            guard let values = contributions[Contribution(finding: step.finding, present: step.answer == .yes)] else { continue }
            for slot in scores.indices { scores[slot] += values[slot] }
        }
    }

    /// The posterior of every rankable disease (sums to 1).
    private var posterior: [Double] {
        let best = scores.max() ?? 0
        let weights = scores.map { exp($0 - best) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    /// The leading diseases with their post-test probabilities (ties by disease id, numerically).
    public func differential(limit: Int) -> [(disease: EntityID, probability: Double, place: Int)] {
        // The order of `rank … using lr`: by score, ties by disease id, which share a place.
        let probabilities = posterior
        let keys = scores.map(PhenotypeRanker.tieKey)
        let order = scores.indices.sorted {
            keys[$0] != keys[$1] ? keys[$0] > keys[$1] : database.idOrder[model.rankable[$0]] < database.idOrder[model.rankable[$1]]
        }
        let shown = Array(order.prefix(limit))
        return zip(shown, PhenotypeRanker.places(of: shown, in: scores)).map { slot, place in
            (EntityID(Int(database.diseases[model.rankable[slot]])), probabilities[slot], place)
        }
    }

    /// Why the interview should end now, or `nil` to go on (`next` is ``nextQuestion()``'s answer).
    public func stopReason(next: Question?) -> StopReason? {
        if let top = posterior.max(), top >= options.stopProbability { return .confident }
        if questionsAsked >= options.questionBudget { return .budgetSpent }
        guard let next, next.gain >= options.minimumGain else { return .noInformativeQuestion }
        return nil
    }

    /// The rank of a disease in the differential, ties counted against it; `nil` if it is not ranked.
    public func rank(of disease: EntityID) -> Int? {
        guard let slot = model.rankable.firstIndex(where: { Int(database.diseases[$0]) == disease.position }) else { return nil }
        return 1 + PhenotypeRanker.countAtLeast(scores, as: slot)
    }

    /// The baseline strategy the benchmark compares with: the most frequent annotation of the
    /// leading disease that is not settled yet (ties: the lower id).
    public func baselineQuestion() -> EntityID? {
        guard let leader = scores.indices.max(by: { scores[$0] < scores[$1] }) else { return nil }
        var best: (frequency: Double, term: Int32)?
        for slot in database.range(ofDisease: model.rankable[leader]) where model.frequency[slot] > 0 {
            let term = database.profile[slot]
            guard !steps.contains(where: { $0.finding.position == Int(term) || ($0.answer == .yes && index.ancestors(of: $0.finding).contains(term)) })
            else { continue }
            if let root = phenotypeRoot, !index.ancestors(of: EntityID(Int(term))).contains(root) || term == root { continue }
            let frequency = model.frequency[slot]
            if let current = best, frequency < current.frequency || (frequency == current.frequency && term > current.term) { continue }
            best = (frequency, term)
        }
        return best.map { EntityID(Int($0.term)) }
    }

    // MARK: Choosing the question

    /// The question with the largest expected information gain, or `nil` when there is none.
    public func nextQuestion() -> Question? {
        let probabilities = posterior
        var order = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] }
        var mass = 0.0, keep = 0
        for slot in order {
            keep += 1
            mass += probabilities[slot]
            if mass >= 0.999 || keep >= options.weighedDiseases { break }
        }
        order = Array(order.prefix(keep))
        let rest = max(0, 1 - mass)

        // Findings already answered, what they imply (ancestors of a present finding) and what they
        // rule out (at or below an absent one) are not asked.
        var settled = Set<Int32>()
        var absentTerms: [Int32] = []
        for step in steps {
            let position = Int32(step.finding.position)
            settled.insert(position)
            if step.answer == .yes { settled.formUnion(index.ancestors(of: step.finding)) }
            if step.answer == .no { absentTerms.append(position) }
        }
        // Each candidate with the posterior mass of the leading diseases annotated with it (times
        // the frequency): a cheap estimate of P(yes), to keep the ``Options/candidateFindings``
        // that come nearest to splitting the leaders in half (exact gains are computed for those).
        var estimate: [Int32: Double] = [:]
        var leadingMass = 0.0
        for slot in order.prefix(options.candidateDiseases) {
            leadingMass += probabilities[slot]
            for profileSlot in database.range(ofDisease: model.rankable[slot]) where model.frequency[profileSlot] > 0 {
                let term = database.profile[profileSlot]
                guard !settled.contains(term) else { continue }
                if let known = estimate[term] {
                    estimate[term] = known + probabilities[slot] * model.frequency[profileSlot]
                    continue
                }
                let ancestors = index.ancestors(of: EntityID(Int(term)))
                if let root = phenotypeRoot, term == root || !ancestors.contains(root) { settled.insert(term); continue }
                if absentTerms.contains(where: { ancestors.contains($0) }) { settled.insert(term); continue }
                estimate[term] = probabilities[slot] * model.frequency[profileSlot]
            }
        }
        let half = leadingMass / 2
        var candidates = estimate.keys.sorted {
            let a = abs(estimate[$0, default: 0] - half), b = abs(estimate[$1, default: 0] - half)
            return a != b ? a < b : $0 < $1
        }
        candidates = Array(candidates.prefix(options.candidateFindings)).sorted()

        let entropy = Self.entropy(order.map { probabilities[$0] } + [rest])
        var best: Question?
        var scratch = LikelihoodRatioModel.Scratch(count: model.background.count)
        for term in candidates {
            let yes = model.probabilitiesOfYes(EntityID(Int(term)), diseases: order.map { model.rankable[$0] }, scratch: &scratch)
            let background = model.background[Int(term)]
            var pYes = rest * background
            for (k, slot) in order.enumerated() { pYes += probabilities[slot] * yes[k] }
            let pNo = 1 - pYes
            guard pYes > 0, pNo > 0 else { continue }
            var afterYes: [Double] = [], afterNo: [Double] = []
            afterYes.reserveCapacity(order.count + 1)
            afterNo.reserveCapacity(order.count + 1)
            for (k, slot) in order.enumerated() {
                afterYes.append(probabilities[slot] * yes[k] / pYes)
                afterNo.append(probabilities[slot] * (1 - yes[k]) / pNo)
            }
            afterYes.append(rest * background / pYes)
            afterNo.append(rest * (1 - background) / pNo)
            let gain = entropy - pYes * Self.entropy(afterYes) - pNo * Self.entropy(afterNo)
            if gain > (best?.gain ?? -1) + 1e-12 {
                let leading = order.prefix(10).enumerated().map {
                    (disease: EntityID(Int(database.diseases[model.rankable[$0.element]])), probability: yes[$0.offset])
                }
                best = Question(
                    finding: EntityID(Int(term)), gain: gain, probabilityYes: pYes,
                    favouredByYes: leading.filter { $0.probability >= 0.5 }.prefix(3).map { $0 },
                    favouredByNo: leading.filter { $0.probability < 0.5 }.prefix(3).map { $0 })
            }
        }
        return best
    }

    static func entropy(_ distribution: [Double]) -> Double {
        var sum = 0.0
        for p in distribution where p > 0 { sum -= p * log2(p) }
        return sum
    }
}

extension LikelihoodRatioModel {
    /// P(yes | D) = min(1, LR(h|D) · P(h)) for each of `diseases`: how likely a patient with each
    /// disease answers yes to finding `entity`.
    func probabilitiesOfYes(_ entity: EntityID, diseases: [Int], scratch: inout Scratch) -> [Double] {
        let pH = background[entity.position]
        return bestProbabilities(of: entity, excluded: false, diseases: diseases, scratch: &scratch).map {
            min(1, likelihoodRatio(best: $0, background: pH, excluded: false) * pH)
        }
    }
}
