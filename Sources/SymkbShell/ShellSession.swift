import Foundation
import KnowledgePacks
import SymptomGraph
import SymptomQuery

/// The state of one symkb session — loaded packs and display settings — and the execution of
/// statements: queries and dot-commands. Shared by the REPL, batch mode and `symkb run`, so that
/// the same statements give the same bytes in all three.
public struct ShellSession: Sendable {
    /// Display settings changed by dot-commands.
    public struct Settings: Sendable, Equatable {
        /// How answers are printed.
        public var format: OutputFormat
        /// Whether provenance is shown with every answer (`.why on`).
        public var showsProvenance: Bool
        /// Whether each query's time is shown (`.timer on`).
        public var showsTimer: Bool
        /// Where answers go: a file path, or `nil` for standard output (`.output`).
        public var outputPath: String?
        /// How much one query may do (`--max-work`, `--max-rows`, `--timeout`, `.limits`).
        public var limits: QueryLimits
        /// The width of the terminal answers print to, which tables fit (``ResultRenderer/width``);
        /// `nil` when they go to a file or a pipe.
        public var width: Int?

        /// Creates settings.
        public init(format: OutputFormat = .table, showsProvenance: Bool = false, showsTimer: Bool = false,
                    limits: QueryLimits = .standard) {
            self.format = format
            self.showsProvenance = showsProvenance
            self.showsTimer = showsTimer
            self.limits = limits
        }
    }

    /// The loaded packs and their graph.
    public private(set) var knowledge: KnowledgeBase
    /// Display settings.
    public var settings: Settings
    /// Set from a signal handler to stop the running query.
    public let cancellation: QueryCancellation

    /// Where the packs came from (`.load` adds to it, `.reload` re-reads it).
    public private(set) var catalog: PackCatalog
    /// The status of every catalog entry after the last load.
    public private(set) var statuses: [(entry: PackCatalog.Entry, id: String?, status: CatalogLoader.Status)] = []
    private var excluded = Set<String>()
    private var engine: QueryEngine
    /// The diagnostic interview in progress (`.interview`): until it ends, lines are its answers.
    public private(set) var interview: InterviewConversation?

    /// The query engine over the loaded graph, with the session's limits.
    public var queryEngine: QueryEngine {
        var configured = engine
        configured.limits = settings.limits
        return configured
    }
    private var readDepth: Int { reading.count }
    /// The files `.read` is reading, outermost first (by real path: a file that reads itself,
    /// directly or through another, is refused at once, not run eight times over).
    private var reading: [String] = []

    /// Loads a catalog's packs; throws every problem of a required pack.
    public init(
        catalog: PackCatalog, settings: Settings, cancellation: QueryCancellation = QueryCancellation()
    ) throws(PackLoadError) {
        self.init(catalog: catalog, loaded: try CatalogLoader.load(catalog), settings: settings, cancellation: cancellation)
    }

    /// A session over a catalog already loaded (``CatalogLoader/load(_:excluding:compiled:)``).
    public init(
        catalog: PackCatalog, loaded result: CatalogLoader.Result, settings: Settings,
        cancellation: QueryCancellation = QueryCancellation()
    ) {
        self.cancellation = cancellation
        self.catalog = catalog
        self.settings = settings
        knowledge = result.knowledge
        statuses = result.statuses
        loadDiagnostics = result.diagnostics
        loadNotices = result.notices
        engine = QueryEngine(graph: knowledge.graph, cancellation: cancellation)
        engine.priors = knowledge.priors
    }

    /// Loads the bundled packs and those in `directories` (as if named with `--pack`).
    public init(
        bundled: [PackFiles], directories: [String], settings: Settings,
        cancellation: QueryCancellation = QueryCancellation()
    ) throws(PackLoadError) {
        let catalog = try PackCatalog.discover(bundled: bundled, explicit: directories, environment: [:], includeDefaults: true)
        try self.init(catalog: catalog, settings: settings, cancellation: cancellation)
    }

