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
            "describe \"open quote\"", "last one without newline",
        ])
        #expect(statements.map(\.line) == [2, 2, 4, 6, 8])
    }

    @Test func detectsIncompleteInput() {
        #expect(ScriptSplitter.isIncomplete("conditions with a,"))
        #expect(ScriptSplitter.isIncomplete("?x (causes"))
        #expect(ScriptSplitter.isIncomplete("why a ->"))
        #expect(ScriptSplitter.isIncomplete("what triggers \"Lhermitte"))
        #expect(!ScriptSplitter.isIncomplete("what triggers lhermitte's sign"))
        #expect(!ScriptSplitter.isIncomplete(""))
    }
}
