import Foundation
/// Splits a script (a file, standard input, or REPL input) into statements.
///
/// - one statement per line, or several separated by `;` outside quotes;
/// - a line whose statement is incomplete (an open bracket, or ending in `\\`, `,`, `|`,
///   `/`, `^`, `->`, `and` or `not` — but not `or not`) continues on the next line (a closing
///   backslash is dropped, as in a shell) (in the shell, so
///   does a phrase still waiting for its name, `symptoms of`: ``isIncomplete(_:waitingForName:)``);
/// - blank lines and lines starting with `#` are skipped.
public enum ScriptSplitter {
    /// One statement and where its characters lie in the script.
    public struct Statement: Equatable, Sendable {
        /// The statement text (continuation lines joined by a space).
        public var text: String
        /// The line it starts on (1-based).
        public var line: Int { pieces.first?.line ?? 1 }
        /// Where each line the statement spans begins in ``text``, in order.
        public var pieces: [Piece]

        /// The part of one line of the script that a statement holds.
        public struct Piece: Equatable, Sendable {
            /// The offset in the statement's text (in characters) where the part begins.
            public var offset: Int
            /// The line (1-based).
            public var line: Int
            /// The column (1-based, in characters) of the part's first character in the line.
            public var column: Int
            /// The whole line, as written.
            public var source: String
        }

        /// A statement that is all of line `line`, from its first column.
        public init(text: String, line: Int) {
            self.text = text
            pieces = [Piece(offset: 0, line: line, column: 1, source: text)]
        }

        init(text: String, pieces: [Piece]) {
            self.text = text
            self.pieces = pieces
        }

        /// Where the character at `offset` of ``text`` lies: its line, its column, and the line as written.
        public func position(of offset: Int) -> (line: Int, column: Int, source: String) {
            let piece = pieces.last { $0.offset <= offset } ?? pieces.first
            guard let piece else { return (1, offset + 1, text) }
            return (piece.line, piece.column + (offset - piece.offset), piece.source)
        }

        /// How many characters of the line holding `offset` follow it in the statement.
        func charactersLeft(onLineOf offset: Int) -> Int {
            let next = pieces.first { $0.offset > offset }?.offset ?? text.count
            return max(0, next - offset)
        }
    }

