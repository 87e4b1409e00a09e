import Foundation
import KnowledgePacks
import SymkbShell
import SymptomQuery

/// Prints pack diagnostics and query errors to standard error as `file:line:col: error: message`.
enum DiagnosticPrinter {
    /// A diagnostic's text with control characters escaped (file names and messages quote input).
    /// Where the file is on disk and not too large, the source line is read so the caret can show it.
    static func text(_ diagnostic: Diagnostic) -> String {
        var shown = diagnostic
        if shown.sourceLine == nil, let location = shown.location, location.line >= 1 {
            shown.sourceLine = sourceLine(location.line, of: location.file)
        }
        return TerminalText.escaped(shown.description, keepingNewlines: true)
    }

    /// Line `number` of a text file of at most 4 MB, or nil.
    static func sourceLine(_ number: Int, of path: String) -> String? {
        // Never through a link: a pack file that links outside its folder must not be shown.
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int, size <= 4 << 20,
              let data = FileManager.default.contents(atPath: path), !data.contains(0) else { return nil }
        var line = 1, start = data.startIndex
        for index in data.indices where data[index] == 0x0A {
            if line == number { return String(decoding: data[start..<index], as: UTF8.self) }
            line += 1
            start = data.index(after: index)
        }
        return line == number && start < data.endIndex ? String(decoding: data[start...], as: UTF8.self) : nil
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
                let diagnostic = error.diagnostic(file: file, line: line, query: text)
                if file == nil {
                    // At the prompt the place is the line just typed: no file, but the caret.
                    Output.error(style.diagnostic("error: " + TerminalText.escaped(diagnostic.messageWithSuggestions)))
                    Output.error(error.caret(in: text))
                } else {
                    Output.error(style.diagnostic(Self.text(diagnostic)))
                }
            case let .located(diagnostic):
                Output.error(style.diagnostic(Self.text(diagnostic)))
            case let .diagnostics(diagnostics):
                print(diagnostics)
            case let .message(message):
                let place = file.map { "\($0):\(line): " } ?? ""
                Output.error(style.diagnostic(place + "error: " + TerminalText.escaped(message, keepingNewlines: true)))
            }
        }
    }
}
