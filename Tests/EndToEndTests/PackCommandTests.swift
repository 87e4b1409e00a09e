import Foundation
import Testing
import TestSupport

/// A curator's workflow through the binary: new, check, test, list, info — and every mistake located.
@Suite(.enabled(if: SymkbProcess.isBuilt, "build symkb first (swift build); scripts/test does"))
struct PackCommandTests {
    /// A pack named with --pack that loads with warnings says how many on every load (its
    /// author may never run `pack check`); one that loads clean says nothing.
    @Test func aPackNamedWithPackSaysItHasWarnings() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        #expect(try SymkbProcess.run(["pack", "new", "freq"], directory: folder).status == 0)
        let clean = try SymkbProcess.run(["--pack", "freq", "query", "symptoms of example condition"], directory: folder)
        #expect(clean.status == 0 && clean.stderr.isEmpty, "\(clean.stderr)")
        let data = folder.appendingPathComponent("freq/data.yaml")
        try (try String(contentsOf: data, encoding: .utf8)).replacingOccurrences(of: "    certainty: often\n", with: "    certainty: often\n    frequency: 130%\n")
            .write(to: data, atomically: true, encoding: .utf8)
        let warned = try SymkbProcess.run(["--pack", "freq", "query", "symptoms of example condition"], directory: folder)
        #expect(warned.status == 0 && warned.stdout.contains("Example symptom"))
        #expect(warned.stderr == "warning: pack 'freq' (freq) loaded with 1 warning; 'symkb pack check freq' lists it [pack-warnings]\n",
                "\(warned.stderr)")
    }

    @Test func aNewPackPassesCheckAndTest() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let created = try SymkbProcess.run(["pack", "new", "my-pack"], directory: folder)
        #expect(created.status == 0)
        let check = try SymkbProcess.run(["pack", "check", "my-pack"], directory: folder)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout == "checked 1 pack (my-pack 0.1.0): 0 errors, 0 warnings\n")
        let test = try SymkbProcess.run(["pack", "test", "my-pack"], directory: folder)
        #expect(test.status == 0)
        #expect(test.stdout == "2 passed, 0 failed\n")
        // JSON Lines: the same document on one line.
        for command in ["check", "test"] {
            let lines = try SymkbProcess.run(["pack", command, "my-pack", "--format", "jsonl"], directory: folder)
            #expect(lines.status == 0 && lines.stdout.hasPrefix("{") && lines.stdout.filter { $0 == "\n" }.count == 1, "\(lines.stdout)")
        }
        // A test that cannot pass whatever the pack says is an error of `pack check`, at it.
        let tests = folder.appendingPathComponent("my-pack/tests.yaml")
        let written = try String(contentsOf: tests, encoding: .utf8)
        try (written + """

              - query: symptoms of ((
                contains: [example-symptom]
              - query: symptoms of example condition
                contains: [nothing-here]
              - query: symptoms of ((
                error: query-syntax

            """).write(to: tests, atomically: true, encoding: .utf8)
        let invalid = try SymkbProcess.run(["pack", "check", "my-pack"], directory: folder)
        #expect(invalid.status == 65)
        #expect(invalid.stderr.contains("the query does not parse: expected a name after 'symptoms of' [pack-test-invalid]"), "\(invalid.stderr)")
        #expect(invalid.stderr.contains("expected name 'nothing-here' names no entity [pack-test-invalid]"), "\(invalid.stderr)")
        #expect(invalid.stdout.contains("2 errors"), "\(invalid.stdout)")
        // `pack test` reports them where they stand and runs the others: status 65.
        let untested = try SymkbProcess.run(["pack", "test", "my-pack"], directory: folder)
        #expect(untested.status == 65 && untested.stdout == "3 passed, 0 failed, 2 invalid\n", "\(untested.stdout)")
        #expect(untested.stderr.contains("expected name 'nothing-here' names no entity [pack-test-invalid]"), "\(untested.stderr)")
        // `pack check` goes on past a folder that is not there (66 when that is all; the pack's own errors make it 65).
        let missing = try SymkbProcess.run(["pack", "check", "no-such-pack", "my-pack"], directory: folder)
        #expect(missing.status == 65 && missing.stderr.contains("no pack folder at 'no-such-pack'")
                && missing.stderr.contains("[pack-test-invalid]") && missing.stdout.contains("checked 1 pack (my-pack 0.1.0): 3 errors"),
                "\(missing.stdout) \(missing.stderr)")
        try written.write(to: tests, atomically: true, encoding: .utf8)
        // So does `pack test`: the pack that is there runs its tests.
        let tested = try SymkbProcess.run(["pack", "test", "my-pack", "no-such-pack"], directory: folder)
        #expect(tested.status == 66 && tested.stdout == "2 passed, 0 failed\n" && tested.stderr.contains("no pack folder at 'no-such-pack'"),
                "\(tested.stdout) \(tested.stderr)")
        let onlyMissing = try SymkbProcess.run(["pack", "check", "my-pack", "no-such-pack"], directory: folder)
        #expect(onlyMissing.status == 66 && onlyMissing.stdout.contains("checked 1 pack (my-pack 0.1.0): 1 error"), "\(onlyMissing.stdout)")
        let again = try SymkbProcess.run(["pack", "new", "my-pack"], directory: folder)
        #expect(again.status == 73)
        #expect(again.stderr.contains("already exists; choose another id or --dir [file-write-failed]"), "\(again.stderr)")
        #expect(try SymkbProcess.run(["pack", "new", "Bad_Id"], directory: folder).status == 64)
        // --dir must be a folder that is there: a mistyped one is not made, parents and all.
        let nowhere = try SymkbProcess.run(["pack", "new", "other", "--dir", "no/such/place"], directory: folder)
        #expect(nowhere.status == 73 && nowhere.stderr.contains("--dir 'no/such/place' does not exist; create it first"), "\(nowhere.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("no").path))
        // Ids and namespaces of the packs that load by default are refused.
        let core = try SymkbProcess.run(["pack", "new", "core"], directory: folder)
        #expect(core.status == 64 && core.stderr.contains("'core' is pack 'core' (bundled), which loads by default"), "\(core.stderr)")
        let ms = try SymkbProcess.run(["pack", "new", "ms"], directory: folder)
        #expect(ms.status == 64 && ms.stderr.contains("'ms' is the namespace of pack 'multiple-sclerosis'"), "\(ms.stderr)")
    }

    /// A pack that check and test pass loads: a namespace another loaded pack owns, or a
    /// conflict with one, is found by the check.
    @Test func checkFindsWhatLoadingWithTheDefaultPacksRefuses() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        _ = try SymkbProcess.run(["pack", "new", "clash"], directory: folder)
        let manifest = folder.appendingPathComponent("clash/pack.yaml")
        try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "version: 0.1.0", with: "version: 0.1.0\nnamespace: ms")
            .appending("\nconflicts:\n  ms-hpo: \"*\"\n").write(to: manifest, atomically: true, encoding: .utf8)
        let check = try SymkbProcess.run(["pack", "check", "clash"], directory: folder)
        #expect(check.status == 65)
        #expect(check.stderr.contains("namespace 'ms' belongs to pack 'multiple-sclerosis', which is loaded by default"), "\(check.stderr)")
        // At the `namespace:` line (the manifest's fourth), under its value.
        #expect(check.stderr.contains("clash/pack.yaml:5:12: error: namespace 'ms'"), "\(check.stderr)")
        #expect(check.stderr.contains("pack 'clash' conflicts with 'ms-hpo' *"), "\(check.stderr)")
        let load = try SymkbProcess.run(["query", "--pack", "clash", "describe example condition"], directory: folder)
        #expect(load.status == 65)
    }

    /// One check reports a manifest's mistakes and its data's together, and names the pack.
    @Test func aManifestMistakeDoesNotHideTheData() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        _ = try SymkbProcess.run(["pack", "new", "both"], directory: folder)
        let manifest = folder.appendingPathComponent("both/pack.yaml"), data = folder.appendingPathComponent("both/data.yaml")
        try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "license:", with: "licence:")
            .write(to: manifest, atomically: true, encoding: .utf8)
        try String(contentsOf: data, encoding: .utf8).replacingOccurrences(of: "kind: symptom", with: "kind: symptm")
            .write(to: data, atomically: true, encoding: .utf8)
        var check = try SymkbProcess.run(["pack", "check", "both"], directory: folder)
        #expect(check.status == 65)
        #expect(check.stderr.contains("both/pack.yaml:8:1: error: unknown key 'licence'"), "\(check.stderr)")
        #expect(check.stderr.contains("both/data.yaml:9:11: error: unknown kind 'symptm'"), "\(check.stderr)")
        #expect(check.stdout == "checked 1 pack (both 0.1.0): 2 errors, 0 warnings\n")
        // A wrong version: the pack is named by its id, its data read but not checked against
        // other packs (as version 0.0.0, it would fail their version ranges).
        try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "version: 0.1.0", with: "version: 0.1")
            .write(to: manifest, atomically: true, encoding: .utf8)
        let user = folder.appendingPathComponent("user")
        _ = try SymkbProcess.run(["pack", "new", "user"], directory: folder)
        let userManifest = user.appendingPathComponent("pack.yaml")
        try (String(contentsOf: userManifest, encoding: .utf8) + "\n  both: ^1.0.0\n").write(to: userManifest, atomically: true, encoding: .utf8)
        check = try SymkbProcess.run(["pack", "check", "both", "user"], directory: folder)
        #expect(check.stdout.hasPrefix("checked 2 packs (both, user 0.1.0): "), "\(check.stdout)")
        #expect(check.stderr.contains("version '0.1' is not a semantic version") && !check.stderr.contains("0.0.0"), "\(check.stderr)")
        // A wrong namespace stops the check at the manifest (the data's ids would all be wrong),
        // and a manifest without an id names the folder, escaped.
        try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "version: 0.1", with: "version: 0.1.0\nnamespace: \"bad:\"")
            .write(to: manifest, atomically: true, encoding: .utf8)
        check = try SymkbProcess.run(["pack", "check", "both"], directory: folder)
        #expect(check.stdout == "checked 1 pack (both): 2 errors, 0 warnings\n", "\(check.stderr)")
        let odd = folder.appendingPathComponent("odd\u{1B}[31m")
        try FileManager.default.createDirectory(at: odd, withIntermediateDirectories: true)
        try "format: 1\nversion: 1.0.0\ntitle: T\n".write(to: odd.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        check = try SymkbProcess.run(["pack", "check", odd.lastPathComponent], directory: folder)
        #expect(check.stdout == "checked 1 pack (odd\\u{1b}[31m): 1 error, 0 warnings\n", "\(check.stdout)")
        // Loading it still fails as a whole.
        let query = try SymkbProcess.run(["query", "describe example condition", "--pack", "both"], directory: folder)
        #expect(query.status == 65 && query.stdout.isEmpty)
    }

    @Test func mistakesAreLocatedAndExit65() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        _ = try SymkbProcess.run(["pack", "new", "oops"], directory: folder)
        try """
            entities:
              - {id: a, kind: condition, label: A}
              - {id: b, kind: conditon, label: B}
              - {id: a, kind: symptom, label: A again}
            assertions:
              - {subject: a, relation: is_a, object: c, locator: p1}
              - {subject: a, relation: triger_by, object: a, locator: p2}
            """.write(to: folder.appendingPathComponent("oops/data.yaml"), atomically: true, encoding: .utf8)
        let check = try SymkbProcess.run(["pack", "check", "oops"], directory: folder)
        #expect(check.status == 65)
        let all = check.stderr.split(separator: "\n").map(String.init)
        // Each diagnostic is followed by its source line and a caret under the column.
        #expect(all[1] == "    - {id: b, kind: conditon, label: B}")
        #expect(all[2] == "  " + String(repeating: " ", count: 18) + "^~~~~~~~")
        let lines = all.filter { !$0.hasPrefix(" ") }
        #expect(lines == [
            "oops/data.yaml:3:19: error: unknown kind 'conditon' (did you mean \"condition\"?) [unknown-kind]",
            "oops/data.yaml:4:10: error: entity 'oops:a' is already defined by pack 'oops' [duplicate-entity]",
            "oops/data.yaml:2:10: note: first defined here",
            "oops/data.yaml:6:42: error: unknown entity 'oops:c' (did you mean \"oops:a\"?) [unknown-entity]",
            "oops/data.yaml:7:28: error: unknown relation 'triger_by' (did you mean \"triggered_by\"?) [unknown-relation]",
        ])
        // The assertion refused for its unknown object cites the source: it is not 'unused'.
        #expect(check.stdout == "checked 1 pack (oops 0.1.0): 4 errors, 0 warnings\n")
        // Nothing half-loads: querying with the broken pack fails as a whole.
        let query = try SymkbProcess.run(["query", "describe a", "--pack", "oops"], directory: folder)
        #expect(query.status == 65 && query.stdout.isEmpty)
    }

    /// A pack written with CR LF line ends (on Windows) is located and shown as any other; a
    /// relation's malformed `ro` is refused; a test may expect an error by its id.
    @Test func windowsLineEndsRelationIdsAndErrorIds() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        _ = try SymkbProcess.run(["pack", "new", "crlf"], directory: folder)
        try "relations:\r\n  - {name: soothes, ro: soothing}\r\nentities:\r\n  - {id: a, kind: symptom, label: A}\r\n  - {id: b, kind: conditon, label: B}\r\n"
            .write(to: folder.appendingPathComponent("crlf/data.yaml"), atomically: true, encoding: .utf8)
        let check = try SymkbProcess.run(["pack", "check", "crlf"], directory: folder)
        #expect(check.status == 65)
        #expect(check.stderr.contains("crlf/data.yaml:5:19: error: unknown kind 'conditon' (did you mean \"condition\"?) [unknown-kind]\n"
                                      + "    - {id: b, kind: conditon, label: B}\n"), "\(check.stderr)")
        #expect(check.stderr.contains("warning: 'ro' must be an OBO relation id such as RO:0003303 or BFO:0000050 (or rdfs:subClassOf), "
                                      + "not 'soothing'; it is left out [invalid-ontology-id]"), "\(check.stderr)")
    }

    @Test func failingPackTestsAreLocated() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        _ = try SymkbProcess.run(["pack", "new", "tested"], directory: folder)
        try """
            tests:
              - query: symptoms of example condition
                equals: [example-condition]
              - query: symptoms of example condition
                contains: [example-symptom]
              - query: symptoms of example condition
                excludes: [example-symptom]
              - query: symptoms of exampel conditoin
                contains: [example-symptom]
              - query: symptoms of example condition
                contains:
                  - example-symptom
                  - example-condition
              - query: symptoms of example condition
                empty: false
              - query: symptoms of example symptom
                empty: false
            """.write(to: folder.appendingPathComponent("tested/tests.yaml"), atomically: true, encoding: .utf8)
        let run = try SymkbProcess.run(["pack", "test", "tested"], directory: folder)
        #expect(run.status == 1)
        // Each failure where the expectation it breaks is written; a failed query at the query.
        #expect(run.stderr.hasPrefix("tested/tests.yaml:3:13: error: test failed: symptoms of example condition: answers differ"),
                "\(run.stderr)")
        // An answer it excludes, at the name.
        #expect(run.stderr.contains("tested/tests.yaml:7:16: error: test failed: symptoms of example condition: "), "\(run.stderr)")
        #expect(run.stderr.contains("tested/tests.yaml:8:5: error: test failed: symptoms of exampel conditoin: the query failed"), "\(run.stderr)")
        // A name of a block list that fails is reported at its own line.
        #expect(run.stderr.contains("tested/tests.yaml:13:9: error: test failed: symptoms of example condition: expected 'example-condition' among"),
                "\(run.stderr)")
        // `empty: false` expects some answers.
        #expect(run.stderr.contains("tested/tests.yaml:17:12: error: test failed: symptoms of example symptom: expected answers, got none"),
                "\(run.stderr)")
        #expect(run.stdout == "2 passed, 5 failed\n")
        // JSON lists each failure located, as a diagnostic, and writes nothing else.
        let json = try SymkbProcess.run(["pack", "test", "tested", "--format", "json"], directory: folder)
        #expect(json.status == 1 && json.stderr.isEmpty, "\(json.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        let places = diagnostics.map { "\($0["id"] ?? "") \($0["line"] ?? ""):\($0["column"] ?? "")" }
        #expect(places == ["pack-test-failed 3:13", "pack-test-failed 7:16", "pack-test-failed 8:5", "pack-test-failed 13:9",
                           "pack-test-failed 17:12"], "\(places)")
    }

    @Test func listAndInfoDescribeThePacks() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        _ = try SymkbProcess.run(["pack", "new", "listed"], directory: folder)
        let list = try SymkbProcess.run(["pack", "list", "--pack", "listed"], directory: folder,
                                        environment: ["HOME": folder.path])
        #expect(list.status == 0)
        #expect(list.stdout.contains("multiple-sclerosis  1.0.0    yes     bundled"))
        #expect(list.stdout.contains("listed              0.1.0    yes     --pack: listed"))
        // A pack of the same id in the user folder, shadowed by --pack, is listed as itself.
        let user = folder.appendingPathComponent(".local/share/symkb/packs")
        try FileManager.default.createDirectory(at: user, withIntermediateDirectories: true)
        _ = try SymkbProcess.run(["pack", "new", "listed", "--dir", user.path])
        let manifest = user.appendingPathComponent("listed/pack.yaml")
        try (try String(contentsOf: manifest, encoding: .utf8)).replacingOccurrences(of: "version: 0.1.0", with: "version: 0.9.0")
            .write(to: manifest, atomically: true, encoding: .utf8)
        let shadowed = try SymkbProcess.run(["pack", "list", "--pack", "listed"], directory: folder, environment: ["HOME": folder.path])
        #expect(shadowed.stdout.range(of: "listed +0\\.9\\.0 +no \\(shadowed by --pack: listed\\) +user: ", options: .regularExpression) != nil,
                "\(shadowed.stdout)")
        #expect(shadowed.stdout.range(of: "listed +0\\.1\\.0 +yes +--pack: listed", options: .regularExpression) != nil)
        let info = try SymkbProcess.run(["pack", "info", "ms-hpo"])
        #expect(info.status == 0)
        #expect(info.stdout.contains("upstream:    hpo 2025-01-16"))
        #expect(info.stdout.contains("depends:     core ^1.0.0, multiple-sclerosis ^1.0.0"))
        #expect(info.stdout.range(of: "checksum:    sha256:[0-9a-f]{64}", options: .regularExpression) != nil)
        #expect(try SymkbProcess.run(["pack", "info", "nothing"]).status == 66)
    }

    @Test func userFolderPacksLoadAndBrokenOnesAreSkipped() throws {
        let home = try SymkbProcess.temporaryDirectory()
        let packs = home.appendingPathComponent(".local/share/symkb/packs")
        try FileManager.default.createDirectory(at: packs, withIntermediateDirectories: true)
        _ = try SymkbProcess.run(["pack", "new", "good", "--dir", packs.path])
        _ = try SymkbProcess.run(["pack", "new", "bad", "--dir", packs.path])
        try "entities: [{id: x, kind: nope, label: X}]\n"
            .write(to: packs.appendingPathComponent("bad/data.yaml"), atomically: true, encoding: .utf8)
        let run = try SymkbProcess.run(["query", "symptoms of example condition"], environment: ["HOME": home.path])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Example symptom"))
        #expect(run.stderr.contains("warning: skipped pack 'bad'"))
    }
}
