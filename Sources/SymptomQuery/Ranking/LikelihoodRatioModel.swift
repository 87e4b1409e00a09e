import Foundation
import SymptomGraph

/// A likelihood-ratio model of one disease database, in the spirit of LIRICAL's phenotype model
/// (Robinson et al., AJHG 2020): how much more likely each finding is in a patient with a disease
/// than in a patient with another disease of the database.
///
/// ## Probabilities
/// - **P(h|D)**, for an observed finding h and a disease D with annotations t of frequency f(t)
///   (``AnnotationFrequency``: a curated "may" without a frequency is Occasional, and a term
///   reached through a curated pack's own findings takes the least f along the way), is the best
///   explanation any annotation gives:
///   - *exact or implied*: t is h or lies below h (a patient with t has h): f(t);
///   - *more specific*: h lies below t: f(t) · P(h)/P(t), the share of t's occurrences that are h;
///   - *related*: the most specific common ancestor a of h and t (not the root): β · f(t) · P(h)/P(a);
///   - *unexplained*: no annotation explains h: κ · P(h), so one stray finding divides D's odds by
///     1/κ but cannot zero them;
///   - *contradicted*: D is known not to show h (a `NOT` annotation, or frequency 0, on h or above
///     it): LR = ``Parameters/contradicted``.
/// - **P(h|¬D) ≈ P(h)**, the background frequency of h: the mean over the database's diseases of
///   the largest frequency with which each shows h (through an annotation at or below h),
///   smoothed as (Σ + ½) / (N + 1).
/// - An **observed** finding contributes LR = P(h|D) / P(h); an **excluded** one (`not X`)
///   LR = (1 − P(x|D)) / (1 − P(x)), with P(x|D) from exact, implied and more specific matches
///   only, 0 when D is known not to show x, and both probabilities capped at 0.99.
/// - A disease's composite LR is the product over the findings; its post-test probability is
///   prior · LR normalised over the database (uniform prior: 1/N).
public final class LikelihoodRatioModel: Sendable {
    /// The model's constants (documented in the README).
    public struct Parameters: Sendable, Equatable {
        /// β: how much a match through a common ancestor counts. Small: such a match is weak evidence,
        /// and only a specific common ancestor lifts it above κ.
        public var related = 0.01
        /// κ: the LR of a finding no annotation explains. Patients bring findings unrelated to their
        /// disease; a harsher κ lets one stray finding outweigh several matched ones (measured with
        /// `symkb-bench diagnose`: κ = 0.05 puts the true disease in the top 10 for 53% of
        /// imprecise, noisy patients, κ = 0.4 for 82%).
        public var unexplained = 0.4
        /// The LR of a finding the disease is known not to show.
        public var contradicted = 0.01
        /// The largest probability an excluded finding's terms may take (so no LR is 0 or infinite).
        public var ceiling = 0.99

        public init() {}
    }

    /// How a finding met a disease.
    public enum MatchKind: String, Sendable, Codable {
        /// The disease is annotated with the finding itself.
        case exact
        /// The disease is annotated with a term below the finding.
        case implied
        /// The finding is below one of the disease's annotations.
        case specific
        /// The finding and an annotation share an ancestor.
        case related
        /// No annotation explains the finding.
        case unexplained
        /// The disease is known not to show the finding.
        case contradicted
        /// Another finding given lies below this one and implies it: it adds nothing (LR 1).
        case redundant
    }

    /// One finding's contribution to one disease.
    public struct Contribution: Sendable {
        public var likelihoodRatio: Double
        public var kind: MatchKind
        /// The annotation that explains it (or contradicts it), and its frequency.
        public var annotation: Int32?
        public var frequency: Double?
        /// For a related match: the common ancestor.
        public var ancestor: Int32?
    }

    let database: PhenotypeIndex.Database
    let index: PhenotypeIndex
    public let parameters: Parameters
    /// The frequency of each annotation, parallel to the database's disease profiles (0 for one the
    /// disease is known not to show).
    let frequency: [Double]
    /// Per disease: the terms it is known not to show (negated annotations and frequency 0), sorted.
    let absentOffsets: [Int32]
    let absent: [Int32]
    /// P(h) by entity position.
    public let background: [Double]
    /// The diseases that have annotations (the others are not ranked), by index in the database.
    public let rankable: [Int]
    /// P of the root: a common ancestor this general explains nothing.
    let rootBackground: Double

