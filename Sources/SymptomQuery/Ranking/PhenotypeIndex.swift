import Foundation
import SymptomGraph

/// What ranking needs from the graph, precomputed once per graph: every term's ancestors along
/// `is_a` (the term itself included), and per disease database (OMIM, ORPHA, DECIPHER) the
/// diseases, their annotated terms and the information content of every term.
///
/// Information content per database: IC(t) = −ln(n_t / N), where n_t counts the database's
/// diseases annotated with t or a descendant of t (negated annotations left out) and N counts all
/// of the database's diseases; a term no disease reaches has IC 0.
///
/// A disease's profile also holds the terms a curated pack links it to through findings that are
/// not ontology terms (`multiple sclerosis has_symptom MS spasms has_symptom tingling`, with
/// tingling merged into HP:0003401): they count when the disease is compared with findings, but
/// not in the information content, which stays that of the annotation database (so rankings of
/// the imported annotations alone are unchanged).
public final class PhenotypeIndex: Sendable {
    /// One disease database.
    public struct Database: Sendable {
        /// `OMIM`, `ORPHA`, `DECIPHER`.
        public let name: String
        /// The diseases, by entity position.
        public let diseases: [Int32]
        /// Each disease's place when the diseases are sorted by id, numerically (`OMIM:609909` before
        /// `OMIM:614672`): how equal scores are ordered.
        let idOrder: [Int32]
        /// Each disease's distinct positively annotated terms (CSR over `diseases`).
        let termOffsets: [Int32]
        let terms: [Int32]
        /// Each disease's negated terms (CSR over `diseases`).
        let negatedOffsets: [Int32]
        let negated: [Int32]
        /// IC by entity position (0 for anything that is not an annotated term).
        public let informationContent: [Double]
        /// Sum of IC over each term's ancestors (itself included), by entity position.
        let ancestorICSum: [Double]
        /// The distinct terms annotated to any disease, and each entity's index among them (−1 if none).
        let usedTerms: [Int32]
        let usedIndex: [Int32]

        func terms(ofDisease index: Int) -> ArraySlice<Int32> {
            terms[Int(termOffsets[index])..<Int(termOffsets[index + 1])]
        }

        func negatedTerms(ofDisease index: Int) -> ArraySlice<Int32> {
            negated[Int(negatedOffsets[index])..<Int(negatedOffsets[index + 1])]
        }
    }

    let graph: KnowledgeGraph
    let isA: RelationID
    let ancestorOffsets: [Int32]
    let ancestorList: [Int32]
    /// The databases found, by name.
    public let databases: [String: Database]

    /// The relations whose assertions annotate diseases with terms.
    static let annotationRelations = ["has_symptom", "has_inheritance", "has_course", "has_modifier", "has_history"]

    /// Builds the index; `nil` when the graph has no `is_a` relation.
    public init?(graph: KnowledgeGraph) {
        guard let isA = graph.step(named: "is_a"), !isA.isInverse else { return nil }
        self.graph = graph
        self.isA = isA.relation
        (ancestorOffsets, ancestorList) = Self.ancestors(in: graph, isA: isA.relation)
        databases = Self.databases(in: graph, ancestorOffsets: ancestorOffsets, ancestors: ancestorList)
    }

    /// The ancestors of an entity along `is_a`, itself included (an array slice: no copy, no search).
    @inline(__always)
    public func ancestors(of entity: EntityID) -> ArraySlice<Int32> {
        ancestorList[Int(ancestorOffsets[entity.position])..<Int(ancestorOffsets[entity.position + 1])]
    }

    /// Whether an entity takes part in `is_a` (is an ontology term).
    public func isTerm(_ entity: EntityID) -> Bool {
        !graph.assertions(from: entity, relation: isA).isEmpty || !graph.assertions(to: entity, relation: isA).isEmpty
    }

