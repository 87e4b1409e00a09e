/// Splits one query into tokens, reporting the column of anything it cannot read.
///
/// Words may contain letters, digits and `_ - : . '` (so `lhermitte's`, `ms:ms-spasms` and
/// `HP:0001257` are single words); `"…"` or `'…'` quote names with spaces or punctuation,
/// with `\"` and `\\` escapes; `?name` is a variable. Invisible format characters (a
/// right-to-left mark, a byte-order mark) outside quotes are space.
struct Lexer {
    private let characters: [Character]
    private var position = 0

    init(_ text: String) { characters = Array(text) }

    static func tokenize(_ text: String) throws(QueryError) -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private static func isWordCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "-" || c == ":" || c == "." || c == "'" || c == "\u{2019}" || c == "%"
    }

    /// Whether a character is an invisible format character (Unicode's `Cf`: a byte-order mark,
    /// a right-to-left mark, a zero-width space), which text pasted from a web page or a
    /// right-to-left interface carries: read as space, since no one can see it to remove it.
    private static func isInvisible(_ c: Character) -> Bool {
        c.unicodeScalars.allSatisfy { $0.properties.generalCategory == .format }
    }

    private mutating func next() throws(QueryError) -> Token {
        while position < characters.count, characters[position].isWhitespace || Self.isInvisible(characters[position]) { position += 1 }
        let start = position
        guard position < characters.count else { return Token(kind: .end, span: Span(start, start)) }
        let c = characters[position]
        position += 1
        func single(_ kind: Token.Kind) -> Token { Token(kind: kind, span: Span(start, position)) }
        switch c {
        case ",": return single(.comma)
        case "(": return single(.leftParen)
        case ")": return single(.rightParen)
        case "|": return single(.pipe)
        case "/": return single(.slash)
        case "^": return single(.caret)
        case "+": return single(.plus)
        case "*": return single(.star)
        case "\"", "'", "\u{201C}": return try quoted(closing: c == "\u{201C}" ? "\u{201D}" : c, start: start)
        case "?":
            var name = ""
            while position < characters.count, characters[position].isLetter || characters[position].isNumber
                || characters[position] == "_" || characters[position] == "-" {
                name.append(characters[position])
                position += 1
            }
            return name.isEmpty ? single(.question) : Token(kind: .variable(name), span: Span(start, position))
        case "-" where position < characters.count && characters[position] == ">":
            position += 1
            return single(.arrow)
        case "\u{2192}":
            return single(.arrow)
        case "=", "<", ">", "!":
            var symbol = String(c)
            if position < characters.count, characters[position] == "=" {
                symbol.append("=")
                position += 1
            }
            if symbol == "!" {
                // An exclamation that ends a question ("symptoms of ms!", "… sign!?") is punctuation,
                // as a trailing `?` is.
                if characters[position...].allSatisfy({ "!?.".contains($0) || $0.isWhitespace }) {
                    position = characters.count
                    return Token(kind: .end, span: Span(start, start))
                }
                throw QueryError(.querySyntax, "unexpected character '!'; not equal is '!='", at: Span(start, position))
            }
            return single(.comparison(symbol == "==" ? "=" : symbol))
        default:
            guard Self.isWordCharacter(c) else {
                throw QueryError(.querySyntax, "unexpected character '\(c)'", at: Span(start, position))
            }
            var word = String(c)
            while position < characters.count, Self.isWordCharacter(characters[position])
                    || (Self.isInvisible(characters[position]) && position + 1 < characters.count && Self.isWordCharacter(characters[position + 1])) {
                // An invisible character inside a word (a soft hyphen pasted with "tre\u{AD}mor") is dropped.
                if Self.isInvisible(characters[position]) {
                    position += 1
                    continue
                }
                if characters[position] == "-", position + 1 < characters.count, characters[position + 1] == ">" { break }
                word.append(characters[position])
                position += 1
            }
            return Token(kind: .word(word), span: Span(start, position))
        }
    }

    private mutating func quoted(closing: Character, start: Int) throws(QueryError) -> Token {
        var text = ""
        while position < characters.count {
            let c = characters[position]
            position += 1
            if c == closing { return Token(kind: .string(text), span: Span(start, position)) }
            if c == "\\", position < characters.count {
                text.append(characters[position])
                position += 1
                continue
            }
            text.append(c)
        }
        throw QueryError(.querySyntax, "unterminated quoted name: add a closing \(closing)", at: Span(start, characters.count))
    }
}