    /// Adds the terms `disease` reaches through a curated pack's own findings, as the ranking
    /// tables reach them: from its annotations' objects that are no ontology term, along
    /// `has_symptom`, stopping at terms. Each takes the least probability of the steps on its most
    /// probable path; a step of frequency zero (the finding is absent) leads nowhere. Terms in
    /// `named` (those the disease's own assertions name) keep what those say.
    private static func addChains(
        from disease: EntityID, relations: Set<RelationID>, hasSymptom: RelationID, byQualifier: [Double?],
        index: PhenotypeIndex, named: Set<Int32>, to stated: inout [(term: Int32, frequency: Double)]
    ) {
        let graph = index.graph
        func probability(_ edge: AssertionID) -> Double { byQualifier[Int(graph[edge].qualifierIndex)] ?? AnnotationFrequency.unstated }
        var best: [Int: Double] = [:]  // by entity position: terms reached and findings walked through
        var frontier: [(EntityID, Double)] = []
        for edge in graph.assertions(from: disease) where relations.contains(graph[edge].relation) && !graph.isNegated(edge) {
            let object = graph[edge].object, value = probability(edge)
            guard value > 0, !index.isTerm(object), value > best[object.position] ?? 0 else { continue }
            best[object.position] = value
            frontier.append((object, value))
        }
        var terms: [Int32: Double] = [:]
        while let (entity, reaching) = frontier.popLast() {
            for edge in graph.assertions(from: entity) where graph[edge].relation == hasSymptom && !graph.isNegated(edge) {
                let object = graph[edge].object, value = min(reaching, probability(edge))
                guard value > 0, value > best[object.position] ?? 0 else { continue }
                best[object.position] = value
                if index.isTerm(object) { terms[Int32(object.position)] = value } else { frontier.append((object, value)) }
            }
        }
        for (term, value) in terms.sorted(by: { $0.key < $1.key }) where !named.contains(term) { stated.append((term, value)) }
    }