    /// Warnings of the initial load, and errors of packs that were skipped.
    public private(set) var loadDiagnostics: [Diagnostic] = []
    /// Those of ``loadDiagnostics`` every load shows (``CatalogLoader/Result/notices``).
    public private(set) var loadNotices: [Diagnostic] = []

    private mutating func apply(_ result: CatalogLoader.Result) {
        knowledge = result.knowledge
        statuses = result.statuses
        engine = QueryEngine(graph: result.knowledge.graph, cancellation: cancellation)
        engine.priors = result.knowledge.priors
    }

    /// The renderer for the current settings.
    public var renderer: ResultRenderer {
        var renderer = ResultRenderer(format: settings.format, showsProvenance: settings.showsProvenance, graph: knowledge.graph)
        renderer.width = settings.outputPath == nil ? settings.width : nil
        // The HPO release that a loaded pack imported the terms from (a pack that only maps to
        // the HPO, as ms-hpo does, imports none and does not say).
        if let hpo = knowledge.packs.lazy.filter({ !$0.manifest.imports.isEmpty }).flatMap(\.manifest.upstream).first(where: { $0.name == "hpo" }) {
            renderer.resourceVersions["HP"] = hpo.version
        }
        return renderer
    }

    /// Ends an interview still waiting for answers when the input ends (a script or a pipe that
    /// stops mid-interview): its closing differential, "Interview over: no more answers", as
    /// `symkb interview` says it; `nil` when none is in progress.
    public mutating func endOfInput() -> String? {
        guard var conversation = interview else { return nil }
        interview = nil
        let closing = conversation.end()
        return closing.isEmpty ? nil : closing
    }

    /// Executes one statement: a dot-command (starting with `.`) or a query.
    public mutating func execute(_ statement: String) -> ShellResponse {
        let text = statement.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix(".") { return executeCommand(text) }
        if var conversation = interview {
            var response = ShellResponse()
            response.output = conversation.respond(text)
            interview = conversation.isFinished ? nil : conversation
            return response
        }
        return answer(text)
    }

    /// The last `rank` answered: `explain rank D` alone explains D against its findings.
    private var lastRank: String?

    /// `explain rank D` → `explain rank D given <the last rank's findings> using … from …`.
    private func completingExplain(_ text: String) -> String {
        let lower = text.lowercased()
        guard lower.hasPrefix("explain rank "), !lower.contains(" given "), let lastRank else { return text }
        return text + " given " + lastRank
    }

    /// Where the statements being answered come from, when a run answers several inputs' (each
    /// phenopacket of a folder): their outcomes name it (JSON `input`). `nil` otherwise.
    public var input: String?
    /// The phenopacket the statements being answered rank, if they rank one (its answer, as a
    /// phenopacket, keeps its id and subject).
    public var inputPhenopacket: Phenopacket?
    /// Where the statement being answered is written, in a script: JSON error documents name it.
    public var place: (file: String, line: Int)?

    /// Answers one query.
    public mutating func answer(_ typed: String) -> ShellResponse {
        let text = completingExplain(typed)
        var response = ShellResponse()
        cancellation.reset()
        let clock = ContinuousClock()
        let start = clock.now
        var outcome: QueryOutcome
        do throws(QueryError) {
            engine.limits = settings.limits
            let result = try engine.answer(text)
            if settings.format == .phenopacket, result.form != "rank" {
                throw QueryError(.queryUnsupported,
                    "the phenopacket format writes the answers of rank only; ask rank, or choose another format", at: Span(0, text.count))
            }
            outcome = QueryOutcome(query: text, result: .success(result))
            if result.form == "rank", let findings = result.rankedFindings, let ranking = result.ranking {
                let graph = knowledge.graph
                let items = findings.present.map { graph[$0].id } + findings.excluded.map { "not " + graph[$0].id }
                lastRank = items.joined(separator: ", ") + " using \(ranking.similarity) from \(ranking.database)"
            }
        } catch {
            outcome = QueryOutcome(query: text, result: .failure(error))
            response.problems.append(.query(error, text: text))
        }
        let elapsed = clock.now - start
        outcome.input = input
        outcome.phenopacket = inputPhenopacket
        outcome.place = place
        response.outcome = outcome
        response.output = renderer.render(outcome)
        // A cut answer in a format that writes the rows alone: standard error says so.
        if case let .success(result) = outcome.result, result.isPartial, !settings.format.writesRemarks, let message = result.message {
            response.problems.append(.diagnostic(.warning(.partialAnswer, message, at: nil)))
        }
        // So do its notes (which concept a name was read as).
        if case let .success(result) = outcome.result, !settings.format.writesRemarks {
            response.notices += result.notes.map { "note: " + TerminalText.escaped($0) }
        }
        if settings.showsTimer {
            response.notices.append("time: " + Self.milliseconds(elapsed))
        }
        return response
    }

