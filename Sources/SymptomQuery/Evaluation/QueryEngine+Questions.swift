import GraphExport
import SymptomGraph

/// Yes/no questions, `how are X and Y related`, the vocabulary listings and row modifiers.
extension QueryEngine {
    // MARK: Yes/no

    /// Yes when the pattern `subject path object` holds (with its evidence); no when a negated
    /// assertion of one of the path's relations links the two (with its source); otherwise not known.
    func answerAsk(_ request: AskRequest, text: String) throws(QueryError) -> QueryResult {
        let resolver = NameResolver(graph: graph)
        // "how common is parkinson disease in tremor", "is wilson disease a symptom of tremor":
        // the two names the other way round.
        if request.path == (try? QueryParser.parsePath(QuestionForms.findingPath)),
           let condition = try? resolver.resolve(request.subject), let finding = try? resolver.resolve(request.object),
           !graph.entity(condition, isOfKind: "condition"), graph.entity(finding, isOfKind: "condition") {
            var swapped = request
            (swapped.subject, swapped.object) = (request.object, request.subject)
            var result = try answerAsk(swapped, text: text)
            let asked = request.form == "how-common" ? "how common \(graph[condition].label) is in \(graph[finding].label)"
                : "whether \(graph[finding].label) has \(graph[condition].label)"
            result.notes.insert("read as \(asked): \(graph[finding].label) is a condition, \(graph[condition].label) is not", at: 0)
            return result
        }
        guard let subject = try resolver.resolve(request.subject) else {
            throw QueryError(.querySyntax, "yes/no questions take names", at: request.subject.span)
        }
        var result = QueryResult(query: text, form: request.form, core: nil, columns: ["answer"], rows: [])
        result.showsEvidenceByDefault = true
        let subjectLabel = graph[subject].label
        // `is X a Y` / `is X a kind of Y` where Y is a kind: the entity's kinds decide.
        if let kindText = request.kind, let kind = kindName(kindText), graph.resolve(kindText) == .none || graph.kind(named: kindText) != nil {
            let holds = graph.entity(subject, isOfKind: kind)
            result.core = "\(Term.quoteIfNeeded(graph[subject].id)) kind \(kind)"
            let kindSet = Set(graph.members(of: subject).map(\.kind))
            // Kinds are not exclusive (tremor is a symptom and a sign): an entity of a kind above
            // the one asked about (a finding, asked whether it is a symptom), or beside it under
            // one (a symptom, asked whether it is a sign), may well be one; nothing says it is
            // not. Only kinds of different branches (a symptom, asked whether it is a condition) say no.
            let asked = Set(graph.kindAndAncestors(of: kind))
            let broader = kindSet.filter { !asked.isDisjoint(with: graph.kindAndAncestors(of: $0)) }
            // A finding only (an ontology's phenotype term: Asthma, Migraine, Epilepsy) names what
            // is observed; that no disease of the packs bears the name says nothing of whether it
            // is one.
            let onlyFinding = kindSet == ["finding"] && kind != "finding"
            result.answer = holds ? "yes" : broader.isEmpty && !onlyFinding ? "no" : "not known"
            // "a finding and a symptom", "an autoimmune disease".
            func some(_ kind: String) -> String {
                let words = kind.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
                return QualifierText.label("a", before: words) + " " + words
            }
            func listed(_ kinds: [String]) -> String {
                let all = kinds.sorted().map(some)
                return all.count > 1 ? all.dropLast().joined(separator: ", ") + " and " + (all.last ?? "") : all.joined()
            }
            let its = listed(Array(kindSet)), others = kindSet.subtracting([kind])
            result.message = holds ? "yes: \(subjectLabel) is \(some(kind))" + (others.isEmpty ? "" : " (and \(listed(Array(others))))")
                : onlyFinding && broader.isEmpty
                    ? "not known: in the loaded packs \(subjectLabel) is a finding (a term for what is observed), and no "
                        + "\(kind.replacingOccurrences(of: "_", with: " ")) has that name; that does not say whether it is \(some(kind))"
                : broader.isEmpty ? "no: \(subjectLabel) is \(its), not \(some(kind))"
                : "not known: \(subjectLabel) is \(its); nothing in the loaded packs says whether it is \(some(kind))"
            result.rows = [QueryResult.Row(values: [.text(result.answer ?? "")], derivations: [])]
            return result
        }
        guard let object = try resolver.resolve(request.object) else {
            throw QueryError(.querySyntax, "yes/no questions take names", at: request.object.span)
        }
        let objectLabel = graph[object].label
        let path = try partsOnlyForConditions(request.path, subject: request.subject)
        let pattern = Pattern(clauses: [.triple(
            .name(graph[subject].id, request.subject.span), path, .name(graph[object].id, request.object.span))])
        result.core = pattern.description
        let found = try answerPattern(pattern, text: text, form: request.form)
        if let row = found.rows.first, !row.derivations.isEmpty {
            result.answer = "yes"
            result.rows = [QueryResult.Row(values: [.text("yes")], derivations: row.derivations)]
            let certainty = row.summary(in: graph).certainty.map { " (\($0.rawValue))" } ?? ""
            result.message = "yes\(certainty): " + describeFirst(row.derivations[0])
            if request.form == "how-common" { result.notes.append(howOften(row.derivations, finding: objectLabel, in: graph[subject].label)) }
            return result
        }
        // An assertion of the question's relations between the two that states absence (negated,
        // or "in 0 of 9 patients") answers no — unless the search stopped before it found a link:
        // then a negated assertion may stand beside a chain not reached yet, and nothing is known.
        let relations = Set(relationNames(in: request.path).compactMap { graph.step(named: $0)?.relation })
        let negations = statedAbsences(between: subject, and: object)
            .filter { relations.isEmpty || relations.contains(graph[$0].relation) }
            .map { Derivation([$0], in: graph) }
        if !negations.isEmpty, !found.isCutShort {
            result.answer = "no"
            result.rows = [QueryResult.Row(values: [.text("no")], derivations: negations)]
            result.message = "no: " + describeFirst(negations[0])
            return result
        }
        result.answer = "not known"
        result.rows = [QueryResult.Row(values: [.text("not known")], derivations: [])]
        if found.isCutShort {
            (result.isPartial, result.isCutShort) = (true, true)
            result.message = "not known: " + (found.message ?? "partial answer") + "; the search stopped before it found a link"
            return result
        }
        // `is ataxia a kind of tremor`, both terms of one imported ontology: what the ontology
        // classes the term under is said, for what it is (not a no).
        if request.form == "is-kind-of", let isA = graph.step(named: "is_a")?.relation,
           let ontology = sharedOntology(of: subject, and: object) {
            var above: [String] = []
            for assertion in graph.assertions(from: subject, relation: isA) where !graph.statesAbsence(assertion) {
                let label = graph[graph[assertion].object].label
                if !above.contains(label) { above.append(label) }
            }
            // Both in its hierarchy (a term the ontology declares but never classes is not).
            let objectPlaced = !graph.assertions(from: object, relation: isA).isEmpty || !graph.assertions(to: object, relation: isA).isEmpty
            // Not a no: an ontology classes a term one way (the HPO puts Headache under Abnormal
            // nervous system physiology, not under Pain, which its definition names); said as such.
            if !above.isEmpty, objectPlaced {
                result.message = "not known: \(ontology) does not class \(subjectLabel) under \(objectLabel) (it classes it under "
                    + above.joined(separator: ", ") + "), and no loaded pack says it is one"
                return result
            }
        }
        result.message = "not known: nothing in the loaded packs says whether \(subjectLabel) and \(objectLabel) are linked that way"
        // Say how they are linked, if at all, so "not known" is not read as "unrelated" — but not
        // through another condition (MS → incoordination → a disorder that also has seizures):
        // that chain links them only by what two conditions share, and reads as a link to a patient.
        if let chain = graph.shortestChain(from: subject, to: object), !chain.isEmpty, chain.count <= 4,
           !entities(along: chain, from: subject).dropLast().contains(where: { graph.entity($0, isOfKind: "condition") }) {
            result.message? += "; they are related: " + chainText(chain, from: subject)
        }
        return result
    }

