import SymptomGraph

/// Parses one query: a question form (see ``QuestionForms``) or a core pattern.
///
/// Core grammar:
/// ```text
/// pattern := ["select" var+ "where"] clause (("," | "and") clause)*
/// clause  := "not" clause | "not" "(" pattern ")" | term "kind" WORD | term path term
/// term    := VAR | NAME
/// path    := seq ("|" seq)*
/// seq     := unary ("/" unary)*
/// unary   := "^" unary | primary ("+" | "*" | "?")*
/// primary := RELATION | VAR | "(" path ")"
/// ```
/// What a parse noted of how it read names, for the answer to say (``QueryParser/remarks``).
public final class ParseRemarks {
    /// The notes, each once, in the order made.
    public private(set) var notes: [String] = []

    public init() {}

    func note(_ text: String) { if !notes.contains(text) { notes.append(text) } }
}

public struct QueryParser {
    /// Whether `text` reads as exactly one word of the language (what a value put into a
    /// query's text, such as `symkb rank --from`, must be, so that nothing in it reads as more of
    /// the query).
    public static func isOneWord(_ text: String) -> Bool {
        guard let tokens = try? Lexer.tokenize(text), tokens.count == 2, case .word = tokens[0].kind else { return false }
        return true
    }

    var tokens: [Token]
    var index = 0
    /// How deeply `(`, `^`, `not` and `+ * ?` are nested at the current token.
    private var depth = 0
    /// The deepest nesting a query may have (SQLite's parser has a similar limit): deeper input is
    /// refused with an error instead of exhausting the stack.
    public static let maxNesting = 100
    /// The longest query read, in UTF-8 bytes: a runaway line (a file's worth of text) is refused
    /// at once instead of being tokenised and looked up as one name for seconds.
    public static let maxLength = 20_000

    /// The one entity a text names in the graph the query will ask, when the parser is told
    /// (``parse(_:entityNamed:)``): a list of names then keeps an "and" that lies inside a name
    /// ("conditions with pins and needles feeling, tremor") instead of splitting there.
    let entityNamed: ((String) -> EntityID?)?
    /// Where a parse told the graph's name lookup files what the answer should say of how it read
    /// the names: "nausea and vomiting", two findings here, is also one concept's name.
    let remarks: ParseRemarks?

    init(tokens: [Token], entityNamed: ((String) -> EntityID?)? = nil, remarks: ParseRemarks? = nil) {
        self.tokens = tokens
        self.entityNamed = entityNamed
        self.remarks = remarks
    }

    /// Parses a query line; `entityNamed`, when given, finds the one entity a text names (see
    /// ``entityNamed``): without it, "and" in a list of names always separates them. `remarks`
    /// collects what the answer should note of how names were read.
    public static func parse(
        _ text: String, entityNamed: ((String) -> EntityID?)? = nil, remarks: ParseRemarks? = nil
    ) throws(QueryError) -> Query {
        if text.utf8.count > maxLength {
            // At the first character that does not fit (counted in characters, as spans are).
            let fitting = text.utf8.prefix(maxLength).count
            let start = String(decoding: text.utf8.prefix(fitting), as: UTF8.self).count
            throw QueryError(.queryTooLong, "the query is \(text.utf8.count) bytes long; at most \(maxLength) are read", at: Span(start, start + 1))
        }
        var tokens = try Lexer.tokenize(text)
        // A question may end with a question mark: "what triggers Lhermitte's sign?"
        while tokens.count >= 2, tokens[tokens.count - 2].kind == .question { tokens.remove(at: tokens.count - 2) }
        if tokens.first?.kind == .end { throw QueryError(.querySyntax, "empty query", at: Span(0, 0)) }
        let modifiers = try extractModifiers(&tokens)
        if tokens.first?.kind == .end { throw QueryError(.querySyntax, "expected a query before the filters", at: Span(0, text.count)) }
        let query = try parseUnmodified(tokens, entityNamed: entityNamed, remarks: remarks)
        // Postfix operators after closing brackets nest too: measure the finished paths.
        if case let .pattern(pattern, _) = query, let deepest = pattern.clauses.map(Self.nesting).max(),
           deepest > maxNesting {
            throw QueryError(.queryTooDeep, "the query nests deeper than \(maxNesting) levels", at: Span(0, text.count))
        }
        return modifiers == Modifiers() ? query : .modified(query, modifiers)
    }

