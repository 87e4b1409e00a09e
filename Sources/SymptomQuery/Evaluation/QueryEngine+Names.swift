import SymptomGraph

/// How the engine reads names the packs share: a name of several concepts answered for the
/// readings that answer, a label that begins with an article, and the notes that point from a
/// finding to where more is found.
extension QueryEngine {
    /// Whether `text` names one entity or several.
    func namesSomething(_ text: String) -> Bool { if case .none = graph.resolve(text) { false } else { true } }

    /// The question asked again with the article before a name that failed put back, when the
    /// two name one concept (a label "My disease"): the name replaced by the concept's id, the
    /// question as written kept. `nil` when they do not.
    func answerKeepingArticle(_ error: QueryError, text: String) throws(QueryError) -> QueryResult? {
        let characters = Array(text)
        guard error.span.start >= 0, error.span.start < error.span.end, error.span.end <= characters.count else { return nil }
        let articles = QuestionForms.articles
        let spanned = String(characters[error.span.start..<error.span.end])
        var start = error.span.start, name = spanned
        if let first = spanned.split(separator: " ").first, articles.contains(first.lowercased()), spanned.contains(" ") {
            // The span holds the article (a yes/no question's name): the name is all of it.
        } else {
            // The article lies before the span ("symptoms of my disease").
            let trimmed = characters[..<error.span.start].reversed().drop { $0 == " " }
            let word = String(trimmed.prefix { $0 != " " && $0 != "\"" && $0 != "'" }.reversed())
            guard articles.contains(word.lowercased()) else { return nil }
            start = trimmed.count - word.count
            name = word + " " + spanned
        }
        guard case let .unique(entity) = graph.resolve(name) else { return nil }
        return try answer(text, naming: entity, at: start..<error.span.end)
    }

    /// `text` answered with the characters at `range` (a name) replaced by `entity`'s id, which
    /// names it alone; the answer keeps the question as written.
    func answer(_ text: String, naming entity: EntityID, at range: Range<Int>) throws(QueryError) -> QueryResult {
        try answer(text, writing: graph[entity].id, at: range)
    }

    /// `text` answered with the characters at `range` replaced by `replacement`; the answer keeps
    /// the question as written.
    func answer(_ text: String, writing replacement: String, at range: Range<Int>) throws(QueryError) -> QueryResult {
        let characters = Array(text)
        var result = try answer(String(characters[..<range.lowerBound]) + replacement + String(characters[range.upperBound...]))
        result.query = text
        return result
    }

