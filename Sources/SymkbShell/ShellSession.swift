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

        /// Creates settings.
        public init(format: OutputFormat = .table, showsProvenance: Bool = false, showsTimer: Bool = false) {
            self.format = format
            self.showsProvenance = showsProvenance
            self.showsTimer = showsTimer
        }
    }

    /// The loaded packs and their graph.
    public private(set) var knowledge: KnowledgeBase
    /// Display settings.
    public var settings: Settings
    /// Set from a signal handler to stop the running query.
    public let cancellation: QueryCancellation

    private let bundled: [PackFiles]
    private(set) var directories: [String]
    private var unloadedBundled = Set<String>()
    private var engine: QueryEngine
    private var readDepth = 0

    /// Loads the bundled packs and those in `directories`; throws every problem found.
    public init(
        bundled: [PackFiles], directories: [String], settings: Settings,
        cancellation: QueryCancellation = QueryCancellation()
    ) throws(PackLoadError) {
        self.cancellation = cancellation
        self.bundled = bundled
        self.directories = directories
        self.settings = settings
        knowledge = try Self.load(bundled: bundled, directories: directories)
        engine = QueryEngine(graph: knowledge.graph)
        engine.cancellation = cancellation
    }

    private static func load(
        bundled: [PackFiles], directories: [String], excluding excluded: Set<String> = []
    ) throws(PackLoadError) -> KnowledgeBase {
        var files = bundled
        for directory in directories { files.append(try PackFiles.read(directory: directory)) }
        let (contents, _) = try PackLoading.read(files)
        return try KnowledgeBase(packs: contents.filter { !excluded.contains($0.id) })
    }

    private mutating func replaceKnowledge(_ new: KnowledgeBase) {
        knowledge = new
        engine = QueryEngine(graph: new.graph, cancellation: cancellation)
    }

    /// The renderer for the current settings.
    public var renderer: ResultRenderer {
        ResultRenderer(format: settings.format, showsProvenance: settings.showsProvenance, graph: knowledge.graph)
    }

    /// Executes one statement: a dot-command (starting with `.`) or a query.
    public mutating func execute(_ statement: String) -> ShellResponse {
        let text = statement.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix(".") { return executeCommand(text) }
        return answer(text)
    }

    /// Answers one query.
    public mutating func answer(_ text: String) -> ShellResponse {
        var response = ShellResponse()
        cancellation.reset()
        let clock = ContinuousClock()
        let start = clock.now
        let outcome: QueryOutcome
        do {
            outcome = QueryOutcome(query: text, result: .success(try engine.answer(text)))
        } catch {
            outcome = QueryOutcome(query: text, result: .failure(error))
            response.problems.append(.query(error, text: text))
        }
        let elapsed = clock.now - start
        response.outcome = outcome
        response.output = renderer.render(outcome)
        if settings.showsTimer {
            response.notices.append("time: " + Self.milliseconds(elapsed))
        }
        return response
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
            response.problems.append(.message(
                "unknown command '\(name)'" + (guess.map { " (did you mean '\($0)'?)" } ?? "") + "; type .help"))
            return response
        }
        if command.argument == nil, !argument.isEmpty {
            var response = ShellResponse()
            response.problems.append(.message("\(command.name) takes no argument; usage: \(command.usage)"))
            return response
        }
        if command.argumentRequired, argument.isEmpty {
            var response = ShellResponse()
            response.problems.append(.message("\(command.name) needs an argument; usage: \(command.usage)"))
            return response
        }
        return run(command, argument: argument)
    }

    private mutating func run(_ command: DotCommand, argument: String) -> ShellResponse {
        var response = ShellResponse()
        switch command.name {
        case ".help":
            response.output = DotCommand.help(for: argument.isEmpty ? nil : argument)
        case ".quit", ".exit":
            response.quits = true
        case ".packs":
            response.output = PackSummary.table(knowledge) + "\n"
        case ".stats":
            response.output = PackSummary.statistics(knowledge.graph) + "\n"
        case ".mode":
            guard let format = OutputFormat(rawValue: argument.lowercased()) else {
                response.problems.append(.message(
                    "unknown mode '\(argument)'; choose one of " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")))
                break
            }
            settings.format = format
        case ".timer", ".why":
            guard let on = Self.onOff(argument) else {
                response.problems.append(.message("\(command.name) takes on or off"))
                break
            }
            if command.name == ".timer" { settings.showsTimer = on } else { settings.showsProvenance = on }
        case ".output":
            settings.outputPath = ["stdout", "-"].contains(argument) ? nil : argument
        case ".load":
            load(argument, into: &response)
        case ".unload":
            do throws(PackLoadError) {
                let origin = knowledge.pack(argument)?.origin
                replaceKnowledge(try knowledge.removing(argument))
                if case let .directory(path)? = origin {
                    directories.removeAll { Self.standardized($0) == path }
                } else {
                    unloadedBundled.insert(argument)
                }
                response.notices.append("unloaded pack '\(argument)'")
            } catch {
                response.problems.append(.diagnostics(error.diagnostics))
            }
        case ".reload":
            do throws(PackLoadError) {
                replaceKnowledge(try Self.load(bundled: bundled, directories: directories, excluding: unloadedBundled))
                response.notices.append("reloaded \(knowledge.packs.count) packs")
            } catch {
                response.problems.append(.diagnostics(error.diagnostics))
                response.problems.append(.message("reload failed; the previously loaded packs stay loaded"))
            }
        case ".read":
            read(argument, into: &response)
        default:
            response.problems.append(.message("\(command.name) is not available here"))
        }
        return response
    }

    private static func onOff(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "on", "yes", "true", "1": true
        case "off", "no", "false", "0": false
        default: nil
        }
    }

    private static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    private mutating func load(_ directory: String, into response: inout ShellResponse) {
        do throws(PackLoadError) {
            let files = try PackFiles.read(directory: directory)
            let (contents, warnings) = try PackLoading.read([files])
            let updated = try knowledge.adding(contents)
            replaceKnowledge(updated)
            directories.append(directory)
            for content in contents {
                let entities = updated.graph.entities.filter { $0.pack == content.id }.count
                response.notices.append(
                    "loaded pack '\(content.id)' \(content.manifest.version) (\(entities) entities)")
            }
            if !warnings.isEmpty { response.problems.append(.diagnostics(warnings)) }
        } catch {
            response.problems.append(.diagnostics(error.diagnostics))
            response.problems.append(.message("nothing was loaded; the knowledge base is unchanged"))
        }
    }

    private mutating func read(_ path: String, into response: inout ShellResponse) {
        guard readDepth < 8 else {
            response.problems.append(.message(".read is nested too deeply (more than 8 levels)"))
            return
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            response.problems.append(.message("cannot read '\(path)'"))
            return
        }
        readDepth += 1
        defer { readDepth -= 1 }
        for statement in ScriptSplitter.split(text) {
            var inner = execute(statement.text)
            inner.problems = inner.problems.map { problem in
                if case let .query(error, text) = problem {
                    return .message("\(path):\(statement.line):\(error.span.start + 1): error: \(error.description)\n"
                        + error.caret(in: text))
                }
                return problem
            }
            response.append(inner)
            if inner.quits { break }
        }
    }
}