    /// The pack whose ontology terms (ids such as `HP:0001251`, imported from an OBO file: its
    /// `is_a` hierarchy is whole) both concepts are, or are merged with; `nil` otherwise (a
    /// curated pack's `is_a` says what its source says, not all there is).
    private func sharedOntology(of subject: EntityID, and object: EntityID) -> String? {
        func terms(_ concept: EntityID) -> [(pack: String, prefix: Substring)] {
            graph.members(of: concept).compactMap { member in
                guard IRIScheme.isOBOTerm(member.id), let colon = member.id.firstIndex(of: ":") else { return nil }
                return (member.pack, member.id[..<colon])
            }
        }
        let objects = terms(object)
        for term in terms(subject) where objects.contains(where: { $0.pack == term.pack && $0.prefix == term.prefix }) {
            return term.prefix == "HP" ? "the Human Phenotype Ontology" : "the \(term.prefix) ontology (\(term.pack))"
        }
        return nil
    }

    /// How many chains `how are X and Y related` shows.
    static let chainsShown = 10

    /// For "how common is X in Y": the frequencies the evidence states ("frequent (30–79%)",
    /// "3/4"), each once, or that it states none.
    private func howOften(_ derivations: [Derivation], finding: String, in condition: String) -> String {
        var frequencies: [String] = []
        for derivation in derivations {
            for assertion in derivation.qualifyingAssertions {
                guard let text = graph.qualifiers(of: assertion).frequency else { continue }
                let said = HPOFrequency.named(text)?.words ?? text
                if !frequencies.contains(said) { frequencies.append(said) }
            }
        }
        guard !frequencies.isEmpty else {
            return "how often: the loaded evidence that \(condition) has \(finding) states no frequency"
        }
        return "how often: " + frequencies.joined(separator: "; ") + " (as the evidence states it)"
    }

