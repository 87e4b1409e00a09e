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

    /// The first NUL byte or invalid UTF-8 sequence, with its 1-based line and column (columns
    /// count characters).
    ///
    /// Nothing is copied: blocks of ASCII (most of any file symkb reads) are passed over eight
    /// bytes at a time, and only blocks with other bytes go through the standard library's
    /// validator (`UTF8Span`), each extended to the next ASCII byte so that no character is cut.
    public static func firstProblem(in bytes: [UInt8]) -> (message: String, line: Int, column: Int)? {
        let nul: Int? = bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, let found = memchr(base, 0, raw.count) else { return nil }
            return base.distance(to: UnsafeRawPointer(found))
        }
        let scanned = nul ?? bytes.count
        if let invalid = firstInvalidUTF8(in: bytes, before: scanned) {
            let message = if invalid.kind == .truncatedScalar && invalid.end == bytes.count {
                "the file is not valid UTF-8 (truncated sequence)"
            } else {
                "the file is not valid UTF-8 (byte 0x\(String(bytes[invalid.start], radix: 16)))"
            }
            let (line, column) = position(of: invalid.start, in: bytes)
            return (message, line, column)
        }
        guard let nul else { return nil }
        let (line, column) = position(of: nul, in: bytes)
        return ("the file contains a NUL byte", line, column)
    }

    /// The first invalid UTF-8 sequence that starts before `limit`.
    private static func firstInvalidUTF8(
        in bytes: [UInt8], before limit: Int
    ) -> (kind: UTF8.ValidationError.Kind, start: Int, end: Int)? {
        let blockSize = 4096
        let span = bytes.span
        var start = 0
        while start < limit {
            var end = min(start + blockSize, bytes.count)
            if isASCII(bytes, start..<end) {
                start = end
                continue
            }
            while end < bytes.count, bytes[end] >= 0x80 { end += 1 }
            do {
                _ = try UTF8Span(validating: span.extracting(start..<end))
            } catch {
                let offsets = error.byteOffsets
                return offsets.lowerBound + start < limit ? (error.kind, offsets.lowerBound + start, offsets.upperBound + start) : nil
            }
            start = end
        }
        return nil
    }

    /// Whether `range` of `bytes` is all ASCII, read eight bytes at a time.
    private static func isASCII(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        bytes.withUnsafeBytes { raw in
            var any: UInt64 = 0
            var offset = range.lowerBound
            while offset + 8 <= range.upperBound {
                any |= raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                offset += 8
            }
            while offset < range.upperBound {
                any |= UInt64(raw[offset])
                offset += 1
            }
            return any & 0x8080_8080_8080_8080 == 0
        }
    }

    /// The 1-based line and column (in characters) of byte `offset`, which follows valid UTF-8.
    private static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for index in 0..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        // Every character starts with a byte that is not a continuation byte (10xxxxxx).
        let column = 1 + bytes[lineStart..<offset].count { $0 & 0xC0 != 0x80 }
        return (line, column)
    }
}
