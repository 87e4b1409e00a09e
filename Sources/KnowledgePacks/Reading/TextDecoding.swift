import Foundation

/// Text files as symkb reads them: UTF-8, a leading byte-order mark dropped, and NUL bytes or
/// invalid UTF-8 refused with the line and column where they are (never turned into U+FFFD).
public enum TextDecoding {
    /// A UTF-8 byte-order mark: skipped at a file's start, never read as text.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Decodes a file's bytes, or throws a located error.
    public static func decode(_ data: Data, file: String) throws(PackLoadError) -> String {
        var bytes = [UInt8](data)
        if bytes.starts(with: byteOrderMark) { bytes.removeFirst(byteOrderMark.count) }
        if let problem = firstProblem(in: bytes) {
            throw PackLoadError(diagnostics: [.error(.textEncoding, problem.message, at: SourceLocation(
                file: file, line: problem.line, column: problem.column))])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Calls `body` with each line of `bytes`, without its end (`\n` or `\r\n`; the last line may
    /// have none), found by `memchr` many bytes at a time; returns the number of lines.
    public static func forEachLine(in bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Int {
        var start = 0, lines = 0
        while start < bytes.count, let base = bytes.baseAddress {
            let newline = memchr(base + start, 0x0A, bytes.count - start)
            let end = newline.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? bytes.count
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            lines += 1
            body(UnsafeBufferPointer(rebasing: bytes[start..<lineEnd]))
            start = end + 1
        }
        return lines
    }

    /// The first NUL byte or invalid UTF-8 sequence, with its 1-based line and column (columns
    /// count Unicode scalars).
    public static func firstProblem(in bytes: [UInt8]) -> (message: String, line: Int, column: Int)? {
        bytes.withUnsafeBufferPointer { firstProblem(in: $0) }
    }

    /// The first NUL byte or invalid UTF-8 sequence of bytes in memory (a block of a file read a
    /// block at a time), with its 1-based line and column in them.
    public static func firstProblem(in bytes: UnsafeBufferPointer<UInt8>) -> (message: String, line: Int, column: Int)? {
        // Most files are fine, and are said so without a copy: a NUL search (memchr) and a check
        // that passes ASCII blocks over eight bytes at a time. Only a file with a problem is
        // walked byte by byte to locate it.
        let hasNUL = bytes.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false
        if !hasNUL, isValidUTF8(bytes) { return nil }
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

    /// Whether `bytes` are valid UTF-8: blocks of ASCII (most of any file symkb reads) are passed
    /// over eight bytes at a time; a block with other bytes, extended to the next ASCII byte so
    /// that no character is cut, goes through the standard library's validation.
    private static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let blockSize = 4096
        var start = 0
        while start < bytes.count {
            var end = min(start + blockSize, bytes.count)
            if !isASCII(bytes, start..<end) {
                while end < bytes.count, bytes[end] >= 0x80 { end += 1 }
                guard isValidUTF8(block: UnsafeBufferPointer(rebasing: bytes[start..<end])) else { return false }
            }
            start = end
        }
        return true
    }

    /// Whether a block is valid UTF-8: in place through `UTF8Span` where the standard library has
    /// it (Swift 6.2, macOS 26), else through a `String` made of the block.
    private static func isValidUTF8(block: UnsafeBufferPointer<UInt8>) -> Bool {
        #if compiler(>=6.2)
        if #available(macOS 26, *) {
            return (try? UTF8Span(validating: block.span)) != nil
        }
        #endif
        return String(validating: block, as: UTF8.self) != nil
    }

    /// Whether `range` of `bytes` is all ASCII: 64 bytes at a time as four 16-byte vectors or-ed
    /// together, their largest byte compared once at the end (0.24 instructions a byte; 1 with
    /// eight bytes at a time, 33 M of a `pack import`'s instructions for the HPO's files).
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        typealias Chunk = SIMD16<UInt8>
        let raw = UnsafeRawBufferPointer(bytes)
        var any = Chunk()
        var offset = range.lowerBound
        while offset + 64 <= range.upperBound {
            let first = raw.loadUnaligned(fromByteOffset: offset, as: Chunk.self) | raw.loadUnaligned(fromByteOffset: offset + 16, as: Chunk.self)
            let second = raw.loadUnaligned(fromByteOffset: offset + 32, as: Chunk.self) | raw.loadUnaligned(fromByteOffset: offset + 48, as: Chunk.self)
            any |= first | second
            offset += 64
        }
        var rest: UInt8 = 0
        while offset < range.upperBound {
            rest |= raw[offset]
            offset += 1
        }
        return (any.max() | rest) < 0x80
    }
}
