import SymptomGraph

/// The friendly questions on top of the core language, each a documented rewrite into a pattern.
///
/// | question | rewrite |
/// |---|---|
/// | `describe X`, `what is X` | `X ?relation ?entity` (plus the entity's card) |
/// | `symptoms of X` | `X has_symptom+ ?symptom` |
/// | `what triggers X`, `triggers of X` | `?trigger triggers X` |
/// | `what does X trigger` | `X triggers ?triggered` |
/// | `what causes X`, `causes of X` | `?cause (causes\|mechanism_of) X` |
/// | `effects of X`, `what does X cause` | `X (causes+\|exacerbates\|may_lead_to) ?effect` |
/// | `course of X` | `X has_course ?course` |
/// | `mechanism of X` | `X has_mechanism ?mechanism` |
/// | `advice for X` | `X has_advice ?advice` |
/// | `conditions with A, B, not C` | `?condition kind condition, ?condition has_symptom+/is_a* A, …, not ?condition has_symptom+/is_a* C` |
/// | `ancestors of X` | `X is_a+ ?ancestor` |
/// | `descendants of X` | `?descendant is_a+ X` |
/// | `why X -> Y` | the shortest chain of assertions from X to Y, either direction |
/// | `near X within N` | every entity at most N steps from X (N defaults to 1) |
/// | `rank A, B, not C [using resnik\|graphic] [from OMIM\|ORPHA\|DECIPHER] [top N]` | a differential: see ``PhenotypeRanker`` |
public enum QuestionForms {
    /// A simple `<words> X` form and the pattern it becomes.
    struct Simple {
        let keywords: [String]
        let form: String
        let variable: String
        let path: String
        /// `true`: `X path ?var`; `false`: `?var path X`.
        let subjectIsName: Bool
    }

    static let simpleForms: [Simple] = [
        Simple(keywords: ["symptoms", "of"], form: "symptoms", variable: "symptom", path: "has_symptom+", subjectIsName: true),
        Simple(keywords: ["what", "triggers"], form: "triggers", variable: "trigger", path: "triggers", subjectIsName: false),
        Simple(keywords: ["triggers", "of"], form: "triggers", variable: "trigger", path: "triggers", subjectIsName: false),
        Simple(keywords: ["what", "causes"], form: "causes", variable: "cause", path: "causes|mechanism_of", subjectIsName: false),
        Simple(keywords: ["causes", "of"], form: "causes", variable: "cause", path: "causes|mechanism_of", subjectIsName: false),
        Simple(keywords: ["effects", "of"], form: "effects", variable: "effect",
               path: "causes+|exacerbates|may_lead_to", subjectIsName: true),
        Simple(keywords: ["course", "of"], form: "course", variable: "course", path: "has_course", subjectIsName: true),
        Simple(keywords: ["mechanism", "of"], form: "mechanism", variable: "mechanism", path: "has_mechanism", subjectIsName: true),
        Simple(keywords: ["mechanisms", "of"], form: "mechanism", variable: "mechanism", path: "has_mechanism", subjectIsName: true),
        Simple(keywords: ["advice", "for"], form: "advice", variable: "advice", path: "has_advice", subjectIsName: true),
        Simple(keywords: ["ancestors", "of"], form: "ancestors", variable: "ancestor", path: "is_a+", subjectIsName: true),
        Simple(keywords: ["descendants", "of"], form: "descendants", variable: "descendant", path: "is_a+", subjectIsName: false),
    ]

    /// Parses a question form at the start of the query; `nil` when the query is a core pattern.
    static func parse(_ parser: inout QueryParser) throws(QueryError) -> Query? {
        for form in simpleForms where matches(form.keywords, parser) {
            let start = skip(form.keywords.count, &parser)
            let name = try readName(&parser, after: form.keywords.joined(separator: " "), from: start)
            try parser.expectEnd()
            let variable = Term.variable(form.variable, name.span)
            let path = try QueryParser.parsePath(form.path)
            let clause = form.subjectIsName ? Clause.triple(name, path, variable) : .triple(variable, path, name)
            return .pattern(Pattern(clauses: [clause]), Presentation(form: form.form))
        }
        if matches(["describe"], parser) || matches(["what", "is"], parser) || matches(["what", "are"], parser) {
            let count = parser.current.keyword == "describe" ? 1 : 2
            let start = skip(count, &parser)
            let name = try readName(&parser, after: "describe", from: start)
            try parser.expectEnd()
            let pattern = Pattern(clauses: [.triple(name, .variable("relation", name.span), .variable("entity", name.span))])
            return .describe(name, pattern)
        }
        if matches(["what", "does"], parser) {
            let start = skip(2, &parser)
            return try parseWhatDoes(&parser, from: start)
        }
        if matches(["conditions", "with"], parser) {
            let start = skip(2, &parser)
            return try parseConditionsWith(&parser, from: start)
        }
        if matches(["why"], parser) {
            let start = skip(1, &parser)
            let from = try readName(&parser, after: "why", from: start)
            guard parser.accept(.arrow) else {
                throw QueryError("expected '->' between the two names: why X -> Y", at: parser.current.span)
            }
            let to = try readName(&parser, after: "->", from: parser.current.span)
            try parser.expectEnd()
            return .why(from: from, to: to)
        }
        if matches(["rank"], parser) {
            let start = skip(1, &parser)
            return try parseRank(&parser, from: start)
        }
        if matches(["near"], parser) {
            let start = skip(1, &parser)
            let center = try readName(&parser, after: "near", from: start, stopWords: ["within"])
            var radius = 1
            if parser.accept(keyword: "within") {
                guard case let .word(text) = parser.current.kind, let value = Int(text), (1...10).contains(value) else {
                    throw QueryError("expected a number of steps from 1 to 10 after 'within'", at: parser.current.span)
                }
                _ = parser.advance()
                radius = value
            }
            try parser.expectEnd()
            return .near(center, radius: radius)
        }
        return nil
    }

