import Foundation
/// Splits a script (a file, standard input, or REPL input) into statements.
///
/// - one statement per line, or several separated by `;` outside quotes;
/// - a line whose statement is incomplete (an open quote or bracket, or ending in `,`, `|`, `/`,
///   `^`, `->` or `and`) continues on the next line;
/// - blank lines and lines starting with `#` are skipped.
public enum ScriptSplitter {
    /// One statement and the line it starts on (1-based).
    public struct Statement: Equatable, Sendable {
        /// The statement text (continuation lines joined by a space).
        public var text: String
        /// The line it starts on.
        public var line: Int
    }

    /// Splits a whole script.
    public static func split(_ script: String) -> [Statement] {
        var statements: [Statement] = []
        var pending = ""
        var pendingLine = 0
        var lineNumber = 0
        // CRLF and CR line ends count as line ends; a byte-order mark at the start is not text.
        var text = script
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if pending.isEmpty && (trimmed.isEmpty || trimmed.hasPrefix("#")) { continue }
            if pending.isEmpty { pendingLine = lineNumber }
            pending = pending.isEmpty ? trimmed : pending + " " + trimmed
            var parts = splitOnSemicolons(pending)
            let last = parts.removeLast()
            for part in parts where !part.trimmingCharacters(in: .whitespaces).isEmpty {
                statements.append(Statement(text: part.trimmingCharacters(in: .whitespaces), line: pendingLine))
            }
            if isIncomplete(last) {
                pending = last
            } else {
                let text = last.trimmingCharacters(in: .whitespaces)
                if !text.isEmpty { statements.append(Statement(text: text, line: pendingLine)) }
                pending = ""
            }
        }
        let rest = pending.trimmingCharacters(in: .whitespaces)
        if !rest.isEmpty { statements.append(Statement(text: rest, line: pendingLine)) }
        return statements
    }

    /// Whether a statement needs more input: an open quote or bracket, or a trailing operator or comma.
    public static func isIncomplete(_ text: String) -> Bool {
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
        if quote != nil || depth > 0 { return true }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return false }
        if [",", "|", "/", "^", "->"].contains(where: { trimmed.hasSuffix($0) }) { return true }
        if trimmed.lowercased().hasSuffix(" and") || trimmed.lowercased().hasSuffix(" not") { return true }
        // A question phrase still waiting for its name: "symptoms of".
        return QuestionForms.expectsName(after: trimmed)
    }

    private static func splitOnSemicolons(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        var previous: Character = " "
        for c in text {
            defer { previous = c }
            if let open = quote {
                current.append(c)
                if c == open && previous != "\\" { quote = nil }
                continue
            }
            if c == ";" {
                parts.append(current)
                current = ""
                continue
            }
            if c == "\"" || (c == "'" && !(previous.isLetter || previous.isNumber)) { quote = c }
            current.append(c)
        }
        parts.append(current)
        return parts
    }
}