    /// Whether answers are JSON documents (then `.packs`, `.stats` and `.limits` are too).
    private var isJSON: Bool { settings.format == .json || settings.format == .jsonl }

    /// `.limits` shows the limits; `.limits work|rows|seconds N` sets one. Seconds may be `inf`
    /// (no time limit, as `--timeout inf`: a year); counts are whole numbers.
    private mutating func setLimits(_ argument: String, into response: inout ShellResponse) -> String {
        let words = argument.split(separator: " ").map(String.init)
        if words.count == 2, let value = Double(words[1]), value > 0 {
            let count = QueryLimits.count(value)
            switch words[0].lowercased() {
            case "work" where count != nil: settings.limits.work = count ?? settings.limits.work
            case "rows" where count != nil: settings.limits.rows = count ?? settings.limits.rows
            case "seconds", "time": settings.limits.seconds = QueryLimits.clampSeconds(value)
            case "clauses" where count != nil: settings.limits.clauses = count ?? settings.limits.clauses
            case "work", "rows", "clauses":
                response.problems.append(.usage("\(words[0]) takes a whole number of at least 1"))
                return ""
            default:
                response.problems.append(.usage("unknown limit '\(words[0])'; use work, rows, seconds or clauses"))
                return ""
            }
        } else if words.count == 2, ["work", "rows", "seconds", "time", "clauses"].contains(words[0].lowercased()) {
            // A known limit with a value it cannot take: said of the value, not just the usage.
            let wanted = ["seconds", "time"].contains(words[0].lowercased()) ? "a number of seconds above 0, or inf" : "a whole number of at least 1"
            response.problems.append(.usage("'\(words[1])' is not a limit: \(words[0]) takes \(wanted)"))
            return ""
        } else if !words.isEmpty {
            response.problems.append(.usage("usage: .limits [work|rows|seconds|clauses N]"))
            return ""
        }
        let limits = settings.limits
        if isJSON {
            return PackSummary.json(PackSummary.LimitsJSON(
                work: limits.work, rows: limits.rows, clauses: limits.clauses, nesting: QueryParser.maxNesting,
                seconds: limits.seconds), lines: settings.format == .jsonl)
        }
        // Whole seconds without a fraction; the longest time (`inf`) as no limit.
        let seconds = limits.seconds >= QueryLimits.clampSeconds(.infinity) ? "no limit"
            : limits.seconds == limits.seconds.rounded() ? String(Int(limits.seconds)) : String(limits.seconds)
        return "work     \(limits.work) steps\nrows     \(limits.rows)\nseconds  \(seconds)\n"
            + "clauses  \(limits.clauses)\nnesting  \(QueryParser.maxNesting) (fixed)\n"
    }

    /// The `list` query a vocabulary command stands for.
    static func listQuery(for command: String, argument: String, kinds: Set<String>) -> String {
        switch command {
        case ".kinds": return "list kinds"
        case ".relations": return "list relations"
        default:
            let words = argument.split(separator: " ", maxSplits: 1).map(String.init)
            guard let first = words.first else { return "list entities" }
            if !kinds.contains(first.lowercased()) { return "list entities matching " + Term.quoteIfNeeded(argument) }
            let rest = words.count > 1 ? " matching " + Term.quoteIfNeeded(words[1]) : ""
            return "list entities of kind \(first)" + rest
        }
    }

