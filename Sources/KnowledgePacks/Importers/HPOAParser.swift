import Foundation

/// Reads HPO annotation files (`phenotype.hpoa`): `#` header lines, a column header, then twelve
/// tab-separated columns per row. Rows with the wrong number of columns, a bad qualifier or no
/// disease id are reported with file, line and column and skipped.
///
/// ``scan(lines:after:row:)`` hands each row of a block of lines over as byte slices, without
/// allocating (the importer's path, a block at a time); ``scan(_:row:)`` does it for a whole file,
/// and ``parse(_:)`` builds ``HPOAnnotation`` values on top of it (for tests and tools).
public struct HPOAParser {
    static let columns = [
        "database_id", "disease_name", "qualifier", "hpo_id", "reference", "evidence", "onset",
        "frequency", "sex", "modifier", "aspect", "biocuration",
    ]

    /// One row as byte slices of its twelve columns.
    public struct Row {
        /// The columns, in file order.
        public let fields: Fields
        /// The line in the file.
        public let line: Int

        /// A column as text.
        public func text(_ column: Int) -> String { String(decoding: fields[column], as: UTF8.self) }
        /// Whether the qualifier is NOT.
        public var isNegated: Bool { fields[2].count == 3 }
    }

    /// A row's columns: slices of the block being scanned, kept in memory the scan reuses from
    /// row to row (no array is made or retained per row). Valid only during the call that is
    /// given the row: keep a column's bytes (copied), never the row or its fields.
    public struct Fields: RandomAccessCollection {
        fileprivate let slices: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>
        public var startIndex: Int { 0 }
        public var endIndex: Int { slices.count }
        public subscript(position: Int) -> UnsafeBufferPointer<UInt8> { slices[position] }

        /// The columns `columns` as one slice of the line, the tabs between them included.
        public func span(_ columns: ClosedRange<Int>) -> UnsafeBufferPointer<UInt8> {
            let first = slices[columns.lowerBound], last = slices[columns.upperBound]
            guard let start = first.baseAddress, let end = last.baseAddress.map({ $0 + last.count }) else { return first }
            return UnsafeBufferPointer(start: start, count: end - start)
        }
    }

    /// The file name used in diagnostics.
    public let file: String
    /// What was found wrong: the first 200 findings, then one that counts the others.
    public var diagnostics: [Diagnostic] {
        let more = cap.summary(.error, .hpoaSyntax, at: nil) { "\($0) more problems in this file are not shown" }
        return findings + (more.map { [$0] } ?? [])
    }
    private var findings: [Diagnostic] = []
    private var cap = FindingCap(limit: 200)
    /// `#key: value` header lines (`version`, `description`, …).
    public private(set) var header: [String: String] = [:]

    /// Whether the column header has been read (the first line that is not a `#` line).
    private var sawColumns = false

    /// Creates a parser; `file` names the input in diagnostics.
    public init(file: String) { self.file = file }

    /// Calls `row` for every well-formed row.
    public mutating func scan(_ bytes: [UInt8], row visit: (Row) -> Void) {
        sawColumns = false  // a whole file: its first line that is not a `#` line is its header
        bytes.withUnsafeBufferPointer { _ = scan(lines: $0, after: 0, row: visit) }
    }

