/// Reads HPO annotation files (`phenotype.hpoa`): `#` header lines, a column header, then twelve
/// tab-separated columns per row. Rows with the wrong number of columns or a bad qualifier are
/// reported with file, line and column and skipped.
public struct HPOAParser {
    static let columns = [
        "database_id", "disease_name", "qualifier", "hpo_id", "reference", "evidence", "onset",
        "frequency", "sex", "modifier", "aspect", "biocuration",
    ]

    /// The file name used in diagnostics.
    public let file: String
    /// What was found wrong.
    public private(set) var diagnostics: [Diagnostic] = []

    /// Creates a parser; `file` names the input in diagnostics.
    public init(file: String) { self.file = file }

    /// Parses a whole file.
    public mutating func parse(_ bytes: [UInt8]) -> HPOAnnotationFile {
        var result = HPOAnnotationFile()
        result.annotations.reserveCapacity(bytes.count / 110)
        var lineNumber = 0
        var start = 0
        var sawColumns = false
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var fields: [UnsafeBufferPointer<UInt8>] = []
            fields.reserveCapacity(12)
            while start < count {
                var end = start
                while end < count && buffer[end] != 0x0A { end += 1 }
                lineNumber += 1
                var lineEnd = end
                if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = UnsafeBufferPointer(rebasing: buffer[start..<lineEnd])
                start = end + 1
                if line.isEmpty { continue }
                if line[0] == UInt8(ascii: "#") {
                    let text = String(decoding: line.dropFirst(), as: UTF8.self)
                    if let colon = text.firstIndex(of: ":") {
                        result.header[String(text[..<colon])] = text[text.index(after: colon)...]
                            .trimmingCharacters(in: .whitespaces)
                    }
                    continue
                }
                fields.removeAll(keepingCapacity: true)
                var fieldStart = 0
                for index in 0..<line.count where line[index] == 0x09 {
                    fields.append(UnsafeBufferPointer(rebasing: line[fieldStart..<index]))
                    fieldStart = index + 1
                }
                fields.append(UnsafeBufferPointer(rebasing: line[fieldStart...]))
                if !sawColumns {
                    sawColumns = true
                    let names = fields.map { String(decoding: $0, as: UTF8.self) }
                    if names == Self.columns { continue }
                    error("expected the column header '\(Self.columns.joined(separator: " "))'", line: lineNumber, column: 1)
                    continue
                }
                guard fields.count == 12 else {
                    error("expected 12 tab-separated columns, found \(fields.count)", line: lineNumber, column: 1)
                    continue
                }
                func text(_ index: Int) -> String { String(decoding: fields[index], as: UTF8.self) }
                func optional(_ index: Int) -> String? { fields[index].isEmpty ? nil : text(index) }
                func list(_ index: Int) -> [String] {
                    fields[index].isEmpty ? [] : text(index).split(separator: ";").map(String.init)
                }
                let qualifier = text(2)
                guard qualifier.isEmpty || qualifier == "NOT" else {
                    let column = fields[0].count + fields[1].count + 3
                    error("qualifier must be empty or NOT, found '\(qualifier)'", line: lineNumber, column: column)
                    continue
                }
                result.annotations.append(HPOAnnotation(
                    diseaseID: text(0), diseaseName: text(1), isNegated: qualifier == "NOT", phenotypeID: text(3),
                    references: list(4), evidence: text(5), onset: optional(6), frequency: optional(7),
                    sex: optional(8)?.lowercased(), modifiers: list(9), aspect: text(10), biocuration: text(11),
                    line: lineNumber))
            }
        }
        return result
    }

    private mutating func error(_ message: String, line: Int, column: Int) {
        if diagnostics.count < 200 {
            diagnostics.append(.error(message, at: SourceLocation(file: file, line: line, column: column)))
        }
    }
}
