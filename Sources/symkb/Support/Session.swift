import ArgumentParser
import BundledKnowledge
import Foundation
import KnowledgePacks
import SymkbShell
import SymptomGraph
import SymptomQuery

/// One run of symkb in the executable: the shell session, and how its responses are printed.
struct Session {
    var shell: ShellSession
    let options: GlobalOptions
    private var sink: OutputSink
    /// How problems are printed: text, or JSON Lines under `--format json`/`jsonl`.
    let printer: DiagnosticPrinter

    /// A load whose snapshots' sums were still being taken when the session began (see
    /// ``init(options:cancellation:confirmingLater:)``); `nil` once confirmed.
    private var unconfirmed: CatalogLoader.Provisional?

    /// Refuses `--from DATABASE` when no loaded pack annotates diseases of it but some pack
    /// annotates others: the option's mistake (64), said of the option rather than of the query
    /// it becomes. With no annotations at all, says what to install (1, as the query would).
    func requireDatabase(_ database: String, for command: String) throws {
        guard let databases = shell.queryEngine.rankingIndex?.databases, !databases.keys.isEmpty else {
            // Said of the command, not located in the query it would have become.
            printer.error(.queryUnsupported, "\(command) needs an ontology with disease annotations, and the loaded packs have none: "
                + "install the HPO with 'symkb pack install hpo', or load such a pack with --pack DIR")
            throw ExitCode(ExitStatus.queryFailed)
        }
        guard databases.name(matching: database) == nil else { return }
        let near = Spelling.closest(to: database, among: databases.keys, limit: 1)
        printer.error(.usage, "--from: no diseases from '\(database)'; loaded: " + databases.keys.joined(separator: ", ")
            + (near.first.map { " (did you mean \($0)?)" } ?? ""))
        throw ExitCode(ExitStatus.usage)
    }