    static func milliseconds(_ duration: Duration) -> String {
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(format: "%.3f ms", ms)
    }

    // MARK: Dot-commands

    private mutating func executeCommand(_ text: String) -> ShellResponse {
        let words = text.split(separator: " ", maxSplits: 1).map(String.init)
        let name = words[0].lowercased()
        let argument = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : ""
        guard let command = DotCommand.named(name) else {
            var response = ShellResponse()
            let guess = Spelling.closest(to: name, among: DotCommand.all.map(\.name)).first
            response.problems.append(.diagnostic(Diagnostic(
                .error, .usage, "unknown command '\(name)'; type .help", at: nil, suggestions: guess.map { [$0] } ?? [])))
            return response
        }
        if command.argument == nil, !argument.isEmpty {
            var response = ShellResponse()
            response.problems.append(.usage("\(command.name) takes no argument; usage: \(command.usage)"))
            return response
        }
        if command.argumentRequired, argument.isEmpty {
            var response = ShellResponse()
            response.problems.append(.usage("\(command.name) needs an argument; usage: \(command.usage)"))
            return response
        }
        var response = run(command, argument: argument)
        // A usage mistake in the argument (`.mode xml`) is shown under the argument.
        let afterName = text.index(text.startIndex, offsetBy: words[0].count)
        if !argument.isEmpty, let range = text.range(of: argument, range: afterName..<text.endIndex) {
            let start = text.distance(from: text.startIndex, to: range.lowerBound)
            let columns = start..<(start + text.distance(from: range.lowerBound, to: range.upperBound))
            response.problems = response.problems.map { problem in
                guard case let .diagnostic(diagnostic) = problem, diagnostic.id == .usage, diagnostic.location == nil else { return problem }
                return .argument(diagnostic, columns: columns)
            }
        }
        // A query error of the argument (`.interview tremor, not tremorr`, `.explain sparql …`) is
        // placed in the line as typed, so that its column counts from the line's start.
        guard [".interview", ".explain"].contains(command.name) else { return response }
        response.problems = response.problems.map { problem in
            guard case let .query(error, query) = problem, !query.isEmpty, let range = text.range(of: query) else { return problem }
            return .query(error.shifted(by: text.distance(from: text.startIndex, to: range.lowerBound)), text: text)
        }
        return response
    }

