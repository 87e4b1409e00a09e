/// How answers are printed.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Aligned columns for people (the default on a terminal).
    case table
    /// One JSON document: a result object for one query, an array of them for several.
    case json
    /// One JSON object per answer row (errors are objects with an `error` key).
    case jsonl
    /// RFC 4180 comma-separated values with a header row per query.
    case csv
    /// GitHub-flavoured Markdown tables.
    case markdown
    /// Each answer as a branch with the assertions behind it beneath (an explanation view).
    case tree
    /// A GA4GH phenopacket (v2 JSON, one per line) of a `rank`: the findings as phenotypic features
    /// and the differential as interpretations. Only `rank` answers can be written so.
    case phenopacket
}

/// The outcome of one query of a batch: its answer or its error, and where it was written.
public struct QueryOutcome: Sendable {
    /// The query text.
    public var query: String
    /// The answer, or why there is none.
    public var result: Result<QueryResult, QueryError>

    /// Creates an outcome.
    public init(query: String, result: Result<QueryResult, QueryError>) {
        self.query = query
        self.result = result
    }
}