    /// Loads the bundled packs and those named with `--pack`; prints diagnostics and exits 65/66 on failure.
    ///
    /// With `confirmingLater`, the session begins while the snapshots' sums are still being taken:
    /// ``run(_:)`` answers its first statement meanwhile, and shows nothing before they match (a
    /// damaged snapshot is then refused, with a warning, and the statement answered again from
    /// the pack's files). A cold `rank` answers in the time the sums take.
    init(options: GlobalOptions, cancellation: QueryCancellation = QueryCancellation(), confirmingLater: Bool = false) throws {
        self.options = options
        let printer = DiagnosticPrinter(format: options.format)
        self.printer = printer
        guard OutputFormat(rawValue: options.formatName.lowercased()) != nil else {
            printer.error(.usage, "'\(options.formatName)' is a format of 'symkb graph' or 'symkb export'; answers take "
                + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
            throw ExitCode(ExitStatus.usage)
        }
        sink = OutputSink(printer: printer)
        let settings = Self.settings(options)
        do throws(PackLoadError) {
            let catalog = try Self.catalog(options: options.packing)
            printer.print(catalog.unreadable, summary: false)
            let provisional = try CatalogLoader.loadProvisionally(catalog, readAhead: Self.readAhead)
            shell = ShellSession(catalog: catalog, loaded: provisional.result, settings: settings, cancellation: cancellation)
            unconfirmed = provisional
        } catch {
            printer.print(error.diagnostics)
            throw ExitCode(Self.exitStatus(of: error))
        }
        if !confirmingLater, case let .failed(status) = confirmLoad() { throw ExitCode(status) }
    }

    /// The shell's settings as the options give them.
    private static func settings(_ options: GlobalOptions) -> ShellSession.Settings {
        var settings = ShellSession.Settings(format: options.format, showsProvenance: options.why, limits: options.limits)
        settings.width = Terminal.width(fileDescriptor: 1)
        return settings
    }

    private static func exitStatus(of error: PackLoadError) -> Int32 {
        error.kind == .missingInput ? ExitStatus.noInput : ExitStatus.dataError
    }

    /// Warnings about the load: snapshots refused, packs skipped.
    private func printLoadNotices() {
        printer.print(shell.knowledge.snapshotNotices, summary: false)
        printer.print(shell.loadNotices, summary: false)
        for (entry, id, status) in shell.statuses {
            if case let .skipped(errors) = status {
                let name = id.map { "'\($0)' " } ?? ""
                printer.print(.warning(.packNotFound,
                    "skipped pack \(name)at \(entry.files.displayRoot) (\(entry.source)): \(errors) error"
                        + (errors == 1 ? "" : "s") + "; run 'symkb pack check \(entry.files.displayRoot)'", at: nil))
            }
        }
    }

    /// How a load made `confirmingLater` turned out.
    private enum Confirmation {
        /// Every sum matched: what the session answered stands.
        case stands
        /// A snapshot was damaged: the session was loaded again, and must answer again.
        case reloaded
        /// Loading again failed (its errors are printed): the exit status.
        case failed(Int32)
    }

    /// Waits for the sums of a load made `confirmingLater`, then prints the load's notices.
    private mutating func confirmLoad() -> Confirmation {
        guard let provisional = unconfirmed else { return .stands }
        unconfirmed = nil
        var outcome = Confirmation.stands
        do throws(PackLoadError) {
            if let reloaded = try provisional.confirmed() {
                // From the catalog and settings the session began with: the statement answered
                // from the damaged load may have changed both (`.load`, `.mode`), and runs again.
                shell = ShellSession(
                    catalog: provisional.catalog, loaded: reloaded, settings: Self.settings(options), cancellation: shell.cancellation)
                outcome = .reloaded
            }
        } catch {
            printer.print(error.diagnostics)
            return .failed(Self.exitStatus(of: error))
        }
        printLoadNotices()
        return outcome
    }

    /// A session over the default packs (unless `noDefaultPacks`) and the pack folders `packs`,
    /// for commands with options of their own.
    static func loading(packs: [String], noDefaultPacks: Bool, why: Bool = false) throws -> Session {
        try Session(options: GlobalOptions.parse(
            packs.flatMap { ["--pack", $0] } + (noDefaultPacks ? ["--no-default-packs"] : []) + (why ? ["--why"] : [])))
    }

    /// The packs bundled with symkb (embedded in the binary), shown under `Knowledge/`.
    static var bundledPacks: [PackFiles] {
        PackLoading.embeddedPacks(BundledKnowledge.files, displayPrefix: PackLoading.bundledDisplayPrefix)
    }

    /// The packs this process will likely load, read on other cores from the first use of this
    /// (``PackReadAhead``): the bundled ones, and the folders of ``likelyFolders(_:environment:)``.
    /// `main` starts it before it parses the command line of a command that loads packs
    /// (``LoadsPacks``), and a session's load takes the reads and the snapshots opened.
    static let readAhead = PackReadAhead(
        bundledPacks, compiled: BundledKnowledge.compiledPacks,
        folders: likelyFolders(CommandLine.arguments.dropFirst(), environment: ProcessInfo.processInfo.environment))

    /// The pack folders a command line will likely load, found before it is parsed: each named
    /// with `--pack DIR` or `--pack=DIR`, and those of the search path unless `--no-default-packs`
    /// is given. Words after `--` are not options. A wrong guess costs only its reading.
    static func likelyFolders(_ arguments: some Sequence<String>, environment: [String: String]) -> [String] {
        var named: [String] = [], defaults = true, afterPack = false
        for argument in arguments {
            if afterPack {
                named.append(argument)
                afterPack = false
            } else if argument == "--" {
                break
            } else if argument == "--pack" {
                afterPack = true
            } else if argument.hasPrefix("--pack=") {
                named.append(String(argument.dropFirst("--pack=".count)))
            } else if argument == "--no-default-packs" {
                defaults = false
            }
        }
        let searched = defaults ? PackCatalog.searchedFolders(environment: environment).map(\.folder) : []
        return searched + named
    }

    /// The packs to load: bundled, user folder and `$SYMKB_PACKS` (unless `--no-default-packs`), and `--pack`.
    static func catalog(options: PackOptions) throws(PackLoadError) -> PackCatalog {
        try PackCatalog.discover(
            bundled: bundledPacks,
            explicit: options.packs, environment: ProcessInfo.processInfo.environment,
            includeDefaults: !options.noDefaultPacks)
    }

    /// Ends the process with `status` once the answers are written, without tearing the loaded graph
    /// down first: freeing a large ontology's hundreds of thousands of objects takes longer than answering.
    /// (Everything is written unbuffered, through `FileHandle`, so nothing is lost.)
    mutating func end(_ status: Int32) -> Never {
        if case let .failed(failure) = confirmLoad() { exit(failure) }
        exit(finishOutput() ? status : (status == 0 ? ExitStatus.queryFailed : status))
    }

    /// Completes the `.output` file, if one is being written; `false` when it could not be.
    mutating func finishOutput() -> Bool {
        sink.finish()
    }

    /// Writes answers where `.output` says (standard output by default); `false` when that failed.
    @discardableResult
    mutating func emit(_ text: String) -> Bool {
        precondition(unconfirmed == nil, "nothing is shown from a load before its sums match")
        defer { sink.follow(shell.settings.outputPath) }
        return sink.write(text, to: shell.settings.outputPath)
    }

    /// Runs the statements of a script; returns the exit status.
    mutating func runScript(_ text: String, file: String) -> Int32 {
        run(ScriptSplitter.split(text).map { (statement: $0, file: file) })
    }

    /// Runs statements in order (batch mode); returns the exit status. Answers stream as they
    /// come, except `json`, which prints one array for the whole run: a document for each query
    /// and for each dot-command that printed something (``ResultRenderer/jsonDocument(command:output:)``);
    /// a `.mode` or `.output` that leaves `json` or its destination ends the array there.
    /// `phenopackets` (by file) are the phenopackets the statements of those files rank (`symkb
    /// rank --phenopacket`): each such answer says which file asked (a line before it in text,
    /// `input` in JSON) and is written back as that phenopacket.
    mutating func run(
        _ statements: [(statement: ScriptSplitter.Statement, file: String)], phenopackets: [String: Phenopacket] = [:]
    ) -> Int32 {
        // The documents of the JSON array being gathered, and where it goes.
        var pendingJSON: [String] = []
        var jsonDestination: String?
        var status: Int32 = 0
        var printedAny = false
        var flushedJSON = false, wroteOther = false
        func flushJSON(_ session: inout Session) {
            guard !pendingJSON.isEmpty else { return }
            flushedJSON = true
            if !session.sink.write(ResultRenderer.jsonArray(pendingJSON), to: jsonDestination) {
                status = ExitStatus.queryFailed
            }
            pendingJSON = []
        }
        for (statement, file) in statements {
            let isQuery = !statement.text.hasPrefix(".")
            let gathering = shell.settings.format == .json
            if gathering, pendingJSON.isEmpty { jsonDestination = shell.settings.outputPath }
            // The findings of the command line are not an input file to name.
            let labelled = phenopackets[file] != nil
            shell.input = labelled ? file : nil
            shell.place = labelled || file == "<arguments>" ? nil : (file, statement.line)
            shell.inputPhenopacket = phenopackets[file]
            var response = shell.execute(statement.text)
            switch confirmLoad() {
            case .stands: break
            case .reloaded: response = shell.execute(statement.text)
            case let .failed(failure):
                _ = sink.finish()
                return failure
            }
            let format = shell.settings.format
            // Diagnostics follow the format a `.mode` set: JSON Lines under json and jsonl.
            var statementPrinter = printer
            statementPrinter.json = format.isJSON
            if gathering {
                // Each query's document, made now (a later `.load` changes the graph it names),
                // and each dot-command's output, in turn; `.read`'s statements' too.
                for part in response.parts {
                    if let outcome = part.outcome {
                        pendingJSON.append(shell.renderer.jsonDocument(for: outcome))
                    } else if !part.output.isEmpty {
                        pendingJSON.append(ResultRenderer.jsonDocument(command: statement.text, output: part.output))
                    }
                    statementPrinter.print(part, file: file, statement: statement)
                }
                // A `.mode` or `.output` that leaves json, or its destination, ends the array.
                if format != .json || shell.settings.outputPath != jsonDestination { flushJSON(&self) }
            } else {
                // Answers in text are a blank line apart; so are CSV tables (one header row each),
                // which CSV readers skip as an empty record.
                let separate = printedAny && (format.framing == .text || format.framing == .csv) && isQuery
                let blankLine = format.framing == .csv ? "\r\n" : "\n"
                var text = separate && (!response.output.isEmpty || options.echo || labelled) ? blankLine : ""
                if labelled && isQuery { text += Self.echoLine(file, format: format) }
                if options.echo && isQuery { text += Self.echoLine(statement.text, format: format) }
                // A `.read` file's answers and errors in turn, as they came.
                var unwritten = false
                for part in response.parts {
                    text += part.output
                    if !sink.write(text, to: shell.settings.outputPath) { unwritten = true }
                    text = ""
                    statementPrinter.print(part, file: file, statement: statement)
                }
                if unwritten {
                    // Answers that could not be written are a failure, and --bail stops on it.
                    status = ExitStatus.queryFailed
                    if options.bail { break }
                }
                printedAny = printedAny || (isQuery && (!response.output.isEmpty || options.echo))
                wroteOther = wroteOther || !response.output.isEmpty
            }
            sink.follow(shell.settings.outputPath)
            if response.failed { status = ExitStatus.queryFailed }
            // An evaluation stopped by a limit printed what it found, but the answer is not whole
            // (also one of a `.read` file's).
            if response.parts.contains(where: { part in
                if let outcome = part.outcome, case let .success(result) = outcome.result { return result.isCutShort }
                return false
            }) {
                status = ExitStatus.queryFailed
            }
            if options.failEmpty, let outcome = response.outcome, case let .success(result) = outcome.result,
               result.rows.isEmpty || ["no", "not known"].contains(result.answer ?? "") {
                status = ExitStatus.queryFailed
            }
            if response.quits || (response.failed && options.bail) { break }
        }
        if let closing = shell.endOfInput(), !sink.write(closing.hasSuffix("\n") ? closing : closing + "\n", to: shell.settings.outputPath) {
            status = ExitStatus.queryFailed
        }
        if case let .failed(failure) = confirmLoad() { status = failure }  // no statement: the load's notices still
        flushJSON(&self)
        // A script of no queries is still one JSON document: an empty array, not no text.
        if !flushedJSON, !wroteOther, shell.settings.format == .json, !sink.write("[]\n", to: shell.settings.outputPath) {
            status = ExitStatus.queryFailed
        }
        if !sink.finish() { status = ExitStatus.queryFailed }
        return status
    }

    static func echoLine(_ query: String, format: OutputFormat) -> String {
        switch format.framing {
        case .text: "> \(TerminalText.escaped(query))\n"
        case .csv: "# \(TerminalText.escaped(query))\r\n"
        case .json, .picture: ""
        }
    }
}

/// Writes answers to standard output or to the `.output` file.
///
/// A file is written whole or not at all (``ReplacedFile``: a link is followed, a device or pipe
/// written as it is, permissions kept): answers go to a temporary file beside it, which replaces
/// the file when `.output` moves elsewhere or the session ends. When a write fails (a full disk)
/// the temporary file is removed and what was there stays byte for byte.
struct OutputSink {
    let printer: DiagnosticPrinter
    private var target: String?
    private var file: ReplacedFile?
    /// Why `target` could not be opened, once said.
    private var unopened = false
    private var failed = false

