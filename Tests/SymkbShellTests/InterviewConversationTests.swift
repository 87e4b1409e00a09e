import Foundation
import SymkbShell
import SymptomQuery
import Testing
import TestSupport

/// The interview's dialogue: answers as typed, and JSON lines for programs.
@Suite struct InterviewConversationTests {
    @Test func aTypedInterviewExplainsRecordsAndStops() throws {
        let engine = try TinyOntology.engine()
        var options = Interview.Options()
        options.stopProbability = 0.75
        var conversation = try InterviewConversation(engine: engine, options: options, present: ["term one"])
        let opening = conversation.start()
        #expect(opening.contains("Not medical advice"))
        #expect(opening.contains("Differential from 1 finding (1 present, 0 absent):"))
        #expect(opening.contains("Q1. Do you have"))
        #expect(conversation.respond("why").contains("separates the leading diagnoses"))
        #expect(conversation.respond("frobnicate").contains("error: unknown entity 'frobnicate'"))
        // A mistyped answer is said to be one; a misspelt JSON key is refused, not read as nothing.
        #expect(conversation.respond("yess").hasPrefix("error: 'yess' is neither an answer nor a finding (did you mean yes?) [interview-answer]"))
        #expect(conversation.respond(#"{"answr": "yes"}"#).hasPrefix(#"error: unknown key "answr" (did you mean "answer"?)"#))
        // A finding recorded already says how: as present, not just "recorded".
        #expect(conversation.respond("no term one").hasPrefix("error: 'Term one' is already recorded as present"))
        #expect(!conversation.isFinished)
        let end = conversation.respond("has term three")
        #expect(end.contains("recorded: Term three (HP:0000013) present"))
        #expect(end.contains("Interview over: the leading diagnosis reached 75%"))
        #expect(end.contains("1. Disease one (OMIM:1)"))
        #expect(conversation.isFinished && conversation.stopReason == .confident)
        #expect(!end.contains("no diagnosis stands out"))
        // The layperson synonym phrases the question.
        #expect(conversation.phrase(try engine.ontologyFinding(named: "HP:0000011")) == "Do you have first (Term one)?")
        #expect(conversation.phrase(try engine.ontologyFinding(named: "HP:0000013")) == "Do you have term three?")
    }

    /// An interview that ends with no disease above 10% says so, in text and in its JSON stop event.
    @Test func anEndWithNoLeadingDiagnosisSaysSo() throws {
        let rows = (1...20).map { "OMIM:\($0)\tDisease \($0)\t\tHP:0000013\tPMID:\($0)\tPCS\t\t\t\t\tP\tx" }.joined(separator: "\n")
        let engine = try TinyOntology.engine(annotationRows: rows)
        var conversation = try InterviewConversation(engine: engine, options: Interview.Options(), present: ["term three"])
        // (Twenty diseases alike: no question tells them apart, and it may end at once.)
        let end = conversation.start() + conversation.respond("stop")
        #expect(end.contains("Interview over") && end.contains("note: no diagnosis stands out (the leading one is at 5.0%)"), "\(end)")
        var json = try InterviewConversation(engine: engine, options: Interview.Options(), present: ["term three"], format: .jsonl)
        let stop = try #require((json.start() + json.respond("stop")).split(separator: "\n").last)
        #expect(stop.contains("\"event\":\"stop\"") && stop.contains("no diagnosis stands out"), "\(stop)")
    }

