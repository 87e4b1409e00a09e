import SymptomGraph

/// A chain of assertions that yields an answer, in reading order: the evidence of one row.
///
/// Chains share what they have in common. Extending a chain by a step adds one link that points to
/// the chain it extends, so a transitive closure keeps one link per entity it reaches — evidence
/// per node, not a copy of every path: `descendants of` a 30,000-step `is_a` chain holds 30,000
/// links, not 450 million assertions. Reversing a chain (a path walked from its object end) and
/// joining the chains of two clauses only rearrange pieces. The chain is spelled out when it is
/// read (``assertions``, iteration), which explanations do for the rows they show.
public struct Derivation: Sequence, Hashable, Sendable {
    /// One step, with the chain before it.
    final class Link: Sendable {
        let assertion: AssertionID
        let previous: Link?
        /// Steps from the first link to this one, this one included.
        let count: Int
        /// The first link's assertion.
        let first: AssertionID
        /// The weakest certainty from the first link to this one (`nil`: none is hedged).
        let weakest: Certainty?
        /// The first and the last assertion, from the first link to this one, that is not an
        /// `is_a` step (what qualifies an answer: ``Derivation/lastQualifying``).
        let firstQualifying: AssertionID?
        let lastQualifying: AssertionID?

        init(_ assertion: AssertionID, certainty: Certainty?, qualifies: Bool, after previous: Link?) {
            self.assertion = assertion
            self.previous = previous
            count = (previous?.count ?? 0) + 1
            first = previous?.first ?? assertion
            weakest = [previous?.weakest, certainty].compactMap { $0 }.max()
            firstQualifying = previous?.firstQualifying ?? (qualifies ? assertion : nil)
            lastQualifying = qualifies ? assertion : previous?.lastQualifying
        }
    }

    /// A whole chain of links (from its first link to `link`), read forwards or backwards.
    struct Piece: Sendable {
        let link: Link
        let backwards: Bool

        var first: AssertionID { backwards ? link.assertion : link.first }
        var last: AssertionID { backwards ? link.first : link.assertion }
    }

    private var pieces: [Piece] = []
    /// How many assertions the chain holds.
    public private(set) var count = 0
    /// The assertion that reaches the answer of each clause the chain joins, in order (marked as
    /// each clause's chain is joined: ``markClauseEnd(_:)``); empty for a chain not made by clauses.
    /// Qualifier filters and a row's notes read these, so that `conditions with A, B where
    /// frequency >= 80%` asks it of both findings, in whatever order they are given.
    public private(set) var clauseEnds: [AssertionID] = []

    /// The empty chain (a `*` or `?` step that stays put).
    public init() {}

    /// A chain of the given assertions, in order.
    public init(_ assertions: some Sequence<AssertionID>, in graph: KnowledgeGraph) {
        for assertion in assertions { self = appending(assertion, in: graph) }
    }

    /// Whether the chain holds no assertion.
    public var isEmpty: Bool { count == 0 }

    /// The assertion that reaches the answer (the chain's last).
    public var last: AssertionID? { pieces.last?.last }

    /// The first assertion.
    public var first: AssertionID? { pieces.first?.first }

    /// The weakest certainty along the chain, or `nil` when no assertion is hedged.
    public var weakestCertainty: Certainty? { pieces.compactMap(\.link.weakest).max() }

    /// Marks `assertion` as where the clause just joined reaches its answer.
    mutating func markClauseEnd(_ assertion: AssertionID) {
        clauseEnds.append(assertion)
    }

    /// The assertions that qualify the chain's answers (frequency, severity, onset, context):
    /// each clause's (``clauseEnds``), or, for a chain not made by clauses, its last assertion
    /// that is not an `is_a` step (a disease annotated with a kind of tremor is read from its
    /// annotation, not from the kind's `is_a` edge). Empty for an empty chain.
    public var qualifyingAssertions: [AssertionID] {
        if !clauseEnds.isEmpty { return clauseEnds }
        return lastQualifying.map { [$0] } ?? []
    }

    /// The last assertion that is not an `is_a` step, or the last when all are: read off the
    /// links (each knows the first and last such assertion up to it), not by spelling the chain out.
    public var lastQualifying: AssertionID? { lastNotIsA ?? last }

    /// The last assertion that is not an `is_a` step; `nil` for a chain of `is_a` steps only.
    var lastNotIsA: AssertionID? {
        for piece in pieces.reversed() {
            // A forwards piece reads up to its link, a backwards one down to its first link.
            if let found = piece.backwards ? piece.link.firstQualifying : piece.link.lastQualifying { return found }
        }
        return nil
    }

    /// The chain with one more step: shares this chain's links.
    public func appending(_ assertion: AssertionID, in graph: KnowledgeGraph) -> Derivation {
        var result = self
        let certainty = graph.qualifiers(of: assertion).certainty
        let qualifies = graph[assertion].relation != graph.isARelation
        if let tail = pieces.last, !tail.backwards {
            result.pieces[pieces.count - 1] = Piece(link: Link(assertion, certainty: certainty, qualifies: qualifies, after: tail.link),
                                                    backwards: false)
        } else {
            result.pieces.append(Piece(link: Link(assertion, certainty: certainty, qualifies: qualifies, after: nil), backwards: false))
        }
        result.count += 1
        return result
    }

    /// This chain followed by `other`. A short `other` (a step or two) is appended link by link, so
    /// chains grown step by step stay one piece; a long one is joined as pieces.
    public func followed(by other: Derivation, in graph: KnowledgeGraph) -> Derivation {
        var result = self
        if other.isEmpty {
        } else if isEmpty {
            result = other
        } else if other.count <= 4 {
            for assertion in other.assertions { result = result.appending(assertion, in: graph) }
        } else {
            result.pieces += other.pieces
            result.count += other.count
        }
        // The clauses' ends, this chain's then the other's.
        if !clauseEnds.isEmpty || !other.clauseEnds.isEmpty { result.clauseEnds = clauseEnds + other.clauseEnds }
        return result
    }

    /// The chain read from its end (a path walked from its object).
    public func reversed() -> Derivation {
        var result = self
        result.pieces = pieces.reversed().map { Piece(link: $0.link, backwards: !$0.backwards) }
        return result
    }

    /// The assertions, in order.
    public var assertions: [AssertionID] {
        var result: [AssertionID] = []
        result.reserveCapacity(count)
        for piece in pieces {
            let start = result.count
            var link: Link? = piece.link
            while let current = link {
                result.append(current.assertion)
                link = current.previous
            }
            if !piece.backwards { result[start...].reverse() }
        }
        return result
    }

    /// Every assertion of some derivations, without repeats, in order of first use.
    public static func distinctAssertions(of derivations: [Derivation]) -> [AssertionID] {
        var seen = Set<AssertionID>()
        return derivations.joined().filter { seen.insert($0).inserted }
    }

    public func makeIterator() -> IndexingIterator<[AssertionID]> { assertions.makeIterator() }

    public static func == (lhs: Derivation, rhs: Derivation) -> Bool {
        guard lhs.count == rhs.count, lhs.first == rhs.first, lhs.last == rhs.last else { return false }
        if lhs.pieces.count == rhs.pieces.count,
           zip(lhs.pieces, rhs.pieces).allSatisfy({ $0.link === $1.link && $0.backwards == $1.backwards }) {
            return true
        }
        return lhs.assertions == rhs.assertions
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        hasher.combine(first)
        hasher.combine(last)
    }
}