    func kindName(_ text: String) -> String? {
        let key = text.lowercased().replacingOccurrences(of: " ", with: "-")
        if graph.kind(named: key) != nil { return key }
        if key.hasSuffix("s"), graph.kind(named: String(key.dropLast())) != nil { return String(key.dropLast()) }
        return nil
    }

    /// The assertions that state absence (negated, or "in 0 of 9 patients") between two entities,
    /// either way round: what no walk follows, and what answers no.
    func statedAbsences(between first: EntityID, and second: EntityID) -> [AssertionID] {
        (graph.assertions(from: first) + graph.assertions(to: first)).filter { edge in
            let assertion = graph[edge]
            return graph.statesAbsence(edge) && (assertion.subject == first ? assertion.object : assertion.subject) == second
        }
    }

    /// A derivation as one line: each assertion with its negation, a zero frequency and its source.
    func describeFirst(_ derivation: Derivation) -> String {
        derivation.map { edge in
            let provenance = graph.provenance(of: edge)
            let locator = provenance.locator.map { " " + $0 } ?? ""
            // A frequency of zero is said: it is why the assertion answers no.
            let frequency = graph.statesAbsence(edge) && !graph.isNegated(edge)
                ? graph.qualifiers(of: edge).frequency.map { " (frequency \($0))" } ?? "" : ""
            return QualifierText.statement(of: edge, in: graph) + "\(frequency) [\(provenance.pack): \(provenance.source)\(locator)]"
        }.joined(separator: "; ")
    }

