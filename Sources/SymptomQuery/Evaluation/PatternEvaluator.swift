import SymptomGraph

/// Finds every assignment of a pattern's variables that satisfies all its clauses.
///
/// Clauses are joined one at a time, most-bound first (so a clause with a named entity runs before
/// one with two free variables); `not` clauses run last, as filters (negation as failure). Negated
/// assertions never match a positive clause.
struct PatternEvaluator {
    let graph: KnowledgeGraph
    private let walker: PathWalker
    private let names: NameResolver

    private let cancellation: QueryCancellation?

    private let restriction: AssertionRestriction?

    /// The query's work budget; `exhausted` says why evaluation stopped early, if it did.
    let budget: WorkBudget
    private let limits: QueryLimits
    /// Paths walked from a named entity for many bindings at once, kept for the whole evaluation
    /// (a `not` joins its clauses once per row it filters).
    private let sharedWalks = SharedWalks()

    init(graph: KnowledgeGraph, cancellation: QueryCancellation? = nil, restriction: AssertionRestriction? = nil,
         limits: QueryLimits = .standard) {
        self.graph = graph
        self.cancellation = cancellation
        self.restriction = restriction
        self.limits = limits
        budget = WorkBudget(limits)
        walker = PathWalker(graph: graph, cancellation: cancellation, restriction: restriction, budget: budget)
        names = NameResolver(graph: graph)
    }

    /// A partial answer: one value per variable slot, and the assertions used so far.
    struct Binding {
        var values: [QueryResult.Value?]
        var derivation: Derivation
        /// Whether each clause's chain is marked where it reaches its answer (``Derivation/clauseEnds``):
        /// only when the pattern joins two triples or more (one clause's chain is read whole).
        var marksClauses = false
    }

    /// A clause with names resolved.
    private enum Prepared: Equatable {
        case triple(subject: Slot, path: PathKind, object: Slot)
        case kind(Slot, String)
        case not([Prepared])
    }

    private enum Slot: Equatable {
        case variable(Int)
        case entity(EntityID)
    }

    private enum PathKind: Equatable {
        case path(ResolvedPath)
        case relationVariable(Int)
    }

    /// Evaluates a pattern, returning the variable names and the matching bindings.
    func evaluate(_ pattern: Pattern) throws(QueryError) -> (variables: [String], bindings: [Binding]) {
        let clauseCount = Self.count(pattern.clauses)
        if clauseCount > limits.clauses {
            throw QueryError(.queryTooLarge, "the pattern has \(clauseCount) clauses; at most \(limits.clauses) are allowed", at: Span(0, 0))
        }
        var variables: [String] = []
        var entityVariables = Set<String>(), relationVariables = Set<String>()
        try collectVariables(pattern.clauses, into: &variables, entities: &entityVariables, relations: &relationVariables)
        let slots = Dictionary(uniqueKeysWithValues: variables.enumerated().map { ($1, $0) })
        let prepared = try prepare(pattern.clauses, slots: slots)
        let triples = prepared.filter { if case .triple = $0 { true } else { false } }.count
        let start = Binding(values: Array(repeating: nil, count: variables.count), derivation: Derivation(), marksClauses: triples > 1)
        return (variables, join(prepared, from: [start]))
    }

    private static func count(_ clauses: [Clause]) -> Int {
        clauses.reduce(0) { total, clause in
            if case let .not(inner, _) = clause { return total + 1 + count(inner) }
            return total + 1
        }
    }

    private func collectVariables(
        _ clauses: [Clause], into variables: inout [String], entities: inout Set<String>, relations: inout Set<String>
    ) throws(QueryError) {
        func note(_ name: String, isRelation: Bool, span: Span) throws(QueryError) {
            if isRelation ? entities.contains(name) : relations.contains(name) {
                throw QueryError(.queryVariable, "?\(name) is used both as a relation and as an entity", at: span)
            }
            if isRelation { relations.insert(name) } else { entities.insert(name) }
            if !variables.contains(name) { variables.append(name) }
        }
        for clause in clauses {
            switch clause {
            case let .triple(subject, path, object):
                if case let .variable(name, span) = subject { try note(name, isRelation: false, span: span) }
                if case let .variable(name, span) = path { try note(name, isRelation: true, span: span) }
                if case let .variable(name, span) = object { try note(name, isRelation: false, span: span) }
            case let .kind(term, _, _):
                if case let .variable(name, span) = term { try note(name, isRelation: false, span: span) }
            case let .not(inner, _):
                try collectVariables(inner, into: &variables, entities: &entities, relations: &relations)
            }
        }
    }

