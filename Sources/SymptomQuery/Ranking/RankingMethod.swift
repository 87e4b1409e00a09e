import Foundation
import SymptomGraph

/// What a ranking is asked: findings present and absent, and the disease database to rank.
public struct RankingInput: Sendable {
    /// The findings present (ontology terms, each once).
    public var findings: [EntityID]
    /// The findings known to be absent.
    public var excluded: [EntityID]
    /// `OMIM`, `ORPHA`, `DECIPHER`.
    public var database: String
    /// Prior probabilities packs state, by disease position (``LikelihoodRatioModel/priorWeights(_:)``).
    public var priors: [Int32: Double]

    public init(findings: [EntityID], excluded: [EntityID] = [], database: String, priors: [Int32: Double] = [:]) {
        self.findings = findings
        self.excluded = excluded
        self.database = database
        self.priors = priors
    }
}

/// A way to rank a database's diseases from findings: what `rank … using NAME` selects.
///
/// The methods are listed once, in ``RankingMethods/all``; the parser, `.help` and the benchmark
/// read them from there.
public protocol RankingMethod: Sendable {
    /// The name written after `using`.
    var name: String { get }
    /// One line for help.
    var summary: String { get }
    /// The best diseases first, at most `limit`; `nil` when the database is not loaded or there is
    /// no finding.
    func rank(_ input: RankingInput, index: PhenotypeIndex, limit: Int) -> [RankedCondition]?
    /// The score of every disease of the database, by its index there (higher is better; −∞ for a
    /// disease that is not ranked): what a benchmark compares.
    func scores(_ input: RankingInput, index: PhenotypeIndex) -> [Double]?
    /// One disease's row (by its index in the database) and its rank, wherever it ranks.
    func explain(_ disease: Int, _ input: RankingInput, index: PhenotypeIndex) -> (rank: Int, row: RankedCondition)?
}

extension RankingMethod {
    /// A disease's place, as ``rank(_:index:limit:)`` gives it (``RankedCondition/place``): one
    /// more than the number of diseases scored higher.
    func position(of disease: Int, in scores: [Double]) -> Int? {
        guard scores.indices.contains(disease), scores[disease] > -.infinity else { return nil }
        let key = PhenotypeRanker.tieKey(scores[disease])
        var ahead = 0
        for (other, score) in scores.enumerated() where other != disease && score > -.infinity {
            if PhenotypeRanker.tieKey(score) > key { ahead += 1 }
        }
        return ahead + 1
    }
}

/// The registry of ranking methods.
public enum RankingMethods {
    /// Every method, the default first.
    public static let all: [any RankingMethod] = [
        SimilarityRanking(similarity: .resnik), SimilarityRanking(similarity: .graphic), LikelihoodRatioRanking(),
    ]

    /// The method with a name (case-insensitive).
    public static func named(_ name: String) -> (any RankingMethod)? {
        all.first { $0.name == name.lowercased() }
    }

    /// The methods' names, in order.
    public static var names: [String] { all.map(\.name) }
}

/// Ranking by semantic similarity (``PhenotypeRanker``).
public struct SimilarityRanking: RankingMethod {
    public let similarity: TermSimilarity

    public init(similarity: TermSimilarity) { self.similarity = similarity }

    public var name: String { similarity.rawValue }
    public var summary: String {
        switch similarity {
        case .resnik: "Resnik similarity, best-match average (as hpo3)"
        case .graphic: "graph information content, funSimAvg (as hpo3)"
        }
    }

    public func rank(_ input: RankingInput, index: PhenotypeIndex, limit: Int) -> [RankedCondition]? {
        PhenotypeRanker(index: index).rank(
            findings: input.findings, excluded: input.excluded, database: input.database, similarity: similarity, limit: limit)
    }

    public func scores(_ input: RankingInput, index: PhenotypeIndex) -> [Double]? {
        PhenotypeRanker(index: index).scores(
            findings: input.findings, excluded: input.excluded, database: input.database, similarity: similarity)
    }

    public func explain(_ disease: Int, _ input: RankingInput, index: PhenotypeIndex) -> (rank: Int, row: RankedCondition)? {
        guard let database = index.databases[input.database], let scores = scores(input, index: index),
              let rank = position(of: disease, in: scores) else { return nil }
        let row = PhenotypeRanker(index: index).explain(
            disease: disease, score: scores[disease], findings: input.findings, excluded: input.excluded,
            database: database, similarity: similarity)
        return (rank, row)
    }
}

/// Ranking by likelihood ratios and post-test probability (``LikelihoodRatioModel``).
public struct LikelihoodRatioRanking: RankingMethod {
    public init() {}

    public var name: String { "lr" }
    public var summary: String { "likelihood ratios from annotation frequencies, with post-test probabilities" }

