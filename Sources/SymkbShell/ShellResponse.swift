import KnowledgePacks
import SymptomQuery

/// What one statement (a query or a dot-command) produced. The shell never prints; the caller does.
public struct ShellResponse: Sendable {
    /// A problem to report on standard error.
    public enum Problem: Sendable {
        /// A query failed; the caller knows the file and line to prefix.
        case query(QueryError, text: String)
        /// Pack diagnostics (file:line:column each), printed with a count of errors and warnings.
        case diagnostics([Diagnostic])
        /// One diagnostic; without a location the caller's file and line (when any) become its place.
        case diagnostic(Diagnostic)

        /// A usage mistake (a dot-command's argument).
        static func usage(_ message: String) -> Problem { .diagnostic(.error(.usage, message, at: nil)) }
    }

    /// Text for standard output (or the `.output` file).
    public var output = ""
    /// Remarks for the person at the terminal (standard error), e.g. "loaded pack …".
    public var notices: [String] = []
    /// What went wrong, in order.
    public var problems: [Problem] = []
    /// The query's outcome, for callers that batch JSON documents.
    public var outcome: QueryOutcome?
    /// The statement asked to leave the shell.
    public var quits = false

    /// Whether the statement failed (the exit status becomes 1); warnings alone do not fail it.
    public var failed: Bool {
        problems.contains { problem in
            switch problem {
            case .query: true
            case let .diagnostics(diagnostics): diagnostics.hasErrors
            case let .diagnostic(diagnostic): diagnostic.severity == .error
            }
        }
    }

    /// An empty response.
    public init() {}

    /// Appends another response (used by `.read`).
    mutating func append(_ other: ShellResponse) {
        output += other.output
        notices += other.notices
        problems += other.problems
        quits = quits || other.quits
    }
}
