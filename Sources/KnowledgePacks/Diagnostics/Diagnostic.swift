/// One finding about packs, files or queries: a severity, a message, where (a range in a line),
/// notes, and suggestions — the one model every part of symkb reports problems with, in the
/// manner of swift-syntax's `SwiftDiagnostics`.
///
/// Printed the way compilers do, so editors can jump to it, with the source line and a caret
/// under the range when the line is known:
/// ```text
/// <query>:1:13: error: unknown entity 'Lhermite sign' (did you mean "Lhermitte's sign"?)
///   symptoms of Lhermite sign
///               ^~~~~~~~~~~~~
/// ```
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
    /// What the user may have meant, best first (shown as "did you mean …?").
    public var suggestions: [String] = []
    /// The text of the line the location is in, for the caret (when known).
    public var sourceLine: String?
    /// How many characters from the column the problem covers (the caret's width).
    public var length = 1

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ message: String, at location: SourceLocation?, notes: [Diagnostic] = [],
                suggestions: [String] = [], sourceLine: String? = nil, length: Int = 1) {
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
        self.suggestions = suggestions
        self.sourceLine = sourceLine
        self.length = max(1, length)
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

    /// `file:line:col: severity: message (did you mean …?)`, the source line with a caret when
    /// known, then the notes, one per line.
    public var description: String {
        var lines = [line]
        if let sourceLine, let location { lines.append(Self.caret(under: sourceLine, column: location.column, length: length)) }
        lines += notes.map(\.line)
        return lines.joined(separator: "\n")
    }

    /// The message with its suggestions: `unknown entity 'x' (did you mean "y"?)`.
    public var messageWithSuggestions: String {
        guard !suggestions.isEmpty else { return message }
        let quoted = suggestions.map { "\"\($0)\"" }
        let list = quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + (quoted.last ?? "")
        return "\(message) (did you mean \(list)?)"
    }

    private var line: String {
        let prefix = location.map { "\($0): " } ?? ""
        return "\(prefix)\(severity.rawValue): \(messageWithSuggestions)"
    }

    /// The one caret formatter: the line (control characters shown as `?`, a long line cut to a
    /// window around the range) and `^~~~` under the range; `column` is 1-based.
    public static func caret(under text: String, column: Int, length: Int) -> String {
        let characters = Array(text)
        let start = max(0, column - 1), end = start + max(1, length)
        let window = 60
        let from = max(0, start - window), to = min(characters.count, max(end, start + 1) + window)
        let visible = from < to ? characters[from..<to].map { character -> Character in
            character != "\t" && character.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
                ? "?" : character
        } : []
        let head = from > 0 ? "…" : "", tail = to < characters.count ? "…" : ""
        let width = max(1, min(end, max(to, start + 1)) - start)
        let marker = "^" + String(repeating: "~", count: width - 1)
        let prefix = (head.isEmpty ? "" : " ") + visible.prefix(max(0, start - from)).map { $0 == "\t" ? "\t" : " " }.joined()
        return "  \(head)\(String(visible))\(tail)\n  \(prefix)\(marker)"
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