    private static func parseWhatDoes(_ parser: inout QueryParser, from start: Span) throws(QueryError) -> Query {
        var words: [Token] = []
        while case .word = parser.current.kind {
            words.append(parser.advance())
        }
        try parser.expectEnd()
        guard let verb = words.last?.keyword, ["trigger", "cause"].contains(verb), words.count >= 2 else {
            throw QueryError("expected 'what does X trigger' or 'what does X cause'", at: words.last?.span ?? start)
        }
        let nameTokens = words.dropLast()
        let span = (nameTokens.first?.span ?? start).union(nameTokens.last?.span ?? start)
        let text = nameTokens.compactMap { if case let .word(w) = $0.kind { w } else { nil } }.joined(separator: " ")
        let name = Term.name(text, span)
        if verb == "trigger" {
            let path = try QueryParser.parsePath("triggers")
            return .pattern(Pattern(clauses: [.triple(name, path, .variable("triggered", span))]), Presentation(form: "triggered"))
        }
        let path = try QueryParser.parsePath("causes+|exacerbates|may_lead_to")
        return .pattern(Pattern(clauses: [.triple(name, path, .variable("effect", span))]), Presentation(form: "effects"))
    }

    private static func parseRank(_ parser: inout QueryParser, from start: Span) throws(QueryError) -> Query {
        let stops: Set<String> = ["using", "from", "top"]
        var request = RankRequest(findings: [], excluded: [], similarity: "resnik", database: "OMIM", limit: 10)
        repeat {
            if parser.current.keyword == "not" {
                let notSpan = parser.advance().span
                request.excluded.append(try readName(&parser, after: "not", from: notSpan, stopWords: stops))
            } else {
                request.findings.append(try readName(&parser, after: "rank", from: start, stopWords: stops))
            }
        } while parser.accept(.comma)
        while let keyword = parser.current.keyword, stops.contains(keyword) {
            _ = parser.advance()
            guard case let .word(value) = parser.current.kind else {
                throw QueryError("expected a value after '\(keyword)'", at: parser.current.span)
            }
            let span = parser.advance().span
            switch keyword {
            case "using":
                guard TermSimilarity(rawValue: value.lowercased()) != nil else {
                    throw QueryError("unknown similarity '\(value)'; use resnik or graphic", at: span,
                                     suggestions: Spelling.closest(to: value, among: TermSimilarity.allCases.map(\.rawValue)))
                }
                request.similarity = value.lowercased()
            case "from":
                request.database = value.uppercased() == "ORPHANET" ? "ORPHA" : value.uppercased()
            default:
                guard let limit = Int(value), (1...1000).contains(limit) else {
                    throw QueryError("expected a number from 1 to 1000 after 'top'", at: span)
                }
                request.limit = limit
            }
        }
        try parser.expectEnd()
        if request.findings.isEmpty { throw QueryError("rank needs at least one finding", at: start) }
        return .rank(request)
    }

    private static func parseConditionsWith(_ parser: inout QueryParser, from start: Span) throws(QueryError) -> Query {
        let condition = Term.variable("condition", start)
        var clauses: [Clause] = [.kind(condition, "condition", start)]
        let path = try QueryParser.parsePath("has_symptom+/is_a*")
        repeat {
            if parser.current.keyword == "not" {
                let notSpan = parser.advance().span
                let name = try readName(&parser, after: "not", from: notSpan)
                clauses.append(.not([.triple(condition, path, name)], notSpan.union(name.span)))
            } else {
                let name = try readName(&parser, after: "conditions with", from: start)
                clauses.append(.triple(condition, path, name))
            }
        } while parser.accept(.comma)
        try parser.expectEnd()
        return .pattern(Pattern(selection: ["condition"], clauses: clauses), Presentation(form: "conditions"))
    }

    private static func matches(_ keywords: [String], _ parser: QueryParser) -> Bool {
        for (offset, keyword) in keywords.enumerated() where parser.peek(offset).keyword != keyword { return false }
        // A form needs something after its keywords; `symptoms of` alone is an error handled by readName.
        return true
    }

    private static func skip(_ count: Int, _ parser: inout QueryParser) -> Span {
        var span = parser.current.span
        for _ in 0..<count { span = span.union(parser.advance().span) }
        return span
    }

    /// A name: one quoted string, or a run of words up to a comma, an arrow or a stop word.
    static func readName(
        _ parser: inout QueryParser, after keyword: String, from start: Span, stopWords: Set<String> = []
    ) throws(QueryError) -> Term {
        if case let .string(text) = parser.current.kind {
            return .name(text, parser.advance().span)
        }
        var words: [String] = []
        var span: Span?
        while case let .word(text) = parser.current.kind, !stopWords.contains(text.lowercased()) {
            words.append(text)
            let token = parser.advance()
            span = span?.union(token.span) ?? token.span
        }
        guard let span, !words.isEmpty else {
            if case .variable = parser.current.kind {
                throw QueryError("question forms take names; use the core pattern syntax for variables", at: parser.current.span)
            }
            throw QueryError("expected a name after '\(keyword)'", at: parser.current.span.start == 0 ? start : parser.current.span)
        }
        return .name(words.joined(separator: " "), span)
    }
}
