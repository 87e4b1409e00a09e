import Foundation
import KnowledgePacks
import SymkbShell
import SymptomQuery

/// Prints diagnostics to standard error: as text through ``DiagnosticFormatter`` (with the source
/// line read from disk for the caret where it is not known), or, under `--format json`/`jsonl`,
/// as JSON Lines — one ``Diagnostic`` object per line — so programs never parse messages.
struct DiagnosticPrinter {
    /// JSON Lines instead of text.
    var json = false
    /// The files diagnostics point into, each read once (a pack with 200 errors is not read 200 times).
    private let sources = SourceLines()

    /// The printer for an output format: JSON for `json` and `jsonl`, text otherwise.
    init(format: OutputFormat = .table) {
        json = format.isJSON
    }

    /// Prints diagnostics, then `N errors, M warnings` when there is an error (text only).
    func print(_ diagnostics: [Diagnostic], summary: Bool = true) {
        for diagnostic in diagnostics { print(diagnostic) }
        if summary, !json, let line = DiagnosticFormatter().summary(diagnostics) { Output.error(line) }
    }

    /// Prints one diagnostic; `showsIDs` is off at the interactive prompt.
    func print(_ diagnostic: Diagnostic, showsIDs: Bool = true) {
        if json {
            Output.error(Self.jsonLine(diagnostic))
            return
        }
        var shown = diagnostic
        if shown.sourceLine == nil, let location = shown.location, location.line >= 1 {
            shown.sourceLine = sources.line(location.line, of: location.file)
        }
        Output.error(DiagnosticFormatter(colorize: Style.standardError.enabled, showsIDs: showsIDs).format(shown))
    }

    /// An error of the command line itself (a missing file, a refused folder), located when it can be.
    func error(_ id: DiagnosticID, _ message: String, file: String? = nil) {
        print(Diagnostic.error(id, message, at: file.map { SourceLocation(file: $0, line: 1, column: 1) }))
    }

    /// Prints what a statement reported; `file` and `line` locate it (`nil`: the interactive
    /// prompt, where the place is the line just typed: the caret, no file, no id).
    func print(_ response: ShellResponse, file: String?, line: Int) {
        print(response, file: file, statement: ScriptSplitter.Statement(text: "", line: line))
    }

    /// Prints what a statement of a script answered, its query errors located in the script.
    func print(_ response: ShellResponse, file: String?, statement: ScriptSplitter.Statement) {
        let line = statement.line
        // The statement's place: where its text begins in its line (after any indentation).
        let place = file.map { SourceLocation(file: $0, line: line, column: statement.pieces.first?.column ?? 1) }
        // A diagnostic without a place of its own (a pack that cannot be unloaded) is the statement's.
        func placed(_ diagnostic: Diagnostic) -> Diagnostic {
            var diagnostic = diagnostic
            if diagnostic.location == nil { diagnostic.location = place }
            return diagnostic
        }
        // In JSON, a remark ("loaded pack …") is a note among the JSON Lines of standard error.
        for notice in response.notices {
            Output.error(json ? Self.jsonLine(Diagnostic(.note, .note, notice, at: place)) : notice)
        }
        for problem in response.problems {
            switch problem {
            case let .query(error, text):
                // At the prompt the file is the line just typed: no name, but the caret under the column.
                let diagnostic = error.diagnostic(file: file ?? "", statement: statement, query: text)
                print(diagnostic, showsIDs: file != nil)
            case let .diagnostics(diagnostics):
                // The count of errors and warnings is said when there are several.
                print(diagnostics.map(placed), summary: diagnostics.count > 1)
            case let .diagnostic(diagnostic):
                print(placed(diagnostic), showsIDs: file != nil)
            case let .argument(diagnostic, columns):
                var located = diagnostic
                if let place {
                    located.location = SourceLocation(file: place.file, line: place.line, column: place.column + columns.lowerBound,
                                                      length: max(columns.count, 1))
                }
                print(located, showsIDs: file != nil)
            }
        }
    }

    static func jsonLine(_ diagnostic: Diagnostic) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(diagnostic) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The lines of the files diagnostics point into, read once each: regular files of at most 4 MB,
/// not empty, without NUL bytes, never through a link (a pack file that links outside its folder must not be shown).
final class SourceLines {
    private var files: [String: [Substring]?] = [:]

    /// Line `number` (1-based) of the file at `path`, or nil.
    func line(_ number: Int, of path: String) -> String? {
        let lines: [Substring]?
        if let cached = files[path] {
            lines = cached
        } else {
            lines = Self.read(path)
            files[path] = .some(lines)
        }
        guard let lines, number >= 1, number <= lines.count else { return nil }
        return String(lines[number - 1])
    }

    private static func read(_ path: String) -> [Substring]? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int, size <= 4 << 20,
              let data = FileManager.default.contents(atPath: path), !data.isEmpty, !data.contains(0) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        // CR LF is one Character, so a file written on Windows is split on it too (and on a lone
        // CR), as the readers count its lines.
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}