    private mutating func run(_ command: DotCommand, argument: String) -> ShellResponse {
        var response = ShellResponse()
        switch command.name {
        case ".help":
            // An unknown topic is a usage mistake (exit status 1 in a script), as an unknown command is.
            if let help = DotCommand.help(for: argument.isEmpty ? nil : argument) {
                response.output = help
            } else {
                let guess = Spelling.closest(to: argument, among: DotCommand.helpTopics).first.map { " (did you mean .help \($0)?)" } ?? ""
                response.problems.append(.usage("no help on '\(TerminalText.escaped(argument))'\(guess); .help lists the commands"))
            }
        case ".quit", ".exit":
            response.quits = true
        case ".packs":
            response.output = isJSON ? PackSummary.json(PackSummary.packs(knowledge), lines: settings.format == .jsonl)
                : PackSummary.table(knowledge) + "\n"
        case ".limits":
            response.output = setLimits(argument, into: &response)
        case ".kinds", ".relations", ".entities":
            return answer(Self.listQuery(for: command.name, argument: argument, kinds: Set(knowledge.graph.kinds.map(\.name))))
        case ".stats":
            response.output = isJSON ? PackSummary.json(PackSummary.statistics(json: knowledge.graph), lines: settings.format == .jsonl)
                : PackSummary.statistics(knowledge.graph) + "\n"
        case ".mode":
            // Alone, it says which mode is on.
            guard !argument.isEmpty else {
                response.output = "mode: \(settings.format.rawValue) (choose one of "
                    + OutputFormat.allCases.map(\.rawValue).joined(separator: ", ") + ")\n"
                break
            }
            guard let format = OutputFormat(rawValue: argument.lowercased()) else {
                response.problems.append(.usage(
                    "unknown mode '\(argument)'; choose one of " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")))
                break
            }
            settings.format = format
        case ".explain":
            let parts = argument.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.first?.lowercased() == "sparql" else {
                response.problems.append(.usage("symkb explains queries in sparql, not '\(parts.first ?? "")'; usage: .explain sparql QUERY"))
                break
            }
            guard parts.count == 2 else {
                response.problems.append(.usage("give the query to translate; usage: .explain sparql QUERY"))
                break
            }
            do throws(QueryError) {
                response.output = try SPARQLTranslator.translate(parts[1], engine: queryEngine)
            } catch {
                response.problems.append(.query(error, text: parts[1]))
            }
        case ".timer", ".why":
            guard let on = Self.onOff(argument) else {
                response.problems.append(.usage("\(command.name) takes on or off"))
                break
            }
            if command.name == ".timer" { settings.showsTimer = on } else { settings.showsProvenance = on }
        case ".output":
            if ["stdout", "-"].contains(argument) {
                settings.outputPath = nil
            } else if let problem = Self.whyUnwritable(argument) {
                // Said now, not at the next answer; answers go where they went.
                response.problems.append(.diagnostic(.error(.fileWriteFailed,
                    "cannot write answers to '\(argument)': \(problem); they still go to "
                        + (settings.outputPath.map { "'\($0)'" } ?? "standard output"), at: nil)))
            } else {
                settings.outputPath = argument
            }
        case ".load":
            load(argument, into: &response)
        case ".unload":
            do throws(PackLoadError) {
                _ = try knowledge.removing(argument)
                // Folders loaded by name are forgotten; bundled or discovered packs are excluded.
                var remaining = catalog
                remaining.entries = zip(catalog.entries, statuses).filter { entry, status in
                    !(status.id == argument && entry.source.isRequired && entry.source != .bundled)
                }.map(\.0)
                excluded.insert(argument)
                apply(try CatalogLoader.load(remaining, excluding: excluded))
                catalog = remaining
                response.notices.append("unloaded pack '\(argument)'")
            } catch {
                excluded.remove(argument)
                response.problems.append(.diagnostics(error.diagnostics))
            }
        case ".reload":
            do throws(PackLoadError) {
                var reread = catalog
                for index in reread.entries.indices {
                    if case let .directory(path) = reread.entries[index].files.origin {
                        let root = reread.entries[index].files.displayRoot
                        reread.entries[index].files = try PackFiles.read(directory: path)
                        reread.entries[index].files.displayRoot = root
                    }
                }
                let result = try CatalogLoader.load(reread, excluding: excluded)
                catalog = reread
                apply(result)
                response.notices.append("reloaded \(knowledge.packs.count) packs")
            } catch {
                response.problems.append(.diagnostics(error.diagnostics))
                response.problems.append(.diagnostic(.note("reload failed; the previously loaded packs stay loaded", at: nil)))
            }
        case ".read":
            read(argument, into: &response)
        case ".interview":
            startInterview(argument, into: &response)
        default:
            response.problems.append(.usage("\(command.name) is not available here"))
        }
        return response
    }

    /// `.interview [FINDING, not FINDING, …] [from DATABASE]`; `.interview stop` ends one in progress.
    private mutating func startInterview(_ argument: String, into response: inout ShellResponse) {
        if var conversation = interview {
            if ["stop", "end", "off"].contains(argument.lowercased()) {
                response.output = conversation.respond("stop")
                interview = nil
            } else {
                response.problems.append(.usage("an interview is in progress; answer it, or '.interview stop'"))
            }
            return
        }
        var options = Interview.Options()
        var list = argument
        if let range = list.range(of: " from ", options: [.caseInsensitive, .backwards]) ?? (list.lowercased().hasPrefix("from ") ? list.range(of: "from ", options: .caseInsensitive) : nil) {
            options.database = String(list[range.upperBound...]).trimmingCharacters(in: .whitespaces).uppercased()
            list = String(list[..<range.lowerBound])
        }
        let (present, absent) = InterviewConversation.presentAndAbsent(InterviewConversation.findings(listedIn: list))
        // Nothing present (`.interview`, `.interview not tremor`): a usage mistake, not a name's.
        guard !present.isEmpty else {
            response.problems.append(.usage("the interview needs at least one finding that is present, e.g. .interview tremor, ataxia"))
            return
        }
        do throws(QueryError) {
            var conversation = try InterviewConversation(
                engine: queryEngine, options: options, present: present, absent: absent,
                format: isJSON ? .jsonl : .text, listing: argument)
            response.output = conversation.start()
            interview = conversation.isFinished ? nil : conversation
        } catch {
            response.problems.append(.query(error, text: argument))
        }
    }

    private static func onOff(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "on", "yes", "true", "1": true
        case "off", "no", "false", "0": false
        default: nil
        }
    }


    private mutating func load(_ directory: String, into response: inout ShellResponse) {
        do throws(PackLoadError) {
            let files = try PackFiles.read(directory: directory)
            // The same folder again: nothing to add (its files may have changed: .reload reads them).
            if catalog.entries.contains(where: { $0.files.origin == files.origin }) {
                response.notices.append("'\(TerminalText.escaped(directory))' is loaded already; .reload reads its files again")
                return
            }
            var extended = catalog
            extended.entries.append(PackCatalog.Entry(files: files, source: .explicit(directory)))
            let (content, _) = try PackReader.read(files)
            excluded.remove(content.id)
            let result = try CatalogLoader.load(extended, excluding: excluded)
            catalog = extended
            apply(result)
            let entities = knowledge.graph.entities.filter { $0.pack == content.id }.count
            response.notices.append("loaded pack '\(content.id)' \(content.manifest.version) (\(entities) entities)")
            let own = result.diagnostics.filter { $0.location?.file.hasPrefix(files.displayRoot) == true }
            if !own.isEmpty { response.problems.append(.diagnostics(own)) }
        } catch {
            response.problems.append(.diagnostics(error.diagnostics))
            response.problems.append(.diagnostic(.note("nothing was loaded; the knowledge base is unchanged", at: nil)))
        }
    }

    /// Why answers could not be appended to the file at `path` (a folder, a missing or read-only
    /// folder, a read-only file), or `nil` when they can.
    public static func whyUnwritable(_ path: String) -> String? {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue { return "it is a folder" }
            return manager.isWritableFile(atPath: path) ? nil : "the file is not writable"
        }
        let parent = (path as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        guard manager.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            return "there is no folder '\(folder)'"
        }
        return manager.isWritableFile(atPath: folder) ? nil : "the folder '\(folder)' is not writable"
    }