    /// Splits a whole script.
    public static func split(_ script: String) -> [Statement] {
        var statements: [Statement] = []
        var pending = ""
        // Where each line's part begins in `pending`.
        var pieces: [Statement.Piece] = []
        var lineNumber = 0
        // CRLF and CR line ends count as line ends; a byte-order mark at the start is not text.
        var text = script
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // The statement between two offsets of `characters` (`pending`'s, made once per line: a
        // line of many statements is not copied once per statement), its surrounding spaces left out.
        func statement(from start: Int, to end: Int, of characters: [Character]) -> Statement? {
            let part = characters[start..<end]
            guard let first = part.firstIndex(where: { !$0.isWhitespace }),
                  let last = part.lastIndex(where: { !$0.isWhitespace }) else { return nil }
            return Statement(text: String(part[first...last]), pieces: rebased(pieces, from: first, to: last + 1))
        }
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if pending.isEmpty && (trimmed.isEmpty || trimmed.hasPrefix("#")) { continue }
            if !pending.isEmpty { pending += " " }
            let leading = line.prefix { $0 == " " || $0 == "\t" }.count
            pieces.append(Statement.Piece(offset: pending.count, line: lineNumber, column: leading + 1, source: line))
            pending += trimmed
            let characters = Array(pending)
            let bounds = semicolons(in: characters)
            for (start, end) in zip([0] + bounds.map { $0 + 1 }, bounds) {
                if let part = statement(from: start, to: end, of: characters) { statements.append(part) }
            }
            let lastStart = bounds.last.map { $0 + 1 } ?? 0
            let last = String(characters[lastStart...])
            if isIncomplete(last) {
                pieces = rebased(pieces, from: lastStart, to: characters.count)
                // A line's closing backslash only joins it to the next.
                pending = withoutContinuation(last) ?? last
            } else {
                if let part = statement(from: lastStart, to: characters.count, of: characters) { statements.append(part) }
                pending = ""
                pieces = []
            }
        }
        if let rest = statement(from: 0, to: pending.count, of: Array(pending)) { statements.append(rest) }
        return statements
    }

    /// The pieces of the characters from `start` to `end` of a text, with offsets counted from `start`.
    private static func rebased(_ pieces: [Statement.Piece], from start: Int, to end: Int) -> [Statement.Piece] {
        pieces.indices.compactMap { index in
            let piece = pieces[index]
            let pieceEnd = index + 1 < pieces.count ? pieces[index + 1].offset : Int.max
            guard pieceEnd > start, piece.offset < end else { return nil }
            let from = max(piece.offset, start)
            return Statement.Piece(offset: from - start, line: piece.line, column: piece.column + (from - piece.offset), source: piece.source)
        }
    }

    /// Whether a statement needs more input: an open bracket (outside quotes; a quote left open is
    /// an error of its line), or a trailing operator or
    /// comma; with `waitingForName` (the interactive shell, whose `...>` prompt shows it waits),
    /// also a question phrase with no name yet ("symptoms of"). A script's line "symptoms of" is
    /// an error of its own, not the start of the next line's query.
    public static func isIncomplete(_ text: String, waitingForName: Bool = false) -> Bool {
        // A quote left open does not go on: no name spans lines, and a stray quote would swallow
        // every line after it; the line is answered, and its quote reported, at once.
        let (quote, depth) = openings(in: text)
        if quote == nil && depth > 0 { return true }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return false }
        if trimmed.hasSuffix("\\"), quote == nil { return true }  // continued on the next line, as in a shell
        if [",", "|", "/", "^", "->"].contains(where: { trimmed.hasSuffix($0) }) { return true }
        let lowered = trimmed.lowercased()
        // "does ms cause paralysis or not" is whole; "conditions with tingling and not" is not.
        if lowered.hasSuffix(" and") || (lowered.hasSuffix(" not") && !lowered.hasSuffix(" or not")) { return true }
        // A question phrase still waiting for its name: "symptoms of".
        return waitingForName && QuestionForms.expectsName(after: trimmed)
    }

    /// The quote left open at the end of `text`, if any, and how many brackets are.
    private static func openings(in text: String) -> (quote: Character?, depth: Int) {
        var quote: Character?
        var depth = 0
        var escaped = false
        var previous: Character = " "
        for c in text {
            defer { previous = c }
            if let open = quote {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == open { quote = nil }
                continue
            }
            switch c {
            case "\"": quote = "\""
            case "'" where !(previous.isLetter || previous.isNumber): quote = "'"
            case "(": depth += 1
            case ")": depth -= 1
            default: break
            }
        }
        return (quote, depth)
    }

    /// A line that ends in a backslash outside quotes, as a shell continues a line on the next:
    /// the line without it (and the spaces before it); `nil` for any other line.
    public static func withoutContinuation(_ line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix("\\") else { return nil }
        let before = String(trimmed.dropLast())
        // Inside a quote the backslash is the quote's own (an escape), not a continuation.
        if openings(in: before).quote != nil { return nil }
        return before.trimmingCharacters(in: .whitespaces)
    }

    /// The offsets of the semicolons of `text` outside quotes.
    private static func semicolons(in text: [Character]) -> [Int] {
        var offsets: [Int] = []
        var quote: Character?
        var previous: Character = " "
        for (offset, c) in text.enumerated() {
            defer { previous = c }
            if let open = quote {
                if c == open && previous != "\\" { quote = nil }
                continue
            }
            if c == ";" {
                offsets.append(offset)
                continue
            }
            if c == "\"" || (c == "'" && !(previous.isLetter || previous.isNumber)) { quote = c }
        }
        return offsets
    }
}
