import KnowledgePacks
import SymptomGraph
import Testing
import TestSupport

/// Every curator mistake gets a located, understandable error, and nothing half-loads.
@Suite struct PackDiagnosticsTests {
    static let manifest = """
        format: 1
        id: demo
        version: 1.0.0
        title: Demo
        disclaimer: Not medical advice.
        sources:
          - id: doc
            title: A document
        depends:
          core: ^1.0.0
        """

    static func load(_ data: String, manifest: String = manifest, extra: [PackFiles] = []) -> [Diagnostic] {
        do {
            let (contents, warnings) = try PackLoading.read([Fixtures.corePack(), Fixtures.pack("demo", [
                "pack.yaml": manifest, "data.yaml": data,
            ])] + extra)
            return try KnowledgeBase(packs: contents).warnings + warnings
        } catch {
            return error.diagnostics
        }
    }

    static func errors(_ data: String, manifest: String = manifest) -> [String] {
        load(data, manifest: manifest).filter { $0.severity == .error }.map(\.description)
    }

    /// `pack check` reports every error of a pack in one run: those of items the reader refuses
    /// (an id that is no slug, an unknown certainty or source) and those the other packs tell
    /// (an unknown kind or relation, a duplicate, an unknown entity), without reporting again the
    /// references to an entity refused for its id.
    @Test func aCheckReportsEveryErrorInOneRun() {
        let catalog = PackCatalog(entries: Fixtures.bundledPackFiles().map { .init(files: $0, source: .bundled) })
        let pack = Fixtures.pack("demo", ["pack.yaml": Self.manifest, "data.yaml": """
            entities:
              - {id: sick, kind: condition, label: Sick}
              - {id: ex\u{0430}mple, kind: symptom, label: Example}
              - {id: other, kind: symtom, label: Other}
              - {id: sick, kind: condition, label: Copy}
            assertions:
              - {subject: sick, relation: has_symptom, object: ex\u{0430}mple, certainty: sometimes, source: doc, locator: a}
              - {subject: sick, relation: has_symptom, object: other, source: nosuch, locator: b}
              - {subject: sick, relation: has_symtom, object: sick, source: doc, locator: c}
              - {subject: ghost, relation: has_symptom, object: sick, source: doc, locator: d}
            """])
        let report = PackChecker.check([pack], catalog: catalog)
        let ids = report.diagnostics.filter { $0.severity == .error }.map(\.id)
        #expect(ids == [.invalidID, .unknownCertainty, .unknownSource, .unknownKind, .duplicateEntity, .unknownRelation, .unknownEntity],
                "\(report.diagnostics.map(\.description))")
        #expect(report.diagnostics.first?.message.contains("U+0430") == true)
        #expect(report.knowledge == nil)
    }

    /// Control characters written with YAML's escapes are refused where they are written, as raw
    /// control bytes are; a newline or a tab in a definition is text.
    /// Text laid out in lines (a CSV field, a multi-line message) keeps its newlines and tabs;
    /// every other control character is written as `\u{…}`.
    @Test func terminalTextKeepsLayoutOnlyWhereAsked() {
        #expect(TerminalText.escaped("a\tb\nc\u{1B}[31m", keepingNewlines: true) == "a\tb\nc\\u{1b}[31m")
        #expect(TerminalText.escaped("a\tb\nc") == "a\\u{9}b\\u{a}c")
    }

    @Test func controlCharactersFromEscapesAreRefused() {
        let errors = Self.errors(#"""
            entities:
              - {id: a, kind: symptom, label: "nul\0here"}
              - {id: b, kind: symptom, label: B, synonyms: ["esc\e[31m"], definition: "two\nlines\tand a tab"}
              - {id: c, kind: symptom, label: "rtl \u202Eevil"}
            """#)
        #expect(errors.count == 3, "\(errors)")
        #expect(errors.contains { $0.contains("data.yaml:2:35: error: an entity label holds the control character U+0000") }, "\(errors)")
        #expect(errors.contains { $0.contains("'synonyms' holds the control character U+001B") })
        #expect(errors.contains { $0.contains("holds the control character U+202E") })
    }

    /// A kind may name a parent declared below it; parents that lead back to a kind are a
    /// cycle, said at each kind of it, not "unknown kind".
    @Test func kindsTakeTheirParentsInAnyOrderAndCyclesAreSaid() {
        #expect(Self.errors("""
            kinds:
              - {name: pill, parent: medication}
              - {name: medication}
            entities:
              - {id: a, kind: pill, label: A}
            """).isEmpty)
        let errors = Self.errors("""
            kinds:
              - {name: loopa, parent: loopb}
              - {name: loopb, parent: loopa}
              - {name: below, parent: loopa}
            """)
        #expect(errors.count == 3 && errors.allSatisfy { $0.contains("[kind-cycle]") }, "\(errors)")
        #expect(errors.last?.contains("kind 'below' lies under a cycle of kinds (below → loopa → loopb → loopa)") == true)
        #expect(errors.first?.contains("data.yaml:2:5: error: kind 'loopa' lies under itself through its parents (loopa → loopb → loopa)") == true)
    }

    /// Kind and relation names a query could not write (a space, capitals, `<>`) are refused at
    /// the name, with the name so written as the suggestion.
    @Test func kindAndRelationNamesMustBeWritableInQueries() {
        let diagnostics = Self.load("""
            kinds:
              - {name: "Bad Kind<>"}
              - {name: body-part}
            relations:
              - {name: "rel with space"}
              - {name: good_rel, inverse: "Bad Inverse"}
            """)
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 3 && errors.allSatisfy { $0.id == .invalidID }, "\(errors.map(\.description))")
        #expect(errors.map(\.suggestions) == [["bad_kind"], ["rel_with_space"], ["bad_inverse"]])
    }

    /// A source id exports cite in IRIs and CURIEs (`infores:symkb-demo.doc`) is refused at the id
    /// when they could not (a space, capitals), with the id so written as the suggestion; what
    /// cites it is not reported again.
    @Test func sourceIDsMustBeWritableInIRIs() {
        let manifest = Self.manifest.replacingOccurrences(of: "  - id: doc", with: "  - id: \"My Article\"")
        let diagnostics = Self.load("""
            entities:
              - {id: a, kind: symptom, label: A}
              - {id: b, kind: condition, label: B}
            assertions:
              - {subject: b, relation: has_symptom, object: a, source: My Article}
            """, manifest: manifest)
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.id) == [.invalidID], "\(errors.map(\.description))")
        #expect(errors.first?.suggestions == ["my_article"])
        #expect(errors.first?.description.contains("pack.yaml:7:9: error: source id 'My Article' must be lowercase letters") == true,
                "\(errors.map(\.description))")
    }

    /// An extension's definition for an entity that has one is not used, and says so; an
    /// assertion with `objects: []` states nothing and is refused.
    @Test func unusedDefinitionsAndEmptyObjectListsAreSaid() {
        let extending = Fixtures.pack("extra", [
            "pack.yaml": """
                format: 1
                id: extra
                version: 1.0.0
                title: Extra
                disclaimer: Not medical advice.
                sources: [{id: doc, title: A document}]
                depends: {core: ^1.0.0, demo: ^1.0.0}
                """,
            "data.yaml": """
                extend:
                  - {id: "demo:tremor", definition: "Another definition", source: doc, locator: p1}
                """,
        ])
        let diagnostics = Self.load("""
            entities:
              - {id: tremor, kind: symptom, label: Tremor, definition: Shaking.}
            """, extra: [extending])
        #expect(diagnostics.contains { $0.id == .unusedDefinition && $0.message.contains("demo:tremor has a definition already; this extension's definition is not used") },
                "\(diagnostics.map(\.description))")
        let errors = Self.errors("""
            entities:
              - {id: tremor, kind: symptom, label: Tremor}
            assertions:
              - {subject: tremor, relation: triggered_by, objects: [], source: doc, locator: p1}
            """)
        #expect(errors.contains { $0.contains("data.yaml:4:56: error: 'objects' is empty: an assertion needs at least one object") }, "\(errors)")
    }

    /// Labels of one pack that match as names do are one name for two entities, and a triple
    /// stated both ways (through either name of its relation) would be answered both ways: warned.
    @Test func ambiguousLabelsAndContradictionsAreWarned() {
        let diagnostics = Self.load("""
            entities:
              - {id: a, kind: symptom, label: spaced}
              - {id: b, kind: symptom, label: Spaced}
              - {id: t, kind: trigger, label: Heat}
            assertions:
              - {subject: a, relation: triggered_by, object: t, source: doc, locator: p1}
              - {subject: t, relation: triggers, object: a, negated: true, source: doc, locator: p2}
              - {subject: b, relation: triggered_by, object: t, source: doc, locator: p3}
            """)
        let labels = diagnostics.filter { $0.id == .duplicateLabel }
        #expect(labels.count == 1 && labels.first?.message.hasPrefix("'Spaced' names demo:a too") == true, "\(diagnostics.map(\.description))")
        let contradictions = diagnostics.filter { $0.id == .contradictoryAssertions }
        #expect(contradictions.count == 1 && contradictions.first?.location?.line == 7, "\(diagnostics.map(\.description))")
        #expect(contradictions.first?.notes.first?.location?.line == 6)
    }

    @Test func aValidPackLoads() throws {
        let diagnostics = Self.load("""
            entities:
              - {id: tremor, kind: symptom, label: Tremor}
              - {id: ms, kind: disease, label: Multiple sclerosis}
            assertions:
              - {subject: ms, relation: has_symptom, object: tremor, locator: p1.s1}
            """)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        // Without a disclaimer, a pack that states facts is told to say it is not medical advice.
        let undisclaimed = Self.load("assertions: []\nentities: []\n", manifest: Self.manifest.replacingOccurrences(of: "disclaimer: Not medical advice.\n", with: ""))
        #expect(!undisclaimed.contains { $0.id == .missingDisclaimer }, "no facts, no disclaimer needed: \(undisclaimed)")
        let facts = Self.load("""
            entities:
              - {id: tremor, kind: symptom, label: Tremor}
            assertions:
              - {subject: tremor, relation: associated_with, object: tremor, locator: l}
            """, manifest: Self.manifest.replacingOccurrences(of: "disclaimer: Not medical advice.\n", with: ""))
        #expect(facts.map(\.id) == [.missingDisclaimer], "\(facts)")
        #expect(facts.first?.location?.line == 2)
    }

    /// A data file the manifest lists but the pack lacks is reported at its name, with the file
    /// it may mean.
    @Test func aMissingDataFileIsLocatedAtItsName() {
        let diagnostics = Self.load("entities: []\n", manifest: Self.manifest + "\ndata: [data.yaml, entitys.yaml]")
        let missing = diagnostics.first { $0.id == .fileNotFound }
        #expect(missing?.location?.column == 19, "\(diagnostics)")
        #expect(missing?.suggestions == [], "no unlisted YAML file to mean: \(diagnostics)")
    }

    /// With one source declared, assertions cite it without saying so; a second one makes each
    /// assertion name its own, and the warning says why.
    @Test func aSecondSourceAsksEachAssertionForItsOwn() {
        let data = """
            entities:
              - {id: tremor, kind: symptom, label: Tremor}
              - {id: ms, kind: disease, label: Multiple sclerosis}
            assertions:
              - {subject: ms, relation: has_symptom, object: tremor, locator: p1.s1}
            """
        let two = Self.manifest.replacingOccurrences(of: "    title: A document", with: "    title: A document\n  - id: page\n    title: A page")
        let warnings = Self.load(data, manifest: two).map(\.message)
        #expect(warnings.contains("assertion has no 'source', and pack.yaml declares 2 (doc, page): with more than one, each assertion names its own"),
                "\(warnings)")
    }

    /// Cross-references: a malformed one, one two entities of the pack both list, and ones into a
    /// loaded pack's namespace that name nothing there, or name an entity in another case.
    @Test func crossReferenceMistakesAreWarnedAbout() {
        let other = Fixtures.pack("other", ["pack.yaml": """
            format: 1
            id: other
            version: 1.0.0
            title: Other
            sources: [{id: doc, title: A document}]
            depends: {core: ^1.0.0}
            """, "data.yaml": "entities:\n  - {id: light, kind: symptom, label: Light}\n"])
        let diagnostics = Self.load("""
            entities:
              - {id: photophobia, kind: symptom, label: Photophobia, xrefs: [other:light]}
              - {id: phonophobia, kind: symptom, label: Phonophobia, xrefs: [other:light, 'HP 0000505']}
              - {id: aura, kind: symptom, label: Aura, xrefs: [other:dark, OTHER:light]}
            extend:
              - {id: aura, xrefs: [other:dim]}
            """, manifest: Self.manifest + "\n  other: '*'", extra: [other])
        let messages = diagnostics.map(\.message)
        #expect(diagnostics.contains { $0.id == .invalidXref && $0.message.hasPrefix("'HP 0000505' is not a cross-reference") && $0.location?.line == 3 },
                "\(messages)")
        #expect(diagnostics.contains { $0.id == .conceptConflict && $0.message.hasPrefix("'demo:phonophobia' and 'demo:photophobia' both list 'other:light'") },
                "\(messages)")
        #expect(!messages.contains { $0.contains("share the identifier") }, "reported once, naming both entities: \(messages)")
        #expect(messages.contains("'other:dark' names no entity of pack 'other', which owns the namespace 'other'; it merges with nothing"), "\(messages)")
        // Each at the cross-reference itself, not at the entity's id.
        let dark = diagnostics.first { $0.message.hasPrefix("'other:dark'") }?.location
        #expect(dark.map { [$0.line, $0.column] } == [4, 52], "\(String(describing: dark))")
        let conflict = diagnostics.first { $0.id == .conceptConflict }?.location
        #expect(conflict.map { [$0.line, $0.column] } == [3, 66], "\(String(describing: conflict))")
        // An extension's xrefs are checked as an entity's.
        #expect(messages.contains("'other:dim' names no entity of pack 'other', which owns the namespace 'other'; it merges with nothing"),
                "\(messages)")
        // An uppercase prefix is another vocabulary's (PSI-MS's MS: is not the pack namespace ms).
        #expect(!messages.contains { $0.contains("'OTHER:light'") }, "\(messages)")
        #expect(diagnostics.allSatisfy { $0.severity != .error }, "\(messages)")
    }

    @Test func misspeltRelationIsLocatedAndSuggested() {
        let errors = Self.errors("""
            entities:
              - {id: tremor, kind: symptom, label: Tremor}
              - {id: neck, kind: trigger, label: Neck movement}
            assertions:
              - subject: tremor
                relation: triger_by
                object: neck
                locator: p1.s1
            """)
        #expect(errors == ["demo/data.yaml:6:15: error: unknown relation 'triger_by' (did you mean \"triggered_by\"?) [unknown-relation]"])
    }

    @Test func danglingReferenceIsLocated() {
        let errors = Self.errors("""
            entities:
              - {id: tremor, kind: symptom, label: Tremor}
            assertions:
              - {subject: tremor, relation: triggered_by, object: neck-movment, locator: p1.s1}
            """)
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("demo/data.yaml:4:55: error: unknown entity 'demo:neck-movment'") == true, "\(errors)")
    }

    @Test func duplicateIdNamesBothPlaces() {
        let errors = Self.errors("""
            entities:
              - {id: tremor, kind: symptom, label: Tremor}
              - {id: tremor, kind: symptom, label: Tremors}
            """)
        #expect(errors == ["""
            demo/data.yaml:3:10: error: entity 'demo:tremor' is already defined by pack 'demo' [duplicate-entity]
            demo/data.yaml:2:10: note: first defined here
            """])
    }

    @Test func unknownKindAndKeyGetSuggestions() {
        let errors = Self.errors("""
            entities:
              - {id: tremor, kind: symtom, label: Tremor, synonym: [shaking]}
            """)
        #expect(errors.contains("demo/data.yaml:2:47: error: unknown key 'synonym' in an entity (did you mean \"synonyms\"?) [unknown-key]"))
    }

    @Test func unknownKindIsLocatedAtTheKind() {
        let errors = Self.errors("""
            entities:
              - {id: tremor, kind: symtom, label: Tremor}
            """)
        #expect(errors == ["demo/data.yaml:2:24: error: unknown kind 'symtom' (did you mean \"symptom\"?) [unknown-kind]"])
    }

    /// A word no spelling is close to is suggested by meaning: a relation whose name holds the
    /// word (`leads_to` → `may_lead_to`), a kind whose description does (`disorder` → `condition`).
    @Test func unknownKindsAndRelationsAreSuggestedByMeaning() {
        let errors = Self.errors("""
            entities:
              - {id: ms, kind: disorder, label: MS}
              - {id: pain, kind: symptom, label: Pain}
            assertions:
              - {subject: pain, relation: leads_to, object: pain, locator: l}
            """)
        #expect(errors.contains { $0.hasPrefix("demo/data.yaml:2:20: error: unknown kind 'disorder' (did you mean \"condition\"?)") }, "\(errors)")
        #expect(errors.contains { $0.contains("unknown relation 'leads_to' (did you mean \"may_lead_to\"?)") }, "\(errors)")
        #expect(Spelling.byMeaning("xyz_of", among: [("causes", "The subject brings about the object.")]).isEmpty)
        // Common words, and words many descriptions share, suggest nothing.
        let kinds = [("disease", "A condition with a recognised disease process."), ("mechanism", "A process inside the body."),
                     ("finding", "Anything observed in or reported by a person.")]
        for vague in ["the_thing", "subject_of", "person", "process", "part_of"] {
            #expect(Spelling.byMeaning(vague, among: kinds).isEmpty, "\(vague)")
        }
    }

    /// An impossible frequency in a number form is a located warning; words pass. An assertion
    /// refused for its relation still cites its source (no 'unused source' besides).
    @Test func impossibleFrequenciesAreWarnedAbout() {
        let all = Self.load("""
            entities:
              - {id: pain, kind: symptom, label: Pain}
              - {id: ms, kind: condition, label: MS}
            assertions:
              - {subject: ms, relation: has_symptom, object: pain, frequency: 150%, source: doc, locator: l}
              - {subject: ms, relation: has_symptom, object: pain, frequency: 5/0, source: doc, locator: l}
              - {subject: ms, relation: has_symptom, object: pain, frequency: -3%, source: doc, locator: l}
              - {subject: ms, relation: has_symptom, object: pain, frequency: HP:0001250, source: doc, locator: l}
              - {subject: ms, relation: has_symptom, object: pain, frequency: in most people, source: doc, locator: l}
              - {subject: ms, relation: has_symptom, object: pain, frequency: 7/9, source: doc, locator: l}
            """)
        let frequencies = all.filter { $0.id == .invalidFrequency }
        #expect(frequencies.map { $0.location?.line } == [5, 6, 7, 8], "\(all)")
        #expect(frequencies.allSatisfy { $0.severity == .warning })
        #expect(frequencies.first?.message == "impossible frequency '150%': a percentage is from 0% to 100%; left out")
        let refused = Self.load("""
            entities:
              - {id: pain, kind: symptom, label: Pain}
            assertions:
              - {subject: pain, relation: has_symtom, object: pain, source: doc, locator: l}
            """)
        #expect(!refused.contains { $0.id == .unusedSource }, "\(refused)")
    }

    /// One mistake, one error: an entity refused for its kind is not reported again, as unknown,
    /// where assertions use it; an entity that was never defined still is.
    @Test func anEntityRefusedForItsKindIsNotReportedAgainWhereItIsUsed() {
        let errors = Self.errors("""
            entities:
              - {id: uhthoff, kind: sgn, label: Uhthoff's phenomenon}
              - {id: heat, kind: trigger, label: Heat}
            assertions:
              - {subject: uhthoff, relation: triggered_by, object: heat, locator: l}
              - {subject: uhthof, relation: triggered_by, object: heat, locator: l}
            """)
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.first?.hasPrefix("demo/data.yaml:2:25: error: unknown kind 'sgn'") == true, "\(errors)")
        #expect(errors.last?.hasPrefix("demo/data.yaml:6:15: error: unknown entity 'demo:uhthof'") == true, "\(errors)")
        // The refused assertions still cite their source: no 'unused source' warning besides.
        let all = Self.load("""
            entities:
              - {id: uhthoff, kind: sgn, label: Uhthoff's phenomenon}
              - {id: heat, kind: trigger, label: Heat}
            assertions:
              - {subject: uhthoff, relation: triggered_by, object: heat, source: doc, locator: l}
            """)
        #expect(!all.contains { $0.id == .unusedSource }, "\(all)")
        // Nor when the file does not parse: the assertions that cite it are unread, not absent.
        let unparsed = Self.load("""
            entities:
              - {id: heat, kind: trigger, label: [Heat
            """)
        #expect(unparsed.contains { $0.id == .yamlSyntax } && !unparsed.contains { $0.id == .unusedSource }, "\(unparsed)")
        // libyaml finds an unclosed bracket at the next item; a note points at where it opened.
        let unclosed = Self.load("""
            entities:
              - {id: aura, kind: symptom, label: [Aura
              - {id: heat, kind: trigger, label: Heat}
            """).first { $0.id == .yamlSyntax }
        #expect(unclosed?.location?.line == 3, "\(String(describing: unclosed))")
        #expect(unclosed?.notes.first?.message == "the flow sequence began here" && unclosed?.notes.first?.location?.line == 2
                && unclosed?.notes.first?.location?.column == 38, "\(String(describing: unclosed?.notes))")
    }

    @Test func brokenIndentationIsAYAMLErrorWithItsLine() {
        let errors = Self.errors("""
            entities:
              - id: tremor
                kind: symptom
               label: Tremor
            """)
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("demo/data.yaml:4:") == true)
        #expect(errors.first?.contains("invalid YAML") == true)
    }

    /// A tab among the blanks that indent a line is named: the scanner's own words do not say it.
    @Test func aTabInTheIndentationIsNamed() {
        let errors = Self.errors("entities:\n  - id: tremor\n\tkind: symptom\n    label: Tremor\n")
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("demo/data.yaml:3:") == true, "\(errors)")
        #expect(errors.first?.contains("the line is indented with a tab, and YAML indents with spaces only") == true, "\(errors)")
    }

    @Test func newerFormatIsRefused() {
        let errors = Self.errors("entities: []", manifest: Self.manifest.replacingOccurrences(of: "format: 1", with: "format: 3"))
        #expect(errors == ["demo/pack.yaml:1:9: error: pack format 3 is newer than this symkb understands (up to 1); update symkb [pack-format]"])
    }

    @Test func formatZeroIsNoFormatAtAll() {
        let diagnostics = Self.load("entities: []", manifest: Self.manifest.replacingOccurrences(of: "format: 1", with: "format: 0"))
        #expect(diagnostics.map(\.description) == ["demo/pack.yaml:1:9: error: pack format 0 does not exist; formats start at 1 [pack-format]"])
        #expect(diagnostics.first?.id == .packFormat)
    }

    @Test func anIdentifierSharedWithinOnePackIsAWarningAtTheEntity() throws {
        // Both demo entities name UMLS:C9; other:pain names it too, so one of them cannot join.
        let other = Fixtures.pack("other", [
            "pack.yaml": "format: 1\nid: other\nversion: 1.0.0\ntitle: Other\ndepends:\n  core: ^1.0.0\n",
            "data.yaml": "entities:\n  - {id: pain, kind: symptom, label: Pain, xrefs: [UMLS:C9]}\n",
        ])
        let diagnostics = Self.load("""
            entities:
              - {id: pain, kind: symptom, label: Pain, xrefs: [UMLS:C9]}
              - {id: ache, kind: symptom, label: Ache, xrefs: [UMLS:C9]}
            """, extra: [other])
        let conflicts = diagnostics.filter { $0.id == .conceptConflict }
        #expect(conflicts.count == 1, "\(diagnostics)")
        #expect(conflicts.first?.severity == .warning)
        #expect(conflicts.first?.location?.file.hasPrefix("demo/data.yaml") == true || conflicts.first?.location?.file.hasPrefix("other/") == true,
                "\(conflicts)")
        #expect(conflicts.first?.message.contains("UMLS:C9") == true)
    }

    @Test func everyIDIsDocumented() throws {
        let text = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/DIAGNOSTICS.md"), encoding: .utf8)
        for id in DiagnosticID.allCases {
            #expect(text.contains("| `\(id.rawValue)` |"), "docs/DIAGNOSTICS.md does not explain \(id.rawValue)")
        }
    }

    @Test func missingAndMismatchedDependenciesAreReported() {
        let missing = Self.errors("entities: []", manifest: Self.manifest + "\n  hpo: ^1.0.0")
        #expect(missing.contains { $0.contains("pack 'demo' depends on 'hpo' (^1.0.0), which is not available") })
        let mismatched = Self.errors("entities: []", manifest: Self.manifest.replacingOccurrences(of: "^1.0.0", with: "^2.0.0"))
        #expect(mismatched.contains { $0.contains("needs 'core' ^2.0.0, but version 1.0.0 is available; 'demo' is not loaded") })
        // A pack that takes no version of its dependency that is there is not assembled: its
        // kinds from that pack are not each reported again as unknown.
        let cascade = Self.errors("""
            entities:
              - {id: tremor, kind: symptom, label: Tremor}
              - {id: ms, kind: disease, label: Multiple sclerosis}
            """, manifest: Self.manifest.replacingOccurrences(of: "^1.0.0", with: "^2.0.0"))
        #expect(cascade.count == 1, "\(cascade)")
    }

    @Test func dependencyCyclesAreReported() {
        let other = Fixtures.pack("other", ["pack.yaml": """
            format: 1
            id: other
            version: 1.0.0
            title: Other
            depends: {demo: "*"}
            """])
        let diagnostics = Self.load("entities: []", manifest: Self.manifest + "\n  other: '*'", extra: [other])
        let cycle = diagnostics.first { $0.message.hasPrefix("dependency cycle:") }
        // Located at the `depends:` entry that closes the cycle, not at the top of a manifest.
        #expect([5, 10].contains(cycle?.location?.line ?? 0),
                "\(String(describing: cycle?.location))")
    }

    @Test func referencesIntoPacksNotDependedUponAreErrors() {
        let errors = Self.errors("""
            entities:
              - {id: tremor, kind: symptom, label: Tremor}
            assertions:
              - {subject: tremor, relation: associated_with, object: "ms:ms-spasms", locator: p1.s1}
            """)
        #expect(errors.count == 1)
        #expect(errors.first?.contains("unknown namespace 'ms'") == true)
    }

    @Test func warningsForProvenanceAndDomain() {
        let diagnostics = Self.load("""
            entities:
              - {id: tremor, kind: symptom, label: Tremor}
              - {id: arm, kind: body-site, label: Arm}
            assertions:
              - {subject: tremor, relation: triggered_by, object: arm}
            """)
        let warnings = diagnostics.filter { $0.severity == .warning }.map(\.message)
        #expect(warnings.contains("assertion has no 'locator' saying where in the source it is stated"))
        #expect(warnings.contains { $0.contains("'demo:arm' is a body-site, but the object of 'triggered_by' is expected to be trigger") })
    }

    @Test func failedAdditionLeavesTheKnowledgeBaseUnchanged() throws {
        let base = try Fixtures.bundledKnowledge()
        let before = (base.packs.map(\.id), base.graph.entities.count, base.graph.assertions.count)
        let (broken, _) = try PackLoading.read([Fixtures.pack("broken", [
            "pack.yaml": "format: 1\nid: broken\nversion: 1.0.0\ntitle: Broken\nsources: [{id: s, title: S}]",
            "data.yaml": "entities:\n  - {id: a, kind: symptom, label: A}\nassertions:\n  - {subject: a, relation: causes, object: b, locator: x}",
        ])])
        #expect(throws: PackLoadError.self) { try base.adding(broken) }
        #expect((base.packs.map(\.id), base.graph.entities.count, base.graph.assertions.count) == before)
    }

    @Test func unloadingRefusesWhileOthersDepend() throws {
        let base = try Fixtures.bundledKnowledge()
        #expect(throws: PackLoadError.self) { try base.removing("core") }
        #expect(throws: PackLoadError.self) { try base.removing("multiple-sclerosis") }
        let withoutMapping = try base.removing("ms-hpo")
        #expect(withoutMapping.graph.resolve("HP:0003401") == .none)
        #expect(base.graph.resolve("HP:0003401") != .none)
        let smaller = try withoutMapping.removing("multiple-sclerosis")
        #expect(smaller.packs.map(\.id) == ["core"])
        #expect(smaller.graph.entities.isEmpty)
    }
}