    private func relationNames(in path: PathExpression) -> [String] {
        switch path {
        case let .relation(name, _): [name]
        case .variable: []
        case let .inverse(inner), let .oneOrMore(inner), let .zeroOrMore(inner), let .optional(inner): relationNames(in: inner)
        case let .sequence(parts), let .alternation(parts): parts.flatMap(relationNames(in:))
        }
    }

    // MARK: How are X and Y related

    /// The shortest chains between two entities (walking relations either way), and those one step
    /// longer, at most ten and at most five steps long; shortest first. An assertion that states
    /// the two are not linked ("CHAND syndrome does not have symptom Motor delay", which no chain
    /// walks) is said in the message, with its source: the most direct thing known of them, and
    /// no chain (a script reading the rows reads links only).
    func answerRelated(_ first: Term, _ second: Term, text: String) throws(QueryError) -> QueryResult {
        let resolver = NameResolver(graph: graph)
        guard let start = try resolver.resolve(first), let end = try resolver.resolve(second) else {
            throw QueryError(.querySyntax, "how are X and Y related takes two names", at: first.span.union(second.span))
        }
        var result = QueryResult(query: text, form: "related", core: nil, columns: ["length", "chain"], rows: [])
        result.showsEvidenceByDefault = true
        let absent = start == end ? [] : statedAbsences(between: start, and: end).map { describeFirst(Derivation([$0], in: graph)) }
        let stated = absent.isEmpty ? nil : "the packs state that " + absent.joined(separator: "; ")
        let maxLength = 5
        let fromEnd = graph.reach(from: end, maxDepth: maxLength)
        guard start != end, let shortest = fromEnd.visit(start)?.depth else {
            result.message = start == end ? "\(graph[start].label) and \(graph[end].label) are one concept"
                : "no chain of at most \(maxLength) assertions links \(graph[start].label) and \(graph[end].label)"
                    + (stated.map { "; " + $0 } ?? "")
            return result
        }
        var chains: [[(step: RelationStep, entity: EntityID, assertion: AssertionID)]] = []
        var path: [(step: RelationStep, entity: EntityID, assertion: AssertionID)] = []
        var onPath: Set<EntityID> = [start]
        var budget = 200_000
        // The chains of each length in turn, the shortest first: the ten kept are never longer
        // ones found first while a shorter one waits (with the HPO, tremor and MS are linked by
        // many 3-step chains through diseases, and by the article's one of 2 steps).
        func search(_ node: EntityID, length: Int) {
            // One more than is shown: whether there are more is said.
            guard chains.count < 11, budget > 0, cancellation?.isCancelled != true else { return }
            if node == end {
                if path.count == length { chains.append(path) }
                return
            }
            let remaining = length - path.count
            for (step, next, assertion) in graph.allNeighbours(of: node) {
                budget -= 1
                guard let distance = fromEnd.visit(next)?.depth, distance < remaining, !onPath.contains(next) else { continue }
                path.append((step, next, assertion))
                onPath.insert(next)
                search(next, length: length)
                onPath.remove(next)
                path.removeLast()
            }
        }
        for length in shortest...min(shortest + 1, maxLength) { search(start, length: length) }
        // Ten chains, or a search cut short, may leave others out: said, not shown as all.
        var notes = stated.map { [$0] } ?? []
        if chains.count > Self.chainsShown {
            chains.removeLast(chains.count - Self.chainsShown)
            notes.append("the first \(Self.chainsShown) chains found, shortest first; more link \(graph[start].label) and \(graph[end].label)")
        } else if budget <= 0 {
            notes.append("the chains found before the search stopped (200,000 steps); others may link them")
        }
        if !notes.isEmpty { result.message = notes.joined(separator: "; ") }
        for chain in chains {
            let links = chain.map { (step: $0.step, assertion: $0.assertion) }
            result.rows.append(QueryResult.Row(
                values: [.integer(chain.count), .text(chainText(links, from: start))], derivations: [Derivation(chain.map(\.assertion), in: graph)]))
        }
        return result
    }

    // MARK: The vocabulary

