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
    public func aligned() -> String { aligned(fitting: nil) }

    /// ``aligned()``, narrowed to `width` characters when it is wider (a terminal's): the widest
    /// columns are narrowed to one width, as few as need be, never below their header or 12
    /// characters, and a cell wider than its column is wrapped onto more lines, at spaces where
    /// it can be (nothing is cut: two diseases whose names differ at the end stay two).
    public func aligned(fitting width: Int?) -> String {
        // A printable ASCII cell's width is its byte count; others count their characters.
        let counts = ([header] + rows).map { $0.map { TerminalText.isPrintableASCII($0) ? $0.utf8.count : $0.count } }
        var widths = header.indices.map { column in counts.map { $0[column] }.max() ?? 0 }
        var wraps = false
        if let width, let first = counts.first {
            let fitted = Self.widths(widths, floors: zip(widths, first).map { min($0, max($1, 12)) }, fitting: width)
            wraps = fitted != widths
            widths = fitted
        }
        var bytes: [UInt8] = []
        func line(_ cells: [String], _ counts: [Int]) {
            let start = bytes.count
            for (column, cell) in cells.enumerated() {
                bytes += cell.utf8
                if column < cells.count - 1 { bytes += repeatElement(0x20, count: max(widths[column] - counts[column], 0) + 2) }
            }
            while bytes.count > start, bytes.last == 0x20 { bytes.removeLast() }
            bytes.append(0x0A)
        }
        // A row whose cells fit is one line; another, one line for each line of its tallest cell.
        func row(_ cells: [String], _ counts: [Int]) {
            guard wraps, cells.indices.contains(where: { $0 < widths.count && counts[$0] > widths[$0] }) else { return line(cells, counts) }
            let pieces = cells.enumerated().map { column, cell in
                column < widths.count && counts[column] > widths[column] ? Self.wrapped(cell, to: widths[column]) : [cell]
            }
            for index in 0..<(pieces.map(\.count).max() ?? 0) {
                let texts = pieces.map { index < $0.count ? $0[index] : "" }
                line(texts, texts.map(\.count))
            }
        }
        row(header, counts[0])
        line(widths.map { String(repeating: "-", count: $0) }, widths)
        for (cells, rowCounts) in zip(rows, counts.dropFirst()) { row(cells, rowCounts) }
        bytes.removeLast()  // lines are joined by newlines, with none after the last
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` in lines of at most `width` characters, broken at spaces (a word longer than a
    /// line is broken inside it).
    static func wrapped(_ text: String, to width: Int) -> [String] {
        guard width > 0, text.count > width else { return [text] }
        var lines: [String] = [], current = ""
        for var word in text.split(separator: " ") {
            while word.count > width {
                if !current.isEmpty { lines.append(current); current = "" }
                lines.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// Column widths that fit `limit` characters with two spaces between columns: every column
    /// wider than a cap is narrowed to it (or to its floor, if that is wider), the cap the largest that
    /// fits; the widths unchanged when they fit, the floors when even those do not.
    static func widths(_ widths: [Int], floors: [Int], fitting limit: Int) -> [Int] {
        let available = limit - 2 * max(widths.count - 1, 0)
        guard widths.reduce(0, +) > available else { return widths }
        func capped(_ cap: Int) -> [Int] { zip(widths, floors).map { min($0, max(cap, $1)) } }
        var low = 0, high = widths.max() ?? 0
        while low < high {
            let middle = (low + high + 1) / 2
            if capped(middle).reduce(0, +) <= available { low = middle } else { high = middle - 1 }
        }
        return capped(low)
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
