import Foundation
import Testing
import TestSupport

/// The README's examples are run: console transcripts must print exactly what they show, and every
/// `symkb query` line of the other examples must succeed.
@Suite(.enabled(if: SymkbProcess.isBuilt, "build symkb first (swift build); scripts/test does"))
struct ReadmeExamplesTests {
    static func readme() throws -> String {
        try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    }

    /// Code blocks of one language.
    static func blocks(_ language: String, in text: String) -> [[String]] {
        var blocks: [[String]] = []
        var current: [String]?
        for line in text.components(separatedBy: "\n") {
            if current == nil, line == "```" + language {
                current = []
            } else if current != nil, line == "```" {
                blocks.append(current ?? [])
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// Splits a shell command line into words (single quotes, double quotes, backslashes).
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for c in line {
            if escaped {
                word.append(c)
                escaped = false
            } else if let open = quote {
                if c == open { quote = nil } else if c == "\\" && open == "\"" { escaped = true } else { word.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
                inWord = true
            } else if c == "\\" {
                escaped = true
                inWord = true
            } else if c == "#" && !inWord {
                break
            } else if c.isWhitespace {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(c)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }

    @Test func consoleTranscriptsMatch() throws {
        var checked = 0
        for block in Self.blocks("console", in: try Self.readme()) {
            var index = 0
            while index < block.count {
                guard block[index].hasPrefix("$ symkb ") else {
                    index += 1
                    continue
                }
                let arguments = Array(Self.words(String(block[index].dropFirst(2))).dropFirst())
                index += 1
                var expected: [String] = []
                while index < block.count, !block[index].hasPrefix("$ ") {
                    expected.append(block[index])
                    index += 1
                }
                while expected.last == "" { expected.removeLast() }
                let run = try SymkbProcess.run(arguments)
                let printed = (run.stdout + run.stderr).trimmingCharacters(in: .newlines)
                #expect(printed == expected.joined(separator: "\n"), "symkb \(arguments)")
                checked += 1
            }
        }
        #expect(checked >= 3)
    }

    @Test func shellExamplesSucceed() throws {
        var checked = 0
        for block in Self.blocks("sh", in: try Self.readme()) {
            for line in block where line.hasPrefix("symkb query ") {
                let arguments = Array(Self.words(line).dropFirst())
                let run = try SymkbProcess.run(arguments)
                #expect(run.status == 0, "\(line): \(run.stderr)")
                #expect(!run.stdout.isEmpty, "\(line)")
                checked += 1
            }
        }
        #expect(checked >= 5)
    }
}