    /// A patient's name that is a verb phrase is asked about as one; an -ing noun is not.
    @Test func questionsReadAsSentences() {
        let cases: [(label: String, plain: String?, question: String)] = [
            ("Vomiting", "Throwing up", "Have you been throwing up (Vomiting)?"),
            ("Syncope", "Passing out", "Have you been passing out (Syncope)?"),
            ("Toe walking", "Walking on tiptoes", "Have you been walking on tiptoes (Toe walking)?"),
            ("Early satiety", "Feeling full quickly when eating", "Have you been feeling full quickly when eating (Early satiety)?"),
            ("Tinnitus", "Ringing in the ears", "Do you have ringing in the ears (Tinnitus)?"),
            ("Hemorrhage", "Bleeding", "Do you have bleeding (Hemorrhage)?"),
            ("Strabismus", "Cross-eyed", "Are you cross-eyed (Strabismus)?"),
            ("Myopia", "Near sighted", "Are you near sighted (Myopia)?"),
            ("Epistaxis", "Nosebleed", "Do you have nosebleeds (Epistaxis)?"),
            ("Delayed speech and language development", "Language delayed", "Are you language delayed (Delayed speech and language development)?"),
            ("Seizure", nil, "Do you have seizures?"),
            ("EEG abnormality", "eeg abnormality", "Has a test shown an EEG abnormality?"),
            ("Elevated circulating creatine kinase concentration", nil, "Has a test shown elevated circulating creatine kinase concentration?"),
            ("Abnormal nervous system electrophysiology", nil, "Has a test shown abnormal nervous system electrophysiology?"),
            ("Urinary incontinence", nil, "Do you have urinary incontinence?"),
            ("Lhermitte's sign", nil, "Do you have Lhermitte's sign?"),
            ("Uhthoff’s phenomenon", nil, "Do you have Uhthoff’s phenomenon?"),
        ]
        for (label, plain, question) in cases {
            #expect(InterviewConversation.question(label: label, plain: plain) == question)
        }
        #expect(InterviewConversation.question(label: "Froment sign", plain: nil, keepsCapital: true) == "Do you have Froment sign?")
        // Events that come and go read in the plural; things one has one of take an article.
        let objects: [(label: String, question: String)] = [
            ("Generalized-onset seizure", "Do you have generalized-onset seizures?"),
            ("Fever", "Do you have a fever?"),
            ("Abnormality of the eye", "Do you have an abnormality of the eye?"),
            ("Unilateral cleft lip", "Do you have unilateral cleft lip?"),
            ("Unilateral renal cyst", "Do you have a unilateral renal cyst?"),
            ("Skin abnormality", "Do you have a skin abnormality?"),
            ("Muscle twitch", "Do you have muscle twitches?"),
            ("Recurrent infections", "Do you have recurrent infections?"),
            ("Fatigue", "Do you have fatigue?"),
            ("Seizures and fever", "Do you have seizures and fever?"),
            ("Pain in the back", "Do you have pain in the back?"),
        ]
        for (label, question) in objects {
            #expect(InterviewConversation.question(label: label, plain: nil) == question)
        }
        // A finding of a branch that tests measure (the HPO's blood, metabolism, electrophysiology).
        #expect(InterviewConversation.question(label: "Anemia", plain: "Low number of red blood cells", measured: true)
                == "Has a test shown low number of red blood cells (Anemia)?")
        #expect(InterviewConversation.question(label: "Thrombocytopenia", plain: "Low platelet count")
                == "Has a test shown low platelet count (Thrombocytopenia)?")
        #expect(InterviewConversation.question(label: "Atrophy/Degeneration affecting the brainstem", plain: nil)
                == "Do you have atrophy/degeneration affecting the brainstem?")
        #expect(InterviewConversation.question(label: "Personality changes", plain: "Personality change")
                == "Do you have personality changes?")
    }

    /// A person's name that starts a finding's name keeps its capital ("Froment sign"); a word
    /// the graph's labels also write in lower case does not ("Abnormal reflex").
    @Test func anEponymKeepsItsCapital() throws {
        let engine = try TinyOntology.engine(demo: """
            entities:
              - {id: froment, kind: sign, label: Froment sign}
              - {id: abnormal, kind: sign, label: Abnormal reflex}
              - {id: other, kind: sign, label: Knee reflex abnormal}
            """)
        let conversation = try InterviewConversation(engine: engine, options: Interview.Options(), present: ["term one"])
        func asked(_ id: String) throws -> String { conversation.phrase(try #require(engine.graph.entityID(for: id))) }
        #expect(try asked("demo:froment") == "Do you have Froment sign?")
        #expect(try asked("demo:abnormal") == "Do you have an abnormal reflex?")
        #expect(try asked("HP:0000013") == "Do you have term three?")
    }

    /// Everyday answers are answers, not names of findings: "maybe" is unsure, "Yes." is yes.
    @Test func everydayAnswersAreRead() throws {
        let engine = try TinyOntology.engine()
        for (typed, recorded) in [("maybe", "unsure"), ("Maybe?", "unsure"), ("I don\u{2019}t know", "unsure"), ("idk", "unsure"),
                                  ("Yes.", "present"), ("yep", "present"), ("nope", "absent"), ("No!", "absent")] {
            var conversation = try InterviewConversation(engine: engine, options: Interview.Options(), present: ["term one"])
            _ = conversation.start()
            let reply = conversation.respond(typed)
            #expect(reply.contains("recorded:") && reply.contains(recorded), "\(typed): \(reply)")
            #expect(!reply.contains("unknown entity"), "\(typed)")
        }
    }

    @Test func jsonLinesInAndOut() throws {
        let engine = try TinyOntology.engine()
        var conversation = try InterviewConversation(
            engine: engine, options: Interview.Options(), present: ["HP:0000013"], format: .jsonl)
        var lines = conversation.start().split(separator: "\n").map(String.init)
        lines += conversation.respond(#"{"answer": "undo"}"#).split(separator: "\n").map(String.init)
        lines += conversation.respond(#"{"finding": "term two", "answer": "no"}"#).split(separator: "\n").map(String.init)
        let events = try lines.map { line -> [String: Any] in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        // The finding it started with cannot be undone; T3 present and T2 absent put OMIM:1 at 93%.
        #expect(events.map { $0["event"] as? String } == [
            "notice", "differential", "question", "error", "recorded", "differential", "stop",
        ])
        #expect(events[3]["id"] as? String == "interview-answer")
        let stop = try #require(events.last)
        #expect(stop["reason"] as? String == "confident")
        let leader = try #require((stop["differential"] as? [[String: Any]])?.first)
        #expect(leader["id"] as? String == "OMIM:1")
        let question = try #require(events[2]["finding"] as? [String: Any])
        #expect(question["id"] is String && events[2]["gain"] is Double)
    }

    @Test func aFindingThatIsNotATermIsRefusedAtTheStart() throws {
        let engine = try TinyOntology.engine()
        #expect(throws: QueryError.self) {
            _ = try InterviewConversation(engine: engine, options: Interview.Options(), present: ["nonsense"])
        }
        var options = Interview.Options()
        options.database = "ORPHA"
        #expect(throws: QueryError.self) {
            _ = try InterviewConversation(engine: engine, options: options, present: ["term one"])
        }
    }

    @Test func phenopacketsRoundTrip() throws {
        let engine = try TinyOntology.engine()
        var conversation = try InterviewConversation(
            engine: engine, options: Interview.Options(), present: ["term one"], absent: ["term two"])
        _ = conversation.start()
        let packet = conversation.phenopacket(created: "2026-01-01T00:00:00Z")
        let decoded = try Phenopacket.decode(packet.encoded())
        #expect(decoded == packet)
        #expect(decoded.findings.present == ["HP:0000011"] && decoded.findings.excluded == ["HP:0000012"])
        #expect(decoded.interpretations?.first?.diagnosis?.disease.id.hasPrefix("OMIM:") == true)
        #expect(decoded.metaData?.phenopacketSchemaVersion == "2.0")
    }
}

/// `explain rank D` in a session explains D against the findings of the last `rank`.
@Suite struct ExplainLastRankTests {
    @Test func explainRankAloneUsesTheLastRank() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        var session = try ShellSession(bundled: [Fixtures.corePack()], directories: [folder.path], settings: .init(format: .csv))
        let before = session.execute("explain rank OMIM:4")
        #expect(before.failed)  // no rank yet: 'given' is needed
        #expect(!session.execute("rank term three, not term two using lr").failed)
        let explained = session.execute("explain rank OMIM:4")
        #expect(!explained.failed)
        #expect(explained.output.contains("Disease four"))
        #expect(explained.outcome?.query == "explain rank OMIM:4 given HP:0000013, not HP:0000012 using lr from OMIM")
    }

    /// A probability is an estimate: shown to one decimal, never rounded to a certainty.
    @Test func probabilitiesNeverReadAsCertain() {
        #expect(InterviewConversation.percent(0.99984) == "> 99.9%")
        #expect(InterviewConversation.percent(0.00002) == "< 0.1%")
        #expect(InterviewConversation.percent(0.5) == "50.0%")
        #expect(InterviewConversation.percent(1) == "100.0%" && InterviewConversation.percent(0) == "0.0%")
    }
}
