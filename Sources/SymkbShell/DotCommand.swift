import SymptomQuery

/// The REPL's dot-commands: names, usage and help text.
public struct DotCommand: Sendable {
    /// What kind of argument a command takes, for completion.
    public enum Argument: Sendable {
        case file, directory, packID, format, onOff, command
        /// A limit's name and value (`.limits work 1000000`).
        case limit
        /// A kind and a text (`.entities symptom pain`).
        case kindAndText
        /// Names of findings, separated by commas (`.interview tremor, not seizure`).
        case findings
        /// A language and a query (`.explain sparql symptoms of tremor`).
        case explanation
    }

    /// Whether the command reads or writes files or folders (`.read`, `.output`, `.load`): what
    /// a query given as a command-line argument may not do.
    public var touchesFiles: Bool { argument == .file || argument == .directory }

    /// The name, with its dot.
    public let name: String
    /// The argument it takes, if any.
    public let argument: Argument?
    /// Whether the argument must be given.
    public let argumentRequired: Bool
    /// `.load DIR`
    public let usage: String
    /// One line for `.help`.
    public let summary: String
    /// More for `.help NAME`.
    public let details: String

    /// Every command, in the order `.help` lists them.
    public static let all: [DotCommand] = [
        DotCommand(name: ".help", argument: .command, argumentRequired: false, usage: ".help [COMMAND]",
                   summary: "list the commands, or explain one",
                   details: "Without an argument, lists every command and the kinds of query. With one, explains that command."),
        DotCommand(name: ".packs", argument: nil, argumentRequired: false, usage: ".packs",
                   summary: "list loaded packs with versions, origins and counts",
                   details: "Shows each loaded pack: id, version, title, where it came from, entities and assertions."),
        DotCommand(name: ".load", argument: .directory, argumentRequired: true, usage: ".load DIR",
                   summary: "load the pack in folder DIR",
                   details: "Reads and checks the pack; with any error nothing is loaded and the knowledge base stays as it was."),
        DotCommand(name: ".unload", argument: .packID, argumentRequired: true, usage: ".unload ID",
                   summary: "unload a pack (refused while another pack depends on it)",
                   details: "Removes a pack and everything it asserted; refused when a loaded pack depends on it."),
        DotCommand(name: ".reload", argument: nil, argumentRequired: false, usage: ".reload",
                   summary: "read every pack folder again",
                   details: "Re-reads the packs loaded from folders (after editing them). If any now fails, the previous version stays loaded."),
        DotCommand(name: ".mode", argument: .format, argumentRequired: false,
                   usage: ".mode [" + OutputFormat.allCases.map(\.rawValue).joined(separator: "|") + "]",
                   summary: "choose how answers are printed",
                   details: OutputFormat.allCases.map { "\($0.rawValue): \($0.summary)" }.joined(separator: "; ") + "."),
        DotCommand(name: ".explain", argument: .explanation, argumentRequired: true, usage: ".explain sparql QUERY",
                   summary: "show the SPARQL that asks the exported RDF the same question",
                   details: "Translates a pattern, a question form, describe or a yes/no question to SPARQL 1.1 over the RDF of `symkb export --format turtle` (docs/EXPORT.md), so the question travels with the data."),
        DotCommand(name: ".timer", argument: .onOff, argumentRequired: true, usage: ".timer on|off",
                   summary: "show how long each query took",
                   details: "Prints the evaluation time of each query after its answer (on standard error)."),
        DotCommand(name: ".why", argument: .onOff, argumentRequired: true, usage: ".why on|off",
                   summary: "show provenance with every answer",
                   details: "Adds the sources and the assertions (pack, source, locator) behind every answer."),
        DotCommand(name: ".read", argument: .file, argumentRequired: true, usage: ".read FILE",
                   summary: "run the queries and commands of a file",
                   details: "Runs each statement of FILE as if typed; errors name FILE:LINE:COLUMN."),
        DotCommand(name: ".output", argument: .file, argumentRequired: true, usage: ".output FILE|stdout",
                   summary: "send answers to a file, or back to the terminal",
                   details: "Appends answers to FILE until `.output stdout`. Errors still go to the terminal."),
        DotCommand(name: ".limits", argument: .limit, argumentRequired: false, usage: ".limits [work|rows|seconds|clauses N]",
                   summary: "show or set how much one query may do",
                   details: "A query that reaches a limit stops with the answers found so far, marked partial. Defaults: work 20000000 steps, rows 100000, seconds 30 (inf: no time limit), clauses 256; the parser's nesting limit is 100."),
        DotCommand(name: ".kinds", argument: nil, argumentRequired: false, usage: ".kinds",
                   summary: "list the kinds of entity (the query 'list kinds')",
                   details: "Every kind with its parent kind, the pack that declares it and its description."),
        DotCommand(name: ".relations", argument: nil, argumentRequired: false, usage: ".relations",
                   summary: "list the relations with inverses, properties and RO/Biolink ids",
                   details: "Every relation: its name, inverse name, whether it is transitive or symmetric, its Relation Ontology and Biolink ids, and its pack (the query 'list relations')."),
        DotCommand(name: ".entities", argument: .kindAndText, argumentRequired: false, usage: ".entities [KIND] [TEXT]",
                   summary: "list entities, of a kind, whose names contain TEXT",
                   details: "`.entities symptom pain` lists symptoms whose label, synonym or id contains 'pain' (the query 'list symptoms matching pain')."),
        DotCommand(name: ".interview", argument: .findings, argumentRequired: false, usage: ".interview FINDING, not FINDING, … [from OMIM|ORPHA]",
                   summary: "a diagnostic interview: the differential, and the next best question",
                   details: "Ranks the diseases of a database by likelihood ratios from the findings given, then asks, one at a time, the question expected to tell the most. Answer yes, no, unsure, why, undo, show or stop, or name a finding of your own ('has tremor', 'no tremor'). Not medical advice."),
        DotCommand(name: ".stats", argument: nil, argumentRequired: false, usage: ".stats",
                   summary: "count entities, assertions, relation types, and memory",
                   details: "Shows the size of the loaded graph and the memory the process uses."),
        DotCommand(name: ".quit", argument: nil, argumentRequired: false, usage: ".quit",
                   summary: "leave symkb (Ctrl-D does too)", details: "Leaves the REPL."),
        DotCommand(name: ".exit", argument: nil, argumentRequired: false, usage: ".exit",
                   summary: "leave symkb", details: "Leaves the REPL."),
    ]