    public func rank(_ input: RankingInput, index: PhenotypeIndex, limit: Int) -> [RankedCondition]? {
        guard let database = index.databases[input.database], let model = index.likelihoodModel(of: input.database),
              let scores = scores(input, index: index) else { return nil }
        let best = scores.max() ?? 0
        let normaliser = scores.reduce(0) { $0 + exp($1 - best) }
        let prior = model.priorWeightsByDisease(input.priors)
        let shown = PhenotypeRanker.best(scores, of: database, limit: limit)
        return zip(shown, PhenotypeRanker.places(of: shown, in: scores)).map { diseaseIndex, place in
            var row = model.explain(diseaseIndex: diseaseIndex, input: input, logLikelihood: scores[diseaseIndex] - prior[diseaseIndex],
                                    probability: exp(scores[diseaseIndex] - best) / normaliser)
            row.place = place
            return row
        }
    }

    public func explain(_ disease: Int, _ input: RankingInput, index: PhenotypeIndex) -> (rank: Int, row: RankedCondition)? {
        guard index.databases[input.database] != nil, let model = index.likelihoodModel(of: input.database),
              let scores = scores(input, index: index), let rank = position(of: disease, in: scores) else { return nil }
        let best = scores.max() ?? 0
        let normaliser = scores.reduce(0) { $0 + exp($1 - best) }
        let prior = model.priorWeightsByDisease(input.priors)
        return (rank, model.explain(diseaseIndex: disease, input: input, logLikelihood: scores[disease] - prior[disease],
                                    probability: exp(scores[disease] - best) / normaliser))
    }

    /// ln of each disease's prior weight times its composite LR (its post-test log-odds up to a constant).
    public func scores(_ input: RankingInput, index: PhenotypeIndex) -> [Double]? {
        guard let database = index.databases[input.database], let model = index.likelihoodModel(of: input.database),
              !(input.findings.isEmpty && input.excluded.isEmpty) else { return nil }
        var scores = [Double](repeating: -.infinity, count: database.diseases.count)
        let prior = model.priorWeights(input.priors)
        for (slot, value) in model.composite(input).enumerated() { scores[model.rankable[slot]] = value + prior[slot] }
        return scores
    }
}

extension LikelihoodRatioModel {
    /// ln of each rankable disease's prior weight: the probability a pack states for it, else 1/N
    /// (the uniform prior over the N rankable diseases). Posteriors normalise the weights.
    public func priorWeights(_ priors: [Int32: Double]) -> [Double] {
        let uniform = log(1 / Double(max(rankable.count, 1)))
        guard !priors.isEmpty else { return [Double](repeating: uniform, count: rankable.count) }
        return rankable.map { diseaseIndex in priors[database.diseases[diseaseIndex]].map { log($0) } ?? uniform }
    }

    /// ``priorWeights(_:)`` by disease index in the database (0 for diseases not ranked).
    func priorWeightsByDisease(_ priors: [Int32: Double]) -> [Double] {
        var byDisease = [Double](repeating: 0, count: database.diseases.count)
        for (slot, weight) in priorWeights(priors).enumerated() { byDisease[rankable[slot]] = weight }
        return byDisease
    }

    /// The findings present that no other finding present implies (an ancestor of another adds
    /// nothing: a patient with Generalized-onset seizure has Seizure).
    func independent(_ findings: [EntityID]) -> [EntityID] {
        findings.filter { finding in
            !findings.contains { $0 != finding && index.ancestors(of: $0).contains(Int32(finding.position)) }
        }
    }

    /// ln of the composite LR of every rankable disease, in ``rankable`` order.
    public func composite(_ input: RankingInput) -> [Double] {
        var total = [Double](repeating: 0, count: rankable.count)
        for (entities, excluded) in [(independent(input.findings), false), (input.excluded, true)] {
            for entity in entities {
                let values = logLikelihoods(of: entity, excluded: excluded, diseases: rankable)
                for slot in total.indices { total[slot] += values[slot] }
            }
        }
        return total
    }

    /// The row of one disease, with each finding's contribution.
    func explain(diseaseIndex: Int, input: RankingInput, logLikelihood: Double, probability: Double) -> RankedCondition {
        var matches: [FindingMatch] = []
        var conflicts: [EntityID] = []
        let counted = Set(independent(input.findings))
        for (entities, excluded) in [(input.findings, false), (input.excluded, true)] {
            for entity in entities {
                var part = contribution(of: finding(entity), to: diseaseIndex, excluded: excluded)
                if !excluded, !counted.contains(entity) {
                    part = Contribution(likelihoodRatio: 1, kind: .redundant)
                }
                var match = FindingMatch(
                    finding: entity, matched: part.annotation.map { EntityID(Int($0)) },
                    commonAncestor: part.ancestor.map { EntityID(Int($0)) }, informationContent: 0, similarity: 0)
                match.likelihoodRatio = part.likelihoodRatio
                match.kind = part.kind
                match.frequency = part.frequency
                match.isExcluded = excluded
                matches.append(match)
                if (!excluded && part.kind == .contradicted) || (excluded && (part.kind == .exact || part.kind == .implied)) { conflicts.append(entity) }
            }
        }
        return RankedCondition(
            condition: EntityID(Int(database.diseases[diseaseIndex])), score: logLikelihood / log(10),
            probability: probability, matches: matches, conflicts: conflicts)
    }
}