    /// A question about a name of several concepts, answered for the readings of the name that
    /// answer it instead of refused: each concept is put in the name's place and asked about.
    /// - The name is one disease's in several databases ("Huntington disease": OMIM:143100 and
    ///   ORPHA:399, each entry with annotations of its own): the entries' answers together, every
    ///   row of each (one row where they agree, with the evidence of both), or the firmest verdict
    ///   (yes, then no); a question with `count`, `limit`, `order by` or a filter is asked of the
    ///   entries' rows together (a yes/no question with them takes the first entry's: OMIM's,
    ///   then Orphanet's, then the others by id). Also when the name is also a finding's that
    ///   does not answer ("Systemic lupus erythematosus").
    /// - Otherwise, when exactly one reading answers ("symptoms of alzheimer disease": the disease
    ///   OMIM:104300 has symptoms, the HPO finding of that name has none): that one.
    /// A note names the concepts. `nil` (the name stays ambiguous) when none of this holds, or
    /// the name names more than five concepts.
    func answerReadings(of error: QueryError, in query: Query, text: String) throws(QueryError) -> QueryResult? {
        let characters = Array(text)
        guard error.span.start < error.span.end, error.span.end <= characters.count else { return nil }
        var written = String(characters[error.span.start..<error.span.end])
        if written.count >= 2, let quote = written.first, quote == written.last, quote == "\"" || quote == "'" {
            written = String(written.dropFirst().dropLast())
        }
        // The span of a name takes in an article the name was read without ("the huntington disease").
        if let first = written.split(separator: " ").first, QuestionForms.articles.contains(first.lowercased()),
           case .none = graph.resolve(written) {
            written = String(written.dropFirst(first.count + 1))
        }
        guard case let .ambiguous(entities) = graph.resolve(written), (2...5).contains(entities.count) else { return nil }
        func database(_ entity: EntityID) -> String {
            let id = graph[entity].id
            return id.firstIndex(of: ":").map { String(id[..<$0]) } ?? ""
        }
        /// Whether entities are one disease's entries in several databases.
        func areOneDisease(_ entities: [EntityID]) -> Bool {
            guard let first = entities.first else { return false }
            let key = NameKey.exact(graph[first].label)
            return entities.count >= 2 && Set(entities.map(database)).count == entities.count && entities.allSatisfy {
                graph.entity($0, isOfKind: "condition") && NameKey.exact(graph[$0].label) == key && !database($0).isEmpty
            }
        }
        var oneDisease = areOneDisease(entities)
        let order = ["OMIM", "ORPHA", "DECIPHER"]
        var ranked = entities.sorted { left, right in
            let (a, b) = (order.firstIndex(of: database(left)) ?? order.count, order.firstIndex(of: database(right)) ?? order.count)
            return a != b ? a < b : graph[left].id < graph[right].id
        }
        func reading(_ entity: EntityID) throws(QueryError) -> QueryResult {
            try answer(text, naming: entity, at: error.span.start..<error.span.end)
        }
        // The first reading's errors are the question's (another of its names is unknown); the
        // others' are readings that do not fit it.
        var readings = [(entity: ranked[0], result: try reading(ranked[0]))]
        for entity in ranked.dropFirst() {
            if let result = try? reading(entity) { readings.append((entity, result)) }
        }
        func answers(_ result: QueryResult) -> Bool {
            if let verdict = result.answer { return !["not known", "none"].contains(verdict) }
            return !result.findsNothing
        }
        var answering = readings.filter { answers($0.result) }
        func named(_ entity: EntityID) -> String { "\(graph[entity].id) (\(graph[entity].kind))" }
        // `is X a disease`, X the name of diseases and of a finding ("Systemic lupus
        // erythematosus"): yes, the name names one; the note says which, and what else.
        if case let .ask(request) = query, request.kind != nil,
           let yes = readings.first(where: { $0.result.answer == "yes" }) {
            var answered = yes.result
            let of = readings.filter { $0.result.answer == "yes" }.map(\.entity)
            let others = ranked.filter { !of.contains($0) }
            answered.notes.append("'\(written)' names \(ranked.count) concepts: " + of.map(named).joined(separator: ", ")
                + (others.isEmpty ? "" : "; also " + others.map(named).joined(separator: ", ")))
            return answered
        }
        // The readings that answer are one disease's entries, and the others are not
        // ("Systemic lupus erythematosus": OMIM's and Orphanet's disease, and the HPO's finding,
        // which has no symptoms): the entries' answers, as for a name of one disease alone.
        var leftOut: [EntityID] = []
        if !oneDisease, areOneDisease(answering.map(\.entity)) {
            leftOut = ranked.filter { entity in !answering.contains { $0.entity == entity } }
            ranked = answering.map(\.entity)
            readings = answering
            oneDisease = true
        }
        answering = readings.filter { answers($0.result) }
        guard oneDisease else {
            guard answering.count == 1, var answered = answering.first?.result, let entity = answering.first?.entity else { return nil }
            let others = ranked.filter { $0 != entity }.map(named)
            answered.notes.append("'\(written)' names \(ranked.count) concepts; only \(named(entity)) answers this "
                + "(the other\(others.count == 1 ? "" : "s"): \(others.joined(separator: ", ")))")
            return answered
        }
        let entries = ranked.map { graph[$0].id }.joined(separator: ", ")
        let lead = "'\(written)' is the name of an entry in \(ranked.count) databases (\(entries))"
            + (leftOut.isEmpty ? "" : " and of " + leftOut.map(named).joined(separator: ", ") + ", which does not answer this")
        var modified = false
        if case .modified = query { modified = true }
        // Rows merged from every entry, then counted, filtered, sorted or cut as asked ("most
        // common symptoms of huntington disease": Orphanet's entry states the frequencies).
        if case let .modified(inner, modifiers) = query, let answered = try answerMerged(
            inner, modifiers: modifiers, entries: ranked, span: error.span, text: text, lead: lead) {
            return answered
        }
        // Yes before no before the rest (a table: the first entry's, in the order above).
        func firmness(_ result: QueryResult) -> Int { ["yes", "no"].firstIndex(of: result.answer ?? "") ?? 2 }
        if let best = answering.min(by: { firmness($0.result) < firmness($1.result) }),
           best.result.answer != nil || modified || answering.count == 1
            || !answering.allSatisfy({ $0.result.columns == best.result.columns && !$0.result.isPartial }) {
            // One answer stands: a verdict, a count, or the only entry that answers.
            var answered = best.result
            guard !modified else {
                let others = ranked.filter { $0 != best.entity }.map { graph[$0].id }
                answered.notes.append(lead + "; this is \(graph[best.entity].id)'s answer (ask with an id for the other"
                    + (others.count == 1 ? "" : "s") + ": " + others.joined(separator: ", ") + ")")
                return answered
            }
            let others = readings.filter { $0.entity != best.entity }.map { reading in
                let count = reading.result.rows.count
                return graph[reading.entity].id + ": " + (reading.result.answer ?? (count == 0 ? "no answers" : "\(count) answer\(count == 1 ? "" : "s")"))
            }
            answered.notes.append(lead + "; this is \(graph[best.entity].id)'s answer"
                + (others.isEmpty ? "" : " (" + others.joined(separator: "; ") + ")"))
            return answered
        }
        guard answering.first != nil else {
            var answered = readings[0].result
            answered.notes.append(lead + "; neither answers this")
            return answered
        }
        var merged = merging(answering.map(\.result))
        merged.notes.append(lead + "; this answers for " + (answering.count == ranked.count ? "each" : answering.map { graph[$0.entity].id }.joined(separator: " and ")))
        return merged
    }

