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
public struct QueryParser {
    var tokens: [Token]
    var index = 0

    init(tokens: [Token]) { self.tokens = tokens }

    /// Parses a query line.
    public static func parse(_ text: String) throws(QueryError) -> Query {
        var tokens = try Lexer.tokenize(text)
        // A question may end with a question mark: "what triggers Lhermitte's sign?"
        if tokens.count >= 2, tokens[tokens.count - 2].kind == .question { tokens.remove(at: tokens.count - 2) }
        if tokens.first?.kind == .end { throw QueryError("empty query", at: Span(0, 0)) }
        var parser = QueryParser(tokens: tokens)
        if let question = try QuestionForms.parse(&parser) { return question }
        let pattern = try parser.parsePattern()
        try parser.expectEnd()
        return .pattern(pattern, Presentation(form: "pattern"))
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
        guard accept(kind) else { throw QueryError("expected \(what), found \(current.describe)", at: current.span) }
    }

    func expectEnd() throws(QueryError) {
        guard current.kind == .end else {
            throw QueryError("unexpected \(current.describe); separate clauses with ','", at: current.span)
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
            if variables.isEmpty { throw QueryError("expected variables after 'select', e.g. select ?x where …", at: current.span) }
            guard accept(keyword: "where") else { throw QueryError("expected 'where' after the selected variables", at: current.span) }
            selection = variables
        }
        var clauses = [try parseClause()]
        while accept(.comma) || accept(keyword: "and") { clauses.append(try parseClause()) }
        return Pattern(selection: selection, clauses: clauses)
    }

    mutating func parseClause() throws(QueryError) -> Clause {
        if current.keyword == "not" {
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
                throw QueryError("expected a kind after 'kind', e.g. ?x kind condition", at: current.span)
            }
            let span = advance().span
            return .kind(subject, kind, span)
        }
        if current.kind == .end || current.kind == .comma {
            throw QueryError(
                "expected a relation after \(subject); a clause is 'subject relation object', e.g. ?s triggered_by \"neck movement\"",
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
            throw QueryError("expected \(role) (a ?variable or a name), found \(token.describe)", at: token.span)
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
        if accept(.caret) { return .inverse(try parseUnary()) }
        var path = try parsePrimary()
        while true {
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
            _ = advance()
            let path = try parsePath()
            try expect(.rightParen, "')'")
            return path
        default:
            throw QueryError("expected a relation, found \(token.describe)", at: token.span)
        }
    }
}
