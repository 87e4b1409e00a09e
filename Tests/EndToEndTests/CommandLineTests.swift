import Foundation
import Testing
import TestSupport

/// Runs the built `symkb` binary as scripts and people do: arguments, files, pipes, exit statuses.
@Suite(.enabled(if: SymkbProcess.isBuilt, "build symkb first (swift build); scripts/test does"))
struct CommandLineTests {
    @Test func answersFromAnyFolderWithBundledPacks() throws {
        let run = try SymkbProcess.run(["query", "what triggers \"Lhermitte's sign\""], directory: URL(fileURLWithPath: "/"))
        #expect(run.status == 0)
        #expect(run.stdout == "trigger\n-------------\nNeck movement\n(1 answer)\n")
        #expect(run.stderr.isEmpty)
    }

    /// A question given without a command is a usage error that says how to ask it.
    @Test func aQuestionWithoutACommandSaysHowToAskIt() throws {
        let run = try SymkbProcess.run(["what's ms?"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("note: to ask a question, put 'query' before it: symkb query 'what'\\''s ms?'"),
                "\(run.stderr)")
        let unquoted = try SymkbProcess.run(["symptoms", "of", "ms"])
        #expect(unquoted.status == 64 && unquoted.stderr.contains("symkb query 'symptoms of ms'"), "\(unquoted.stderr)")
        let described = try SymkbProcess.run(["describe", "tremor"])
        #expect(described.status == 64 && described.stderr.contains("symkb query 'describe tremor'"), "\(described.stderr)")
        // Not for a lone word, a misspelt command, or after options.
        for arguments in [["tremor"], ["querry", "symptoms of ms"], ["--why", "symptoms of ms"]] {
            let other = try SymkbProcess.run(arguments)
            #expect(other.status == 64 && !other.stderr.contains("note: to ask"), "\(arguments): \(other.stderr)")
        }
        // A misspelt command is named; a question typed without `query` is not taken for one.
        for (typed, meant) in [(["quer", "symptoms of ms"], "symkb query"), (["querry", "x"], "symkb query"), (["rnak", "x"], "symkb rank"),
                               (["pack", "chek", "."], "symkb pack check")] {
            let misspelt = try SymkbProcess.run(typed)
            let wrong = typed.dropLast().joined(separator: " ")
            #expect(misspelt.status == 64 && misspelt.stderr.contains("note: there is no command 'symkb \(wrong)'; did you mean '\(meant)'?"),
                    "\(misspelt.stderr)")
        }
        // Help for a command that does not exist is a usage error, not the root's help.
        let help = try SymkbProcess.run(["help", "pack", "chek"])
        #expect(help.status == 64 && help.stderr.contains("error: no command 'chek' to show help for (did you mean 'check'?)"),
                "\(help.stderr)")
        #expect(try SymkbProcess.run(["help", "nope"]).status == 64)
        #expect(try SymkbProcess.run(["help", "pack", "check"]).status == 0)
        // Past options and their values.
        for (typed, shown, meant) in [(["-f", "json", "quer", "x"], "symkb quer", "symkb query"),
                                      (["--why", "--pack=.", "rnak", "x"], "symkb rnak", "symkb rank"),
                                      (["--format", "json", "pack", "chek", "."], "symkb pack chek", "symkb pack check")] {
            let misspelt = try SymkbProcess.run(typed)
            #expect(misspelt.status == 64 && misspelt.stderr.contains("note: there is no command '\(shown)'; did you mean '\(meant)'?"),
                    "\(typed): \(misspelt.stderr)")
        }
        for question in [["can", "stress", "trigger", "pain"], ["rash"], ["-f", "json", "can", "stress", "trigger", "pain"]] {
            let other = try SymkbProcess.run(question)
            #expect(other.status == 64 && !other.stderr.contains("did you mean"), "\(other.stderr)")
        }
    }

    @Test func jsonAnswersParseAndCarryProvenance() throws {
        let run = try SymkbProcess.run(["query", "what does neck movement trigger", "--format", "json", "--why"])
        #expect(run.status == 0)
        let documents = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        let row = try #require((documents.first?["rows"] as? [[String: Any]])?.first)
        let value = try #require((row["values"] as? [String: Any])?["triggered"] as? [String: Any])
        #expect(value["id"] as? String == "ms:lhermittes-sign")
        #expect(row["evidence"] != nil)
    }

    @Test func failedQueriesReportFileLineColumnAndExitOne() throws {
        let run = try SymkbProcess.run(["query", "symptoms of ms spasms", "symptoms of Lhermite sign"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("Tingling"))
        #expect(run.stderr.hasPrefix(
            "<query>:2:13: error: unknown entity 'Lhermite sign' (did you mean \"Lhermitte's sign\"?) [unknown-name]\n"))
        #expect(run.stderr.contains("              ^~~~~~~~~~~~~"))
    }

    @Test func failEmptyAndOneJSONShape() throws {
        #expect(try SymkbProcess.run(["query", "what triggers tremor"]).status == 0)
        #expect(try SymkbProcess.run(["query", "what triggers tremor", "--fail-empty"]).status == 1)
        #expect(try SymkbProcess.run(["query", "is tremor a sign", "--fail-empty"]).status == 1)
        #expect(try SymkbProcess.run(["query", "does ms cause paralysis", "--fail-empty"]).status == 0)
        // One query or two: always an array of documents.
        for queries in [["pain"], ["pain", "does ms cause paralysis"]] {
            let run = try SymkbProcess.run(["query", "-f", "json"] + queries)
            let documents = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
            #expect(documents.count == queries.count)
        }
        // JSON lines: a query without answers still prints its record.
        let lines = try SymkbProcess.run(["query", "-f", "jsonl", "what triggers tremor"]).stdout
        let record = try #require(try JSONSerialization.jsonObject(with: Data(lines.utf8)) as? [String: Any])
        #expect(record["count"] as? Int == 0)
        #expect(record["query"] as? String == "what triggers tremor")
    }

    @Test func noDefaultPacksKeepsTheVocabulary() throws {
        let run = try SymkbProcess.run(["query", "--no-default-packs", "list relations", "count list kinds"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("triggered_by"))
        #expect(try SymkbProcess.run(["query", "--no-default-packs", "describe tremor"]).status == 1)
    }

    @Test func usageErrorsExit64() throws {
        #expect(try SymkbProcess.run(["query"]).status == 64)
        #expect(try SymkbProcess.run(["query", "x", "--format", "yaml"]).status == 64)
        #expect(try SymkbProcess.run(["frobnicate"]).status == 64)
        // Led as every other diagnostic is, with the usage after it.
        let unknown = try SymkbProcess.run(["query", "--bogus", "x"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("error: unknown option '--bogus'\nUsage: symkb query "), "\(unknown.stderr)")
        // An option every command shares, checked where symkb reads it, shows the command's usage.
        let format = try SymkbProcess.run(["pack", "check", "-f", "xml", "Knowledge/core"])
        #expect(format.status == 64 && format.stderr.contains("\nUsage: symkb pack check ") && format.stderr.contains("'symkb pack check --help'"),
                "\(format.stderr)")
        // Under --format json a usage error is a JSON line too, as every other error is.
        let json = try SymkbProcess.run(["--format", "json", "query", "--bogus", "x"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stderr.utf8)) as? [String: Any]
        #expect(json.status == 64 && object?["id"] as? String == "usage" && object?["message"] as? String == "unknown option '--bogus'",
                "\(json.stderr)")
        // An empty path is no place to write.
        #expect(try SymkbProcess.run(["export", "--format", "turtle", "--out", ""]).status == 64)
    }

    /// On a first run only the small bundled packs are loaded: a name nothing comes near, and a
    /// ranking, say where the HPO's findings and diseases are and how to get them.
    @Test func aFirstRunSaysWhereTheHPOIs() throws {
        let unknown = try SymkbProcess.run(["query", "what is fatigue"])
        #expect(unknown.status == 1 && unknown.stderr.contains("note: only ") && unknown.stderr.contains("'symkb pack install hpo'"),
                "\(unknown.stderr)")
        let rank = try SymkbProcess.run(["query", "rank tingling, numbness, tremor"])
        #expect(rank.status == 1 && rank.stderr.contains("'symkb pack install hpo'"), "\(rank.stderr)")
        // A misspelling of a loaded name is only corrected.
        #expect(try !SymkbProcess.run(["query", "symptoms of Lhermite sign"]).stderr.contains("pack install"))
    }

    /// `symkb query` reads and writes no file: a shell command given as a query that would
    /// (`.output FILE` would write a file a program passing a user's text never meant to) is a
    /// usage error, and nothing is written. A script of no queries under `--format json` is an empty array.
    @Test func queryArgumentsAreQueriesOnly() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let target = folder.appendingPathComponent("precious.txt")
        try "precious\n".write(to: target, atomically: true, encoding: .utf8)
        let refused = try SymkbProcess.run(["query", ".output \(target.path)", "symptoms of ms spasms"])
        #expect(refused.status == 64 && refused.stderr.hasPrefix("error: '.output' reads or writes files, which symkb query does not do"),
                "\(refused.stderr)")
        #expect(try String(contentsOf: target, encoding: .utf8) == "precious\n")
        #expect(try SymkbProcess.run(["query", ".READ /etc/hostname"]).status == 64)
        // Those that only show something still run (the benchmark's `.stats`).
        #expect(try SymkbProcess.run(["query", ".stats"]).status == 0)
        let empty = try SymkbProcess.run(["--format", "json"], stdin: "# nothing to ask\n")
        #expect(empty.status == 0 && empty.stdout == "[]\n", "\(empty.stdout)")
    }

    /// A script's run under `--format json` is one JSON array, dot-commands and failed loads
    /// included: each query a document, each dot-command that printed something a
    /// `{"command", "output"}` document; a `.mode` that leaves json ends the array there.
    @Test func aJSONScriptIsOneArrayWhateverItsDotCommands() throws {
        let script = "count symptoms of ms spasms\n.packs\n.load /nonexistent\n.why on\nsymptoms of Lhermite sign\n"
        let run = try SymkbProcess.run(["--format", "json"], stdin: script)
        #expect(run.status == 1, "\(run.stderr)")
        let documents = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(documents.count == 3, "\(run.stdout)")
        #expect(documents.first?["query"] as? String == "count symptoms of ms spasms")
        #expect(documents.dropFirst().first?["command"] as? String == ".packs")
        #expect((documents.dropFirst().first?["output"] as? [[String: Any]])?.contains { $0["id"] as? String == "multiple-sclerosis" } == true)
        #expect((documents.last?["error"] as? [String: Any])?["id"] as? String == "unknown-name")
        // Its range as diagnostics give it: 'Lhermite sign' is columns 13 to 26.
        #expect((documents.last?["error"] as? [String: Any])?["endColumn"] as? Int == 26)
        // A dot-command that prints nothing adds nothing.
        let quiet = try SymkbProcess.run(["--format", "json"], stdin: "count symptoms of ms spasms\n.why on\nsymptoms of ms spasms limit 1\n")
        #expect((try JSONSerialization.jsonObject(with: Data(quiet.stdout.utf8)) as? [Any])?.count == 2, "\(quiet.stdout)")
        // Leaving json ends the array: then the table.
        let mixed = try SymkbProcess.run(["--format", "json"], stdin: "count symptoms of ms spasms\n.mode table\ncount symptoms of ms spasms\n")
        #expect(mixed.stdout.hasPrefix("[\n") && mixed.stdout.hasSuffix("]\ncount\n-----\n7\n(1 answer)\n"), "\(mixed.stdout)")
    }

    /// Diagnostics follow the format a script sets, say where the mistake stands, and say what
    /// a command needs rather than where in a query it never typed it failed.
    @Test func scriptDiagnosticsFollowTheModeAndStandWhereTheMistakeIs() throws {
        // A `.mode json` in a script turns its diagnostics into JSON Lines too.
        let moded = try SymkbProcess.run([], stdin: ".mode json\nsymptoms of nope\n")
        #expect(moded.status == 1 && moded.stderr.hasPrefix("{") && moded.stderr.contains("\"id\":\"unknown-name\""), "\(moded.stderr)")
        // A dot-command's wrong argument is shown where it stands.
        let badMode = try SymkbProcess.run(["run", "-"], stdin: "count symptoms of ms spasms\n  .mode xml\n")
        #expect(badMode.status == 1 && badMode.stderr.hasPrefix("<stdin>:2:9: error: unknown mode 'xml'"), "\(badMode.stderr)")
        // A ranking with no annotations loaded says what to install, not where in a query it failed.
        let unranked = try SymkbProcess.run(["rank", "seizure"])
        #expect(unranked.status == 1 && unranked.stderr.hasPrefix("error: rank needs an ontology with disease annotations")
                && !unranked.stderr.contains("^"), "\(unranked.stderr)")
    }

    /// A command that answers no query lists only the options that apply to it, and refuses
    /// those of the commands that do (which it would otherwise ignore).
    @Test func answerOptionsApplyOnlyToCommandsThatAnswer() throws {
        let help = try SymkbProcess.run(["pack", "check", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--no-default-packs") && !help.stdout.contains("--timeout"), "\(help.stdout)")
        let refused = try SymkbProcess.run(["pack", "check", "--timeout", "5", "Knowledge/core"])
        #expect(refused.status == 64)
        #expect(refused.stderr.hasPrefix("error: --timeout does not apply to 'symkb pack check'"), "\(refused.stderr)")
        #expect(try SymkbProcess.run(["--why", "export", "--format", "turtle"]).status == 64)
        let query = try SymkbProcess.run(["query", "--why", "--timeout=5", "symptoms of ms spasms"])
        #expect(query.status == 0, "\(query.stderr)")
    }

    @Test func missingInputsExit66() throws {
        #expect(try SymkbProcess.run(["run", "/no/such/file.txt"]).status == 66)
        let run = try SymkbProcess.run(["query", "tremor", "--pack", "/no/such/pack"])
        #expect(run.status == 66)
        #expect(run.stderr.contains("no pack folder"))
    }

    @Test func invalidPacksExit65WithLocatedErrors() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try """
            format: 1
            id: broken
            version: 1.0.0
            title: Broken
            sources: [{id: s, title: S}]
            depends: {multiple-sclerosis: ^1.0.0}
            """.write(to: folder.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        try """
            assertions:
              - {subject: "ms:tremor", relation: causez, object: "ms:pain", locator: x}
            """.write(to: folder.appendingPathComponent("data.yaml"), atomically: true, encoding: .utf8)
        let run = try SymkbProcess.run(["query", "tremor", "--pack", folder.path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("/data.yaml:2:38: error: unknown relation 'causez' (did you mean \"causes\"?) [unknown-relation]"))
        #expect(run.stdout.isEmpty)
    }

    /// A `core` named with --pack replaces the bundled one as asked; when the bundled packs that
    /// depend on it then fail, the errors (located in them) are said to come from it, first.
    @Test func aReplacedCoreThatBreaksTheBundledPacksIsNamed() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let core = Fixtures.packageRoot.appendingPathComponent("Knowledge/core")
        for file in try FileManager.default.contentsOfDirectory(atPath: core.path) {
            var text = try String(contentsOf: core.appendingPathComponent(file), encoding: .utf8)
            // Without 'triggered_by', which the multiple-sclerosis pack uses.
            if file == "relations.yaml", let start = text.range(of: "  - name: triggered_by"),
               let next = text.range(of: "  - name:", range: start.upperBound..<text.endIndex) {
                text.removeSubrange(start.lowerBound..<next.lowerBound)
            }
            try text.write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        let run = try SymkbProcess.run(["query", "symptoms of ms", "--pack", folder.path])
        #expect(run.status == 65)
        #expect(run.stderr.hasPrefix("\(folder.path)/pack.yaml:1:1: warning: pack 'core' here replaces the bundled pack of that id"),
                "\(run.stderr)")
        #expect(run.stderr.contains("error: unknown relation 'triggered_by' [unknown-relation]"), "\(run.stderr)")
        // Alone, it loads.
        #expect(try SymkbProcess.run(["query", "list kinds", "--pack", folder.path, "--no-default-packs"]).status == 0)
        // A replacing pack whose errors are its own is not said to break the bundled packs.
        let ms = try SymkbProcess.temporaryDirectory()
        let bundled = Fixtures.packageRoot.appendingPathComponent("Knowledge/multiple-sclerosis")
        for file in try FileManager.default.contentsOfDirectory(atPath: bundled.path) {
            var text = try String(contentsOf: bundled.appendingPathComponent(file), encoding: .utf8)
            if file == "assertions.yaml", let first = text.range(of: "relation: has_symptom") {
                text.replaceSubrange(first, with: "relation: has_symptomz")
            }
            try text.write(to: ms.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        let own = try SymkbProcess.run(["query", "symptoms of ms", "--pack", ms.path])
        #expect(own.status == 65 && own.stderr.contains("unknown relation 'has_symptomz'"), "\(own.stderr)")
        #expect(!own.stderr.contains("pack-replaced"), "\(own.stderr)")
    }

    @Test func extraPacksAddKnowledge() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try """
            format: 1
            id: heat
            version: 0.1.0
            title: Heat
            disclaimer: Not medical advice.
            sources: [{id: note, title: A note}]
            depends: {core: ^1.0.0, multiple-sclerosis: ^1.0.0}
            """.write(to: folder.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        try """
            entities:
              - {id: heat, kind: trigger, label: Heat}
            assertions:
              - {subject: "ms:ms-spasms", relation: triggered_by, object: heat, locator: l1}
            """.write(to: folder.appendingPathComponent("data.yaml"), atomically: true, encoding: .utf8)
        let run = try SymkbProcess.run(["query", "what triggers ms spasms", "--pack", folder.path, "-f", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "trigger,trigger_id,notes\r\nHeat,heat:heat,\r\n")
    }

    /// Script output a program reads: each JSON Lines record of a yes/no or why answer carries
    /// its verdict; a dot-command's error in a script names the line; a misspelt question is
    /// said to be one when asked for its SPARQL too.
    @Test func scriptedAnswersCarryTheirVerdictAndPlace() throws {
        let lines = try SymkbProcess.run(["query", "-f", "jsonl", "why numbness -> neck movement", "does lhermittes sign cause tremor"])
        #expect(lines.status == 0, "\(lines.stderr)")
        let answers = try lines.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["answer"] as? String
        }
        #expect(Set(answers) == [Optional("association"), Optional("not known")], "\(answers)")
        let unload = try SymkbProcess.run(["run", "-"], stdin: "course of ms spasms\n.unload core\n")
        #expect(unload.status == 1 && unload.stderr.hasPrefix("<stdin>:2:1: error: cannot unload 'core'"), "\(unload.stderr)")
        let sparql = try SymkbProcess.run(["query", "--explain", "sparql", "symtoms of ms spasms"])
        #expect(sparql.status == 1 && sparql.stderr.contains("[unknown-question]"), "\(sparql.stderr)")
    }

    @Test func csvTablesOfSeveralQueriesAreABlankLineApart() throws {
        let run = try SymkbProcess.run(["-f", "csv"], stdin: "what triggers lhermitte's sign\ncourse of ms spasms\n")
        #expect(run.status == 0, "\(run.stderr)")
        let tables = run.stdout.components(separatedBy: "\r\n\r\n")
        #expect(tables.count == 2, "\(run.stdout)")
        #expect(tables.first?.hasPrefix("trigger,trigger_id,notes\r\n") == true)
        #expect(tables.last?.hasPrefix("course,course_id,notes\r\n") == true, "\(run.stdout)")
        // The columns depend on the question and the flags: sources with --why only, a yes/no too.
        let yesNo = try SymkbProcess.run(["query", "-f", "csv", "is tingling a symptom of ms spasms"])
        #expect(yesNo.stdout.hasPrefix("answer,answer_id,notes\r\n"), "\(yesNo.stdout)")
        let why = try SymkbProcess.run(["query", "-f", "csv", "--why", "is tingling a symptom of ms spasms"])
        #expect(why.stdout.hasPrefix("answer,answer_id,notes,sources\r\n"), "\(why.stdout)")
    }

    @Test func scriptsFromFilesAndPipesGiveTheSameBytes() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let script = "# questions\nsymptoms of ms spasms\nwhat causes stiffness; course of ms spasms\n"
        let file = folder.appendingPathComponent("questions.txt")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let fromFile = try SymkbProcess.run(["run", file.path, "-f", "jsonl"])
        let fromDash = try SymkbProcess.run(["run", "-", "-f", "jsonl"], stdin: script)
        let fromPipe = try SymkbProcess.run(["-f", "jsonl"], stdin: script)
        #expect(fromFile.status == 0)
        #expect(fromFile.stdout.split(separator: "\n").count == 7 + 1 + 3)
        #expect(fromFile.stdout == fromDash.stdout)
        #expect(fromFile.stdout == fromPipe.stdout)
    }

    @Test func scriptErrorsNameTheLineAndBailStops() throws {
        let script = "symptoms of tremor\nwhat triggers numbnes\ncourse of ms spasms\n"
        let run = try SymkbProcess.run(["run", "-"], stdin: script)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("<stdin>:2:15: error: unknown entity 'numbnes' (did you mean \"Numbness\"?)"))
        #expect(run.stdout.contains("Worsens with age"))
        let bailed = try SymkbProcess.run(["run", "-", "--bail"], stdin: script)
        #expect(bailed.status == 1)
        #expect(!bailed.stdout.contains("Worsens with age"))
    }

    /// A statement after `;` and one continued on the next line are located where the script has
    /// the mistake, with that line under the caret (also in JSON Lines).
    @Test func scriptErrorsPointIntoTheirLine() throws {
        let script = "pain; ?x has_symtom pain\nconditions with tingling,\n  not tremmor\n"
        let run = try SymkbProcess.run(["run", "-"], stdin: script)
        #expect(run.status == 1)
        #expect(run.stderr.contains("""
            <stdin>:1:10: error: unknown relation 'has_symtom' (did you mean "has_symptom"?) [unknown-relation]
              pain; ?x has_symtom pain
                       ^~~~~~~~~~
            """))
        #expect(run.stderr.contains("""
            <stdin>:3:7: error: unknown entity 'tremmor' (did you mean "Tremor"?) [unknown-name]
                not tremmor
                    ^~~~~~~
            """))
        let json = try SymkbProcess.run(["run", "-", "-f", "jsonl"], stdin: script)
        #expect(json.stderr.contains(#""column":7"#) && json.stderr.contains(#""line":3"#))
        // The error documents of standard output say where the query begins too (the line of
        // the statement; standard error's diagnostics give the mistake's own line and column).
        let document = try SymkbProcess.run(["run", "-", "-f", "json"], stdin: script)
        #expect(document.stdout.contains(#""file" : "<stdin>""#) && document.stdout.contains(#""line" : 2"#), "\(document.stdout)")
    }

    @Test func echoPrintsEachQuery() throws {
        let run = try SymkbProcess.run(["run", "-", "--echo"], stdin: "advice for ms spasms\n")
        #expect(run.stdout.hasPrefix("> advice for ms spasms\nadvice "))
    }

    @Test func helpHasExamplesOnEverySubcommand() throws {
        for command in [["--help"], ["query", "--help"], ["run", "--help"]] {
            let run = try SymkbProcess.run(command)
            #expect(run.status == 0)
            #expect(run.stdout.contains("Examples:"), "\(command)")
        }
    }

    /// Help paragraphs are laid out by ArgumentParser at the terminal's width (80 columns when
    /// not a terminal; lines stay under 80): a line of a paragraph ends where the next word would
    /// not fit, never at a line break in the source, and no example is wrapped.
    @Test func helpParagraphsFillTheirLines() throws {
        let commands = [[], ["query"], ["run"], ["rank"], ["interview"], ["graph"], ["export"], ["pack"], ["pack", "import"],
                        ["pack", "compile"], ["pack", "check"], ["pack", "list"], ["pack", "new"], ["pack", "test"],
                        ["pack", "install"], ["pack", "info"]]
        for command in commands {
            let run = try SymkbProcess.run(command + ["--help"])
            #expect(run.status == 0, "\(command)")
            let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            guard let end = lines.firstIndex(where: { $0.hasPrefix("USAGE:") }) else {
                Issue.record("no USAGE in \(command)")
                continue
            }
            for line in lines[..<end] where line.count > 80 { Issue.record("a line of \(command)'s help is wider than 80 columns: \(line)") }
            for (line, next) in zip(lines[..<end], lines[..<end].dropFirst()) where !line.isEmpty && !next.isEmpty {
                // An indented line (an example, a list item) is never continued unindented.
                #expect(!line.hasPrefix(" ") || next.hasPrefix(" "), "a list line of \(command) is wrapped: '\(line)' / '\(next)'")
                if line.hasPrefix("  symkb") || line.hasPrefix("  echo") {
                    #expect(next.hasPrefix("  "), "an example of \(command) is wrapped: \(line)")
                } else if !line.hasPrefix(" "), !next.hasPrefix(" "), !line.hasSuffix(":"), !next.hasPrefix("-") {
                    // The next line's first word would not have fitted on this one.
                    let word = next.prefix { $0 != " " }
                    #expect(line.count + 1 + word.count >= 80, "a paragraph of \(command) breaks early: '\(line)' / '\(next)'")
                }
            }
        }
    }
}
