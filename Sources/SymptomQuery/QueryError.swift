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

    /// The query line and a caret line under the span, for terminals and logs.
    public func caret(in query: String) -> String {
        let width = max(1, span.end - span.start)
        let marker = "^" + String(repeating: "~", count: width - 1)
        let prefix = query.prefix(span.start).map { $0 == "\t" ? "\t" : " " }.joined()
        return "  \(query)\n  \(prefix)\(marker)"
    }
}
