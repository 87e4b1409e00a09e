/// A way to write a graph for another tool: RDF, KGX, Neo4j, OBO, CSV.
///
/// Formats are registered in ``ExportFormats``; `symkb export --format NAME` looks them up there,
/// and a new format is one more type in that list.
public protocol ExportFormat: Sendable {
    /// The name used by `--format`.
    var name: String { get }
    /// One line for `--help`.
    var summary: String { get }
    /// The files it writes into a folder, in order; a format with one file can also go to standard output.
    var files: [String] { get }
    /// Why the format cannot write this scope, or `nil` (checked before anything is written).
    func refusal(for scope: ExportScope) -> ExportError?
    /// Writes one of ``files``.
    func write(_ scope: ExportScope, file: String, to out: inout some TextOutputStream) throws(ExportError)
    /// The assertions and nodes of the scope the format has no place for, and what to say about
    /// them (a warning; the summary counts only those written); `nil` when it writes them all.
    func leftOut(of scope: ExportScope) -> (assertions: Int, nodes: Int, message: String)?
    /// What the format writes besides the scope's nodes and assertions, for the summary
    /// ("450 obsolete terms"); `nil` when nothing.
    func alsoWritten(of scope: ExportScope) -> String?
}

extension ExportFormat {
    public func refusal(for scope: ExportScope) -> ExportError? { nil }
    public func leftOut(of scope: ExportScope) -> (assertions: Int, nodes: Int, message: String)? { nil }
    public func alsoWritten(of scope: ExportScope) -> String? { nil }
}

/// Why an export cannot be written.
public struct ExportError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}

/// Every export format, in the order `--help` lists them.
public enum ExportFormats {
    /// The registry.
    public static let all: [any ExportFormat] = [
        TurtleFormat(), NTriplesFormat(), JSONLDFormat(), KGXFormat(), Neo4jFormat(), OBOFormat(), CSVExportFormat(),
    ]

    /// The format with a name.
    public static func named(_ name: String) -> (any ExportFormat)? { all.first { $0.name == name.lowercased() } }

    /// Writes one file of a format into a string (for tests and small graphs).
    public static func text(of format: any ExportFormat, file: String? = nil, scope: ExportScope) throws(ExportError) -> String {
        var out = ""
        try format.write(scope, file: file ?? format.files[0], to: &out)
        return out
    }
}
