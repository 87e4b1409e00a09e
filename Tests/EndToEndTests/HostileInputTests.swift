import Foundation
import Testing
import TestSupport

/// Hostile input against the built binary: no crash, no hang, nothing half-written, nothing raw
/// on the terminal, and a located message with the right exit status.
@Suite(.enabled(if: SymkbProcess.isBuilt, "build symkb first (swift build); scripts/test does"))
struct HostileInputTests {
    /// A pack folder with a manifest and one data file.
    func pack(_ id: String, data: String) throws -> URL {
        let folder = try SymkbProcess.temporaryDirectory().appendingPathComponent(id)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
            format: 1
            id: \(id)
            version: 0.1.0
            title: Test
            disclaimer: Not medical advice.
            sources: [{id: note, title: A note}]
            depends: {core: ^1.0.0}
            """.write(to: folder.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        try data.write(to: folder.appendingPathComponent("data.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test(arguments: ["(", "^", "not ", "+"])
    func deepNestingIsRefusedNotACrash(piece: String) throws {
        // (Deep, but inside the 20,000 bytes a query may have.)
        let deep = piece == "+" ? "?x is_a" + String(repeating: "+", count: 4_000) + " ?y"
            : piece == "not " ? String(repeating: "not ", count: 4_000) + "?x is_a ?y"
            : "?x " + String(repeating: piece, count: 4_000) + "is_a ?y"
        let run = try SymkbProcess.run(["query", deep])
        #expect(run.status == 1)
        #expect(run.stderr.contains("the query nests deeper than 100 levels"))
        // The echoed line is cut to a window around the error, not 4,000 characters.
        #expect(run.stderr.count < 1_000)
    }

    /// Standard input closed, and a folder where a file is expected: a located message and 66,
    /// not a crash (Foundation's `readDataToEndOfFile`/`readData(ofLength:)` trap on a read error).
    @Test func unreadableInputIsNoInputNotACrash() throws {
        for arguments in [[], ["run", "-"]] {
            let closed = try SymkbProcess.runTool(
                URL(fileURLWithPath: "/bin/sh"), ["-c", "exec \"$0\" \"$@\" <&-", SymkbProcess.binary.path] + arguments)
            #expect(closed.status == 66, "\(arguments): \(closed.stderr)")
            #expect(closed.stderr.contains("cannot read standard input"))
        }
        let folder = try SymkbProcess.temporaryDirectory()
        let imported = try SymkbProcess.run(["pack", "import", "--obo", folder.path, "--out", "x"], directory: folder)
        #expect(imported.status == 66, "\(imported.stderr)")
        #expect(imported.stderr.contains("is a folder, not a file"))
    }

    @Test func aHugeNameGetsAShortDiagnostic() throws {
        let run = try SymkbProcess.run(["query", "describe " + String(repeating: "x", count: 19_000)])
        #expect(run.status == 1)
        #expect(run.stderr.contains("[unknown-name]"))
        // The message and the caret line are cut: a diagnostic is read, not scrolled.
        #expect(run.stderr.count < 2_000, "\(run.stderr.count) characters")
        // A longer query is refused before it is read, at the first character past the limit.
        let huge = try SymkbProcess.run(["query", "describe " + String(repeating: "x", count: 100_000)])
        #expect(huge.status == 1)
        #expect(huge.stderr.hasPrefix("<query>:1:20001: error: the query is 100009 bytes long; at most 20000 are read [query-too-long]"),
                "\(huge.stderr.prefix(300))")
        #expect(huge.stderr.count < 2_000, "\(huge.stderr.count) characters")
    }

    @Test func aFullDiskIsAFailedQueryNotACrash() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let shell = URL(fileURLWithPath: "/bin/sh")
        let direct = try SymkbProcess.runTool(shell, ["-c", "\"$0\" query 'describe tremor' > /dev/full", SymkbProcess.binary.path])
        #expect(direct.status == 1)
        #expect(direct.stderr.contains("cannot write to standard output: No space left on device"))
        // .output to a full disk in batch mode fails the run, and --bail stops at it.
        let batch = try SymkbProcess.run(["--bail", "--echo"], stdin: ".output /dev/full\ndescribe tremor\nsymptoms of ms\n")
        #expect(batch.status == 1)
        #expect(batch.stderr.contains("cannot write to '/dev/full': No space left on device"))
    }

    @Test func outputFilesAreReplacedWholeOrLeftAsTheyWere() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let answers = folder.appendingPathComponent("answers.txt")
        try "old answers\n".write(to: answers, atomically: true, encoding: .utf8)
        // A run that writes its answers replaces the file whole, and leaves no temporary file.
        let run = try SymkbProcess.run([], stdin: ".output \(answers.path)\ndescribe tremor\n.output stdout\nwhat triggers ms spasms\n")
        #expect(run.status == 0, "\(run.stderr)")
        let written = try String(contentsOf: answers, encoding: .utf8)
        #expect(written.contains("Tremor") && !written.contains("old answers") && !written.contains("Neck movement"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["answers.txt"])
        // The file keeps its permissions, and a link is followed: its target is replaced, the link stays.
        let secret = folder.appendingPathComponent("secret.txt")
        try "old\n".write(to: secret, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret.path)
        let link = folder.appendingPathComponent("link.txt")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: secret.path)
        let private_ = try SymkbProcess.run([], stdin: ".output \(link.path)\ndescribe tremor\n")
        #expect(private_.status == 0, "\(private_.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == secret.path)
        #expect(try String(contentsOf: secret, encoding: .utf8).contains("Tremor"))
        #expect(try FileManager.default.attributesOfItem(atPath: secret.path)[.posixPermissions] as? Int == 0o600)
        try FileManager.default.removeItem(at: link)
        try FileManager.default.removeItem(at: secret)
        // A folder that cannot take the file: an error at once, located at the `.output` line,
        // exit 1, and the answers are not lost (they go where they went).
        let blocked = try SymkbProcess.run([], stdin: ".output \(folder.path)/missing/answers.txt\ndescribe tremor\n")
        #expect(blocked.status == 1)
        #expect(blocked.stderr.hasPrefix("<stdin>:1:1: error: cannot write answers to"), "\(blocked.stderr)")
        #expect(blocked.stderr.contains("they still go to standard output") && blocked.stderr.contains("[file-write-failed]"))
        #expect(blocked.stdout.contains("Tremor"))
    }

    @Test func diagnosticsAreJSONLinesUnderFormatJSON() throws {
        let folder = try pack("jsonbad", data: "entities:\n  - {id: a, kind: symtom, label: A}\n")
        let run = try SymkbProcess.run(["--pack", folder.path, "--format", "json", "query", "describe tremor"])
        #expect(run.status == 65)
        let lines = run.stderr.split(separator: "\n")
        #expect(!lines.isEmpty)
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.allSatisfy { $0?["severity"] != nil && $0?["message"] != nil }, "\(run.stderr)")
        let kind = try #require(objects.first { $0?["id"] as? String == "unknown-kind" } ?? nil, "\(run.stderr)")
        #expect(kind["severity"] as? String == "error")
        #expect(kind["line"] as? Int == 2)
        #expect(kind["column"] as? Int == 19)
        #expect(kind["endColumn"] as? Int == 25)
        #expect((kind["file"] as? String)?.hasSuffix("jsonbad/data.yaml") == true)
        #expect(kind["suggestions"] as? [String] == ["symptom"])
        // A query that fails is an error document with its id on standard output.
        let query = try SymkbProcess.run(["--format", "json", "query", "symptoms of Lhermite sign"])
        #expect(query.status == 1)
        let documents = try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [[String: Any]]
        let error = documents?.first?["error"] as? [String: Any]
        #expect(error?["id"] as? String == "unknown-name")
    }

    @Test func packFilesAreReadOnlyInsideTheirFolder() throws {
        let folder = try pack("escape", data: "entities: []\n")
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("secret.yaml").path, withDestinationPath: "/etc/passwd")
        let run = try SymkbProcess.run(["pack", "check", folder.path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("secret.yaml:1:1: error: this file is a link to a file outside the pack folder"))
        #expect(!run.stderr.contains("root:"))
        #expect(!run.stderr.contains("/etc/passwd"))
    }

    /// One pack id in two $SYMKB_PACKS folders: every load says so (the later is used).
    @Test func aPackFoundTwiceOnTheSearchPathIsWarnedAbout() throws {
        let first = try pack("twice", data: "entities:\n  - {id: a, kind: symptom, label: Alpha}\n")
        let second = try pack("twice", data: "entities:\n  - {id: a, kind: symptom, label: Beta}\n")
        let run = try SymkbProcess.run(["query", "describe twice:a"], environment: [
            "SYMKB_PACKS": first.path + ":" + second.path, "XDG_DATA_HOME": "/nonexistent"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("Beta"), "\(run.stdout)")
        #expect(run.stderr.contains("warning: pack 'twice' is found twice (in $SYMKB_PACKS): \(second.path) is used"), "\(run.stderr)")
        #expect(run.stderr.contains("[duplicate-pack]"))
        // At the ignored pack's id, not its first line.
        #expect(run.stderr.hasPrefix(first.path + "/pack.yaml:"), "\(run.stderr)")
        #expect(run.stderr.contains("\n  id: twice\n"), "\(run.stderr)")
        // One folder named twice (`--pack X export --only X`) is one pack, and nothing is said.
        let again = try SymkbProcess.run(["--pack", first.path, "--pack", first.path + "/", "query", "describe twice:a"],
                                         environment: ["SYMKB_PACKS": "", "XDG_DATA_HOME": "/nonexistent"])
        #expect(again.status == 0 && again.stdout.hasPrefix("Alpha") && !again.stderr.contains("found twice"), "\(again.stderr)")
    }

    @Test func nulBytesAndInvalidUTF8AreLocated() throws {
        let nul = try pack("nul", data: "entities:\n  - {id: a, kind: symptom, label: \"A\u{0}B\"}\n")
        let run = try SymkbProcess.run(["pack", "check", nul.path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("data.yaml:2:"), "\(run.stderr)")
        #expect(run.stderr.contains("NUL byte"))
        let bad = try pack("badutf", data: "entities: []\n")
        try Data("entities:\n  - {id: a, kind: symptom, label: \"A\u{FF}\"}\n".utf8.map { $0 == 0xC3 ? 0xFF : $0 })
            .write(to: bad.appendingPathComponent("data.yaml"))
        let invalid = try SymkbProcess.run(["pack", "check", bad.path])
        #expect(invalid.status == 65)
        #expect(invalid.stderr.contains("data.yaml:2:"), "\(invalid.stderr)")
        #expect(invalid.stderr.contains("not valid UTF-8"))
    }

    /// A script that is not UTF-8 is refused where its first bad byte is, before anything runs,
    /// alike as a file (`run FILE`) and as standard input (`symkb < FILE`, `run -`).
    @Test func aScriptThatIsNotTextIsRefusedAlikeFromAFileAndStandardInput() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let script = folder.appendingPathComponent("bad.txt")
        try Data("pain\n".utf8 + [0x20, 0xFF, 0xFE, 0x0A]).write(to: script)
        let fromFile = try SymkbProcess.run(["run", script.path])
        let shell = URL(fileURLWithPath: "/bin/sh")
        let fromInput = try SymkbProcess.runTool(shell, ["-c", "\"$0\" < \"$1\"", SymkbProcess.binary.path, script.path])
        let fromDash = try SymkbProcess.runTool(shell, ["-c", "\"$0\" run - < \"$1\"", SymkbProcess.binary.path, script.path])
        for (run, name) in [(fromFile, script.path), (fromInput, "<stdin>"), (fromDash, "<stdin>")] {
            #expect(run.status == 65, "\(run.stderr)")
            #expect(run.stdout.isEmpty, "nothing is answered: \(run.stdout)")
            #expect(run.stderr.hasPrefix("\(name):2:2: error: "), "\(run.stderr)")
            #expect(run.stderr.contains("nothing was run"), "\(run.stderr)")
        }
        let missing = try SymkbProcess.run(["run", folder.appendingPathComponent("none.txt").path])
        #expect(missing.status == 66)
        #expect(missing.stderr.hasPrefix("error: no such script"), "\(missing.stderr)")
    }

    @Test func packTextNeverReachesTheTerminalRaw() throws {
        // Written with YAML's escapes, control characters are refused where they are written
        // (and the error's excerpt shows none of them raw).
        let refused = try pack("ansi", data: """
            entities:
              - {id: evil, kind: symptom, label: "Evil\\e[31m red\\a\\rX\\u202Edesrever", definition: "\\e]0;title\\a"}
            """)
        let check = try SymkbProcess.run(["query", "--pack", refused.path, "describe tremor"])
        #expect(check.status == 65 && check.stderr.contains("control character U+001B"), "\(check.stderr)")
        #expect(!check.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
        // Raw in an imported ontology's names, they are shown escaped in every format.
        let folder = try SymkbProcess.temporaryDirectory().appendingPathComponent("ansi")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
            format: 1
            id: ansi
            version: 0.1.0
            title: Test
            disclaimer: Not medical advice.
            sources: [{id: obo, title: An ontology}]
            depends: {core: ^1.0.0}
            imports:
              - {format: obo, path: terms.obo, source: obo}
            """.write(to: folder.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        try "format-version: 1.2\nontology: ansi\n\n[Term]\nid: ANSI:0000001\nname: Evil\u{1B}[31m red\u{07}X\u{202E}desrever\ndef: \"\u{1B}]0;title\u{07}\" []\n"
            .write(to: folder.appendingPathComponent("terms.obo"), atomically: true, encoding: .utf8)
        for format in ["table", "tree", "markdown"] {
            let run = try SymkbProcess.run(["query", "--pack", folder.path, "-f", format, "describe ANSI:0000001"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(!run.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x0D && format != "csv" },
                    "\(format): \(run.stdout.debugDescription)")
            #expect(run.stdout.contains("\\u{1b}[31m"), "\(format)")
            // A direction override would show what follows backwards.
            #expect(!run.stdout.unicodeScalars.contains { $0.value == 0x202E } && run.stdout.contains("\\u{202e}desrever"), "\(format)")
        }
        let missing = try SymkbProcess.run(["query", "describe \u{1B}[2Jgone"])
        #expect(missing.status == 1)
        #expect(!missing.stderr.unicodeScalars.contains { $0.value == 0x1B })
    }

    @Test func csvCellsAreNeverFormulas() throws {
        let folder = try pack("formula", data: """
            entities:
              - {id: f, kind: symptom, label: "=HYPERLINK(\\"http://x\\")"}
              - {id: g, kind: symptom, label: "two\\nlines"}
            """)
        let run = try SymkbProcess.run(["query", "--pack", folder.path, "-f", "csv", "list symptoms"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "\(run.stdout)")
        // A line break stays one (in a quoted field, as `export --format csv` writes it), and a
        // table, one line a row, reads it as a space.
        #expect(run.stdout.contains("\"two\nlines\",formula:g"), "\(run.stdout)")
        let table = try SymkbProcess.run(["query", "--pack", folder.path, "list symptoms"])
        #expect(table.stdout.contains("two lines") && !table.stdout.contains("two\nlines"), "\(table.stdout)")
    }

    @Test func scriptsWithCRLFAndAByteOrderMarkAreRead() throws {
        let run = try SymkbProcess.run([], stdin: "\u{FEFF}what triggers lhermitte's sign\r\ncount symptoms of ms spasms\r\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Neck movement"))
        #expect(run.stdout.contains("7"))
    }

    @Test func aFailedImportLeavesThePackAsItWas() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let good = folder.appendingPathComponent("good.obo"), bad = folder.appendingPathComponent("bad.obo")
        try "format-version: 1.2\n\n[Term]\nid: HP:0000001\nname: All\n\n[Term]\nid: HP:0000002\nname: Child\nis_a: HP:0000001\n"
            .write(to: good, atomically: true, encoding: .utf8)
        try "format-version: 1.2\n\n[Term]\nid: HP:0000001\nname: A\u{0}ll\n".write(to: bad, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("onto")
        #expect(try SymkbProcess.run(["pack", "import", "--obo", good.path, "--out", out.path]).status == 0)
        let manifest = try Data(contentsOf: out.appendingPathComponent("pack.yaml"))
        let snapshot = try Data(contentsOf: out.appendingPathComponent("pack.snapshot"))
        let failed = try SymkbProcess.run(["pack", "import", "--obo", bad.path, "--out", out.path])
        #expect(failed.status == 65)
        #expect(failed.stderr.contains("bad.obo:5:8: error: the file contains a NUL byte"), "\(failed.stderr)")
        #expect(try Data(contentsOf: out.appendingPathComponent("pack.yaml")) == manifest)
        #expect(try Data(contentsOf: out.appendingPathComponent("pack.snapshot")) == snapshot)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["bad.obo", "good.obo", "onto"])
        // A folder this command did not write is replaced only with --force.
        let handmade = try pack("handmade", data: "entities: []\n")
        let refused = try SymkbProcess.run(["pack", "import", "--obo", good.path, "--out", handmade.path])
        #expect(refused.status == 64)
        #expect(FileManager.default.fileExists(atPath: handmade.appendingPathComponent("data.yaml").path))
        #expect(try SymkbProcess.run(["pack", "import", "--obo", good.path, "--out", handmade.path, "--force"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: handmade.appendingPathComponent("data.yaml").path))
    }

    @Test func namespacesHaveOneOwner() throws {
        let folder = try SymkbProcess.temporaryDirectory().appendingPathComponent("squat")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
            format: 1
            id: squat
            namespace: ms
            version: 0.1.0
            title: Squatter
            disclaimer: Not medical advice.
            sources: [{id: note, title: A note}]
            depends: {core: ^1.0.0}
            """.write(to: folder.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        try "entities:\n  - {id: tremor2, kind: symptom, label: Fake}\n"
            .write(to: folder.appendingPathComponent("data.yaml"), atomically: true, encoding: .utf8)
        // Loaded beside the bundled packs (a check loads only a pack's dependencies).
        let run = try SymkbProcess.run(["query", "--pack", folder.path, "describe tremor"])
        #expect(run.status == 65)
        #expect(run.stderr.contains("namespace 'ms' belongs to pack 'multiple-sclerosis'"), "\(run.stderr)")
        // An ontology whose ids use another pack's namespace.
        let obo = folder.deletingLastPathComponent().appendingPathComponent("squat.obo")
        try "format-version: 1.2\n\n[Term]\nid: ms:evil\nname: Evil\n".write(to: obo, atomically: true, encoding: .utf8)
        let evil = folder.deletingLastPathComponent().appendingPathComponent("evil")
        // The import loads the pack beside the bundled ones before it writes it: refused there.
        let imported = try SymkbProcess.run(["pack", "import", "--obo", obo.path, "--id", "evil", "--out", evil.path])
        #expect(imported.status == 65)
        #expect(imported.stderr.contains("defines ids in namespace 'ms'") && imported.stderr.contains("belongs to pack 'multiple-sclerosis'"), "\(imported.stderr)")
        #expect(!FileManager.default.fileExists(atPath: evil.path))
    }

    @Test func nullLabelsAndImpossibleFrequenciesAreCaught() throws {
        let folder = try pack("nulls", data: "entities:\n  - {id: a, kind: symptom, label: null}\n")
        let run = try SymkbProcess.run(["pack", "check", folder.path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("data.yaml:2:"), "\(run.stderr)")
        #expect(run.stderr.contains("is null"))
        let dir = try SymkbProcess.temporaryDirectory()
        let obo = dir.appendingPathComponent("t.obo"), hpoa = dir.appendingPathComponent("t.hpoa")
        try "format-version: 1.2\n\n[Term]\nid: HP:0000001\nname: All\n\n[Term]\nid: HP:0000002\nname: Child\nis_a: HP:0000001\n"
            .write(to: obo, atomically: true, encoding: .utf8)
        let header = "database_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration"
        try ([header, "OMIM:1\tD\t\tHP:0000002\tPMID:1\tPCS\t\t5/0\t\t\tP\tx", "OMIM:1\tD\t\tHP:0000002\tPMID:2\tPCS\t\t150%\t\t\tP\tx"]
             .joined(separator: "\n") + "\n").write(to: hpoa, atomically: true, encoding: .utf8)
        let imported = try SymkbProcess.run(["pack", "import", "--obo", obo.path, "--hpoa", hpoa.path, "--out", dir.appendingPathComponent("p").path])
        #expect(imported.stderr.contains("t.hpoa:2:34: warning: impossible frequency '5/0'"), "\(imported.stderr)")
        #expect(imported.stderr.contains("t.hpoa:3:34: warning: impossible frequency '150%'"), "\(imported.stderr)")
    }

    @Test func aUserPackNamedCoreDoesNotBreakEverything() throws {
        let packs = try SymkbProcess.temporaryDirectory()
        let core = packs.appendingPathComponent("core")
        try FileManager.default.createDirectory(at: core, withIntermediateDirectories: true)
        try "format: 1\nid: core\nversion: 9.0.0\ntitle: Fake core\n"
            .write(to: core.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        let run = try SymkbProcess.run(["query", "what triggers lhermitte sign"], environment: ["SYMKB_PACKS": packs.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Neck movement"))
        #expect(run.stderr.contains("skipped pack 'core'"))
    }

    @Test func aCycleInAnImportedOntologyNamesItsFile() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let obo = folder.appendingPathComponent("cycle.obo")
        try "format-version: 1.2\n\n[Term]\nid: HP:0000001\nname: A\nis_a: HP:0000002\n\n[Term]\nid: HP:0000002\nname: B\nis_a: HP:0000001\n"
            .write(to: obo, atomically: true, encoding: .utf8)
        let run = try SymkbProcess.run(["pack", "import", "--obo", obo.path, "--out", folder.appendingPathComponent("p").path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("cycle.obo:1:1: error: is_a cycle: HP:0000001 -> HP:0000002 -> HP:0000001"), "\(run.stderr)")
        #expect(!run.stderr.contains("Knowledge/"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("p").path))
    }

    /// Found in review: postfix operators after closing brackets nested past the limit (a stack
    /// overflow), and huge limit values trapped on conversion.
    @Test func reviewRegressions() throws {
        var query = "ms " + String(repeating: "(", count: 99) + "has_symptom?"
        for depth in stride(from: 98, through: 0, by: -1) { query += ")" + String(repeating: "?", count: 100 - depth) }
        let deep = try SymkbProcess.run(["query", query + " ?x"])
        #expect(deep.status == 1)
        #expect(deep.stderr.contains("nests deeper than 100 levels"), "\(deep.stderr.prefix(300))")
        #expect(try SymkbProcess.run(["query", "--timeout", "1e20", "count symptoms of ms spasms"]).status == 0)
        #expect(try SymkbProcess.run(["query", "--timeout", "inf", "count symptoms of ms spasms"]).status == 0)
        let shell = try SymkbProcess.run([], stdin: ".limits work 1e19\n.limits rows 0.5\n.limits rows -5\n.limits seconds 0\ncount symptoms of ms spasms\n")
        #expect(shell.status == 1)
        #expect(shell.stderr.contains("rows takes a whole number of at least 1"))
        #expect(shell.stderr.contains("'-5' is not a limit: rows takes a whole number of at least 1"), "\(shell.stderr)")
        #expect(shell.stderr.contains("'0' is not a limit: seconds takes a number of seconds above 0, or inf"), "\(shell.stderr)")
        #expect(shell.stdout.contains("7"))
        #expect(try SymkbProcess.run(["query", "--fail-empty", "why neck movement -> numbness"]).status == 0)
        #expect(try SymkbProcess.run(["query", "why neck movement to numbness"]).status == 0)
    }

    /// Command-line errors that quote an argument show its control characters escaped, never
    /// raw: ArgumentParser's own messages and the commands' validation alike (exit 64).
    @Test func argumentsAreEscapedInCommandLineErrors() throws {
        let hostile = "\u{1B}[31mX\u{07}"
        for arguments in [["query", "--format", hostile, "pain"], [hostile], ["pack", "new", hostile],
                          ["pack", "import", "--obo", "x.obo", "--out", "x", "--id", hostile]] {
            let run = try SymkbProcess.run(arguments)
            #expect(run.status == 64, "\(arguments)")
            #expect(!run.stderr.contains("\u{1B}") && !run.stderr.contains("\u{07}"), "\(run.stderr)")
            #expect(run.stderr.contains("\\u{1b}[31mX\\u{7}"), "\(run.stderr)")
        }
    }

    /// `rank --from` becomes part of the query text: only a database name is taken (64), so that
    /// nothing in it reads as more of the query.
    @Test func rankFromTakesOnlyADatabaseName() throws {
        let run = try SymkbProcess.run(["rank", "tremor", "--from", "ORPHA top 1 xyz"])
        #expect(run.status == 64 && run.stderr.contains("--from takes a database name"), "\(run.stderr)")
    }

    /// An answer cut by a limit says so in every format: with the rows in a table and JSON, on
    /// standard error (a warning; the query still succeeds) where the output is the rows alone.
    @Test func aCutAnswerSaysSoInEveryFormat() throws {
        for format in ["table", "json", "jsonl", "csv", "markdown", "tree"] {
            let run = try SymkbProcess.run(["query", "--max-rows", "1", "-f", format, "symptoms of ms"])
            #expect(run.status == 0, "\(format): \(run.stderr)")
            let said = run.stdout.contains("partial answer: the first 1 rows") || run.stderr.contains("partial answer: the first 1 rows")
            #expect(said, "\(format): \(run.stdout) \(run.stderr)")
            let warned = run.stderr.contains("partial-answer")
            #expect(warned == !["table", "json"].contains(format), "\(format): \(run.stderr)")
        }
    }

    /// An evaluation the work limit stops has printed what it found, but the answer is not whole:
    /// the exit status is 1 (a cut of the rows found, above, is 0), and a count says it is short.
    /// The echoed query shows control characters escaped.
    @Test func anEvaluationCutShortExitsOne() throws {
        let run = try SymkbProcess.run(["query", "--max-work", "5", "--echo", "count ?x is_a* ?y"])
        #expect(run.status == 1, "\(run.stdout) \(run.stderr)")
        #expect((run.stdout + run.stderr).contains("the count is only of the answers found before it stopped"), "\(run.stdout)")
        let echoed = try SymkbProcess.run(["query", "--echo", "?x causes \"a\u{1B}[31mb\""])
        #expect(echoed.stdout.contains("> ?x causes \"a\\u{1b}[31mb\"") && !echoed.stdout.contains("\u{1B}"), "\(echoed.stdout)")
    }

    /// Limits that cannot limit anything (none, negative, not a number) are usage errors, not
    /// quietly raised to 1 or taken as the default (an infinite timeout stays "no limit").
    @Test func unusableLimitsAreUsageErrors() throws {
        for arguments in [["--max-rows", "0"], ["--max-work", "0"], ["--timeout", "0"], ["--timeout", "nan"], ["--timeout=-5"],
                          ["--timeout", "-5"], ["--max-rows", "-3"], ["--max-work", "-1"]] {
            let run = try SymkbProcess.run(["query"] + arguments + ["symptoms of ms spasms"])
            #expect(run.status == 64 && run.stderr.contains("takes a number"), "\(arguments): \(run.stderr)")
        }
    }
}
