import ArgumentParser
import SymptomQuery

/// Options shared by every way of asking: output format, provenance, packs, error handling.
struct GlobalOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output format: table, json, jsonl, csv, markdown, tree, or phenopacket (rank only).")
    var format: OutputFormat = .table

    @Flag(name: [.customLong("why"), .customLong("provenance")],
          help: "Show the assertions, packs and sources behind every answer.")
    var why = false

    @Option(name: .customLong("pack"), help: ArgumentHelp("Load the knowledge pack in DIR as well (repeatable).", valueName: "DIR"))
    var packs: [String] = []

    @Flag(help: "Load only the core vocabulary and --pack folders (not the other bundled packs, the user folder or $SYMKB_PACKS).")
    var noDefaultPacks = false

    @Flag(help: "Exit with status 1 when a query has no answers (like jq -e); a 'no' or 'not known' answer counts as none.")
    var failEmpty = false

    @Option(help: ArgumentHelp("Most steps of evaluation one query may take (default 20000000); past it the answer is partial.", valueName: "n"))
    var maxWork: Int?

    @Option(help: ArgumentHelp("Most answer rows one query may return (default 100000).", valueName: "n"))
    var maxRows: Int?

    @Option(help: ArgumentHelp("Most seconds one query may run (default 30).", valueName: "seconds"))
    var timeout: Double?

    /// The query limits these options ask for.
    var limits: QueryLimits {
        var limits = QueryLimits.standard
        if let maxWork { limits.work = max(1, maxWork) }
        if let maxRows { limits.rows = max(1, maxRows) }
        if let timeout { limits.seconds = QueryLimits.clampSeconds(timeout) }
        return limits
    }

    @Flag(help: "Stop at the first query that fails.")
    var bail = false

    @Flag(help: "Print each query before its answer.")
    var echo = false
}

extension OutputFormat: ExpressibleByArgument {}