    func answerList(_ request: ListRequest, text: String) throws(QueryError) -> QueryResult {
        switch request {
        case .kinds:
            var result = QueryResult(query: text, form: "kinds", core: nil, columns: ["kind", "parent", "pack", "description"], rows: [])
            result.rows = graph.kinds.map { kind in
                QueryResult.Row(values: [.text(kind.name), .text(kind.parent ?? ""), .text(kind.pack), .text(kind.description ?? "")],
                                derivations: [])
            }
            return result
        case .relations:
            var result = QueryResult(
                query: text, form: "relations", core: nil,
                columns: ["relation", "inverse", "properties", "ro", "biolink", "pack"], rows: [])
            result.rows = graph.relations.map { relation in
                let properties = [relation.isTransitive ? "transitive" : nil, relation.isSymmetric ? "symmetric" : nil]
                    .compactMap { $0 }.joined(separator: ", ")
                return QueryResult.Row(values: [
                    .text(relation.name), .text(relation.inverseName ?? ""), .text(properties),
                    .text(relation.relationOntologyID ?? ""), .text(relation.biolinkID ?? ""), .text(relation.pack),
                ], derivations: [])
            }
            return result
        case .schema:
            var result = QueryResult(query: text, form: "schema", core: nil, columns: ["item", "name", "details"], rows: [])
            for kind in graph.kinds {
                result.rows.append(QueryResult.Row(
                    values: [.text("kind"), .text(kind.name), .text(kind.parent.map { "a kind of " + $0 } ?? "")], derivations: []))
            }
            for relation in graph.relations {
                var details: [String] = []
                if let inverse = relation.inverseName { details.append("inverse " + inverse) }
                if relation.isTransitive { details.append("transitive") }
                if relation.isSymmetric { details.append("symmetric") }
                if !relation.domain.isEmpty || !relation.range.isEmpty {
                    details.append("from " + (relation.domain.isEmpty ? "any" : relation.domain.joined(separator: "|"))
                                   + " to " + (relation.range.isEmpty ? "any" : relation.range.joined(separator: "|")))
                }
                result.rows.append(QueryResult.Row(
                    values: [.text("relation"), .text(relation.name), .text(details.joined(separator: ", "))], derivations: []))
            }
            return result
        case let .entities(kind, matching, span):
            if let kind, graph.kind(named: kind) == nil {
                throw QueryError(.unknownKind, "unknown kind '\(kind)'", at: span,
                                 suggestions: Spelling.closest(to: kind, among: graph.kinds.map(\.name)))
            }
            let needle = matching.map { NameKey.exact($0) }
            var rows: [QueryResult.Row] = []
            for id in graph.entityIDs where kind.map({ graph.entity(id, isOfKind: $0) }) ?? true {
                if let needle {
                    let entity = graph[id]
                    guard ([entity.label, entity.id] + entity.synonyms).contains(where: { NameKey.exact($0).contains(needle) })
                    else { continue }
                }
                rows.append(QueryResult.Row(values: [.entity(id)], derivations: []))
            }
            var result = QueryResult(query: text, form: "entities", core: nil, columns: [kind ?? "entity"], rows: [])
            result.rows = sortedByValues(rows)
            return result
        }
    }

    // MARK: Modifiers

