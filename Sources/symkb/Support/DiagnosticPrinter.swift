import KnowledgePacks
import SymkbShell
import SymptomQuery

/// Prints pack diagnostics and query errors to standard error as `file:line:col: error: message`.
enum DiagnosticPrinter {
    /// A diagnostic's text with control characters escaped (file names and messages quote input).
    static func text(_ diagnostic: Diagnostic) -> String {
        TerminalText.escaped(diagnostic.description, keepingNewlines: true)
    }

    static func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { Output.error(Style.standardError.diagnostic(text(diagnostic))) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        if errors > 0 {
            Output.error("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        }
    }

    /// Prints diagnostics without a summary line (the caller prints its own).
    static func printAll(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { Output.error(Style.standardError.diagnostic(text(diagnostic))) }
    }

    /// Prints what a statement reported; `file` and `line` locate it (omitted at the REPL prompt).
    static func print(_ response: ShellResponse, file: String?, line: Int) {
        let style = Style.standardError
        for notice in response.notices { Output.error(notice) }
        for problem in response.problems {
            switch problem {
            case let .query(error, text):
                let place = file.map { "\($0):\(line):\(error.span.start + 1): " } ?? ""
                Output.error(style.diagnostic(place + "error: " + TerminalText.escaped(error.description)))
                Output.error(error.caret(in: text))
            case let .diagnostics(diagnostics):
                print(diagnostics)
            case let .message(message):
                let place = file.map { "\($0):\(line): " } ?? ""
                let safe = TerminalText.escaped(message, keepingNewlines: true)
                Output.error(style.diagnostic(message.contains(": error: ") ? safe : place + "error: " + safe))
            }
        }
    }
}
