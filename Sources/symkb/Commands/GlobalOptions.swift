import ArgumentParser
import GraphExport
import SymptomQuery

/// Options of every command that loads packs: the output format and which packs to load.
struct PackOptions: ParsableArguments {
    /// The `--format` as written. One option for every command (ArgumentParser lets the root
    /// command read options written after a subcommand, so a subcommand cannot have its own
    /// `--format`): queries read it as an ``OutputFormat``, `graph` and `export` as their formats.
    /// No default is declared (ArgumentParser would print it in every command's help, and
    /// `graph` draws dot, `export` needs one named): ``formatName`` supplies `table`.
    @Option(name: [.customShort("f"), .customLong("format")], help: ArgumentHelp(
        "Output format. Answers: " + OutputFormat.allCases.map { $0 == .table ? "table (default)" : $0.rawValue }.joined(separator: ", ")
            + ". graph: " + GraphCommand.PictureFormat.allCases.map { $0 == .dot ? "dot (default)" : $0.rawValue }.joined(separator: ", ")
            + ". export: " + ExportFormats.all.map(\.name).joined(separator: ", ") + ".", valueName: "format"))
    var formatOption: String?

    /// The `--format` as written, `table` when none is.
    var formatName: String { formatOption ?? "table" }

    /// The output format of queries (`table` when `--format` names a format of `graph` or `export`,
    /// which ``Session`` refuses).
    var format: OutputFormat { OutputFormat(rawValue: formatName.lowercased()) ?? .table }

    /// Every name `--format` takes, in any command.
    static var formatNames: [String] {
        OutputFormat.allCases.map(\.rawValue) + GraphCommand.PictureFormat.allCases.map(\.rawValue) + ExportFormats.all.map(\.name)
    }

    @Option(name: .customLong("pack"), help: ArgumentHelp("Load the knowledge pack in DIR as well (repeatable).", valueName: "DIR"))
    var packs: [String] = []

    @Flag(help: "Load only the core vocabulary and --pack folders (not the other bundled packs, the user folder or $SYMKB_PACKS).")
    var noDefaultPacks = false

    func validate() throws {
        guard Self.formatNames.contains(formatName.lowercased()) else {
            throw ValidationError("unknown format '\(formatName)'; answers take " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")
                + "; graph takes " + GraphCommand.PictureFormat.allCases.map(\.rawValue).joined(separator: ", ") + "; export takes " + ExportFormats.all.map(\.name).joined(separator: ", "))
        }
    }
}

/// Options of the commands that answer queries: provenance, limits, and how a script of queries
/// runs. (Shown only by those commands; the others, `pack check` or `export`, answer nothing.)
struct AnswerOptions: ParsableArguments {
    @Flag(name: [.customLong("why"), .customLong("provenance")],
          help: "Show the assertions, packs and sources behind every answer.")
    var why = false

    @Flag(help: "Exit with status 1 when a query has no answers (like jq -e); a 'no' or 'not known' answer counts as none.")
    var failEmpty = false

    // Each limit takes the next argument as its value even when it starts with a dash: `--timeout
    // -5` is then refused for what it is, not as a missing value.
    @Option(parsing: .unconditional, help: ArgumentHelp("Most steps of evaluation one query may take (default 20000000); past it the answer is partial.", valueName: "n"))
    var maxWork: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Most answer rows one query may return (default 100000).", valueName: "n"))
    var maxRows: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Most seconds one query may run (default 30).", valueName: "seconds"))
    var timeout: Double?

    /// The query limits these options ask for.
    var limits: QueryLimits {
        var limits = QueryLimits.standard
        if let maxWork { limits.work = maxWork }  // at least 1 (validate())
        if let maxRows { limits.rows = maxRows }
        if let timeout { limits.seconds = QueryLimits.clampSeconds(timeout) }
        return limits
    }

    @Flag(help: "Stop at the first query that fails.")
    var bail = false

    @Flag(help: "Print each query before its answer.")
    var echo = false
}

extension AnswerOptions {
    /// Every name of these options.
    static let names = ["--why", "--provenance", "--fail-empty", "--max-work", "--max-rows", "--timeout", "--bail", "--echo"]

    /// The first of these options among command-line `arguments` (before a `--`), as written.
    static func named(in arguments: some Sequence<String>) -> String? {
        for argument in arguments {
            if argument == "--" { return nil }
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if names.contains(name) { return name }
        }
        return nil
    }

    func validate() throws {
        if let maxWork, maxWork < 1 { throw ValidationError("--max-work takes a number of steps, 1 or more") }
        if let maxRows, maxRows < 1 { throw ValidationError("--max-rows takes a number of rows, 1 or more") }
        // (inf and huge values are clamped to a year: no limit, in effect.)
        if let timeout, timeout.isNaN || timeout <= 0 { throw ValidationError("--timeout takes a number of seconds above 0") }
    }
}

/// Every shared option: those of a command that loads packs and those of one that answers
/// queries (the REPL, `query`, `run`, `rank`, `interview`, `pack test`).
struct GlobalOptions: ParsableArguments {
    @OptionGroup var packing: PackOptions
    @OptionGroup var answering: AnswerOptions

    /// The options of a command that loads `packing`'s packs, answering as by default.
    init(packing: PackOptions) throws {
        self = try Self.parse([])
        self.packing = packing
    }

    init() {}

    var formatOption: String? {
        get { packing.formatOption }
        set { packing.formatOption = newValue }
    }
    var formatName: String { packing.formatName }
    var format: OutputFormat { packing.format }
    var packs: [String] {
        get { packing.packs }
        set { packing.packs = newValue }
    }
    var noDefaultPacks: Bool { packing.noDefaultPacks }
    var why: Bool { answering.why }
    var failEmpty: Bool { answering.failEmpty }
    var limits: QueryLimits { answering.limits }
    var bail: Bool { answering.bail }
    var echo: Bool { answering.echo }
}