    /// Applies `where` filters (per derivation), `order by`, `limit` and `count` to a result.
    func apply(_ modifiers: Modifiers, to input: QueryResult, text: String) throws(QueryError) -> QueryResult {
        var result = input
        if !modifiers.filters.isEmpty {
            guard !["rank", "why", "related", "kinds", "relations", "schema", "entities"].contains(result.form), result.answer == nil else {
                throw QueryError(.queryFilter, "'where' filters apply to the answers of questions and patterns, not to \(result.form)",
                                 at: modifiers.filters[0].span)
            }
            for filter in modifiers.filters { try validate(filter) }
            result.rows = result.rows.compactMap { row in
                var kept = row
                kept.derivations = row.derivations.filter { derivation in
                    modifiers.filters.allSatisfy { passes(derivation, $0) }
                }
                return kept.derivations.isEmpty ? nil : kept
            }
        }
        if let order = modifiers.orderBy {
            let name = order.column.hasPrefix("?") ? String(order.column.dropFirst()) : order.column
            if let column = result.columns.firstIndex(where: { $0.lowercased() == name.lowercased() }) {
                let ordered = sorted(result.rows) { row in
                    row.values.indices.contains(column) ? [sortKey(row.values[column])] : [""]
                }
                result.rows = order.descending ? ordered.reversed() : ordered
            } else if name.lowercased() == RowFilter.Field.frequency.rawValue, result.answer == nil {
                result.rows = orderedByFrequency(result.rows, descending: order.descending)
                if !result.rows.isEmpty { result.notes.append("ordered by frequency" + (order.descending ? ", the most frequent first" : "")
                    + ", as far as the evidence supports it: 1 patient of 1 counts for less than 58 of 146, and rows that state none come last") }
            } else {
                let columns = result.columns + (result.answer == nil ? ["frequency"] : [])
                throw QueryError(.queryFilter, "no column '\(name)' to order by; the columns are " + columns.joined(separator: ", "),
                                 at: order.span, suggestions: Spelling.closest(to: name, among: columns))
            }
        }
        if let limit = modifiers.limit, result.rows.count > limit { result.rows = Array(result.rows.prefix(limit)) }
        if modifiers.count {
            // The rows the evaluation found, also those past the row limit: one row is printed.
            let found = result.rowsFound ?? result.rows.count
            let count = modifiers.limit.map { min($0, found) } ?? found
            if result.rowsFound != nil, !result.isCutShort {
                result.isPartial = false
                result.message = nil
            }
            result.columns = ["count"]
            result.rows = [QueryResult.Row(values: [.integer(count)], derivations: [])]
            result.subject = nil
            if !result.isPartial { result.message = nil }
            // A count of what a stopped evaluation found is not the count asked for.
            if result.isCutShort, let message = result.message {
                result.message = message + "; the count is only of the answers found before it stopped"
            }
        }
        result.query = text
        return result
    }

    /// Rows by how often their evidence says they occur (`order by frequency`): each row by the
    /// most frequent of its derivations, a derivation by the least frequent of the assertions it
    /// qualifies by (the middle of a range: "frequent (30–79%)" is 54.5%); rows whose evidence
    /// states no frequency last, in the order they came.
    func orderedByFrequency(_ rows: [QueryResult.Row], descending: Bool) -> [QueryResult.Row] {
        func percent(_ assertion: AssertionID) -> Double? {
            graph.qualifiers(of: assertion).frequency.flatMap(Self.supportedPercent)
        }
        // Each derivation's frequency, the highest first: rows are ordered by their best, then
        // (a tie) by their next best — a finding two databases annotate as very frequent before
        // one that one database does.
        let keyed = rows.enumerated().map { offset, row in
            let values = row.derivations.compactMap { derivation -> Double? in
                let values = derivation.qualifyingAssertions.map(percent)
                guard !values.isEmpty, !values.contains(where: { $0 == nil }) else { return nil }
                return values.compactMap { $0 }.min()
            }.sorted(by: >)
            return (offset: offset, values: values, row: row)
        }
        return keyed.sorted { left, right in
            switch (left.values.isEmpty, right.values.isEmpty) {
            case (false, true): return true
            case (true, false): return false
            case (true, true): return left.offset < right.offset
            case (false, false):
                if left.values == right.values { return left.offset < right.offset }
                let before = left.values.lexicographicallyPrecedes(right.values)
                return descending ? !before : before
            }
        }.map(\.row)
    }

