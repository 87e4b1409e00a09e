import ArgumentParser
import BundledKnowledge
import Foundation
import KnowledgePacks
import SymkbShell
import SymptomQuery

/// One run of symkb in the executable: the shell session, and how its responses are printed.
struct Session {
    var shell: ShellSession
    let options: GlobalOptions
    private var sink = OutputSink()

    /// Loads the bundled packs and those named with `--pack`; prints diagnostics and exits 65/66 on failure.
    init(options: GlobalOptions, cancellation: QueryCancellation = QueryCancellation()) throws {
        self.options = options
        do throws(PackLoadError) {
            let catalog = try Self.catalog(options: options)
            DiagnosticPrinter.printAll(catalog.unreadable)
            shell = try ShellSession(
                catalog: catalog,
                settings: .init(format: options.format, showsProvenance: options.why, limits: options.limits),
                cancellation: cancellation)
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            throw ExitCode(error.kind == .missingInput ? ExitStatus.noInput : ExitStatus.dataError)
        }
        DiagnosticPrinter.printAll(shell.knowledge.snapshotNotices)
        for (entry, id, status) in shell.statuses {
            if case let .skipped(errors) = status {
                let name = id.map { "'\($0)' " } ?? ""
                Output.error(Style.standardError.diagnostic(
                    "warning: skipped pack \(name)at \(entry.files.displayRoot) (\(entry.source)): \(errors) error"
                        + (errors == 1 ? "" : "s") + "; run 'symkb pack check \(entry.files.displayRoot)'"))
            }
        }
    }

    /// The packs to load: bundled, user folder and `$SYMKB_PACKS` (unless `--no-default-packs`), and `--pack`.
    static func catalog(options: GlobalOptions) throws(PackLoadError) -> PackCatalog {
        try PackCatalog.discover(
            bundled: PackLoading.embeddedPacks(BundledKnowledge.files, displayPrefix: "Knowledge"),
            explicit: options.packs, environment: ProcessInfo.processInfo.environment,
            includeDefaults: !options.noDefaultPacks)
    }

    /// Ends the process with `status` once the answers are written, without tearing the loaded graph
    /// down first: freeing a large ontology's hundreds of thousands of objects takes longer than answering.
    /// (Everything is written unbuffered, through `FileHandle`, so nothing is lost.)
    static func end(_ status: Int32) -> Never {
        exit(status)
    }

    /// Writes answers where `.output` says (standard output by default); `false` when that failed.
    @discardableResult
    mutating func emit(_ text: String) -> Bool {
        sink.write(text, to: shell.settings.outputPath)
    }

    /// Runs the statements of a script; returns the exit status.
    mutating func runScript(_ text: String, file: String) -> Int32 {
        run(ScriptSplitter.split(text).map { (text: $0.text, file: file, line: $0.line) })
    }

    /// Runs statements in order (batch mode): answers stream as they come, except `json`, which
    /// prints one document per run of consecutive queries. Returns the exit status.
    mutating func run(_ statements: [(text: String, file: String, line: Int)]) -> Int32 {
        var pendingJSON: [QueryOutcome] = []
        var status: Int32 = 0
        var printedAny = false
        func flushJSON(_ session: inout Session) {
            guard !pendingJSON.isEmpty else { return }
            if !session.sink.write(session.shell.renderer.render(batch: pendingJSON), to: session.shell.settings.outputPath) {
                status = ExitStatus.queryFailed
            }
            pendingJSON = []
        }
        for statement in statements {
            let isQuery = !statement.text.hasPrefix(".")
            if !isQuery { flushJSON(&self) }
            let response = shell.execute(statement.text)
            let format = shell.settings.format
            if let outcome = response.outcome, format == .json {
                pendingJSON.append(outcome)
            } else {
                let separate = printedAny && [.table, .markdown, .tree].contains(format) && isQuery
                var text = separate && (!response.output.isEmpty || options.echo) ? "\n" : ""
                if options.echo && isQuery { text += Self.echoLine(statement.text, format: format) }
                text += response.output
                if !sink.write(text, to: shell.settings.outputPath) {
                    // Answers that could not be written are a failure, and --bail stops on it.
                    status = ExitStatus.queryFailed
                    if options.bail { break }
                }
                printedAny = printedAny || (isQuery && (!response.output.isEmpty || options.echo))
            }
            DiagnosticPrinter.print(response, file: statement.file, line: statement.line)
            if response.failed { status = ExitStatus.queryFailed }
            if options.failEmpty, let outcome = response.outcome, case let .success(result) = outcome.result,
               result.rows.isEmpty || ["no", "not known"].contains(result.answer ?? "") {
                status = ExitStatus.queryFailed
            }
            if response.quits || (response.failed && options.bail) { break }
        }
        flushJSON(&self)
        return status
    }

    static func echoLine(_ query: String, format: OutputFormat) -> String {
        switch format {
        case .table, .markdown, .tree: "> \(query)\n"
        case .csv: "# \(query)\r\n"
        case .json, .jsonl: ""
        }
    }
}

/// Writes answers to standard output or to the `.output` file, opening the file once.
struct OutputSink {
    private var path: String?
    private var handle: FileHandle?

    /// Writes text; `false` (with a message on standard error) when the `.output` file cannot take it.
    @discardableResult
    mutating func write(_ text: String, to target: String?) -> Bool {
        guard !text.isEmpty else { return true }
        guard let target else {
            Output.write(text)
            return true
        }
        if target != path {
            try? handle?.close()
            if !FileManager.default.fileExists(atPath: target) {
                _ = FileManager.default.createFile(atPath: target, contents: nil)
            }
            handle = FileHandle(forWritingAtPath: target)
            _ = try? handle?.seekToEnd()
            path = target
        }
        guard let handle else {
            Output.error("error: cannot open '\(TerminalText.escaped(target))' for writing; answers go to standard output")
            Output.write(text)
            return false
        }
        do {
            try handle.write(contentsOf: Data(text.utf8))
            return true
        } catch {
            Output.error("error: cannot write to '\(TerminalText.escaped(target))': \(Output.describe(error))")
            return false
        }
    }
}
