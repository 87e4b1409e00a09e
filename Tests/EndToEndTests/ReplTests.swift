import Foundation
import Testing
import TestSupport

/// The REPL driven through a pseudo-terminal: typing, recall, completion, multi-line input,
/// Ctrl-C, Ctrl-D, history on disk, dot-commands.
@Suite(.enabled(if: TerminalSession.isAvailable, "needs the symkb binary and python3"), .serialized)
struct ReplTests {
    func check(_ transcript: TerminalSession.Transcript, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(transcript.ok, "\(transcript.error ?? "")\n--- screen ---\n\(transcript.output)", sourceLocation: sourceLocation)
    }

    @Test func typesAQuestionAndReadsTheAnswer() throws {
        let transcript = try TerminalSession.run([
            .expect("type .help"), .expect("symkb> "),
            .send("what does neck movement trigger\r"), .expect("Lhermitte's sign"), .expect("(1 answer)"),
            .send("\u{04}"), .exit(0),
        ])
        check(transcript)
    }

    /// A terminal that cannot be drawn on (TERM=dumb: Emacs's shell mode) still gets the shell:
    /// the banner, a prompt, and each answer as its line is sent, not a script read to its end;
    /// Ctrl-C abandons a line, Ctrl-D ends.
    @Test func aDumbTerminalGetsPromptsAndAnswersLineByLine() throws {
        let transcript = try TerminalSession.run([
            .expect("type .help"), .expect("symkb> "),
            .send("what does neck movement trigger\r"), .expect("Lhermitte's sign"), .expect("(1 answer)"), .expect("symkb> "),
            .send("half a li\u{03}"), .expect("symkb> "),
            .send("\u{04}"), .exit(0),
        ], environment: ["TERM": "dumb"])
        check(transcript)
    }

    /// `help` and `exit` typed alone do what other shells do with them.
    @Test func helpAndExitTypedAloneDoWhatTheySay() throws {
        let transcript = try TerminalSession.run([
            .expect("symkb> "), .send("help\r"), .expect(".quit"), .expect("symkb> "),
            .send("exit\r"), .exit(0),
        ])
        check(transcript)
    }

