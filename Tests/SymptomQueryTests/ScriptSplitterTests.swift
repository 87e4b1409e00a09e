import Testing
import SymptomQuery

@Suite struct ScriptSplitterTests {
    @Test func splitsLinesSemicolonsAndContinuations() {
        let script = """
            # a comment
            symptoms of ms spasms; what triggers "a; b"

            conditions with tingling,
              numbness
            describe "open
            quote"
            last one without newline
            """
        let statements = ScriptSplitter.split(script)
        #expect(statements.map(\.text) == [
            "symptoms of ms spasms", "what triggers \"a; b\"", "conditions with tingling, numbness",
            "describe \"open", "quote\"", "last one without newline",
        ])
        #expect(statements.map(\.line) == [2, 2, 4, 6, 7, 8])
    }

    /// Every character of a statement is found where the script has it: after a `;` on the same
    /// line, on a continuation line, past leading spaces and tabs, and past CRLF line ends.
    @Test func statementsKnowWhereEachCharacterLies() {
        let script = "pain; ?x has_symtom pain\r\n  conditions with tingling,\r\n\t  not tremmor; b; c,\n d\n"
        let statements = ScriptSplitter.split(script)
        #expect(statements.map(\.text) == ["pain", "?x has_symtom pain", "conditions with tingling, not tremmor", "b", "c, d"])
        func place(_ statement: Int, _ word: String) -> (Int, Int, String)? {
            let text = statements[statement].text
            guard let range = text.range(of: word) else { return nil }
            let position = statements[statement].position(of: text.distance(from: text.startIndex, to: range.lowerBound))
            return (position.line, position.column, position.source)
        }
        #expect(place(1, "has_symtom").map { [$0.0, $0.1] } == [1, 10])
        #expect(place(2, "conditions").map { [$0.0, $0.1] } == [2, 3])
        #expect(place(2, "tremmor").map { [$0.0, $0.1] } == [3, 8])
        #expect(place(2, "tremmor")?.2 == "\t  not tremmor; b; c,")
        #expect(place(3, "b").map { [$0.0, $0.1] } == [3, 17])
        #expect(place(4, "c").map { [$0.0, $0.1] } == [3, 20])
        #expect(place(4, "d").map { [$0.0, $0.1] } == [4, 2])
        #expect(statements.map(\.line) == [1, 1, 2, 3, 3])
    }

    /// A closing backslash joins a line to the next, as in a shell, and is dropped; one inside
    /// a quote is the quote's.
    @Test func backslashContinuesALine() {
        #expect(ScriptSplitter.split("symptoms of \\\nmultiple sclerosis\nconditions with tremor").map(\.text)
                == ["symptoms of multiple sclerosis", "conditions with tremor"])
        #expect(ScriptSplitter.split("conditions with tremor \\\n  and ataxia").map(\.text) == ["conditions with tremor and ataxia"])
        #expect(ScriptSplitter.isIncomplete("conditions with tremor \\"))
        #expect(ScriptSplitter.withoutContinuation("conditions with tremor \\") == "conditions with tremor")
        #expect(ScriptSplitter.withoutContinuation("conditions with tremor") == nil)
        #expect(ScriptSplitter.withoutContinuation("what triggers \"a \\") == nil)
        // Inside a quote left open it is no continuation: the line is its own (an error).
        #expect(ScriptSplitter.split("symptoms of \"ms \\\nis tremor a disease").map(\.text) == ["symptoms of \"ms \\", "is tremor a disease"])
        let statements = ScriptSplitter.split("symptoms of \\\nms spasms")
        #expect(statements.first?.position(of: 12).line == 2)
    }

    @Test func detectsIncompleteInput() {
        #expect(ScriptSplitter.isIncomplete("conditions with a,"))
        #expect(ScriptSplitter.isIncomplete("?x (causes"))
        #expect(ScriptSplitter.isIncomplete("why a ->"))
        // A quote left open is the line's error, not a reason to read on (it would swallow the script).
        #expect(!ScriptSplitter.isIncomplete("what triggers \"Lhermitte"))
        #expect(ScriptSplitter.split("rank tremor, 'rigidity\nsymptoms of ms").map(\.text) == ["rank tremor, 'rigidity", "symptoms of ms"])
        #expect(!ScriptSplitter.isIncomplete("what triggers lhermitte's sign"))
        #expect(!ScriptSplitter.isIncomplete(""))
        #expect(ScriptSplitter.isIncomplete("conditions with tingling, not"))
        // "or not" ends a yes/no question: the next line is a question of its own.
        #expect(!ScriptSplitter.isIncomplete("does ms cause paralysis or not"))
        // A phrase waiting for its name waits in the shell only: in a script it is a line of its
        // own (an error), not the start of the next line's question.
        #expect(ScriptSplitter.isIncomplete("symptoms of", waitingForName: true))
        #expect(!ScriptSplitter.isIncomplete("symptoms of"))
        #expect(ScriptSplitter.split("conditions with\nsymptoms of ms").map(\.text) == ["conditions with", "symptoms of ms"])
    }

    /// A line of many statements (hostile or generated input) splits into each, located: the
    /// line is read once, not once per statement.
    @Test func aLineOfManyStatementsSplitsIntoEach() {
        let statements = ScriptSplitter.split(String(repeating: "pain;", count: 5_000) + "tremor")
        #expect(statements.count == 5_001)
        #expect(statements.last?.text == "tremor")
        #expect(statements.last.map { $0.position(of: 0) }?.column == 25_001)
        #expect(statements.allSatisfy { $0.line == 1 })
    }
}