    /// What `.help` takes: the commands' names without the dot, and `questions`.
    public static var helpTopics: [String] { all.map { String($0.name.dropFirst()) } + ["questions"] }

    /// The command with a name (with or without the dot).
    public static func named(_ name: String) -> DotCommand? {
        let dotted = name.hasPrefix(".") ? name : "." + name
        return all.first { $0.name == dotted }
    }

    /// `text` in lines of at most `width` characters, broken between words, each indented.
    static func wrapped(_ text: String, width: Int = 78, indent: String = "  ") -> String {
        var lines: [String] = [], line = indent
        for word in text.split(separator: " ") {
            if line.count > indent.count, line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        if line.count > indent.count || lines.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }

    /// The widest usage that shares a line with its summary in `.help`: a longer one (`.mode`'s
    /// list of formats) has its summary on the next line, so the list fits 80 columns.
    static let usageColumn = 24

    /// The text of `.help` or `.help NAME`, in lines of at most 80 columns (but for a usage or an
    /// example longer than that); `nil` when NAME is no topic (``helpTopics``).
    public static func help(for name: String?) -> String? {
        if let name, name.lowercased() == "questions" {
            var lines = ["Question forms (a trailing ?, 'what are the', 'tell me about' and articles are ignored; a bare name describes it):"]
            for form in QuestionForms.catalog {
                lines.append("")
                lines.append("  " + form.phrases.joined(separator: " · "))
                lines.append("      means: " + form.rewrite)
                lines.append("      e.g.   " + form.example)
            }
            return lines.joined(separator: "\n") + "\n"
        }
        if let name {
            guard let command = named(name.lowercased()) else { return nil }
            return "\(command.usage)\n  \(command.summary)\n" + wrapped(command.details) + "\n"
        }
        let width = all.map(\.usage.count).filter { $0 <= usageColumn }.max() ?? usageColumn
        let hanging = String(repeating: " ", count: width + 4)
        var lines = ["Commands:"]
        for command in all {
            let summary = wrapped(command.summary, width: 80, indent: hanging)
            if command.usage.count > width {
                lines += ["  " + command.usage, summary]
            } else {
                lines.append("  " + command.usage + String(repeating: " ", count: width - command.usage.count + 2)
                    + summary.dropFirst(hanging.count))
            }
        }
        lines += ["", "Questions (.help questions lists every phrasing and its rewrite):"]
        for form in QuestionForms.catalog { lines.append("  " + form.example) }
        let notes = [
            ("Filters:", ["… where frequency >= 50%", "where certainty = may", "where pack = hpo", "where negated",
                          "order by COLUMN", "limit N", "count …"]),
            ("Patterns:", ["?s triggered_by \"neck movement\"", "ms-spasms causes+ ?e", "?x associated_with tremor"]),
            ("Keys:", ["Tab completes", "Up/Down recall", "Ctrl-R searches history", "Ctrl-C clears", "Ctrl-D leaves"]),
        ]
        lines.append("")
        // Each label's items, ' · ' between them, broken between items.
        for (label, items) in notes {
            var line = label.padding(toLength: 12, withPad: " ", startingAt: 0)
            var first = true
            for item in items {
                if !first, line.count + 3 + item.count > 80 {
                    lines.append(line)
                    line = String(repeating: " ", count: 12) + item
                } else {
                    line += (first ? "" : " · ") + item
                }
                first = false
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