    init(database: PhenotypeIndex.Database, index: PhenotypeIndex, parameters: Parameters = Parameters()) {
        self.database = database
        self.index = index
        self.parameters = parameters
        let graph = index.graph
        let annotationRelations = Set(AnnotationTables.annotationRelations.compactMap { name -> RelationID? in
            guard let step = graph.step(named: name), !step.isInverse else { return nil }
            return step.relation
        })
        let hasSymptom = graph.step(named: "has_symptom").flatMap { $0.isInverse ? nil : $0.relation }
        var byQualifier = [Double?](repeating: nil, count: graph.qualifierTable.count)
        for (position, qualifiers) in graph.qualifierTable.enumerated() {
            byQualifier[position] = qualifiers.frequency.flatMap(AnnotationFrequency.probability)
                ?? AnnotationFrequency.assumed(for: qualifiers.certainty)
        }
        var frequency = [Double](repeating: AnnotationFrequency.unstated, count: database.profile.count)
        var absentOffsets: [Int32] = [0]
        var absent: [Int32] = []
        var rankable: [Int] = []
        var stated: [(term: Int32, frequency: Double)] = []
        for diseaseIndex in database.diseases.indices {
            let disease = EntityID(Int(database.diseases[diseaseIndex]))
            stated.removeAll(keepingCapacity: true)
            for edge in graph.assertions(from: disease) {
                let assertion = graph[edge]
                guard annotationRelations.contains(assertion.relation), !graph.isNegated(edge) else { continue }
                let value = byQualifier[Int(assertion.qualifierIndex)] ?? AnnotationFrequency.unstated
                stated.append((Int32(assertion.object.position), value))
            }
            let range = database.range(ofDisease: diseaseIndex)
            // A term of the profile no assertion of the disease names is reached through a curated
            // pack's own findings: it takes the least probability along the way.
            let named = Set(stated.map(\.term))
            if let hasSymptom, range.contains(where: { !named.contains(database.profile[$0]) }) {
                Self.addChains(from: disease, relations: annotationRelations, hasSymptom: hasSymptom, byQualifier: byQualifier,
                               index: index, named: named, to: &stated)
            }
            var known = Array(database.negatedTerms(ofDisease: diseaseIndex))
            for slot in range {
                let term = database.profile[slot]
                var best: Double?
                for entry in stated where entry.term == term { best = max(best ?? 0, entry.frequency) }
                let value = best ?? AnnotationFrequency.unstated
                frequency[slot] = value
                if value == 0 { known.append(term) }
            }
            if range.contains(where: { frequency[$0] > 0 }) { rankable.append(diseaseIndex) }
            known.sort()
            absent.append(contentsOf: known)
            absentOffsets.append(Int32(absent.count))
        }
        self.frequency = frequency
        self.absentOffsets = absentOffsets
        self.absent = absent
        self.rankable = rankable

        // P(h): for each disease, the largest frequency it shows each term with (through its own
        // annotations below the term), summed over diseases.
        let count = database.informationContent.count
        var sum = [Double](repeating: 0, count: count)
        var local = [Double](repeating: 0, count: count)
        var touched: [Int32] = []
        for diseaseIndex in database.diseases.indices {
            for slot in database.range(ofDisease: diseaseIndex) where frequency[slot] > 0 {
                let f = frequency[slot]
                for ancestor in index.ancestors(of: EntityID(Int(database.profile[slot]))) where local[Int(ancestor)] < f {
                    if local[Int(ancestor)] == 0 { touched.append(ancestor) }
                    local[Int(ancestor)] = f
                }
            }
            for term in touched {
                sum[Int(term)] += local[Int(term)]
                local[Int(term)] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
        let total = Double(database.diseases.count)
        background = sum.map { ($0 + 0.5) / (total + 1) }
        rootBackground = background.max() ?? 1
    }

    // MARK: Per finding

    /// What one finding needs to be compared with annotations: its ancestors, marked.
    struct Finding {
        let position: Int
        let ancestors: Slice<Int32Buffer>
        var marked: [Bool]
    }

    func finding(_ entity: EntityID) -> Finding {
        var marked = [Bool](repeating: false, count: background.count)
        let ancestors = index.ancestors(of: entity)
        for ancestor in ancestors { marked[Int(ancestor)] = true }
        return Finding(position: entity.position, ancestors: ancestors, marked: marked)
    }

    /// How annotation `term` explains finding `h`: the factor that multiplies its frequency, and
    /// the kind of match (with the common ancestor of a related match).
    @inline(__always)
    func explanation(of h: Finding, by term: Int32, excluded: Bool) -> (factor: Double, kind: MatchKind, ancestor: Int32?) {
        if Int(term) == h.position { return (1, .exact, nil) }
        let termAncestors = index.ancestors(of: EntityID(Int(term)))
        var common: Int32 = -1
        var commonBackground = 2.0
        for ancestor in termAncestors where h.marked[Int(ancestor)] {
            if Int(ancestor) == h.position { return (1, .implied, nil) }
            let value = background[Int(ancestor)]
            if value < commonBackground { commonBackground = value; common = ancestor }
        }
        guard common >= 0 else { return (0, .unexplained, nil) }
        let share = min(1, background[h.position] / commonBackground)
        if common == term { return (share, .specific, nil) }
        // The root (an ancestor of everything annotated) explains nothing.
        if excluded || commonBackground >= rootBackground { return (0, .unexplained, nil) }
        return (parameters.related * share, .related, common)
    }

    /// Whether a disease is known not to show `h` (an absent term at or above it).
    @inline(__always)
    func contradicts(_ diseaseIndex: Int, _ h: Finding) -> Int32? {
        for term in absent[Int(absentOffsets[diseaseIndex])..<Int(absentOffsets[diseaseIndex + 1])] where h.marked[Int(term)] {
            return term
        }
        return nil
    }

    /// One finding's contribution to one disease.
    func contribution(of h: Finding, to diseaseIndex: Int, excluded: Bool) -> Contribution {
        let pH = background[h.position]
        if let term = contradicts(diseaseIndex, h) {
            return Contribution(likelihoodRatio: likelihoodRatio(best: nil, background: pH, excluded: excluded),
                                kind: .contradicted, annotation: term, frequency: 0)
        }
        var best = Contribution(likelihoodRatio: 0, kind: .unexplained)
        var bestP = 0.0
        for slot in database.range(ofDisease: diseaseIndex) where frequency[slot] > 0 {
            let term = database.profile[slot]
            let (factor, kind, ancestor) = explanation(of: h, by: term, excluded: excluded)
            let p = frequency[slot] * factor
            if p > bestP {
                bestP = p
                best = Contribution(likelihoodRatio: 0, kind: kind, annotation: term, frequency: frequency[slot], ancestor: ancestor)
            }
        }
        best.likelihoodRatio = likelihoodRatio(best: bestP, background: pH, excluded: excluded)
        if !excluded, bestP / pH < parameters.unexplained {
            best = Contribution(likelihoodRatio: parameters.unexplained, kind: .unexplained)
        }
        return best
    }

    /// The LR of a finding whose best explanation gives it probability `p` (`nil`: the disease is
    /// known not to show it) and whose background probability is `pH`.
    @inline(__always)
    func likelihoodRatio(best p: Double?, background pH: Double, excluded: Bool) -> Double {
        let ceiling = parameters.ceiling
        guard let p else { return excluded ? 1 / (1 - min(pH, ceiling)) : parameters.contradicted }
        return excluded ? (1 - min(p, ceiling)) / (1 - min(pH, ceiling)) : max(parameters.unexplained, p / pH)
    }

    /// Reusable arrays for ``bestProbabilities(of:excluded:diseases:scratch:)``: one slot per entity.
    struct Scratch {
        var marked: [Bool]
        var factor: [Double]
        var touched: [Int32] = []

        init(count: Int) {
            marked = [Bool](repeating: false, count: count)
            factor = [Double](repeating: -1, count: count)
        }
    }

    /// The best P(h|D) any annotation of each of `diseases` gives finding `entity` (`nil` where the
    /// disease is known not to show it); the factor of each distinct annotated term is computed
    /// once. `scratch` comes back as it went in.
    func bestProbabilities(of entity: EntityID, excluded: Bool, diseases: [Int], scratch: inout Scratch) -> [Double?] {
        let ancestors = index.ancestors(of: entity)
        for ancestor in ancestors { scratch.marked[Int(ancestor)] = true }
        var h = Finding(position: entity.position, ancestors: ancestors, marked: [])
        swap(&h.marked, &scratch.marked)
        var result = [Double?](repeating: nil, count: diseases.count)
        for (k, diseaseIndex) in diseases.enumerated() where contradicts(diseaseIndex, h) == nil {
            var best = 0.0
            // A factor is at most 1: an annotation no more frequent than the best cannot beat it.
            for slot in database.range(ofDisease: diseaseIndex) where frequency[slot] > best {
                let term = Int(database.profile[slot])
                var factor = scratch.factor[term]
                if factor < 0 {
                    factor = explanation(of: h, by: Int32(term), excluded: excluded).factor
                    scratch.factor[term] = factor
                    scratch.touched.append(Int32(term))
                }
                best = max(best, frequency[slot] * factor)
            }
            result[k] = best
        }
        swap(&h.marked, &scratch.marked)
        for ancestor in ancestors { scratch.marked[Int(ancestor)] = false }
        for term in scratch.touched { scratch.factor[Int(term)] = -1 }
        scratch.touched.removeAll(keepingCapacity: true)
        return result
    }

    /// ln LR of one finding for each of `diseases` (indexes in the database), in their order.
    public func logLikelihoods(of entity: EntityID, excluded: Bool, diseases: [Int]) -> [Double] {
        var scratch = Scratch(count: background.count)
        let pH = background[entity.position]
        return bestProbabilities(of: entity, excluded: excluded, diseases: diseases, scratch: &scratch).map {
            log(likelihoodRatio(best: $0, background: pH, excluded: excluded))
        }
    }
}
