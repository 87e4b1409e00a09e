import KnowledgePacks
import Testing

/// Locating NUL bytes and invalid UTF-8 in the files packs read.
@Suite struct TextDecodingTests {
    private func problem(_ bytes: [UInt8]) -> String? {
        TextDecoding.firstProblem(in: bytes).map { "\($0.line):\($0.column) \($0.message)" }
    }

    @Test func locatesEachKindOfProblem() {
        let text = Array("ab\nçé".utf8)
        #expect(problem(text) == nil)
        #expect(problem(text + [0]) == "2:3 the file contains a NUL byte")
        #expect(problem(text + [0xFF, 0x41]) == "2:3 the file is not valid UTF-8 (byte 0xff)")
        #expect(problem(text + [0xE2, 0x82]) == "2:3 the file is not valid UTF-8 (truncated sequence)")
        #expect(problem(text + [0xE2, 0x41]) == "2:3 the file is not valid UTF-8 (truncated sequence)")
        #expect(problem(text + [0xE2, 0x41, 0x41]) == "2:3 the file is not valid UTF-8 (byte 0xe2)")
        #expect(problem(text + [0xC0, 0x80]) == "2:3 the file is not valid UTF-8 (byte 0xc0)")
        #expect(problem(text + [0xED, 0xA0, 0x80]) == "2:3 the file is not valid UTF-8 (byte 0xed)")
        #expect(problem(text + [0x80]) == "2:3 the file is not valid UTF-8 (byte 0x80)")
        // The first problem wins, whichever kind it is.
        #expect(problem(text + [0xFF, 0]) == "2:3 the file is not valid UTF-8 (byte 0xff)")
        #expect(problem(text + [0, 0xFF]) == "2:3 the file contains a NUL byte")
    }

    @Test func charactersAcrossBlocksAreWhole() {
        // A long ASCII run puts multi-byte characters across the 4 KB blocks the check reads.
        for shift in 0..<8 {
            let bytes = Array(String(repeating: "x", count: 4093 + shift).utf8) + Array("€😀é".utf8) + Array("tail".utf8)
            #expect(problem(bytes) == nil)
            #expect(problem(bytes + [0xF0, 0x9F]) == "1:\(4093 + shift + 8) the file is not valid UTF-8 (truncated sequence)")
        }
    }

    /// Random texts, mostly ASCII with some multi-byte characters and some damage, across the
    /// 4 KB blocks the fast check reads: it finds a problem exactly when the standard library's
    /// validation or a NUL search does.
    @Test func agreesWithTheStandardLibraryOnRandomTexts() {
        var generator = XorShift(seed: 11)
        let pieces: [[UInt8]] = [Array("é".utf8), Array("€".utf8), Array("😀".utf8), [0x0A], [0], [0xFF], [0x80], [0xE2, 0x82],
                                 [0xC0, 0xAF], [0xED, 0xB0, 0x80], [0xF4, 0x90, 0x80, 0x80]]
        var validCount = 0
        for _ in 0..<400 {
            var bytes: [UInt8] = []
            let length = Int(generator.next() % 9000)
            let usable = generator.next() % 2 == 0 ? 4 : pieces.count  // half of the texts undamaged
            while bytes.count < length {
                if generator.next() % 50 == 0 {
                    let piece = pieces[Int(generator.next() % UInt64(usable))]
                    if piece.count > 1 || piece[0] == 0x0A || generator.next() % 8 == 0 { bytes += piece }
                } else {
                    bytes.append(UInt8(0x20 + generator.next() % 95))
                }
            }
            let valid = String(validating: bytes, as: UTF8.self) != nil && !bytes.contains(0)
            #expect((TextDecoding.firstProblem(in: bytes) == nil) == valid)
            if valid { validCount += 1 }
        }
        #expect(validCount > 100 && validCount < 300)
    }
}

/// A small seeded generator (xorshift64), so that a failing case can be replayed.
private struct XorShift {
    var state: UInt64
    init(seed: UInt64) { state = seed | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