    private static func ancestors(in graph: KnowledgeGraph, isA: RelationID) -> ([Int32], [Int32]) {
        let count = graph.entities.count
        // Parents of every entity along is_a, as compressed rows.
        var parentOffsets = [Int32](repeating: 0, count: count + 1)
        var parentList: [Int32] = []
        for node in 0..<count {
            for assertion in graph.assertions(from: EntityID(node), relation: isA) where !graph.isNegated(assertion) {
                parentList.append(Int32(graph[assertion].object.position))
            }
            parentOffsets[node + 1] = Int32(parentList.count)
        }
        func parents(_ node: Int) -> ArraySlice<Int32> {
            parentList[Int(parentOffsets[node])..<Int(parentOffsets[node + 1])]
        }
        // Iterative post-order: a term's ancestors are itself plus its parents' ancestors, merged
        // with a stamp array (no sets) and sorted.
        var lists = [[Int32]?](repeating: nil, count: count)
        var visiting = [Bool](repeating: false, count: count)
        var stamp = [Int32](repeating: -1, count: count)
        var merged: [Int32] = []
        for root in 0..<count where lists[root] == nil {
            if parents(root).isEmpty {
                lists[root] = [Int32(root)]
                continue
            }
            var stack: [(Int, Bool)] = [(root, false)]
            while let (node, expanded) = stack.popLast() {
                if lists[node] != nil { continue }
                if expanded {
                    merged.removeAll(keepingCapacity: true)
                    merged.append(Int32(node))
                    stamp[node] = Int32(node)
                    for parent in parents(node) {
                        for ancestor in lists[Int(parent)] ?? [] where stamp[Int(ancestor)] != Int32(node) {
                            stamp[Int(ancestor)] = Int32(node)
                            merged.append(ancestor)
                        }
                    }
                    merged.sort()
                    lists[node] = merged
                    visiting[node] = false
                    continue
                }
                visiting[node] = true
                stack.append((node, true))
                for parent in parents(node) where lists[Int(parent)] == nil && !visiting[Int(parent)] {
                    stack.append((Int(parent), false))
                }
            }
        }
        var offsets = [Int32](repeating: 0, count: count + 1)
        var flat: [Int32] = []
        flat.reserveCapacity(count * 12)
        for node in 0..<count {
            flat += lists[node] ?? [Int32(node)]
            offsets[node + 1] = Int32(flat.count)
        }
        return (offsets, flat)
    }

    /// Each disease's rank among `diseases` sorted by the number after the prefix, then by id.
    private static func idOrder(of diseases: [Int32], in graph: KnowledgeGraph) -> [Int32] {
        let keys = diseases.map { position -> (Int, String) in
            let id = graph[EntityID(Int(position))].id
            return (Int(id.drop { $0 != ":" }.dropFirst()) ?? Int.max, id)
        }
        var order = [Int32](repeating: 0, count: diseases.count)
        for (rank, index) in keys.indices.sorted(by: { keys[$0] < keys[$1] }).enumerated() { order[index] = Int32(rank) }
        return order
    }

