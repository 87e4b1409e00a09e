import Yams

/// Reads a pack's `tests.yaml`: queries with the answers they must give.
///
/// ```yaml
/// tests:
///   - query: what triggers "Lhermitte's sign"
///     equals: [neck movement]
///   - query: symptoms of ms spasms
///     contains: [ms:numbness, tingling]
///   - query: describe lhermite sign
///     error: did you mean
/// ```
struct PackTestReader {
    static let fields = ["query", "contains", "equals", "excludes", "empty", "error"]

    static func read(_ text: String, reader: inout YAMLReader) -> [PackTestCase] {
        guard let root = reader.parse(text),
              let fields = reader.fields(of: root, allowed: ["tests"], what: "tests.yaml")
        else { return [] }
        var cases: [PackTestCase] = []
        for item in reader.items(fields["tests"], what: "'tests'") {
            guard let test = reader.fields(of: item, allowed: Self.fields, what: "a test"),
                  let query = reader.string(reader.required("query", in: test, of: item, what: "a test"), what: "'query'")
            else { continue }
            var expectations: [PackTestCase.Expectation] = []
            if let node = test["contains"] { expectations.append(.contains(reader.strings(node, what: "'contains'"))) }
            if let node = test["equals"] { expectations.append(.equals(reader.strings(node, what: "'equals'"))) }
            if let node = test["excludes"] { expectations.append(.excludes(reader.strings(node, what: "'excludes'"))) }
            if reader.bool(test["empty"], what: "'empty'") == true { expectations.append(.empty) }
            if let message = reader.string(test["error"], what: "'error'") { expectations.append(.error(message)) }
            if expectations.isEmpty {
                reader.error(.yamlShape, "a test needs an expectation: contains, equals, excludes, empty or error", at: item)
                continue
            }
            cases.append(PackTestCase(query: query, expectations: expectations, location: reader.location(of: item)))
        }
        return cases
    }
}