    /// A question with modifiers about one disease's entries, its unmodified question answered
    /// for each entry, the rows merged, then the modifiers applied; `nil` for a yes/no question,
    /// or when no entry answers, or their answers do not merge (different columns, partial).
    private func answerMerged(
        _ inner: Query, modifiers: Modifiers, entries: [EntityID], span: Span, text: String, lead: String
    ) throws(QueryError) -> QueryResult? {
        if case .ask = inner { return nil }
        var restricted = self
        restricted.restriction = restriction(for: modifiers.filters)
        let answers = entries.compactMap { entity -> QueryResult? in
            guard let asked = Self.replacingName(in: inner, at: span, with: graph[entity].id),
                  let answer = try? restricted.answer(asked, text: text), !answer.rows.isEmpty else { return nil }
            return answer
        }
        guard let first = answers.first, answers.allSatisfy({ $0.columns == first.columns && !$0.isPartial && $0.answer == nil }) else {
            return nil
        }
        var answered = try apply(modifiers, to: merging(answers), text: text)
        answered.notes.append(lead + "; this answers for " + (answers.count == entries.count ? "each" : "those that answer"))
        return answered
    }

    /// `query` with the name written at `span` replaced by `id`; `nil` when no name lies there.
    static func replacingName(in query: Query, at span: Span, with id: String) -> Query? {
        var found = false
        func replaced(_ term: Term) -> Term {
            guard case let .name(_, at) = term, at == span else { return term }
            found = true
            return .name(id, at)
        }
        func replaced(_ clauses: [Clause]) -> [Clause] {
            clauses.map { clause in
                switch clause {
                case let .triple(subject, path, object): .triple(replaced(subject), path, replaced(object))
                case let .kind(term, kind, at): .kind(replaced(term), kind, at)
                case let .not(inner, at): .not(replaced(inner), at)
                }
            }
        }
        let result: Query
        switch query {
        case let .pattern(pattern, presentation):
            result = .pattern(Pattern(selection: pattern.selection, clauses: replaced(pattern.clauses)), presentation)
        case let .modified(inner, modifiers):
            guard let rewritten = replacingName(in: inner, at: span, with: id) else { return nil }
            return .modified(rewritten, modifiers)
        default:
            return nil
        }
        return found ? result : nil
    }

