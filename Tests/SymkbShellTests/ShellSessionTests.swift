import Foundation
import KnowledgePacks
import SymptomQuery
import Testing
import TestSupport
@testable import SymkbShell

@Suite struct ShellSessionTests {
    func session() throws -> ShellSession {
        try ShellSession(bundled: Fixtures.bundledPackFiles(), directories: [], settings: .init())
    }

    /// An answer's notes go with it in table and JSON, and to standard error (a notice) in a
    /// format that writes the rows alone (CSV).
    @Test func notesGoToStandardErrorWhereAFormatHoldsRowsOnly() throws {
        let tiny = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: tiny, annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000013\tPMID:1\tPCS\t\t\t\t\tP\tx
            ORPHA:9\tDisease one\t\tHP:0000013\tPMID:9\tPCS\t\t\t\t\tP\tx
            """)
        var shell = try ShellSession(bundled: Fixtures.bundledPackFiles(), directories: [tiny.path], settings: .init())
        let table = shell.execute("symptoms of disease one")
        #expect(table.output.contains("note: 'disease one' is the name of an entry in 2 databases") && table.notices.isEmpty,
                "\(table.output)")
        _ = shell.execute(".mode csv")
        let csv = shell.execute("symptoms of disease one")
        #expect(!csv.output.contains("note:"))
        #expect(csv.notices.contains { $0.hasPrefix("note: 'disease one' is the name of an entry in 2 databases") }, "\(csv.notices)")
    }

    @Test func queriesAnswerAndFailuresAreReported() throws {
        var shell = try session()
        let answer = shell.execute("what triggers lhermitte sign")
        #expect(answer.output.contains("Neck movement") && !answer.failed)
        let failure = shell.execute("what triggers lhermite sign")
        #expect(failure.failed)
        guard case let .query(error, _)? = failure.problems.first else {
            Issue.record("expected a query error")
            return
        }
        #expect(error.suggestions == ["Lhermitte's sign"])
        // A dot-command's query error is placed in the line as typed, under the name that failed.
        let tiny = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: tiny)
        var ranking = try ShellSession(bundled: Fixtures.bundledPackFiles(), directories: [tiny.path], settings: .init())
        let interview = ranking.execute(".interview term one, not term thre")
        guard case let .query(misspelt, line)? = interview.problems.first else {
            Issue.record("expected a query error: \(interview.problems)")
            return
        }
        #expect(line == ".interview term one, not term thre")
        #expect(misspelt.span == Span(25, 34), "\(misspelt.span)")
        // A name is found where it stands as an item, not inside another.
        #expect(InterviewConversation.offset(ofItem: "atax", in: "ataxia, not atax") == 12)
        #expect(InterviewConversation.offset(ofItem: "ataxia", in: "ataxia, not atax") == 0)
        #expect(InterviewConversation.offset(ofItem: "tremor", in: "essential tremor, tremor from ORPHA") == 18)
        // Help on something that does not exist is a mistake too (exit status 1 in a script).
        let help = shell.execute(".help lod")
        #expect(help.failed && help.output.isEmpty)
        // Located at the argument, the word that is wrong.
        guard case let .argument(diagnostic, columns)? = help.problems.first else {
            Issue.record("expected a usage error")
            return
        }
        #expect(diagnostic.message == "no help on 'lod' (did you mean .help load?); .help lists the commands")
        #expect(columns == 6..<9)
        #expect(!shell.execute(".help load").failed && !shell.execute(".help questions").failed)
    }

    @Test func informationCommandsAreJSONInJSONModes() throws {
        var shell = try session()
        #expect(!shell.execute(".mode jsonl").failed)
        let packs = shell.execute(".packs").output
        let list = try JSONSerialization.jsonObject(with: Data(packs.utf8)) as? [[String: Any]]
        #expect(list?.map { $0["id"] as? String } == ["core", "multiple-sclerosis", "ms-hpo"])
        #expect(packs.split(separator: "\n").count == 1)
        let limits = try JSONSerialization.jsonObject(with: Data(shell.execute(".limits").output.utf8)) as? [String: Any]
        #expect(limits?["work"] as? Int == QueryLimits.standard.work)
        let stats = try JSONSerialization.jsonObject(with: Data(shell.execute(".stats").output.utf8)) as? [String: Any]
        #expect(stats?["entities"] as? Int == shell.knowledge.graph.entities.count)
    }

    /// Every question form's example, as `.help` shows it, answers over the bundled packs; the
    /// rankings' say they need disease annotations (they answer with the HPO: ``HPOReleaseTests``).
    @Test func everyQuestionFormsExampleAnswers() throws {
        var shell = try session()
        for form in QuestionForms.catalog {
            let response = shell.execute(form.example)
            if case let .query(error, _)? = response.problems.first, error.id == .queryUnsupported, form.example.contains("rank") {
                #expect(error.message.hasPrefix("rank needs disease annotations"), "\(form.example)")
                continue
            }
            #expect(!response.failed && !response.output.isEmpty, "\(form.example)")
        }
    }

    /// `.limits seconds inf` is no time limit, as `--timeout inf` is; an infinite count is refused.
    @Test func limitsTakeAnInfiniteTimeButNoInfiniteCount() throws {
        var shell = try session()
        #expect(shell.execute(".limits").output.contains("seconds  30\n"))
        #expect(!shell.execute(".limits seconds inf").failed)
        #expect(shell.settings.limits.seconds == QueryLimits.clampSeconds(.infinity))
        #expect(shell.execute(".limits").output.contains("seconds  no limit\n"))
        _ = shell.execute(".limits seconds 2.5")
        #expect(shell.execute(".limits").output.contains("seconds  2.5\n"))
        let work = shell.execute(".limits work inf")
        #expect(work.failed)
        #expect(shell.settings.limits.work == QueryLimits.standard.work)
        #expect(shell.execute(".limits seconds nan").failed && shell.execute(".limits seconds 0").failed)
    }

    @Test func settingsCommandsChangeTheOutput() throws {
        var shell = try session()
        #expect(!shell.execute(".mode csv").failed)
        #expect(shell.execute("advice for ms spasms").output.hasPrefix("advice,advice_id"))
        #expect(shell.execute(".mode yaml").failed)
        _ = shell.execute(".why on")
        #expect(shell.settings.showsProvenance)
        _ = shell.execute(".timer on")
        #expect(shell.execute("advice for ms spasms").notices.first?.hasPrefix("time: ") == true)
        #expect(shell.execute(".timer maybe").failed)
        #expect(shell.execute(".quit").quits)
        #expect(shell.execute(".nonsense").failed)
        #expect(shell.execute(".packs extra").failed)
        #expect(shell.execute(".help .load").output.contains("nothing is loaded"))
        // Alone, .mode says which mode is on; .interview alone is a usage mistake, not a caret under nothing.
        #expect(shell.execute(".mode").output.hasPrefix("mode: csv (choose one of table, json"))
        let interview = shell.execute(".interview")
        #expect(interview.failed)
        guard case let .diagnostic(diagnostic)? = interview.problems.first else { Issue.record("expected a usage error"); return }
        #expect(diagnostic.id == .usage && diagnostic.location == nil, "\(diagnostic)")
    }

    @Test func loadingABrokenPackChangesNothing() throws {
        var shell = try session()
        let folder = try SymkbProcess.temporaryDirectory()
        try "format: 1\nid: bad\nversion: 1.0.0\ntitle: Bad\nsources: [{id: s, title: S}]\ndepends: {core: '*'}\n"
            .write(to: folder.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        try "entities:\n  - {id: a, kind: nonsense, label: A}\n"
            .write(to: folder.appendingPathComponent("data.yaml"), atomically: true, encoding: .utf8)
        let before = shell.knowledge.graph.entities.count
        let response = shell.execute(".load \(folder.path)")
        #expect(response.failed)
        #expect(shell.knowledge.graph.entities.count == before)
        #expect(shell.knowledge.packs.count == 3)

        // Fixed, it loads; broken again, .reload keeps the working version.
        try "entities:\n  - {id: a, kind: symptom, label: Apple pain}\n"
            .write(to: folder.appendingPathComponent("data.yaml"), atomically: true, encoding: .utf8)
        #expect(!shell.execute(".load \(folder.path)").failed)
        #expect(shell.knowledge.packs.map(\.id).contains("bad"))
        // The same folder again is no second pack (nor a warning that it is found twice).
        let again = shell.execute(".load \(folder.path)")
        #expect(!again.failed && again.problems.isEmpty && again.notices.contains { $0.hasSuffix("is loaded already; .reload reads its files again") },
                "\(again.notices)")
        try "entities:\n  - {id: a, kind: symptom}\n".write(
            to: folder.appendingPathComponent("data.yaml"), atomically: true, encoding: .utf8)
        let reload = shell.execute(".reload")
        #expect(reload.failed)
        #expect(reload.problems.contains { if case let .diagnostic(note) = $0 { note.message.contains("stay loaded") } else { false } })
        #expect(shell.execute("describe apple pain").output.contains("Apple pain"))

        #expect(!shell.execute(".unload bad").failed)
        #expect(shell.execute("describe apple pain").failed)
        #expect(!shell.execute(".reload").failed)
        #expect(shell.execute("describe apple pain").failed)
    }

    @Test func readRunsAFileWithLocatedErrors() throws {
        var shell = try session()
        let file = try SymkbProcess.temporaryDirectory().appendingPathComponent("script.txt")
        try "course of ms spasms\nwhat triggers numbnes\n".write(to: file, atomically: true, encoding: .utf8)
        let response = shell.execute(".read \(file.path)")
        #expect(response.failed)
        // Each statement's answer and problems in turn: the error after the answer before it.
        let parts = response.parts.filter { !$0.output.isEmpty || !$0.problems.isEmpty }
        #expect(parts.count == 2)
        #expect(parts.first?.output.contains("Worsens with age") == true && parts.first?.problems.isEmpty == true)
        guard case let .diagnostic(diagnostic)? = parts.last?.problems.first else {
            Issue.record("expected a located diagnostic")
            return
        }
        #expect(diagnostic.description.hasPrefix("\(file.path):2:15: error: unknown entity 'numbnes'"))
        #expect(diagnostic.id == .unknownName)
        #expect(diagnostic.description.contains("\n  what triggers numbnes\n"))
        // A file that cannot be read says why: missing, a folder, not UTF-8 (located).
        let bad = file.deletingLastPathComponent().appendingPathComponent("bad.txt")
        try Data("pain\n".utf8 + [0xFF, 0x0A]).write(to: bad)
        for (path, expected) in [(bad.path, "\(bad.path):2:1: error:"), ("/no/such.txt", "cannot read '/no/such.txt': no such file"),
                                 (file.deletingLastPathComponent().path, "is a folder")] {
            let read = shell.execute(".read \(path)")
            #expect(read.failed)
            let text = read.problems.map { problem -> String in
                switch problem {
                case let .diagnostics(diagnostics): diagnostics.map(\.description).joined(separator: "\n")
                case let .diagnostic(diagnostic), let .argument(diagnostic, _): diagnostic.description
                case let .query(error, _): error.message
                }
            }.joined(separator: "\n")
            #expect(text.contains(expected), "\(path): \(text)")
        }
        // A file that reads itself, through another, is refused once, its other lines run once.
        let loop = file.deletingLastPathComponent().appendingPathComponent("loop.txt")
        let other = file.deletingLastPathComponent().appendingPathComponent("other.txt")
        try ".read \(other.path)\ncourse of ms spasms\n".write(to: loop, atomically: true, encoding: .utf8)
        try ".read \(loop.path)\n".write(to: other, atomically: true, encoding: .utf8)
        let looped = shell.execute(".read \(loop.path)")
        #expect(looped.failed)
        #expect(looped.parts.map(\.output).joined().components(separatedBy: "Worsens with age").count == 2, "\(looped.parts.map(\.output))")
        let refusals = looped.parts.flatMap(\.problems).filter {
            if case let .argument(diagnostic, _) = $0 { diagnostic.message.contains("is already being read") } else { false }
        }
        #expect(refusals.count == 1, "\(looped.parts.flatMap(\.problems))")
    }

    @Test func outputRedirectionIsASetting() throws {
        var shell = try session()
        _ = shell.execute(".output /tmp/answers.txt")
        #expect(shell.settings.outputPath == "/tmp/answers.txt")
        // A path answers cannot go to is refused at once, and answers go where they went.
        for bad in ["/nonexistent/folder/x.txt", "/tmp"] {
            let refused = shell.execute(".output \(bad)")
            #expect(refused.failed, "\(bad)")
            #expect(shell.settings.outputPath == "/tmp/answers.txt")
            guard case let .diagnostic(diagnostic)? = refused.problems.first else {
                Issue.record("expected a diagnostic for \(bad)")
                continue
            }
            #expect(diagnostic.message.hasPrefix("cannot write answers to '\(bad)'") && diagnostic.message.hasSuffix("still go to '/tmp/answers.txt'"))
        }
        _ = shell.execute(".output stdout")
        #expect(shell.settings.outputPath == nil)
    }
}
