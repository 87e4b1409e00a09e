import Testing
@testable import KnowledgePacks

/// What the YAML reader refuses before any pack logic runs.
@Suite struct YAMLReaderTests {
    /// A "billion laughs": ten aliases of ten aliases of … expand to 10^9 nodes from 10 lines.
    @Test func aliasBombsAreRefusedQuickly() {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...9 {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        var reader = YAMLReader(file: "data.yaml")
        #expect(reader.parse(lines.joined(separator: "\n")) == nil)
        #expect(reader.diagnostics.first?.message.contains("expands to more than 2000000 YAML nodes") == true,
                "\(reader.diagnostics)")
        #expect(reader.diagnostics.first?.location?.file == "data.yaml")
    }

    @Test func modestAliasesStillRead() {
        var reader = YAMLReader(file: "data.yaml")
        #expect(reader.parse("a: &x [1, 2]\nb: *x\n") != nil)
    }

    @Test func duplicateKeysAreLocatedAtTheRepeat() {
        var reader = YAMLReader(file: "data.yaml")
        let text = "entities:\n  - id: a\n    kind: symptom\n    label: A\n  - id: b\n    label: B\n    label: C\n"
        #expect(reader.parse(text) == nil)
        #expect(reader.diagnostics.first?.message == "duplicate key 'label' in one mapping")
        #expect(reader.diagnostics.first?.location?.line == 7)
        #expect(reader.diagnostics.first?.location?.column == 5)
    }
}