    /// How deeply a clause's paths and `not`s nest (at most about 100 × 100 after the parser's checks).
    static func nesting(_ clause: Clause) -> Int {
        switch clause {
        case let .triple(_, path, _): nesting(path)
        case .kind: 0
        case let .not(inner, _): 1 + (inner.map(nesting).max() ?? 0)
        }
    }

    static func nesting(_ path: PathExpression) -> Int {
        switch path {
        case .relation, .variable: 0
        case let .inverse(inner), let .oneOrMore(inner), let .zeroOrMore(inner), let .optional(inner): 1 + nesting(inner)
        case let .sequence(parts), let .alternation(parts): 1 + (parts.map(nesting).max() ?? 0)
        }
    }

    private static func parseUnmodified(
        _ tokens: [Token], entityNamed: ((String) -> EntityID?)?, remarks: ParseRemarks?
    ) throws(QueryError) -> Query {
        var tokens = QuestionForms.expandingContractions(tokens)
        // "does ms cause paralysis or not": the tail adds nothing to a yes/no question.
        if tokens.count > 4, QuestionForms.questionWords.contains(tokens[0].keyword ?? ""),
           tokens[tokens.count - 3].keyword == "or", tokens[tokens.count - 2].keyword == "not" {
            tokens.removeSubrange((tokens.count - 3)..<(tokens.count - 1))
        }
        // "what are (the) ms symptoms": the words after the lead-in are `ms symptoms`.
        if let symptoms = try QuestionForms.symptomsSuffix(afterLeadIn: tokens) { return symptoms }
        var parser = QueryParser(tokens: tokens, entityNamed: entityNamed, remarks: remarks)
        if let question = try QuestionForms.parse(&parser) { return question }
        if let symptoms = try QuestionForms.symptomsSuffix(tokens) { return symptoms }
        do {
            let pattern = try parser.parsePattern()
            try parser.expectEnd()
            return .pattern(pattern, Presentation(form: "pattern"))
        } catch {
            // Plain words that are no form: "ms symptoms", an unknown question (say so), or a name
            // ("pain", "neck movement"), which describes it.
            if let query = try QuestionForms.fallback(tokens) { return query }
            throw error
        }
    }

    // MARK: Modifiers

