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
            var expectations: [PackTestCase.Expectation] = [], locations: [SourceLocation] = []
            var nameLocations: [[SourceLocation]] = []
            var refused = false
            func expect(_ expectation: PackTestCase.Expectation, at node: Node?, names: [SourceLocation] = []) {
                expectations.append(expectation)
                locations.append(node.map { reader.location(of: $0) } ?? reader.location(of: item))
                nameLocations.append(names)
            }
            let lists: [(key: String, make: ([String]) -> PackTestCase.Expectation)] = [
                ("contains", PackTestCase.Expectation.contains), ("equals", PackTestCase.Expectation.equals),
                ("excludes", PackTestCase.Expectation.excludes),
            ]
            for (key, list) in lists {
                guard let node = test[key] else { continue }
                let names = reader.locatedStrings(node, what: "'\(key)'")
                // `equals: []` expects no answers (as `empty: true` does); an empty `contains` or
                // `excludes` tests nothing, which is said (a warning: the pack still loads).
                if names.isEmpty, case .sequence = node {
                    if key == "equals" {
                        expect(.empty, at: node)
                    } else {
                        reader.warning(.yamlShape, "'\(key)' lists no names, so it tests nothing", at: node)
                        refused = true
                    }
                    continue
                }
                expect(list(names.map(\.text)), at: node, names: names.map(\.location))
            }
            // `empty: false` expects answers, whatever they are.
            if let empty = reader.bool(test["empty"], what: "'empty'") { expect(empty ? .empty : .answered, at: test["empty"]) }
            if let message = reader.string(test["error"], what: "'error'") { expect(.error(message), at: test["error"]) }
            if expectations.isEmpty {
                if refused { continue }
                reader.error(.yamlShape, "a test needs an expectation: contains, equals, excludes, empty (true or false) or error", at: item)
                continue
            }
            cases.append(PackTestCase(query: query, expectations: expectations, location: reader.location(of: item),
                                      expectationLocations: locations, nameLocations: nameLocations))
        }
        return cases
    }
}
