import Foundation
import KnowledgePacks

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
    ///
    /// Widths count characters; each cell is counted once and the lines are laid out as UTF-8
    /// bytes (an answer of a few hundred rows was padded through thousands of small strings).
    public func aligned() -> String {
        // A printable ASCII cell's width is its byte count; others count their characters.
        let counts = ([header] + rows).map { $0.map { TerminalText.isPrintableASCII($0) ? $0.utf8.count : $0.count } }
        let widths = header.indices.map { column in counts.map { $0[column] }.max() ?? 0 }
        var bytes: [UInt8] = []
        func line(_ cells: [String], _ counts: [Int]) {
            let start = bytes.count
            for (column, cell) in cells.enumerated() {
                bytes += cell.utf8
                if column < cells.count - 1 { bytes += repeatElement(0x20, count: widths[column] - counts[column] + 2) }
            }
            while bytes.count > start, bytes.last == 0x20 { bytes.removeLast() }
            bytes.append(0x0A)
        }
        line(header, counts[0])
        line(widths.map { String(repeating: "-", count: $0) }, widths)
        for (row, rowCounts) in zip(rows, counts.dropFirst()) { line(row, rowCounts) }
        bytes.removeLast()  // lines are joined by newlines, with none after the last
        return String(decoding: bytes, as: UTF8.self)
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

/// Text set in Markdown as it reads, not as markup: a query's `*`, `_` or backquote does not
/// start emphasis or code, an angle bracket no HTML, a bracket no link.
enum MarkdownText {
    static func escaped(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            if "\\`*_[]<>#|".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