    /// The rows of several answers as one: a row that several give once, with the evidence of
    /// each (up to a row's limit of derivations), sorted; cut at the row limit.
    private func merging(_ answers: [QueryResult]) -> QueryResult {
        guard var merged = answers.first else { return QueryResult(query: "", form: "", core: nil, columns: [], rows: []) }
        var rowOfValues: [[QueryResult.Value]: Int] = [:]
        for (index, row) in merged.rows.enumerated() { rowOfValues[row.values] = index }
        for other in answers.dropFirst() {
            for row in other.rows {
                guard let index = rowOfValues[row.values] else {
                    rowOfValues[row.values] = merged.rows.count
                    merged.rows.append(row)
                    continue
                }
                for derivation in row.derivations where merged.rows[index].derivations.count < PatternEvaluator.derivationsPerRow
                    && !merged.rows[index].derivations.contains(derivation) {
                    merged.rows[index].derivations.append(derivation)
                }
            }
        }
        merged.rows = sortedByValues(merged.rows)
        // `how are X and Y related` shows as many chains for several entries as for one.
        if merged.form == "related", merged.rows.count > Self.chainsShown {
            merged.rows = Array(merged.rows.prefix(Self.chainsShown))
            merged.message = merged.message ?? "the first \(Self.chainsShown) chains found, shortest first; more link them"
        }
        if merged.rows.count > limits.rows {
            merged.rowsFound = merged.rows.count
            merged.rows = Array(merged.rows.prefix(limits.rows))
            merged.message = rowLimitMessage
            merged.isPartial = true
        }
        return merged
    }

    /// "what causes tremor", where nothing says what causes it, asked as people mean it: what
    /// sets it off or leads to it, else the conditions that have it, with a note that says so.
    /// `nil` when that finds nothing either.
    func answerWhatCauses(_ pattern: Pattern, form: String, text: String) -> QueryResult? {
        guard ["causes", "triggers-and-causes"].contains(form), pattern.clauses.count == 1,
              case let .triple(subject, _, object) = pattern.clauses[0], case .variable = subject, case let .name(name, span) = object
        else { return nil }
        // What sets it off or leads to it first ("what causes Lhermitte's sign": neck movement).
        if form == "causes", let path = try? QueryParser.parsePath("triggers|may_result_from"),
           var answered = try? answerPattern(Pattern(selection: ["cause"], clauses: [.triple(subject, path, object)]),
                                             text: text, form: "triggers-and-causes"),
           !answered.rows.isEmpty {
            answered.notes.append("nothing in the loaded packs says what causes \(name); these set it off or lead to it "
                + "(what makes \(name) happen)")
            return answered
        }
        guard case let .pattern(conditions, _)? = try? QuestionForms.conditions(having: [object], at: span),
              var answered = try? answerPattern(try partsOnlyForConditions(conditions), text: text, form: "conditions"),
              !answered.rows.isEmpty else { return nil }
        answered.notes.append("nothing in the loaded packs says what causes \(name); these are the conditions that have it "
            + "(conditions with \(name))")
        return answered
    }

    /// A question the packs leave unanswered (no rows, a count of none, "not known" or "no") that
    /// names a finding by a synonym (the HPO's "SLE") whose label conditions share ("Systemic lupus
    /// erythematosus": OMIM's and Orphanet's disease): asked again with the label, which names
    /// them all and is answered for the readings that answer (``answerReadings(of:in:text:)``),
    /// with a note. `nil` when no name is such a synonym, or the label answers no better.
    func answerSharingName(_ query: Query, unanswered result: QueryResult, text: String) -> QueryResult? {
        func unanswered(_ result: QueryResult) -> Bool {
            if result.isPartial { return false }
            if let answer = result.answer { return ["not known", "no"].contains(answer) }
            return result.findsNothing
        }
        guard unanswered(result) else { return nil }
        let length = text.count
        for case let .name(name, span) in Self.nameTerms(of: query) {
            guard case let .unique(entity) = graph.resolve(name), !graph.entity(entity, isOfKind: "condition"),
                  name.caseInsensitiveCompare(graph[entity].id) != .orderedSame, NameKey.loose(name) != NameKey.loose(graph[entity].label),
                  case let .ambiguous(sharing) = graph.resolve(graph[entity].label),
                  sharing.contains(where: { graph.entity($0, isOfKind: "condition") }),
                  span.start >= 0, span.start < span.end, span.end <= length, !graph[entity].label.contains("\"")
            else { continue }
            let label = graph[entity].label
            guard var answered = try? answer(text, writing: "\"" + label + "\"", at: span.start..<span.end), !unanswered(answered)
            else { continue }
            answered.notes.insert("'\(name)' names the finding \(label) (\(graph[entity].id)); read as the name it shares with conditions", at: 0)
            return answered
        }
        return nil
    }

