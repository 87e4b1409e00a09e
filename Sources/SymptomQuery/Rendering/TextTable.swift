import Foundation
/// Lays out rows of text as aligned columns (for the table format and listings) or as a Markdown table.
public struct TextTable: Sendable {
    /// Column names.
    public var header: [String]
    /// Rows, one cell per column.
    public var rows: [[String]]

    /// Creates a table.
    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// Columns separated by two spaces, a dashed rule under the header, no trailing spaces.
    public func aligned() -> String {
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (column, cell) in cells.enumerated() {
                let isLast = column == cells.count - 1
                text += isLast ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }
            while text.last == " " { text.removeLast() }
            return text
        }
        var lines = [line(header), line(widths.map { String(repeating: "-", count: $0) })]
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }

    /// The header and rows without the rule (for compact listings).
    public func alignedWithoutRule() -> String {
        aligned().split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset != 1 }.map { String($0.element) }.joined(separator: "\n")
    }

    /// A GitHub-flavoured Markdown table.
    public func markdown() -> String {
        func escape(_ cell: String) -> String {
            // Pipes escaped; every kind of line break (CR, CRLF, LF, U+2028) becomes a space.
            String(cell.map { $0.isNewline ? " " : $0 }).replacingOccurrences(of: "|", with: "\\|")
        }
        func line(_ cells: [String]) -> String { "| " + cells.map(escape).joined(separator: " | ") + " |" }
        var lines = [line(header), "|" + header.map { _ in " --- |" }.joined()]
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }
}
