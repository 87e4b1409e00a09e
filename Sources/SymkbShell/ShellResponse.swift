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
        /// One diagnostic about a part of the statement (a dot-command's argument): `columns` are
        /// offsets into the statement's text, which the caller places in its file and line.
        case argument(Diagnostic, columns: Range<Int>)

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
    /// What each statement of a file that `.read` ran produced, in order: printed in turn (each
    /// one's answer, then its problems), so that an error shows beside the answers around it.
    public var steps: [ShellResponse] = []

    /// Whether the statement failed (the exit status becomes 1); warnings alone do not fail it.
    public var failed: Bool {
        steps.contains(where: \.failed) || problems.contains { problem in
            switch problem {
            case .query: true
            case let .diagnostics(diagnostics): diagnostics.hasErrors
            case let .diagnostic(diagnostic), let .argument(diagnostic, _): diagnostic.severity == .error
            }
        }
    }

    /// An empty response.
    public init() {}

    /// What to print, in order: this response's own output, notices and problems, then each step's.
    public var parts: [ShellResponse] {
        var own = self
        own.steps = []
        return [own] + steps.flatMap(\.parts)
    }

    /// Adds what a statement of a file that `.read` runs produced.
    mutating func append(step: ShellResponse) {
        steps.append(step)
        quits = quits || step.quits
    }
}
