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
        let characters = Array(text)
        var result = try answer(String(characters[..<range.lowerBound]) + graph[entity].id + String(characters[range.upperBound...]))
        result.query = text
        return result
    }

    /// A question about a name of several concepts, answered for the readings of the name that
    /// answer it instead of refused: each concept is put in the name's place and asked about.
    /// - The name is one disease's in several databases ("Huntington disease": OMIM:143100 and
    ///   ORPHA:399, each entry with annotations of its own): the entries' answers together, every
    ///   row of each (one row where they agree, with the evidence of both), or the firmest verdict
    ///   (yes, then no); a question with `count`, `limit` or a filter takes the first entry's
    ///   (OMIM's, then Orphanet's, then the others by id).
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
            return !result.rows.isEmpty
        }
        var answering = readings.filter { answers($0.result) }
        func named(_ entity: EntityID) -> String { "\(graph[entity].id) (\(graph[entity].kind))" }
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
        guard var merged = answering.first?.result else {
            var answered = readings[0].result
            answered.notes.append(lead + "; neither answers this")
            return answered
        }
        var rowOfValues: [[QueryResult.Value]: Int] = [:]
        for (index, row) in merged.rows.enumerated() { rowOfValues[row.values] = index }
        for other in answering.dropFirst() {
            for row in other.result.rows {
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
        if merged.rows.count > limits.rows {
            merged.rowsFound = merged.rows.count
            merged.rows = Array(merged.rows.prefix(limits.rows))
            merged.message = rowLimitMessage
            merged.isPartial = true
        }
        merged.notes.append(lead + "; this answers for " + (answering.count == ranked.count ? "each" : answering.map { graph[$0.entity].id }.joined(separator: " and ")))
        return merged
    }

    /// A question about a finding that the packs do not answer, asked as people mean it, with a
    /// note that says how it was read:
    /// - "what causes tremor", where nothing says what causes it: what sets it off or leads to it,
    ///   else the conditions that have it;
    /// - "symptoms of SLE", a finding (the HPO's Systemic lupus erythematosus) that conditions
    ///   share the name of: the symptoms of those conditions (``answerReadings(of:in:text:)``).
    /// `nil` when neither applies or finds anything.
    func reread(_ pattern: Pattern, form: String, text: String) -> QueryResult? {
        guard pattern.clauses.count == 1, case let .triple(subject, _, object) = pattern.clauses[0] else { return nil }
        switch (form, subject, object) {
        case ("causes", .variable, .name(let name, let span)), ("triggers-and-causes", .variable, .name(let name, let span)):
            // What sets it off or leads to it first ("what causes Lhermitte's sign": neck movement).
            if form == "causes", let path = try? QueryParser.parsePath("triggers|may_result_from"),
               var answered = try? answerPattern(Pattern(selection: ["cause"], clauses: [.triple(subject, path, object)]), text: text, form: "triggers-and-causes"),
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
        case ("symptoms", .name(let name, let span), .variable):
            let characters = Array(text)
            // (Asked by its id or its label, the finding is what was meant: each reading of a
            // shared name is asked by id.)
            guard case let .unique(entity) = graph.resolve(name), !graph.entity(entity, isOfKind: "condition"),
                  name.caseInsensitiveCompare(graph[entity].id) != .orderedSame, NameKey.loose(name) != NameKey.loose(graph[entity].label),
                  case let .ambiguous(sharing) = graph.resolve(graph[entity].label),
                  sharing.contains(where: { graph.entity($0, isOfKind: "condition") }),
                  span.start >= 0, span.start < span.end, span.end <= characters.count, !graph[entity].label.contains("\"")
            else { return nil }
            let label = graph[entity].label
            let asked = String(characters[..<span.start]) + "\"" + label + "\"" + String(characters[span.end...])
            guard var answered = try? answer(asked), !answered.rows.isEmpty else { return nil }
            answered.query = text
            answered.notes.insert("'\(name)' is the finding \(label) (\(graph[entity].id)); this answers for the condition of that name", at: 0)
            return answered
        default:
            return nil
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
