/// Why a query could not be answered: a message, the columns it is about, and suggestions.
///
/// ```text
/// <query>:1:13: error: unknown entity 'Lhermite sign' (did you mean "Lhermitte's sign"?)
///   symptoms of Lhermite sign
///               ^~~~~~~~~~~~~
/// ```
public struct QueryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The part of the query it is about.
    public var span: Span
    /// Names the user may have meant, best first.
    public var suggestions: [String]

    /// Creates an error.
    public init(_ message: String, at span: Span, suggestions: [String] = []) {
        self.message = message
        self.span = span
        self.suggestions = suggestions
    }

    /// The message with suggestions: `unknown entity 'x' (did you mean "y"?)`.
    public var description: String {
        guard !suggestions.isEmpty else { return message }
        let quoted = suggestions.map { "\"\($0)\"" }
        let list = quoted.count == 1 ? quoted[0]
            : quoted.dropLast().joined(separator: ", ") + " or " + (quoted.last ?? "")
        return "\(message) (did you mean \(list)?)"
    }

    /// The query line and a caret line under the span, for terminals and logs. Control characters
    /// show as `?` (nothing from the input reaches the terminal raw), and a long line is cut to a
    /// window around the span.
    public func caret(in query: String) -> String {
        let characters = Array(query)
        let window = 60
        let from = max(0, span.start - window), to = min(characters.count, max(span.end, span.start + 1) + window)
        let visible = characters[from..<to].map { character -> Character in
            character.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) } && character != "\t" ? "?" : character
        }
        let head = from > 0 ? "…" : "", tail = to < characters.count ? "…" : ""
        let width = max(1, min(span.end, to) - span.start)
        let marker = "^" + String(repeating: "~", count: width - 1)
        let prefix = (head.isEmpty ? "" : " ") + visible.prefix(max(0, span.start - from)).map { $0 == "\t" ? "\t" : " " }.joined()
        return "  \(head)\(String(visible))\(tail)\n  \(prefix)\(marker)"
    }
}