    /// The clauses with names resolved; a clause that repeats an earlier one (`conditions with
    /// tremor, tremors`) is left out: it constrains nothing more, and joining it again would only
    /// multiply each row by its derivations.
    private func prepare(_ clauses: [Clause], slots: [String: Int]) throws(QueryError) -> [Prepared] {
        var prepared: [Prepared] = []
        for clause in clauses {
            switch clause {
            case let .triple(subject, path, object):
                let pathKind: PathKind
                if case let .variable(name, _) = path, let slot = slots[name] {
                    pathKind = .relationVariable(slot)
                } else {
                    pathKind = .path(try ResolvedPath.resolve(path, in: graph))
                }
                prepared.append(.triple(subject: try slot(subject, slots), path: pathKind, object: try slot(object, slots)))
            case let .kind(term, kind, span):
                guard graph.kind(named: kind) != nil else {
                    throw QueryError(.unknownKind, "unknown kind '\(kind)'", at: span,
                                     suggestions: Spelling.closest(to: kind, among: graph.kinds.map(\.name)))
                }
                prepared.append(.kind(try slot(term, slots), kind))
            case let .not(inner, _):
                prepared.append(.not(try prepare(inner, slots: slots)))
            }
        }
        var distinct: [Prepared] = []
        for clause in prepared where !distinct.contains(clause) { distinct.append(clause) }
        return distinct
    }

    private func slot(_ term: Term, _ slots: [String: Int]) throws(QueryError) -> Slot {
        switch term {
        case let .variable(name, _): .variable(slots[name] ?? 0)
        case let .name(name, span): .entity(try names.resolve(name, at: span))
        }
    }

    // MARK: Joining

    /// Joins `clauses` to each binding of `start`; `runs` is how many times such a join is made
    /// (a `not`'s, once for each row it filters), which weighs whether a walk is shared.
    private func join(_ clauses: [Prepared], from start: [Binding], runs: Int = 1) -> [Binding] {
        var remaining = clauses
        var bindings = start
        var bound = Set<Int>()
        if let first = start.first {
            for (index, value) in first.values.enumerated() where value != nil { bound.insert(index) }
        }
        while !remaining.isEmpty, !bindings.isEmpty, cancellation?.isCancelled != true, !budget.isExhausted {
            let next = remaining.indices.max { score(remaining[$0], bound) < score(remaining[$1], bound) } ?? 0
            let clause = remaining.remove(at: next)
            var joined: [Binding] = []
            // Bindings of the same values, one per derivation: a row keeps the first
            // ``derivationsPerRow``, and so does each join (six broad findings, each reached
            // by four chains, made 4^6 bindings of every condition: a million held, no answer).
            var sameValues: [[QueryResult.Value?]: Int] = [:]
            let shared = sharedWalk(clause, bound: bound, bindings: bindings.count * runs)
            for binding in bindings {
                var produced = shared.map { apply(clause, walked: $0, to: binding) } ?? apply(clause, to: binding, of: bindings.count * runs)
                let withinBudget = budget.spend(produced.count + 1)
                produced.removeAll { next in
                    let seen = sameValues[next.values, default: 0]
                    sameValues[next.values] = seen + 1
                    return seen >= Self.derivationsPerRow
                }
                joined += produced
                if !withinBudget || !budget.hold(joined.count) || cancellation?.isCancelled == true { break }
            }
            bindings = joined
            bound.formUnion(boundSlots(of: clause))
        }
        // Out of budget before every clause was joined: what was joined so far answers only part of
        // the pattern, so it is no answer. (After the last clause, the rows found are right, just not all.)
        return remaining.isEmpty ? bindings : []
    }

    /// A path walked once for every binding of a clause: from the clause's named end, when its
    /// other end is a variable that earlier clauses have bound. (Walked from each binding instead,
    /// `conditions with seizure, intellectual disability` walked the ancestors of every symptom of
    /// each of 2,973 conditions with seizures: 3.5 s; a third finding ran out of budget.)
    ///
    /// The walk from the named end may reach much of the graph (the descendants of a broad term):
    /// it is shared when enough bindings need it (``sharedFrom`` of them), or when it was made
    /// already. The rows are the same either way; which of an entity's derivations are kept (at
    /// most ``PathWalker/derivationLimit``) may differ with the direction walked.
    private struct SharedWalk {
        /// What the path reaches from the named end.
        let reached: Reached
        /// Whether the walk went from the clause's object (the path reversed).
        let fromObject: Bool
    }