    private mutating func read(_ path: String, into response: inout ShellResponse) {
        guard readDepth < 8 else {
            response.problems.append(.usage(".read is nested too deeply (more than 8 levels)"))
            return
        }
        let kind = ImportPathKind(of: path)
        if let problem = kind.problem {
            response.problems.append(.diagnostic(.error(.fileUnreadable, "cannot read '\(path)': \(problem)", at: nil)))
            return
        }
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        if reading.contains(real) {
            response.problems.append(.usage("'\(path)' is already being read: a .read may not read itself, directly or through another file"))
            return
        }
        let text: String
        do throws(PackLoadError) {
            // Read as `symkb run` reads a script: a NUL or invalid byte located, nothing run.
            guard let data = FileManager.default.contents(atPath: path) else {
                response.problems.append(.diagnostic(.error(.fileUnreadable, "cannot read '\(path)': permission denied?", at: nil)))
                return
            }
            text = try TextDecoding.decode(data, file: path)
        } catch {
            response.problems.append(.diagnostics(error.diagnostics))
            return
        }
        reading.append(real)
        defer { reading.removeLast() }
        for statement in ScriptSplitter.split(text) {
            var inner = execute(statement.text)
            inner.problems = inner.problems.map { problem in
                if case let .query(error, text) = problem {
                    return .diagnostic(error.diagnostic(file: path, statement: statement, query: text))
                }
                return problem
            }
            response.append(step: inner)
            if inner.quits { break }
        }
    }
}