    /// Takes `count …` / `how many …` / `number of …` off the front and `where …`, `order by …`, `limit N` off the end.
    static func extractModifiers(_ tokens: inout [Token]) throws(QueryError) -> Modifiers {
        var modifiers = Modifiers()
        func keyword(_ index: Int) -> String? { index >= 0 && index < tokens.count ? tokens[index].keyword : nil }
        if keyword(0) == "count", tokens.count > 2 {
            modifiers.count = true
            tokens.removeFirst()
        } else if (keyword(0) == "how" && keyword(1) == "many") || (keyword(0) == "number" && keyword(1) == "of"), tokens.count > 3 {
            modifiers.count = true
            tokens.removeFirst(2)
        }
        // "most common symptoms of ms", "what are the main signs of x": the symptoms, the most
        // frequent first, ten of them unless a limit is given.
        var mostCommon = false
        if let noun = tokens.prefix(8).firstIndex(where: { ["symptoms", "symptom", "signs", "features", "findings"].contains($0.keyword ?? "") }),
           noun > 0 {
            var first = noun
            if ["common", "commonest", "main", "usual", "typical", "frequent"].contains(keyword(noun - 1) ?? "") {
                first = noun - 1
                if ["most", "more"].contains(keyword(noun - 2) ?? "") { first = noun - 2 }
            }
            if first < noun {
                mostCommon = true
                tokens.removeSubrange(first..<noun)
            }
        }
        let end = tokens.removeLast()
        defer { tokens.append(Token(kind: .end, span: end.span)) }
        // Modifiers may come in any order: take off whichever starts last, until none is left.
        let fields = Set(RowFilter.Field.allCases.map(\.rawValue))
        // Taken from the end: a second occurrence is the one met first, so report it there.
        var taken: [String: Span] = [:]
        func once(_ name: String, at span: Span) throws(QueryError) {
            if let later = taken[name] { throw QueryError(.querySyntax, "'\(name)' is given twice", at: later) }
            taken[name] = span
        }
        while true {
            let limitAt = tokens.count >= 3 && keyword(tokens.count - 2) == "limit" ? tokens.count - 2 : nil
            let orderAt = tokens.indices.last { keyword($0) == "order" && keyword($0 + 1) == "by" && $0 > 0 }
            // `where FIELD …`, or `where WORD <comparison>` (a misspelt field, reported with a suggestion).
            let whereAt = tokens.indices.last { index in
                guard keyword(index) == "where", index > 0 else { return false }
                if fields.contains(keyword(index + 1) ?? "") || (keyword(index + 1) == "not" && keyword(index + 2) == "negated") { return true }
                if index + 2 < tokens.count, case .word = tokens[index + 1].kind, case .comparison = tokens[index + 2].kind { return true }
                return false
            }
            guard let start = [limitAt, orderAt, whereAt].compactMap({ $0 }).max() else { break }
            if start == limitAt {
                guard case let .word(text) = tokens[tokens.count - 1].kind, let limit = Int(text), limit >= 0 else {
                    throw QueryError(.querySyntax, "expected a number after 'limit'", at: tokens[tokens.count - 1].span)
                }
                try once("limit", at: tokens[start].span)
                modifiers.limit = limit
                tokens.removeLast(2)
                continue
            }
            if start == orderAt {
                let order = start
                try once("order by", at: tokens[order].span)
                var rest = Array(tokens[(order + 2)...])
                var descending = false
                if let last = rest.last?.keyword, last == "desc" || last == "asc" || last == "descending" || last == "ascending" {
                    descending = last.hasPrefix("desc")
                    rest.removeLast()
                }
                guard rest.count == 1 else {
                    throw QueryError(.querySyntax, "expected one column after 'order by', e.g. order by condition desc",
                                     at: tokens[order].span.union(tokens[tokens.count - 1].span))
                }
                let column: String
                switch rest[0].kind {
                case let .variable(name): column = name
                case let .word(name), let .string(name): column = name
                default: throw QueryError(.querySyntax, "expected a column after 'order by'", at: rest[0].span)
                }
                modifiers.orderBy = (column, descending, rest[0].span)
                tokens.removeLast(tokens.count - order)
                continue
            }
            do {
                try once("where", at: tokens[start].span)
                var index = start + 1
                while index < tokens.count {
                    let fieldToken = tokens[index]
                    if keyword(index) == "not", keyword(index + 1) == "negated" {
                        modifiers.filters.append(RowFilter(field: .negated, comparison: "=", value: "false",
                                                           span: fieldToken.span.union(tokens[index + 1].span)))
                        index += 2
                    } else if let name = keyword(index), let field = RowFilter.Field(rawValue: name) {
                        index += 1
                        if field == .negated, index == tokens.count || keyword(index) == "and" {
                            modifiers.filters.append(RowFilter(field: .negated, comparison: "=", value: "true", span: fieldToken.span))
                        } else {
                            guard index < tokens.count, case let .comparison(symbol) = tokens[index].kind else {
                                throw QueryError(.querySyntax, "expected a comparison (=, !=, <, <=, >, >=) after '\(name)'",
                                                 at: index < tokens.count ? tokens[index].span : fieldToken.span)
                            }
                            index += 1
                            var words: [String] = []
                            var span = fieldToken.span
                            while index < tokens.count, keyword(index) != "and" {
                                switch tokens[index].kind {
                                case let .word(text), let .string(text): words.append(text)
                                default: throw QueryError(.querySyntax, "unexpected \(tokens[index].describe) in a filter", at: tokens[index].span)
                                }
                                span = span.union(tokens[index].span)
                                index += 1
                            }
                            guard !words.isEmpty else { throw QueryError(.querySyntax, "expected a value after '\(symbol)'", at: span) }
                            modifiers.filters.append(RowFilter(field: field, comparison: symbol, value: words.joined(separator: " "), span: span))
                        }
                    } else {
                        throw QueryError(
                            .queryFilter, "expected a filter: " + RowFilter.Field.allCases.map(\.rawValue).joined(separator: ", ") + " or 'not negated'",
                            at: fieldToken.span,
                            suggestions: Spelling.closest(to: fieldToken.keyword ?? "", among: RowFilter.Field.allCases.map(\.rawValue)))
                    }
                    if index < tokens.count {
                        guard keyword(index) == "and" else { throw QueryError(.querySyntax, "expected 'and' between filters", at: tokens[index].span) }
                        index += 1
                    }
                }
                tokens.removeLast(tokens.count - start)
            }
        }
        if mostCommon {
            if modifiers.orderBy == nil { modifiers.orderBy = (RowFilter.Field.frequency.rawValue, true, end.span) }
            if modifiers.limit == nil { modifiers.limit = 10 }
        }
        return modifiers
    }