    /// The names a question's clauses hold, in order (not those of a description or a ranking,
    /// which answer for what a name names).
    static func nameTerms(of query: Query) -> [Term] {
        func terms(_ clauses: [Clause]) -> [Term] {
            clauses.flatMap { clause -> [Term] in
                switch clause {
                case let .triple(subject, _, object): [subject, object]
                case let .kind(term, _, _): [term]
                case let .not(inner, _): terms(inner)
                }
            }
        }
        switch query {
        case let .pattern(pattern, _): return terms(pattern.clauses).filter { if case .name = $0 { true } else { false } }
        case let .ask(request): return [request.subject, request.object].filter { if case .name = $0 { true } else { false } }
        case let .modified(inner, _): return nameTerms(of: inner)
        default: return []
        }
    }

    /// For `conditions with X` that finds none, X one finding: the conditions whose symptoms X
    /// may follow from (an effect, as altered gait, which MS spasms may lead to), and where to look.
    func effectHint(_ pattern: Pattern) -> String {
        guard pattern.clauses.count == 2, case let .triple(_, _, finding) = pattern.clauses[1], case let .name(name, span) = finding,
              let path = try? QueryParser.parsePath("has_symptom?/(causes+|may_lead_to|triggers)") else { return "" }
        let condition = Term.variable("condition", span)
        let leading = Pattern(selection: ["condition"], clauses: [.kind(condition, "condition", span), .triple(condition, path, finding)])
        guard let answered = try? answerPattern(try partsOnlyForConditions(leading), text: "", form: "conditions"),
              !answered.rows.isEmpty else { return "" }
        let labels = answered.rows.compactMap { row -> String? in
            if case let .entity(entity)? = row.values.first { graph[entity].label } else { nil }
        }
        guard let first = labels.first else { return "" }
        let count = labels.count
        return "; no condition has \(name) as a symptom, but it may follow from the symptoms of \(count) condition\(count == 1 ? "" : "s"): "
            + labels.prefix(3).joined(separator: ", ") + (count > 3 ? ", …" : "") + " (effects of \(first.lowercased()))"
    }

    /// For `conditions with X`, X one finding that a pack maps to another concept only loosely (a
    /// close or broad match, which never merges the two): how many conditions that concept has,
    /// and how to ask, when it has more ("conditions with spasms" finds the article's MS spasms,
    /// one condition; the HPO's broader Muscle spasm has hundreds).
    func mappedConditionsHint(_ pattern: Pattern, found: Int) -> String? {
        let findings = pattern.clauses.compactMap { clause -> Term? in
            if case let .triple(_, _, object) = clause, case .name = object { object } else { nil }
        }
        guard findings.count == 1, case let .name(name, span) = findings[0], case let .unique(entity) = graph.resolve(name) else {
            return nil
        }
        for mapping in graph[entity].mappings where [.close, .broad].contains(mapping.predicate) {
            guard let target = graph.entityID(for: mapping.target), target != entity,
                  let count = conditionCount(having: .name(mapping.target, span)), count > found else { continue }
            return "'\(name)' is \(graph[entity].label) (\(graph[entity].id)); "
                + (mapping.predicate == .broad ? "the broader " : "its close match ")
                + "\(graph[target].label) (\(mapping.target)) has \(count) condition\(count == 1 ? "" : "s"): conditions with \(mapping.target)"
        }
        return nil
    }

    /// How many conditions have `finding` (as `conditions with` finds them); `nil` when the
    /// question fails.
    func conditionCount(having finding: Term) -> Int? {
        guard case let .pattern(pattern, _)? = try? QuestionForms.conditions(having: [finding], at: finding.span),
              let answered = try? answerPattern(try partsOnlyForConditions(pattern), text: "", form: "conditions") else { return nil }
        return answered.rows.count
    }
}
