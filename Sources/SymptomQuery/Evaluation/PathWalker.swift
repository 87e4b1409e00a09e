import OrderedCollections
import SymptomGraph

/// The entities a path reaches from one start, each with up to a few derivations (chains of assertions).
typealias Reached = OrderedDictionary<EntityID, [Derivation]>

/// Walks resolved paths over a graph. Closures (`+`, `*`) are breadth-first and cycle-safe; every
/// entity keeps the derivations found at the shortest distance, so explanations are the shortest
/// ones, and a longer one only when it rests on a pack that none of those does: with the HPO
/// loaded, "conditions with tingling" still shows the article's two sentences behind multiple
/// sclerosis, beside the HPO's one annotation.
struct PathWalker {
    let graph: KnowledgeGraph
    /// The packs behind derivations, read as late derivations are weighed.
    private let packs: DerivationPacks
    var cancellation: QueryCancellation?
    /// When set, only the assertions it lets through are walked (`where pack = …`).
    var restriction: AssertionRestriction?
    /// The query's work budget: walks stop early when it runs out.
    var budget: WorkBudget?
    /// The most derivations kept per reached entity.
    static let derivationLimit = 4

    init(graph: KnowledgeGraph, cancellation: QueryCancellation? = nil, restriction: AssertionRestriction? = nil, budget: WorkBudget? = nil) {
        self.graph = graph
        self.cancellation = cancellation
        self.restriction = restriction
        self.budget = budget
        packs = DerivationPacks(graph: graph)
    }

    func walk(_ path: ResolvedPath, from start: EntityID) -> Reached {
        switch path {
        case let .step(step):
            var reached = Reached()
            for (entity, assertion) in graph.neighbours(of: start, by: step, includeNegated: restriction?.walksAbsence ?? false)
            where restriction?.allows(assertion) ?? true {
                guard budget?.spend() ?? true else { break }
                Self.add(Derivation().appending(assertion, in: graph), for: entity, to: &reached)
            }
            return reached
        case let .sequence(parts):
            var frontier: Reached = [start: [Derivation()]]
            for part in parts {
                var next = Reached()
                for (entity, derivations) in frontier {
                    if budget?.isExhausted == true { break }
                    for (reached, tails) in walk(part, from: entity) {
                        for head in derivations {
                            for tail in tails where budget?.spend(1 + tail.count) ?? true {
                                Self.add(head.followed(by: tail, in: graph), for: reached, to: &next)
                            }
                        }
                    }
                }
                frontier = next
            }
            return frontier
        case let .alternation(parts):
            var reached = Reached()
            for part in parts {
                for (entity, derivations) in walk(part, from: start) {
                    for derivation in derivations { Self.add(derivation, for: entity, to: &reached) }
                }
            }
            return reached
        case let .oneOrMore(inner):
            return closure(inner, from: start)
        case let .zeroOrMore(inner):
            var reached: Reached = [start: [Derivation()]]
            for (entity, derivations) in closure(inner, from: start) where reached[entity] == nil {
                reached[entity] = derivations
            }
            return reached
        case let .optional(inner):
            var reached: Reached = [start: [Derivation()]]
            for (entity, derivations) in walk(inner, from: start) where reached[entity] == nil {
                reached[entity] = derivations
            }
            return reached
        }
    }

