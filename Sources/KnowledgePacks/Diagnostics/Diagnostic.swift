/// One finding about packs, files or queries: an id, a severity, a message, where (a range in a
/// line), notes, and suggestions — the one model every part of symkb reports problems with, in the
/// manner of swift-syntax's `SwiftDiagnostics`. ``DiagnosticFormatter`` prints it.
///
/// Printed the way compilers do, so editors can jump to it, with the source line and a caret
/// under the range when the line is known:
/// ```text
/// <query>:1:13: error: unknown entity 'Lhermite sign' (did you mean "Lhermitte's sign"?) [unknown-name]
///   symptoms of Lhermite sign
///               ^~~~~~~~~~~~~
/// ```
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible, Error, Encodable {
    /// How bad a finding is.
    public enum Severity: String, Sendable, Comparable, Codable {
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

    /// What kind of problem it is (stable; documented in docs/DIAGNOSTICS.md).
    public var id: DiagnosticID
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
    /// How many characters from the column the problem covers (the caret's width; by default the location's).
    public var length = 1

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ id: DiagnosticID, _ message: String, at location: SourceLocation?,
                notes: [Diagnostic] = [], suggestions: [String] = [], sourceLine: String? = nil, length: Int? = nil) {
        self.id = id
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
        self.suggestions = suggestions
        self.sourceLine = sourceLine
        self.length = max(1, length ?? location?.length ?? 1)
    }

    /// An error at a location.
    public static func error(_ id: DiagnosticID, _ message: String, at location: SourceLocation?,
                             notes: [Diagnostic] = []) -> Diagnostic {
        Diagnostic(.error, id, message, at: location, notes: notes)
    }

    /// A warning at a location.
    public static func warning(_ id: DiagnosticID, _ message: String, at location: SourceLocation?,
                               notes: [Diagnostic] = []) -> Diagnostic {
        Diagnostic(.warning, id, message, at: location, notes: notes)
    }

    /// A note at a location, attached to another diagnostic (e.g. "first defined here").
    public static func note(_ message: String, at location: SourceLocation?) -> Diagnostic {
        Diagnostic(.note, .note, message, at: location)
    }

    /// The plain text (``DiagnosticFormatter`` without colour).
    public var description: String { DiagnosticFormatter().format(self) }

    /// The message with its suggestions: `unknown entity 'x' (did you mean "y"?)`.
    public var messageWithSuggestions: String {
        guard !suggestions.isEmpty else { return message }
        let quoted = suggestions.map { "\"\($0)\"" }
        let list = quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + (quoted.last ?? "")
        return "\(message) (did you mean \(list)?)"
    }

    /// The one caret formatter: the line (control characters shown as `?`, a long line cut to a
    /// window around the range) and `^~~~` under the range; `column` is 1-based.
    public static func caret(under text: String, column: Int, length: Int) -> String {
        let characters = Array(text)
        // A huge range (a 1 MB name) is underlined for its first 120 characters, then cut.
        let start = max(0, column - 1), end = start + min(max(1, length), 120)
        let window = 60
        let from = max(0, start - window), to = min(characters.count, max(end, start + 1) + window)
        let visible = from < to ? characters[from..<to].map { character -> Character in
            character != "\t" && character.unicodeScalars.contains { TerminalText.isControl($0) } ? "?" : character
        } : []
        let head = from > 0 ? "…" : "", tail = to < characters.count ? "…" : ""
        let width = max(1, min(end, max(to, start + 1)) - start)
        let marker = "^" + String(repeating: "~", count: width - 1)
        let prefix = (head.isEmpty ? "" : " ") + visible.prefix(max(0, start - from)).map { $0 == "\t" ? "\t" : " " }.joined()
        return "  \(head)\(String(visible))\(tail)\n  \(prefix)\(marker)"
    }

    private enum CodingKeys: String, CodingKey {
        case id, severity, message, file, line, column, endColumn, suggestions, notes
    }

    /// `{"id", "severity", "message", "file", "line", "column", "endColumn", "suggestions", "notes"}`;
    /// the place is left out when there is none.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(severity, forKey: .severity)
        try container.encode(message, forKey: .message)
        if let location {
            if !location.file.isEmpty { try container.encode(location.file, forKey: .file) }
            try container.encode(location.line, forKey: .line)
            try container.encode(location.column, forKey: .column)
            try container.encode(location.column + length, forKey: .endColumn)
        }
        if !suggestions.isEmpty { try container.encode(suggestions, forKey: .suggestions) }
        if !notes.isEmpty { try container.encode(notes, forKey: .notes) }
    }
}

/// Turns diagnostics into text, the one way symkb prints a problem:
/// `file:line:col: severity: message (did you mean …?) [id]`, the source line with a caret under
/// the range when known, then the notes. Control characters in messages and file names are
/// escaped (they quote input), and with `colorize` the severity is coloured as compilers do.
public struct DiagnosticFormatter: Sendable {
    /// Colour the severity word (for terminals).
    public var colorize: Bool
    /// Print `[id]` after the message (off at the interactive prompt, where people read it).
    public var showsIDs: Bool

    /// Creates a formatter.
    public init(colorize: Bool = false, showsIDs: Bool = true) {
        self.colorize = colorize
        self.showsIDs = showsIDs
    }

    /// The diagnostic and its notes, one line each, with the caret lines after the first.
    public func format(_ diagnostic: Diagnostic) -> String {
        var lines = [line(diagnostic)]
        if let sourceLine = diagnostic.sourceLine {
            let column = diagnostic.location?.column ?? 1
            lines.append(Diagnostic.caret(under: sourceLine, column: column, length: diagnostic.length))
        }
        lines += diagnostic.notes.map(line)
        return lines.joined(separator: "\n")
    }

    /// `N errors, M warnings`, or nil when there is no error.
    public func summary(_ diagnostics: [Diagnostic]) -> String? {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        guard errors > 0 else { return nil }
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }

    private func line(_ diagnostic: Diagnostic) -> String {
        // A location with no file (the line just typed at the prompt) places the caret only.
        let place = diagnostic.location.flatMap { $0.file.isEmpty ? nil : TerminalText.escaped("\($0)") + ": " } ?? ""
        let id = showsIDs && diagnostic.severity != .note ? " [\(diagnostic.id.rawValue)]" : ""
        return place + severity(diagnostic.severity) + ": " + TerminalText.escaped(Self.shortened(diagnostic.messageWithSuggestions)) + id
    }

    /// A message that quotes a huge input (a 1 MB name) is cut in the middle: a diagnostic is read, not scrolled.
    static func shortened(_ text: String, limit: Int = 500) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit / 2)) + " … " + String(text.suffix(limit / 2))
    }

    private func severity(_ severity: Diagnostic.Severity) -> String {
        guard colorize else { return severity.rawValue }
        let colour = switch severity {
        case .error: "31"
        case .warning: "35"
        case .note: "36"
        }
        return "\u{1B}[1;\(colour)m\(severity.rawValue)\u{1B}[0m"
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

extension Sequence where Element == Diagnostic {
    /// Whether any finding is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
