import Foundation

/// Text files as symkb reads them: UTF-8, a leading byte-order mark dropped, and NUL bytes or
/// invalid UTF-8 refused with the line and column where they are (never turned into U+FFFD).
public enum TextDecoding {
    /// Decodes a file's bytes, or throws a located error.
    public static func decode(_ data: Data, file: String) throws(PackLoadError) -> String {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let problem = firstProblem(in: bytes) {
            throw PackLoadError(diagnostics: [.error(.textEncoding, problem.message, at: SourceLocation(
                file: file, line: problem.line, column: problem.column))])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The first NUL byte or invalid UTF-8 sequence, with its 1-based line and column.
    public static func firstProblem(in bytes: [UInt8]) -> (message: String, line: Int, column: Int)? {
        // Most files are fine: the standard library's validation and a NUL search (both fast,
        // vectorized) say so; only a file with a problem is walked byte by byte to locate it.
        if !bytes.contains(0), String(validating: bytes, as: UTF8.self) != nil { return nil }
        var line = 1, column = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0 { return ("the file contains a NUL byte", line, column) }
            if byte == 0x0A {
                line += 1
                column = 1
                index += 1
                continue
            }
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return ("the file is not valid UTF-8 (byte 0x\(String(byte, radix: 16)))", line, column)
            }
            guard index + length <= bytes.count else { return ("the file is not valid UTF-8 (truncated sequence)", line, column) }
            if length > 1 {
                for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 {
                    return ("the file is not valid UTF-8 (byte 0x\(String(bytes[index], radix: 16)))", line, column)
                }
                // Overlong encodings and surrogates.
                let second = bytes[index + 1]
                if (byte == 0xE0 && second < 0xA0) || (byte == 0xED && second > 0x9F)
                    || (byte == 0xF0 && second < 0x90) || (byte == 0xF4 && second > 0x8F) {
                    return ("the file is not valid UTF-8 (byte 0x\(String(byte, radix: 16)))", line, column)
                }
            }
            index += length
            column += 1
        }
        return nil
    }
}
