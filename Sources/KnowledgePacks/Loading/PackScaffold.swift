/// The files of a new pack, as `symkb pack new ID` writes them: a manifest, one data file with an
/// example entity and assertion, and a passing test.
public enum PackScaffold {
    /// The files by name, or `nil` when the id is not a valid pack id.
    public static func files(id: String) -> [String: String]? {
        guard ManifestReader.isValidName(id) else { return nil }
        return [
            "pack.yaml": """
                # The manifest of the '\(id)' knowledge pack. See docs/writing-packs.md.
                format: 1
                id: \(id)
                version: 0.1.0
                title: \(id) (describe the pack in one line)
                description: >
                  What this pack holds and where its knowledge comes from.
                license: CC-BY-4.0
                authors: [your name]
                disclaimer: Not medical advice. Ask a doctor about any symptom.
                sources:
                  - id: my-source
                    title: The document the assertions paraphrase
                    citation: author, title, year, URL
                    locators: pN.sM = paragraph N, sentence M
                depends:
                  core: ^1.0.0

                """,
            "data.yaml": """
                # Entities and assertions, in your own words, each assertion citing its source.
                entities:
                  - id: example-condition
                    kind: condition
                    label: Example condition
                    synonyms: [sample condition]
                    definition: A placeholder condition; replace it with real content.
                  - id: example-symptom
                    kind: symptom
                    label: Example symptom

                assertions:
                  - subject: example-condition
                    relation: has_symptom
                    object: example-symptom
                    certainty: often
                    source: my-source
                    locator: p1.s1

                """,
            "tests.yaml": """
                # Queries and the answers they must give: symkb pack test .
                tests:
                  - query: symptoms of example condition
                    equals: [example-symptom]
                  - query: conditions with example symptom
                    contains: [example-condition]

                """,
        ]
    }
}
