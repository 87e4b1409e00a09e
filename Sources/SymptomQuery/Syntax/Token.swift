/// A column range inside one query line, 0-based and half-open, counted in characters.
public struct Span: Hashable, Sendable {
    /// First character.
    public var start: Int
    /// One past the last character.
    public var end: Int

    /// Creates a span.
    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(end, start)
    }

    /// The span covering both.
    public func union(_ other: Span) -> Span { Span(min(start, other.start), max(end, other.end)) }
}

/// One lexical unit of a query.
struct Token: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case word(String)
        case variable(String)
        case string(String)
        case comma, leftParen, rightParen, pipe, slash, caret, plus, star, question, arrow
        /// `=`, `!=`, `<`, `<=`, `>`, `>=` (in `where` filters).
        case comparison(String)
        case end
    }

    var kind: Kind
    var span: Span

    /// The text of a word, lowercased, for keyword matching.
    var keyword: String? {
        // "what’s" (a typographic apostrophe) is the keyword "what's".
        // Mapped character by character, not through NSString's `replacingOccurrences` (a
        // question's words are read a hundred times by the question forms).
        if case let .word(text) = kind { return String(text.lowercased().map { $0 == "\u{2019}" ? "'" : $0 }) }
        return nil
    }

    /// The text of a word or a quoted name, as written; `nil` for any other token.
    var text: String? {
        switch kind {
        case let .word(text), let .string(text): text
        default: nil
        }
    }

    var describe: String {
        switch kind {
        case let .word(text): "'\(text)'"
        case let .variable(name): "'?\(name)'"
        case let .string(text): "\"\(text)\""
        case .comma: "','"
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .pipe: "'|'"
        case .slash: "'/'"
        case .caret: "'^'"
        case .plus: "'+'"
        case .star: "'*'"
        case .question: "'?'"
        case .arrow: "'->'"
        case let .comparison(symbol): "'\(symbol)'"
        case .end: "the end of the query"
        }
    }
}