    /// The assertions `where pack = …` / `where source = …` leave, and those `where negated` walks
    /// (what states absence, which every other question skips); nil when there are no such filters.
    func restriction(for filters: [RowFilter]) -> AssertionRestriction? {
        let provenance = filters.filter { $0.field == .pack || $0.field == .source }
        let absence = filters.contains { $0.field == .negated && ($0.value.lowercased() == "true") == ($0.comparison == "=") }
        guard !provenance.isEmpty || absence else { return nil }
        return AssertionRestriction(graph: graph, walksAbsence: absence) { record in
            provenance.allSatisfy { filter in
                let value = (filter.field == .pack ? record.pack : record.source).lowercased()
                let equal = value == filter.value.lowercased()
                return filter.comparison == "!=" ? !equal : equal
            }
        }
    }

    private func validate(_ filter: RowFilter) throws(QueryError) {
        switch filter.field {
        case .frequency:
            guard Self.filterPercent(filter.value) != nil else {
                throw QueryError(.queryFilter,
                    "expected a percentage from 0% to 100% after '\(filter.comparison)' (or a fraction from 0 to 1), e.g. frequency >= 50%",
                    at: filter.span)
            }
        case .certainty:
            guard Self.certaintyStrength(filter.value) != nil else {
                throw QueryError(.queryFilter, "expected a certainty: always, often, may or stated", at: filter.span,
                                 suggestions: Spelling.closest(to: filter.value, among: ["always", "often", "may", "stated"]))
            }
        case .negated:
            guard ["true", "false"].contains(filter.value.lowercased()), filter.comparison == "=" || filter.comparison == "!=" else {
                throw QueryError(.queryFilter, "use 'where negated' or 'where not negated'", at: filter.span)
            }
        case .severity, .onset, .context, .pack, .source:
            guard filter.comparison == "=" || filter.comparison == "!=" else {
                throw QueryError(.queryFilter, "\(filter.field.rawValue) compares with = or != only", at: filter.span)
            }
            // A pack or source that is not loaded would filter everything away without a word.
            let known = filter.field == .pack ? graph.packs
                : Array(Set(graph.provenanceTable.map(\.source).filter { !$0.isEmpty })).sorted()
            if filter.field == .pack || filter.field == .source,
               !known.contains(where: { $0.lowercased() == filter.value.lowercased() }) {
                throw QueryError(.queryFilter,
                    "no \(filter.field.rawValue) '\(filter.value)' is loaded; the \(filter.field.rawValue)s are " + known.joined(separator: ", "),
                    at: filter.span, suggestions: Spelling.closest(to: filter.value, among: known))
            }
        }
    }

    /// Whether one derivation passes a filter: certainty over the whole chain; pack and source when
    /// every assertion of the chain (`=`) or none (`!=`) comes from there; the other qualifiers on
    /// the assertion that reaches each clause's answer (``Derivation/qualifyingAssertions``),
    /// all of which must pass.
    private func passes(_ derivation: Derivation, _ filter: RowFilter) -> Bool {
        switch filter.field {
        case .frequency, .negated, .severity, .onset, .context:
            let qualifying = derivation.qualifyingAssertions
            return !qualifying.isEmpty && qualifying.allSatisfy { passes(derivation, filter, reaching: $0) }
        case .certainty, .pack, .source:
            guard let last = derivation.last else { return false }
            return passes(derivation, filter, reaching: last)
        }
    }