    /// The bindings from which a clause's path is walked once from its named end, not from each.
    static let sharedFrom = 16

    /// The derivations a row keeps (the first found), and so the bindings of one set of values
    /// a join keeps.
    static let derivationsPerRow = 8

    /// Shared walks by path, direction and named end.
    private final class SharedWalks {
        struct Key: Hashable {
            let path: ResolvedPath
            let start: EntityID
        }
        var walks: [Key: Reached] = [:]
    }

    private func sharedWalk(_ clause: Prepared, bound: Set<Int>, bindings: Int) -> SharedWalk? {
        guard case let .triple(subject, .path(path), object) = clause else { return nil }
        let key: SharedWalks.Key, fromObject: Bool
        switch (subject, object) {
        case let (.variable(index), .entity(end)) where bound.contains(index):
            (key, fromObject) = (SharedWalks.Key(path: path.reversed, start: end), true)
        case let (.entity(start), .variable(index)) where bound.contains(index):
            (key, fromObject) = (SharedWalks.Key(path: path, start: start), false)
        default:
            return nil
        }
        if let known = sharedWalks.walks[key] { return SharedWalk(reached: known, fromObject: fromObject) }
        guard bindings >= Self.sharedFrom else { return nil }
        let reached = walker.walk(key.path, from: key.start)
        // A walk the budget cut short is not kept: it is not what the path reaches.
        if !budget.isExhausted { sharedWalks.walks[key] = reached }
        return SharedWalk(reached: reached, fromObject: fromObject)
    }

    /// ``apply(_:to:of:)`` of a clause whose path was walked once (``sharedWalk(_:bound:bindings:)``):
    /// the binding's value at the other end is looked up in what the walk reached.
    private func apply(_ clause: Prepared, walked: SharedWalk, to binding: Binding) -> [Binding] {
        guard case let .triple(subject, _, object) = clause,
              let other = entity(walked.fromObject ? subject : object, in: binding) else { return apply(clause, to: binding, of: 1) }
        guard let derivations = walked.reached[other] else { return [] }
        var results: [Binding] = []
        for chain in derivations {
            var next = binding
            var read = walked.fromObject ? chain.reversed() : chain
            if next.marksClauses, let end = read.lastNotIsA { read.markClauseEnd(end) }
            next.derivation = next.derivation.followed(by: read, in: graph)
            results.append(next)
        }
        return results
    }

    private func score(_ clause: Prepared, _ bound: Set<Int>) -> Int {
        func isBound(_ slot: Slot) -> Bool {
            if case let .variable(index) = slot { return bound.contains(index) }
            return true
        }
        switch clause {
        case let .triple(subject, _, object): return (isBound(subject) ? 2 : 0) + (isBound(object) ? 2 : 0)
        case let .kind(slot, _): return isBound(slot) ? 3 : -1
        case .not: return -10
        }
    }

    private func boundSlots(of clause: Prepared) -> [Int] {
        var slots: [Int] = []
        func add(_ slot: Slot) { if case let .variable(index) = slot { slots.append(index) } }
        switch clause {
        case let .triple(subject, path, object):
            add(subject)
            add(object)
            if case let .relationVariable(index) = path { slots.append(index) }
        case let .kind(slot, _): add(slot)
        case .not: break
        }
        return slots
    }

    private func entity(_ slot: Slot, in binding: Binding) -> EntityID? {
        switch slot {
        case let .entity(entity): return entity
        case let .variable(index):
            if case let .entity(entity)? = binding.values[index] { return entity }
            return nil
        }
    }

    private func bind(_ slot: Slot, to entity: EntityID, in binding: inout Binding) -> Bool {
        switch slot {
        case let .entity(fixed): return fixed == entity
        case let .variable(index):
            if let existing = binding.values[index] { return existing == .entity(entity) }
            binding.values[index] = .entity(entity)
            return true
        }
    }

