import KnowledgePacks

/// Why a query could not be answered: a message, the columns it is about, and suggestions.
///
/// ```text
/// <query>:1:13: error: unknown entity 'Lhermite sign' (did you mean "Lhermitte's sign"?) [unknown-name]
///   symptoms of Lhermite sign
///               ^~~~~~~~~~~~~
/// ```
public struct QueryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of problem it is (documented in docs/DIAGNOSTICS.md).
    public var id: DiagnosticID
    /// What is wrong.
    public var message: String
    /// The part of the query it is about.
    public var span: Span
    /// Names the user may have meant, best first.
    public var suggestions: [String]
    /// What else may help, each printed as a `note:` line after the error.
    public var notes: [String]

    /// Creates an error.
    /// The same error, `offset` characters further on: an error found in a part of a line
    /// (one name of a list, the argument of a dot-command), placed in the whole line.
    public func shifted(by offset: Int) -> QueryError {
        var shifted = self
        shifted.span = Span(span.start + offset, span.end + offset)
        return shifted
    }

    public init(_ id: DiagnosticID, _ message: String, at span: Span, suggestions: [String] = [], notes: [String] = []) {
        self.id = id
        self.message = message
        self.span = span
        self.suggestions = suggestions
        self.notes = notes
    }

    /// The notes as diagnostics (of no place).
    private var noteDiagnostics: [Diagnostic] { notes.map { Diagnostic(.note, .note, $0, at: nil) } }

    /// The message with suggestions: `unknown entity 'x' (did you mean "y"?)`.
    public var description: String { diagnostic(file: nil, line: 1, query: "").messageWithSuggestions }

    /// This error in the one diagnostic model: located at `file:line` (`""`: the line typed at the
    /// prompt, a caret but no file name; `nil`: no place), the query as the source line, the span as the range.
    public func diagnostic(file: String?, line: Int, query: String) -> Diagnostic {
        Diagnostic(.error, id, message, at: file.map { SourceLocation(file: $0, line: line, column: span.start + 1) },
                   notes: noteDiagnostics, suggestions: suggestions, sourceLine: query, length: span.end - span.start)
    }

    /// This error in `query`, a statement of a script: located at the line and column of the
    /// script where the span begins (a statement may follow another on its line, after `;`, or
    /// continue on the next lines), with that line, as written, under the caret. A query that is
    /// not the statement's text (a dot-command's part) is located at the statement's line.
    public func diagnostic(file: String?, statement: ScriptSplitter.Statement, query: String) -> Diagnostic {
        guard query == statement.text else { return diagnostic(file: file, line: statement.line, query: query) }
        let (line, column, source) = statement.position(of: span.start)
        let length = min(span.end - span.start, max(1, statement.charactersLeft(onLineOf: span.start)))
        return Diagnostic(.error, id, message, at: file.map { SourceLocation(file: $0, line: line, column: column) },
                          notes: noteDiagnostics, suggestions: suggestions, sourceLine: source, length: length)
    }

    /// The query line and a caret line under the span (``Diagnostic/caret(under:column:length:)``).
    public func caret(in query: String) -> String {
        Diagnostic.caret(under: query, column: span.start + 1, length: span.end - span.start)
    }
}