    /// Breadth-first: each round extends every derivation of the entities first reached in the
    /// round before (all of them, up to the limit), so alternatives of the same length survive to the end.
    private func closure(_ inner: ResolvedPath, from start: EntityID) -> Reached {
        var reached = Reached()
        var frontier: Reached = [start: [Derivation()]]
        var depth = 0
        var depthOf: [EntityID: Int] = [:]
        while !frontier.isEmpty, cancellation?.isCancelled != true, budget?.isExhausted != true {
            depth += 1
            var next = Reached()
            for (entity, heads) in frontier {
                for (target, tails) in walk(inner, from: entity) {
                    if let seenAt = depthOf[target], seenAt != depth {
                        // Reached before, by shorter chains: a longer one is kept (and walked on)
                        // only when it rests on a pack they do not (each pack once, up to the limit).
                        guard let existing = reached[target], existing.count < Self.derivationLimit else { continue }
                        var known = packs.bits(of: existing)
                        for head in heads {
                            let headBits = packs.bits(of: [head])
                            for tail in tails where budget?.spend(1 + tail.count) ?? true {
                                // Built only when it brings a pack the target's derivations lack.
                                let bits = headBits | packs.bits(of: [tail])
                                guard bits & ~known != 0 else { continue }
                                known |= bits
                                let derivation = head.followed(by: tail, in: graph)
                                Self.add(derivation, for: target, to: &reached)
                                Self.add(derivation, for: target, to: &next)
                            }
                        }
                        continue
                    }
                    depthOf[target] = depth
                    for head in heads {
                        // A derivation extends the one it grew from (a link per entity reached, sharing
                        // the rest), so evidence costs per node, not per path.
                        for tail in tails where budget?.spend(1 + tail.count) ?? true {
                            let derivation = head.followed(by: tail, in: graph)
                            Self.add(derivation, for: target, to: &reached)
                            Self.add(derivation, for: target, to: &next)
                        }
                    }
                }
            }
            frontier = next
        }
        return reached
    }

    static func add(_ derivation: Derivation, for entity: EntityID, to reached: inout Reached) {
        if var existing = reached[entity] {
            if existing.count < derivationLimit, !existing.contains(derivation) {
                existing.append(derivation)
                reached[entity] = existing
            }
        } else {
            reached[entity] = [derivation]
        }
    }
}

/// The packs whose assertions make up derivations, as bits: a pack's place in the graph's list
/// (the 64th and later share the last bit). Each provenance record's pack is read once, when a
/// derivation that uses it is first weighed.
final class DerivationPacks {
    private let graph: KnowledgeGraph
    /// The bit of each provenance record's pack, 0 until read (allocated on first use).
    private var bitOfProvenance: [UInt64] = []
    private var bitOfPack: [String: UInt64] = [:]

    init(graph: KnowledgeGraph) { self.graph = graph }

    /// The packs behind any of `derivations`.
    func bits(of derivations: [Derivation]) -> UInt64 {
        if bitOfProvenance.isEmpty {
            bitOfProvenance = [UInt64](repeating: 0, count: graph.provenanceTable.count)
            for (place, pack) in graph.packs.enumerated() { bitOfPack[pack] = 1 << UInt64(min(place, 63)) }
        }
        var bits: UInt64 = 0
        for derivation in derivations {
            for assertion in derivation {
                let record = Int(graph[assertion].provenanceIndex)
                if bitOfProvenance[record] == 0 {
                    bitOfProvenance[record] = bitOfPack[graph.provenanceTable[record].pack] ?? 1 << 63
                }
                bits |= bitOfProvenance[record]
            }
        }
        return bits
    }
}

/// The assertions a query may use: those of some packs or sources only (`where pack = hpo`).
struct AssertionRestriction: Sendable {
    let allowed: [Bool]
    /// Whether the walks read the assertions that state absence (``KnowledgeGraph/statesAbsence(_:)``)
    /// — then only those: `where negated` asks its question of what the packs say is absent — and
    /// not, as every other walk does, skip them.
    let walksAbsence: Bool

    /// Keeps the assertions whose provenance passes `keep` (deciding once per provenance record),
    /// and, with `walksAbsence`, that state absence; of the others, those that do not.
    init(graph: KnowledgeGraph, walksAbsence: Bool = false, keep: (Provenance) -> Bool) {
        let byProvenance = graph.provenanceTable.map(keep)
        self.walksAbsence = walksAbsence
        allowed = walksAbsence
            ? graph.assertionIDs.map { byProvenance[Int(graph[$0].provenanceIndex)] && graph.statesAbsence($0) }
            : graph.assertions.map { byProvenance[Int($0.provenanceIndex)] }
    }

    func allows(_ assertion: AssertionID) -> Bool { allowed[assertion.position] }
}