    /// ``passes(_:_:)`` with the qualifiers of `last`.
    private func passes(_ derivation: Derivation, _ filter: RowFilter, reaching last: AssertionID) -> Bool {
        let qualifiers = graph.qualifiers(of: last)
        func text(_ value: String?) -> Bool {
            let equal = value?.lowercased() == filter.value.lowercased()
            return filter.comparison == "=" ? equal : !equal
        }
        switch filter.field {
        case .frequency:
            guard let range = qualifiers.frequency.flatMap(Self.frequencyRange), let value = Self.filterPercent(filter.value) else { return false }
            return Self.compare(range, filter.comparison, value)
        case .certainty:
            let weakest = derivation.weakestCertainty
            let strength = weakest.flatMap { Self.certaintyStrength($0.rawValue) } ?? 3
            guard let wanted = Self.certaintyStrength(filter.value) else { return false }
            if filter.value.lowercased() == "stated" { return (weakest == nil) == (filter.comparison == "=") }
            return Self.compare(Double(strength)...Double(strength), filter.comparison, Double(wanted))
        case .negated:
            // Stated absent: negated, or seen in none of the patients (0/9), as walks read it.
            let wanted = filter.value.lowercased() == "true"
            return (graph.statesAbsence(last) == wanted) == (filter.comparison == "=")
        case .severity: return text(qualifiers.severity)
        case .onset: return text(qualifiers.onset)
        case .context: return text(qualifiers.context)
        case .pack, .source:
            let values = derivation.map { edge in
                let provenance = graph.provenance(of: edge)
                return (filter.field == .pack ? provenance.pack : provenance.source).lowercased()
            }
            let wanted = filter.value.lowercased()
            return filter.comparison == "=" ? values.allSatisfy { $0 == wanted } : !values.contains(wanted)
        }
    }

    private static func compare(_ range: ClosedRange<Double>, _ comparison: String, _ value: Double) -> Bool {
        switch comparison {
        case ">=": range.lowerBound >= value
        case ">": range.lowerBound > value
        case "<=": range.upperBound <= value
        case "<": range.upperBound < value
        case "!=": !range.contains(value)
        default: range.contains(value)
        }
    }

    /// The percentage a `where frequency` compares with: `x%` from 0 to 100, or a fraction from 0
    /// to 1 (`0.9` and `1` are 90% and 100%); `nil` for anything else (`-5%`, `101%`, `50`).
    static func filterPercent(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            guard let value = Double(trimmed.dropLast()), (0...100).contains(value) else { return nil }
            return value
        }
        guard let value = Double(trimmed), (0...1).contains(value) else { return nil }
        return value * 100
    }

    /// `50%`, `50` (a percentage) or `0.5` (a fraction), as a stored frequency is written.
    static func percent(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") { return Double(trimmed.dropLast()) }
        guard let value = Double(trimmed) else { return nil }
        return value < 1 && trimmed.contains(".") ? value * 100 : value
    }

    /// The percentages a frequency stands for: HPO frequency terms (HP:0040280–HP:0040285) by their
    /// ranges, `n/m` and `x%` exactly.
    static func frequencyRange(_ text: String) -> ClosedRange<Double>? {
        if let frequency = HPOFrequency.named(text) { return frequency.percent }
        let parts = text.split(separator: "/")
        if parts.count == 2, let numerator = Double(parts[0]), let denominator = Double(parts[1]), denominator > 0 {
            let value = numerator / denominator * 100
            return value...value
        }
        if let value = percent(text) { return value...value }
        return nil
    }

    /// The frequency that an annotation's evidence supports at the least, in percent, to order
    /// by: an HPO term's range from its lower end (very frequent: 80), a percentage as stated, and
    /// `n/m` patients by the lower end of its 95% Wilson score interval — a single case, 1/1 (21),
    /// counts for less than a cohort's 58/146 (32), and 3/3 (44) for less than "very frequent".
    /// `nil` for text of no known form.
    static func supportedPercent(_ text: String) -> Double? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let found = Double(parts[0]), let patients = Double(parts[1]), patients > 0, found <= patients else {
            return frequencyRange(text)?.lowerBound
        }
        let z = 1.96, share = found / patients
        let centre = share + z * z / (2 * patients)
        let spread = z * ((share * (1 - share) + z * z / (4 * patients)) / patients).squareRoot()
        return max(0, (centre - spread) / (1 + z * z / patients)) * 100
    }

    static func certaintyStrength(_ text: String) -> Int? {
        switch text.lowercased() {
        case "stated", "always": 3
        case "often": 2
        case "may": 1
        default: nil
        }
    }
}
