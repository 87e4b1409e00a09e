/// A place in a file: path, 1-based line and 1-based column.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file as it should be shown to a person (relative to where they work, when possible).
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in characters.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}
