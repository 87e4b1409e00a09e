@testable import KnowledgePacks
import Testing

/// OBO values read from the bytes as they lie (the fast path) are what the general, byte by byte
/// reading makes of them: escapes, quotes, `!` comments, `{…}` modifiers, tabs and spaces.
@Suite struct OBOValueTests {
    /// Bytes that change how a value reads, and a plain one.
    static let alphabet: [UInt8] = Array("a \t\\\"!{}W".utf8)

    /// Every value of up to five of those bytes (66,430 of them), read both ways.
    @Test func theFastSliceReadsAsTheGeneralReading() {
        var sliced = 0, checked = 0
        for length in 0...5 {
            var combination = 0, combinations = 1
            for _ in 0..<length { combinations *= Self.alphabet.count }
            while combination < combinations {
                // The combination's digits in base alphabet.count, as bytes.
                var rest = combination, value: [UInt8] = []
                for _ in 0..<length {
                    value.append(Self.alphabet[rest % Self.alphabet.count])
                    rest /= Self.alphabet.count
                }
                for upToSpace in [false, true] {
                    value.withUnsafeBufferPointer { raw in
                        let general = OBOParser.generalValue(raw, upToSpace: upToSpace)
                        if let slice = OBOParser.plainSlice(raw, upToSpace: upToSpace) {
                            sliced += 1
                            #expect(String(decoding: slice, as: UTF8.self) == general, "\(value) upToSpace: \(upToSpace)")
                        }
                        checked += 1
                    }
                }
                combination += 1
            }
        }
        #expect(checked == 2 * 66_430)
        // Both paths were taken, many times.
        #expect(sliced > 1_000 && sliced < checked / 2)
    }

    @Test func valuesWithModifiersCommentsAndEscapes() {
        let cases: [(String, Bool, String)] = [
            ("HP:0000118 ! Phenotypic abnormality", true, "HP:0000118"),
            ("HP:1\t x", true, "HP:1\t"),
            ("HP:1\t \t", true, "HP:1"),
            ("Abnormal gait {source=x}", false, "Abnormal gait"),
            ("a\\!b ! comment", false, "a!b"),
            ("say \"hi!\" ! then", false, "say \"hi!\""),
            ("true  ", false, "true"),
        ]
        for (text, upToSpace, expected) in cases {
            Array(text.utf8).withUnsafeBufferPointer { raw in
                #expect(OBOParser(file: "t.obo").plainValue(raw, upToSpace: upToSpace) == expected, "\(text)")
            }
        }
    }
}