    init(printer: DiagnosticPrinter) { self.printer = printer }

    /// Writes text; `false` (with a message on standard error) when the `.output` file cannot take it.
    @discardableResult
    mutating func write(_ text: String, to target: String?) -> Bool {
        guard !text.isEmpty else { return true }
        if target != self.target {
            finish()
            self.target = target
            if let target { open(target) }
        }
        guard let target else {
            Output.write(text)
            return true
        }
        guard let file, !failed else {
            if file == nil {
                if !unopened { printer.error(.fileWriteFailed, "cannot open '\(target)' for writing; answers go to standard output") }
                Output.write(text)
            }
            return false
        }
        do {
            try file.handle.write(contentsOf: Data(text.utf8))
            return true
        } catch {
            failed = true
            printer.error(.fileWriteFailed, "cannot write to '\(target)': \(Output.describe(error)); it is left as it was")
            return false
        }
    }

    private mutating func open(_ requested: String) {
        failed = false
        unopened = false
        do throws(ReplacedFile.Failure) {
            file = try ReplacedFile(path: requested)
        } catch {
            file = nil
            unopened = true
            printer.error(.fileWriteFailed, "\(error); answers go to standard output")
        }
    }

    /// Completes the file being written when `.output` has moved away from it.
    mutating func follow(_ target: String?) {
        if target != self.target { finish() }
    }

    /// Completes the file being written: puts it in place, or gives it up after a failed write.
    /// Returns `false` when the file could not be completed.
    @discardableResult
    mutating func finish() -> Bool {
        defer { file = nil; target = nil; failed = false; unopened = false }
        guard let file else { return true }
        guard !failed else {
            file.discard()
            return false
        }
        do {
            try file.commit()
            return true
        } catch {
            file.discard()
            printer.error(.fileWriteFailed, "cannot replace '\(target ?? "")': \(Output.describe(error))")
            return false
        }
    }
}

/// A command that loads the packs symkb finds (the bundled ones among them): `main` starts reading
/// the packs on the other core (``Session/readAhead``) before it parses the command line, which
/// takes ~17 M instructions of a cold query on one core.
protocol LoadsPacks: ParsableCommand {}

/// A command that answers queries, to which ``AnswerOptions`` apply (given to any other, they are
/// refused rather than ignored).
protocol AnswersQueries: ParsableCommand {}
