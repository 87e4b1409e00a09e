/// How answers are printed: a name (for `--format` and `.mode`) and the ``ResultFormatter`` that
/// writes them.
///
/// Formats are registered in ``OutputFormat/allCases``; the command line, the REPL's `.mode`, its
/// completion and `.help` all read that one list. A new format is one formatter and one entry.
public struct OutputFormat: Hashable, Sendable, CustomStringConvertible {
    /// The name, e.g. `table`.
    public let rawValue: String
    /// One line for `--help` and `.help mode`.
    public let summary: String
    /// How the format's output is framed, which decides how errors and echoed queries are written.
    public let framing: Framing
    /// Whether an answer's remark ("partial answer: …") is written with its rows (a table's line,
    /// JSON's `message` and `partial`); formats that write the rows alone leave it to standard error.
    public let writesRemarks: Bool
    /// Writes the answers.
    let formatter: any ResultFormatter

    /// How a format's output is framed.
    public enum Framing: Sendable {
        /// Text for people: queries may be echoed as `> query`, errors go to standard error.
        case text
        /// Comma-separated values: an echoed query is a `# query` line.
        case csv
        /// JSON: errors are JSON objects in the output, nothing else is printed between answers.
        case json
        /// A drawing (DOT, Mermaid): one picture per answer, errors on standard error.
        case picture
    }

    init(_ name: String, _ summary: String, framing: Framing, writesRemarks: Bool = false, formatter: any ResultFormatter) {
        rawValue = name
        self.summary = summary
        self.framing = framing
        self.writesRemarks = writesRemarks
        self.formatter = formatter
    }

    /// The registered format with a name.
    public init?(rawValue: String) {
        guard let format = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = format
    }

    public var description: String { rawValue }

    public static func == (lhs: OutputFormat, rhs: OutputFormat) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// Whether errors are written as JSON objects in the output.
    public var isJSON: Bool { framing == .json }


    /// Aligned columns for people (the default on a terminal).
    public static let table = OutputFormat("table", "aligned columns (the default)", framing: .text, writesRemarks: true, formatter: TableFormatter())
    /// One JSON document: an array with one result object per query.
    public static let json = OutputFormat("json", "one JSON document, an array of results", framing: .json, writesRemarks: true, formatter: JSONFormatter())
    /// One JSON object per answer row (errors are objects with an `error` key).
    public static let jsonl = OutputFormat("jsonl", "one JSON object per answer row", framing: .json, formatter: JSONLinesFormatter())
    /// RFC 4180 comma-separated values with a header row per query; the tables of several queries
    /// are a blank line apart.
    public static let csv = OutputFormat("csv", "comma-separated values, with _id columns", framing: .csv, formatter: CSVFormatter())
    /// GitHub-flavoured Markdown tables.
    public static let markdown = OutputFormat("markdown", "Markdown tables", framing: .text, formatter: MarkdownFormatter())
    /// Each answer as a branch with the assertions behind it beneath (an explanation view).
    public static let tree = OutputFormat("tree", "each answer with its evidence beneath", framing: .text, formatter: TreeFormatter())
    /// A GA4GH phenopacket (v2 JSON, one per line) of a `rank`. Only `rank` answers can be written so.
    public static let phenopacket = OutputFormat("phenopacket", "a GA4GH phenopacket per rank (rank only)", framing: .json,
                                                 formatter: PhenopacketFormatter())
    /// Graphviz DOT of the assertions behind the answers.
    public static let dot = OutputFormat("dot", "a Graphviz DOT picture of the assertions behind the answers", framing: .picture,
                                         formatter: PictureFormatter(kind: .dot))
    /// A Mermaid flowchart of the assertions behind the answers.
    public static let mermaid = OutputFormat("mermaid", "a Mermaid flowchart of the assertions behind the answers", framing: .picture,
                                             formatter: PictureFormatter(kind: .mermaid))

    /// Every format, in the order help lists them.
    public static let allCases: [OutputFormat] = [.table, .json, .jsonl, .csv, .markdown, .tree, .phenopacket, .dot, .mermaid]
}

/// The outcome of one query of a batch: its answer or its error, and where it was written.
public struct QueryOutcome: Sendable {
    /// The query text.
    public var query: String
    /// The answer, or why there is none.
    public var result: Result<QueryResult, QueryError>
    /// Where the question came from when several inputs ask theirs in one run (each phenopacket
    /// of `symkb rank --phenopacket DIR`); `nil` otherwise.
    public var input: String?
    /// The phenopacket the question ranks (`symkb rank --phenopacket`): `--format phenopacket`
    /// writes the answer as that phenopacket, its id and subject kept.
    public var phenopacket: Phenopacket?
    /// Where the query is written, in a script: its file (`<stdin>` for standard input) and line.
    public var place: (file: String, line: Int)?

    /// Creates an outcome.
    public init(query: String, result: Result<QueryResult, QueryError>, input: String? = nil) {
        self.query = query
        self.result = result
        self.input = input
    }
}