    /// Calls `row` for every well-formed row of a block of whole lines (a file read a block at a
    /// time: ``ImportedFile/forEachBlockOfLines(blockSize:_:)``) that follows `linesBefore` lines;
    /// returns the number of lines in the block. A row's fields are valid only during the call.
    public mutating func scan(lines buffer: UnsafeBufferPointer<UInt8>, after linesBefore: Int, row visit: (Row) -> Void) -> Int {
        var lineNumber = linesBefore
        // Room for one column more than a row has: a longer row is only counted.
        let slices = UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt8>>.allocate(capacity: Self.columns.count + 1)
        defer { slices.deallocate() }
        return TextDecoding.forEachLine(in: buffer) { line in
            lineNumber += 1
            guard !line.isEmpty, let lineBase = line.baseAddress else { return }
            if line[0] == UInt8(ascii: "#") {
                let text = String(decoding: line.dropFirst(), as: UTF8.self)
                if let colon = text.firstIndex(of: ":") {
                    header[String(text[..<colon])] = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                return
            }
            var count = 0
            var fieldStart = 0
            Self.forEachTab(in: line) { tab in
                if count < slices.count { slices[count] = UnsafeBufferPointer(start: lineBase + fieldStart, count: tab - fieldStart) }
                count += 1
                fieldStart = tab + 1
            }
            if count < slices.count { slices[count] = UnsafeBufferPointer(start: lineBase + fieldStart, count: line.count - fieldStart) }
            count += 1
            let fields = Fields(slices: UnsafeBufferPointer(rebasing: slices[..<min(count, slices.count)]))
            if !sawColumns {
                sawColumns = true
                if fields.map({ String(decoding: $0, as: UTF8.self) }) != Self.columns {
                    error("expected the column header '\(Self.columns.joined(separator: " "))'", line: lineNumber, column: 1)
                }
                return
            }
            guard count == 12 else {
                error("expected 12 tab-separated columns, found \(count)", line: lineNumber, column: 1)
                return
            }
            let qualifier = fields[2]
            guard qualifier.isEmpty || qualifier.elementsEqual("NOT".utf8) else {
                error("qualifier must be empty or NOT, found '\(String(decoding: qualifier, as: UTF8.self))'",
                      line: lineNumber, column: Self.column(ofField: 2, in: line))
                return
            }
            // A row must name its disease: an empty id would become an entity without one. (An
            // empty term or aspect is an unknown one, a warning when the rows are added.)
            guard !fields[0].isEmpty else {
                error("the database_id column is empty", line: lineNumber, column: 1)
                return
            }
            // A disease id has its database as prefix (OMIM:, ORPHA:, DECIPHER:): rankings go by it.
            guard fields[0].contains(UInt8(ascii: ":")) else {
                error("database_id '\(String(decoding: fields[0], as: UTF8.self))' has no database prefix (e.g. OMIM:)",
                      line: lineNumber, column: 1)
                return
            }
            visit(Row(fields: fields, line: lineNumber))
        }
    }

    /// The 1-based column, in Unicode scalars (as every location counts), where tab-separated
    /// field `field` of a line starts; 1 when the line has fewer fields.
    static func column(ofField field: Int, in line: UnsafeBufferPointer<UInt8>) -> Int {
        var tabs = 0, column = 1
        for byte in line {
            if tabs == field { return column }
            if byte == 0x09 { tabs += 1 }
            if byte & 0xC0 != 0x80 { column += 1 }  // not a continuation byte: a new scalar
        }
        return tabs == field ? column : 1
    }

    /// Calls `body` with the offset of each tab in `line`, in order. Eight bytes are tested at a
    /// time: each byte of `word ^ 0x09…09` is zero exactly where a tab is, and the expression
    /// below sets the high bit of exactly those bytes (no carry crosses a byte: `(b & 0x7F) + 0x7F`
    /// stays below 0x100). A row's eleven tabs cost ~16 word tests instead of eleven `memchr` calls.
    static func forEachTab(in line: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
        let raw = UnsafeRawBufferPointer(line)
        var offset = 0
        while offset + 8 <= raw.count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) ^ 0x0909_0909_0909_0909
            var tabs = ~(((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | word | 0x7F7F_7F7F_7F7F_7F7F)
            while tabs != 0 {
                body(offset + tabs.trailingZeroBitCount >> 3)
                tabs &= tabs &- 1
            }
            offset += 8
        }
        while offset < raw.count {
            if raw[offset] == 0x09 { body(offset) }
            offset += 1
        }
    }

    /// Parses a whole file into values.
    public mutating func parse(_ bytes: [UInt8]) -> HPOAnnotationFile {
        var result = HPOAnnotationFile()
        scan(bytes) { row in
            func optional(_ index: Int) -> String? { row.fields[index].isEmpty ? nil : row.text(index) }
            func list(_ index: Int) -> [String] {
                row.fields[index].isEmpty ? [] : row.text(index).split(separator: ";").map(String.init)
            }
            result.annotations.append(HPOAnnotation(
                diseaseID: row.text(0), diseaseName: row.text(1), isNegated: row.isNegated, phenotypeID: row.text(3),
                references: list(4), evidence: row.text(5), onset: optional(6), frequency: optional(7),
                sex: optional(8)?.lowercased(), modifiers: list(9), aspect: row.text(10), biocuration: row.text(11),
                line: row.line))
        }
        result.header = header
        return result
    }

    /// Files an error: the first 200, and the others counted.
    private mutating func error(_ message: String, line: Int, column: Int) {
        let location = SourceLocation(file: file, line: line, column: column)
        if cap.admits(at: location) { findings.append(.error(.hpoaSyntax, message, at: location)) }
    }
}
