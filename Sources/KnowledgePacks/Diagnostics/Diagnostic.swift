/// One finding about packs or queries: a severity, a message, where, and optional notes.
///
/// Printed the way compilers do, so editors can jump to it:
/// `Knowledge/ms/assertions.yaml:12:14: error: unknown relation 'triger_by' (did you mean 'triggered_by'?)`
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible, Error {
    /// How bad a finding is.
    public enum Severity: String, Sendable, Comparable {
        case note, warning, error

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

        private var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }
    }

    /// How bad it is.
    public var severity: Severity
    /// What is wrong, in one sentence.
    public var message: String
    /// Where it is, when it comes from a file.
    public var location: SourceLocation?
    /// Related places, e.g. the first definition of a duplicate.
    public var notes: [Diagnostic]

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ message: String, at location: SourceLocation?, notes: [Diagnostic] = []) {
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
    }

    /// An error at a location.
    public static func error(_ message: String, at location: SourceLocation?, notes: [Diagnostic] = []) -> Diagnostic {
        Diagnostic(.error, message, at: location, notes: notes)
    }

    /// A warning at a location.
    public static func warning(_ message: String, at location: SourceLocation?) -> Diagnostic {
        Diagnostic(.warning, message, at: location)
    }

    /// A note at a location.
    public static func note(_ message: String, at location: SourceLocation?) -> Diagnostic {
        Diagnostic(.note, message, at: location)
    }

    /// `file:line:col: severity: message`, followed by the notes, one per line.
    public var description: String {
        var lines = [line]
        lines += notes.map(\.line)
        return lines.joined(separator: "\n")
    }

    private var line: String {
        let prefix = location.map { "\($0): " } ?? ""
        return "\(prefix)\(severity.rawValue): \(message)"
    }
}

/// Loading or checking packs failed; every problem found is listed, errors and warnings.
public struct PackLoadError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it is (the CLI maps it to an exit status).
    public enum Kind: Sendable {
        /// The data is wrong (exit status 65).
        case invalidData
        /// A named file or folder does not exist (exit status 66).
        case missingInput
    }

    /// All findings, in file order.
    public var diagnostics: [Diagnostic]
    /// What kind of failure it is.
    public var kind: Kind

    /// Creates the error.
    public init(diagnostics: [Diagnostic], kind: Kind = .invalidData) {
        self.diagnostics = diagnostics
        self.kind = kind
    }

    /// Only the errors.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

extension Array where Element == Diagnostic {
    /// Whether any finding is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