    /// Parses a path on its own (used by question forms to build their rewrites).
    static func parsePath(_ text: String) throws(QueryError) -> PathExpression {
        var parser = QueryParser(tokens: try Lexer.tokenize(text))
        let path = try parser.parsePath()
        try parser.expectEnd()
        return path
    }

    // MARK: Token access

    var current: Token { tokens[min(index, tokens.count - 1)] }

    func peek(_ offset: Int = 1) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    mutating func accept(keyword: String) -> Bool {
        if current.keyword == keyword {
            _ = advance()
            return true
        }
        return false
    }

    mutating func accept(_ kind: Token.Kind) -> Bool {
        if current.kind == kind {
            _ = advance()
            return true
        }
        return false
    }

    mutating func expect(_ kind: Token.Kind, _ what: String) throws(QueryError) {
        guard accept(kind) else { throw QueryError(.querySyntax, "expected \(what), found \(current.describe)", at: current.span) }
    }

    func expectEnd() throws(QueryError) {
        guard current.kind == .end else {
            throw QueryError(.querySyntax, "unexpected \(current.describe); separate clauses with ','", at: current.span)
        }
    }

    /// The end of a question that takes one name (`symptoms of X`): what follows the name is no
    /// clause (a comma inside the name is part of it: ``QuestionForms``' `readName`).
    func expectEndAfterName() throws(QueryError) {
        guard current.kind == .end else {
            throw QueryError(.querySyntax, "unexpected \(current.describe) after the name", at: current.span)
        }
    }

    // MARK: Core grammar

    mutating func parsePattern() throws(QueryError) -> Pattern {
        var selection: [String]?
        if accept(keyword: "select") {
            var variables: [String] = []
            while case let .variable(name) = current.kind {
                variables.append(name)
                _ = advance()
            }
            if variables.isEmpty { throw QueryError(.querySyntax, "expected variables after 'select', e.g. select ?x where …", at: current.span) }
            guard accept(keyword: "where") else { throw QueryError(.querySyntax, "expected 'where' after the selected variables", at: current.span) }
            selection = variables
        }
        var clauses = [try parseClause()]
        while accept(.comma) || accept(keyword: "and") { clauses.append(try parseClause()) }
        return Pattern(selection: selection, clauses: clauses)
    }

