/// A place in a file: path, 1-based line and 1-based column.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file as it should be shown to a person (relative to where they work, when possible).
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in characters.
    public var column: Int
    /// How many characters the place covers from the column (a YAML value's width), at least 1.
    public var length: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int, length: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
        self.length = max(1, length)
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}

extension Array where Element == SourceLocation {
    /// The location at `index` of a list kept beside what it locates (an entity's xrefs, a test's
    /// expectations); `fallback` when the list has none there (it was not recorded).
    func location(at index: Int, or fallback: SourceLocation) -> SourceLocation {
        indices.contains(index) ? self[index] : fallback
    }
}
