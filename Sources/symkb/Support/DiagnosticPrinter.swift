import KnowledgePacks
import SymptomQuery

/// Prints pack diagnostics and query errors to standard error as `file:line:col: error: message`.
enum DiagnosticPrinter {
    static func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { Output.error(diagnostic.description) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        if errors > 0 {
            Output.error("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        }
    }

    static func print(_ error: QueryError, in query: String, file: String, line: Int) {
        Output.error("\(file):\(line):\(error.span.start + 1): error: \(error.description)")
        Output.error(error.caret(in: query))
    }
}