    private static func databases(in graph: KnowledgeGraph, ancestorOffsets: [Int32], ancestors: [Int32]) -> [String: Database] {
        let relations = annotationRelations.compactMap { graph.step(named: $0)?.relation }
        var byDatabase: [String: [Int32]] = [:]
        for id in graph.entityIDs where graph.entity(id, isOfKind: "disease") {
            let entityID = graph[id].id
            guard let colon = entityID.firstIndex(of: ":") else { continue }
            byDatabase[String(entityID[..<colon]), default: []].append(Int32(id.position))
        }
        let count = graph.entities.count
        let hasSymptom = graph.step(named: "has_symptom").flatMap { $0.isInverse ? nil : $0.relation }
        let isA = graph.step(named: "is_a")?.relation
        // An ontology term takes part in is_a.
        var isTerm = [Bool](repeating: false, count: count)
        if let isA {
            for assertion in graph.assertions(of: isA) {
                isTerm[graph[assertion].subject.position] = true
                isTerm[graph[assertion].object.position] = true
            }
        }
        var result: [String: Database] = [:]
        for (name, diseases) in byDatabase {
            var termOffsets: [Int32] = [0], terms: [Int32] = []
            var negatedOffsets: [Int32] = [0], negated: [Int32] = []
            var counts = [Int32](repeating: 0, count: count)
            var stamp = [Int32](repeating: -1, count: count)
            var used = [Int32](repeating: -1, count: count)
            var usedTerms: [Int32] = []
            // A disease's distinct terms, deduplicated with stamps (positive and negated apart).
            var ownStamp = [Int32](repeating: -1, count: count), notStamp = [Int32](repeating: -1, count: count)
            var own: [Int32] = [], not: [Int32] = []
            for (index, disease) in diseases.enumerated() {
                own.removeAll(keepingCapacity: true)
                not.removeAll(keepingCapacity: true)
                for relation in relations {
                    for assertion in graph.assertions(from: EntityID(Int(disease)), relation: relation) {
                        let term = graph[assertion].object.position
                        if graph.isNegated(assertion) {
                            if notStamp[term] != Int32(index) { notStamp[term] = Int32(index); not.append(Int32(term)) }
                        } else if ownStamp[term] != Int32(index) {
                            ownStamp[term] = Int32(index)
                            own.append(Int32(term))
                        }
                    }
                }
                own.sort()
                not.sort()
                // Terms reached through curated findings that are not terms themselves (profile only).
                var profile = own
                if let hasSymptom, own.contains(where: { !isTerm[Int($0)] }) {
                    var queue: [Int32] = own.filter { !isTerm[Int($0)] }
                    var seen = Set(queue)
                    while let node = queue.popLast() {
                        for assertion in graph.assertions(from: EntityID(Int(node)), relation: hasSymptom)
                        where !graph.isNegated(assertion) {
                            let next = Int32(graph[assertion].object.position)
                            guard seen.insert(next).inserted else { continue }
                            if isTerm[Int(next)] {
                                if ownStamp[Int(next)] != Int32(index) {
                                    ownStamp[Int(next)] = Int32(index)
                                    profile.append(next)
                                }
                            } else {
                                queue.append(next)
                            }
                        }
                    }
                    if profile.count > own.count { profile.sort() }
                }
                terms += profile
                termOffsets.append(Int32(terms.count))
                negated += not
                negatedOffsets.append(Int32(negated.count))
                for term in profile where used[Int(term)] < 0 {
                    used[Int(term)] = Int32(usedTerms.count)
                    usedTerms.append(term)
                }
                for term in own {
                    for ancestor in ancestors[Int(ancestorOffsets[Int(term)])..<Int(ancestorOffsets[Int(term) + 1])]
                    where stamp[Int(ancestor)] != Int32(index) {
                        stamp[Int(ancestor)] = Int32(index)
                        counts[Int(ancestor)] += 1
                    }
                }
            }
            // A prefix whose diseases annotate no ontology term (a curated pack's own namespace,
            // with only the bundled packs loaded) is no database to rank against.
            guard terms.contains(where: { isTerm[Int($0)] }) else { continue }
            let total = Double(diseases.count)
            let ic = counts.map { $0 > 0 ? log(total / Double($0)) : 0 }  // = −ln(n/N), without −0
            var sums = [Double](repeating: 0, count: count)
            for node in 0..<count {
                var sum = 0.0
                for ancestor in ancestors[Int(ancestorOffsets[node])..<Int(ancestorOffsets[node + 1])] { sum += ic[Int(ancestor)] }
                sums[node] = sum
            }
            result[name] = Database(
                name: name, diseases: diseases, idOrder: idOrder(of: diseases, in: graph), termOffsets: termOffsets, terms: terms,
                negatedOffsets: negatedOffsets, negated: negated, informationContent: ic, ancestorICSum: sums,
                usedTerms: usedTerms, usedIndex: used)
        }
        return result
    }
}