    /// Counts one level of nesting; throws past ``maxNesting``. Pair with `defer { depth -= 1 }`.
    private mutating func enter(_ span: Span) throws(QueryError) {
        depth += 1
        if depth > Self.maxNesting {
            throw QueryError(.queryTooDeep, "the query nests deeper than \(Self.maxNesting) levels", at: span)
        }
    }

    mutating func parseClause() throws(QueryError) -> Clause {
        if current.keyword == "not" {
            try enter(current.span)
            defer { depth -= 1 }
            let start = advance().span
            if accept(.leftParen) {
                let inner = try parsePattern()
                let end = current.span
                try expect(.rightParen, "')' closing 'not ('")
                return .not(inner.clauses, start.union(end))
            }
            let clause = try parseClause()
            return .not([clause], start)
        }
        let subject = try parseTerm(role: "a subject")
        if current.keyword == "kind" {
            _ = advance()
            guard case let .word(kind) = current.kind else {
                throw QueryError(.querySyntax, "expected a kind after 'kind', e.g. ?x kind condition", at: current.span)
            }
            let span = advance().span
            return .kind(subject, kind, span)
        }
        if current.kind == .end || current.kind == .comma {
            throw QueryError(
                .querySyntax, "expected a relation after \(subject); a clause is 'subject relation object', e.g. ?s triggered_by \"neck movement\"",
                at: current.span)
        }
        let path = try parsePath()
        let object = try parseTerm(role: "an object")
        return .triple(subject, path, object)
    }

    mutating func parseTerm(role: String) throws(QueryError) -> Term {
        let token = current
        switch token.kind {
        case let .variable(name):
            _ = advance()
            return .variable(name, token.span)
        case let .word(text), let .string(text):
            _ = advance()
            return .name(text, token.span)
        default:
            throw QueryError(.querySyntax, "expected \(role) (a ?variable or a name), found \(token.describe)", at: token.span)
        }
    }

    mutating func parsePath() throws(QueryError) -> PathExpression {
        var alternatives = [try parseSequence()]
        while accept(.pipe) { alternatives.append(try parseSequence()) }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    mutating func parseSequence() throws(QueryError) -> PathExpression {
        var steps = [try parseUnary()]
        while accept(.slash) { steps.append(try parseUnary()) }
        return steps.count == 1 ? steps[0] : .sequence(steps)
    }

    mutating func parseUnary() throws(QueryError) -> PathExpression {
        if current.kind == .caret {
            try enter(current.span)
            defer { depth -= 1 }
            _ = advance()
            return .inverse(try parseUnary())
        }
        var path = try parsePrimary()
        var operators = 0
        while true {
            if [.plus, .star, .question].contains(current.kind) {
                operators += 1
                if depth + operators > Self.maxNesting {
                    throw QueryError(.queryTooDeep, "the query nests deeper than \(Self.maxNesting) levels", at: current.span)
                }
            }
            if accept(.plus) {
                path = .oneOrMore(path)
            } else if accept(.star) {
                path = .zeroOrMore(path)
            } else if current.kind == .question {
                _ = advance()
                path = .optional(path)
            } else {
                return path
            }
        }
    }

    mutating func parsePrimary() throws(QueryError) -> PathExpression {
        let token = current
        switch token.kind {
        case let .word(name):
            _ = advance()
            return .relation(name, token.span)
        case let .variable(name):
            _ = advance()
            return .variable(name, token.span)
        case .leftParen:
            try enter(token.span)
            defer { depth -= 1 }
            _ = advance()
            let path = try parsePath()
            try expect(.rightParen, "')'")
            return path
        default:
            throw QueryError(.querySyntax, "expected a relation, found \(token.describe)", at: token.span)
        }
    }
}