    /// Ctrl-D at an interview's `answer>` ends the interview, with its summary, and the shell
    /// goes on; its answers are not kept in the query history.
    @Test func ctrlDEndsAnInterviewNotTheShell() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        let home = try SymkbProcess.temporaryDirectory()
        let transcript = try TerminalSession.run([
            .expect("symkb> "), .send(".interview term one\r"), .expect("answer> "),
            .send("\u{04}"), .expect("Interview over"), .expect("symkb> "),
            .send("\u{1B}[A"), .expect(".interview term one"), .send("\u{03}"),
            .send("\u{04}"), .exit(0),
        ], arguments: ["--pack", folder.path], environment: ["HOME": home.path, "XDG_STATE_HOME": ""])
        check(transcript)
    }

    @Test func tabCompletesANameWithAnApostrophe() throws {
        let transcript = try TerminalSession.run([
            .expect("symkb> "), .send("what triggers lhermi\t"), .expect("\"Lhermitte's sign\""),
            .send("\r"), .expect("Neck movement"), .send("\u{04}"), .exit(0),
        ])
        check(transcript)
    }

    @Test func tabListsAmbiguousRelations() throws {
        let transcript = try TerminalSession.run([
            .expect("symkb> "), .send("?x trig\t"), .expect("triggered_by  triggers"),
            .send("\u{03}"), .send("\u{04}"), .exit(0),
        ])
        check(transcript)
    }

    @Test func upArrowRecallsThePreviousQuery() throws {
        let transcript = try TerminalSession.run([
            .expect("symkb> "), .send("course of ms spasms\r"), .expect("Worsens with age"),
            .send("\u{1B}[A"), .expect("course of ms spasms"), .send("\r"), .expect("Worsens with age"),
            .send("\u{04}"), .exit(0),
        ])
        check(transcript)
    }

    @Test func multiLineQueriesContinueUntilComplete() throws {
        let transcript = try TerminalSession.run([
            .expect("symkb> "), .send("conditions with tingling,\r"), .expect("...> "),
            .send("not numbness\r"), .expect("no answers: nothing in the loaded packs"),
            .send("?s has_symptom (\r"), .expect("...> "), .send("tingling)\r"), .expect("error:"),
            .send("\u{04}"), .exit(0),
        ])
        check(transcript)
    }

    @Test func unfinishedQuestionsContinueAndEverydayQuestionsAnswer() throws {
        let transcript = try TerminalSession.run([
            .expect("symkb> "), .send("symptoms of\r"), .expect("...> "), .send("ms spasms\r"), .expect("(7 answers)"),
            .send("does ms cause paralysis?\r"), .expect("yes (may), because:"),
            .send("is tremor a sign\r"), .expect("not known: Tremor is a symptom; nothing in the loaded packs says whether it is a sign"),
            .send(".relations\r"), .expect("triggered_by"),
            .send("\u{04}"), .exit(0),
        ])
        check(transcript)
    }

    @Test func ctrlCClearsTheLineAndTheSessionGoesOn() throws {
        let transcript = try TerminalSession.run([
            .expect("symkb> "), .send("symptoms of something long"), .send("\u{03}"), .expect("symkb> "),
            .send("advice for ms spasms\r"), .expect("See a doctor"), .send("\u{04}"), .exit(0),
        ])
        check(transcript)
        #expect(!transcript.output.contains("unknown entity 'something long'"))
    }

    @Test func badQueriesNeverEndTheSession() throws {
        let transcript = try TerminalSession.run([
            .expect("symkb> "), .send("symptoms of Lhermite sign\r"), .expect("did you mean \"Lhermitte's sign\"?"),
            .send("?x (((\u{03}"), .send("\"open quote\r"), .expect("unterminated quoted name"), .expect("symkb> "),
            .send(".bogus\r"), .expect("unknown command '.bogus'"),
            .send(".quit\r"), .exit(0),
        ])
        check(transcript)
    }

    @Test func historyIsSavedPrivatelyAndRecalledNextTime() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let path = folder.appendingPathComponent("state/history").path
        let first = try TerminalSession.run([
            .expect("symkb> "), .send("conditions with tingling,\r"), .send("not numbness\r"), .expect("no answers: nothing in the loaded packs"),
            .send("\u{04}"), .exit(0),
        ], environment: ["SYMKB_HISTORY": path])
        check(first)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(saved.contains("conditions with tingling, not numbness\n"))
        let second = try TerminalSession.run([
            .expect("symkb> "), .send("\u{1B}[A"), .expect("conditions with tingling, not numbness"),
            .send("\u{03}"), .send("\u{04}"), .exit(0),
        ], environment: ["SYMKB_HISTORY": path])
        check(second)
    }

    @Test func dotCommandsChangeModesAndPacks() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try "format: 9\nid: future\nversion: 1.0.0\ntitle: Future\n"
            .write(to: folder.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        let transcript = try TerminalSession.run([
            .expect("symkb> "), .send(".help\r"), .expect(".load DIR"),
            .send(".mode json\r"), .send("what triggers lhermitte sign\r"), .expect("\"ms:neck-movement\""),
            .send(".mode tree\r"), .send("what triggers lhermitte sign\r"), .expect("└─ Neck movement"),
            .send(".load \(folder.path)\r"), .expect("pack format 9 is newer than this symkb understands (up to 1)"),
            .expect("the knowledge base is unchanged"),
            .send(".packs\r"), .expect("multiple-sclerosis"),
            .send(".unload core\r"), .expect("cannot unload 'core': multiple-sclerosis, ms-hpo depend on it"),
            .send(".stats\r"), .expect("assertions"),
            .send(".exit\r"), .exit(0),
        ])
        check(transcript)
    }

    @Test func ctrlCCancelsALongQuery() throws {
        // A chain of 3,000 effects: '?a causes+ ?b' has 4.5 million answers and takes seconds.
        let folder = try SymkbProcess.temporaryDirectory()
        try "format: 1\nid: chain\nversion: 1.0.0\ntitle: Chain\nsources: [{id: s, title: S}]\ndepends: {core: '*'}\n"
            .write(to: folder.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        var data = "entities:\n"
        for i in 0..<3000 { data += "  - {id: e\(i), kind: effect, label: Effect \(i)}\n" }
        data += "assertions:\n"
        for i in 0..<2999 { data += "  - {subject: e\(i), relation: causes, object: e\(i + 1), locator: l}\n" }
        try data.write(to: folder.appendingPathComponent("data.yaml"), atomically: true, encoding: .utf8)
        let transcript = try TerminalSession.run([
            .expect("symkb> "), .send("?a causes+ ?b\r"), .send("\u{03}", after: 1), .expect("query cancelled"),
            .expect("symkb> "), .send("what causes e2\r"), .expect("Effect 1"), .send("\u{04}"), .exit(0),
        ], arguments: ["--pack", folder.path])
        check(transcript)
    }
}
