import Testing
@testable import KnowledgePacks
import SymptomGraph

/// What the YAML reader refuses before any pack logic runs.
@Suite struct YAMLReaderTests {
    /// A "billion laughs": ten aliases of ten aliases of … expand to 10^9 nodes from 10 lines.
    /// The fields a data file's entities and extensions take, written out, name every mapping
    /// predicate the graph knows, after the fields of their own.
    /// A caret covers a quoted value with its quotes; a value its quoting writes otherwise (an
    /// escape) keeps a caret of one column.
    @Test func caretsCoverQuotedValues() {
        var reader = YAMLReader(file: "t.yaml")
        let parsed = reader.parse("a: \"ms:x\"\nb: 'y z'\nc: plain\nd: \"q\\\"q\"\n")
        guard case let .mapping(mapping)? = parsed else { Issue.record("expected a mapping"); return }
        let widths = mapping.map { YAMLReader.width(of: $0.value) }
        #expect(widths == [6, 5, 5, 1], "\(widths)")
    }

    /// A test's list that names nothing tests nothing: said, and the test left out; `equals: []`
    /// expects no answers.
    @Test func anEmptyTestListIsSaidToTestNothing() {
        var reader = YAMLReader(file: "tests.yaml")
        let tests = PackTestReader.read("tests:\n  - query: symptoms of x\n    contains: []\n  - query: symptoms of y\n    equals: []\n",
                                        reader: &reader)
        #expect(tests.map(\.expectations) == [[.empty]])
        #expect(reader.diagnostics.map { "\($0.severity) \($0.message)" } == ["warning 'contains' lists no names, so it tests nothing"],
                "\(reader.diagnostics)")
    }

    @Test func dataFileFieldsNameEveryMapping() {
        let mappings = EntityMapping.Predicate.allCases.map(\.rawValue)
        #expect(DataFileReader.mappingFields == mappings)
        #expect(Array(DataFileReader.entityFields.suffix(mappings.count)) == mappings)
        #expect(Array(DataFileReader.extensionFields.suffix(mappings.count)) == mappings)
    }

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

    /// Nesting past libyaml's limit is refused in words a pack's author can act on (not the C
    /// function that raises the limit).
    @Test func deepNestingIsSaidPlainly() {
        var reader = YAMLReader(file: "data.yaml")
        #expect(reader.parse("a: " + String(repeating: "[", count: 2000)) == nil)
        let message = reader.diagnostics.first?.message ?? ""
        #expect(message.hasPrefix("invalid YAML: lists and mappings nest too deep here") && !message.contains("yaml_set"), "\(message)")
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

    /// Scalars are read as text (no regular expression per scalar): booleans, numbers, nulls and
    /// surrounding blanks are still read as YAML 1.1 has them.
    @Test func scalarsReadAsTheirYAMLMeaning() throws {
        var reader = YAMLReader(file: "data.yaml")
        let text = """
            a: yes
            b: False
            c: "true"
            d: 12
            e: null
            f: "  padded\t"
            g: maybe
            """
        let parsed = reader.parse(text)
        let root = try #require(parsed)
        let read = reader.fields(of: root, allowed: ["a", "b", "c", "d", "e", "f", "g"], what: "the test")
        let fields = try #require(read)
        #expect(reader.bool(fields["a"], what: "a") == true)
        #expect(reader.bool(fields["b"], what: "b") == false)
        #expect(reader.int(fields["d"], what: "d") == 12)
        #expect(reader.string(fields["f"], what: "f") == "padded")
        #expect(reader.diagnostics.isEmpty)
        // A quoted "true" is text, `null` is no value, and `maybe` is no boolean.
        #expect(reader.bool(fields["c"], what: "'c'") == nil)
        #expect(reader.string(fields["e"], what: "'e'") == nil)
        #expect(reader.bool(fields["g"], what: "'g'") == nil)
        #expect(reader.diagnostics.map(\.message) == [
            "'c' must be true or false", "'e' is null; write a text (quote it if you mean the word: \"null\")",
            "'g' must be true or false",
        ])
    }

    @Test func keysThatDifferOnlyInQuotingAreDuplicates() {
        var reader = YAMLReader(file: "data.yaml")
        #expect(reader.parse("1: a\n\"1\": b\n") == nil)
        #expect(reader.diagnostics.first?.id == .yamlDuplicateKey)
    }
}