    /// The bindings `clause` makes of `binding`, one of `count` it is applied to.
    private func apply(_ clause: Prepared, to binding: Binding, of count: Int) -> [Binding] {
        switch clause {
        case let .kind(slot, kind):
            if let entity = entity(slot, in: binding) {
                return graph.entity(entity, isOfKind: kind) ? [binding] : []
            }
            return graph.entityIDs.filter { graph.entity($0, isOfKind: kind) }.compactMap { candidate in
                var next = binding
                return bind(slot, to: candidate, in: &next) ? next : nil
            }
        case let .not(inner):
            let found = join(inner, from: [binding], runs: count)
            // A `not` whose search ran out of budget proves nothing: the row is left out.
            if budget.isExhausted { return [] }
            return found.isEmpty ? [binding] : []
        case let .triple(subject, .relationVariable(relationSlot), object):
            return applyRelationVariable(subject: subject, relationSlot: relationSlot, object: object, to: binding)
        case let .triple(subject, .path(path), object):
            return applyPath(subject: subject, path: path, object: object, to: binding)
        }
    }

    private func applyPath(subject: Slot, path: ResolvedPath, object: Slot, to binding: Binding) -> [Binding] {
        var results: [Binding] = []
        // One binding per derivation; rows that agree on their values are merged later, keeping them all.
        func emit(_ from: EntityID, _ to: EntityID, _ derivations: [Derivation], reversed: Bool) {
            var bound = binding
            guard bind(subject, to: from, in: &bound), bind(object, to: to, in: &bound) else { return }
            for chain in derivations {
                var next = bound
                var read = reversed ? chain.reversed() : chain
                // A chain of is_a steps only (`?s is_a+ X`) qualifies nothing: left unmarked.
                if next.marksClauses, let end = read.lastNotIsA { read.markClauseEnd(end) }
                next.derivation = next.derivation.followed(by: read, in: graph)
                results.append(next)
            }
        }
        if let start = entity(subject, in: binding) {
            for (reached, derivations) in walker.walk(path, from: start) { emit(start, reached, derivations, reversed: false) }
        } else if let end = entity(object, in: binding) {
            for (reached, derivations) in walker.walk(path.reversed, from: end) { emit(reached, end, derivations, reversed: true) }
        } else {
            for start in graph.entityIDs where cancellation?.isCancelled != true && !budget.isExhausted {
                for (reached, derivations) in walker.walk(path, from: start) { emit(start, reached, derivations, reversed: false) }
            }
        }
        return results
    }

    /// `subject ?r object`: every assertion, read from either end. A relation read backwards binds
    /// its inverse (`triggers` for `triggered_by`); a symmetric relation binds its own name whichever
    /// end it was stated from, so `?a ?r x, x ?r ?b` joins on it.
    private func applyRelationVariable(subject: Slot, relationSlot: Int, object: Slot, to binding: Binding) -> [Binding] {
        var results: [Binding] = []
        func emit(_ from: EntityID, _ step: RelationStep, _ to: EntityID, _ assertion: AssertionID) {
            var next = binding
            guard bind(subject, to: from, in: &next), bind(object, to: to, in: &next) else { return }
            let read = graph.relations[step.relation.position].isSymmetric ? RelationStep(relation: step.relation) : step
            let value = QueryResult.Value.relation(read)
            if let existing = next.values[relationSlot], existing != value { return }
            next.values[relationSlot] = value
            next.derivation = next.derivation.appending(assertion, in: graph)
            if next.marksClauses, graph[assertion].relation != graph.isARelation { next.derivation.markClauseEnd(assertion) }
            results.append(next)
        }
        let walksAbsence = restriction?.walksAbsence ?? false
        if let start = entity(subject, in: binding) {
            for (step, neighbour, assertion) in graph.allNeighbours(of: start, includeNegated: walksAbsence)
            where restriction?.allows(assertion) ?? true {
                emit(start, step, neighbour, assertion)
            }
        } else if let end = entity(object, in: binding) {
            for (step, neighbour, assertion) in graph.allNeighbours(of: end, includeNegated: walksAbsence)
            where restriction?.allows(assertion) ?? true {
                emit(neighbour, step.reversed, end, assertion)
            }
        } else {
            for id in graph.assertionIDs where (walksAbsence || !graph.statesAbsence(id)) && (restriction?.allows(id) ?? true) {
                let assertion = graph[id]
                emit(assertion.subject, RelationStep(relation: assertion.relation), assertion.object, id)
                emit(assertion.object, RelationStep(relation: assertion.relation, isInverse: true), assertion.subject, id)
            }
        }
        return results
    }
}
