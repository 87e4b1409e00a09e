import Foundation
import Testing
import TestSupport

/// `symkb rank`, `symkb interview` and phenopackets through the binary, on the tiny ontology
/// (OMIM:1 {T3}, OMIM:2 {T4}, OMIM:3 {T2}, OMIM:4 {T1, NOT T3}).
@Suite(.enabled(if: SymkbProcess.isBuilt, "build symkb first (swift build); scripts/test does"))
struct DiagnosisCommandTests {
    static var python: URL { Fixtures.packageRoot.appendingPathComponent(".build/test-venv/bin/python") }

    static var hasPhenopackets: Bool {
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return false }
        return (try? SymkbProcess.runTool(python, ["-c", "import phenopackets"]).status) == 0
    }

    /// A folder holding the tiny pack in `tiny/`.
    static func folder() throws -> URL {
        let folder = try SymkbProcess.temporaryDirectory()
        let pack = folder.appendingPathComponent("tiny")
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        try TinyOntology.writePack(to: pack)
        return folder
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aScriptedInterviewInJSONLines() throws {
        let folder = try Self.folder()
        let run = try SymkbProcess.run(
            ["interview", "--pack", "tiny", "--no-default-packs", "term one", "--format", "jsonl", "--save", "interview.json", "--stop-at", "0.75"],
            stdin: "why\nhas term three\n", directory: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let events = try run.stdout.split(separator: "\n").map { try Self.json(String($0)) }
        #expect(events.first?["event"] as? String == "notice")
        #expect(events.contains { $0["event"] as? String == "why" })
        let stop = try #require(events.last)
        #expect(stop["event"] as? String == "stop" && stop["reason"] as? String == "confident")
        #expect(((stop["differential"] as? [[String: Any]])?.first?["id"]) as? String == "OMIM:1")
        // The saved phenopacket holds both findings and the differential.
        let saved = try Self.json(String(decoding: try Data(contentsOf: folder.appendingPathComponent("interview.json")), as: UTF8.self))
        let features = try #require(saved["phenotypicFeatures"] as? [[String: Any]])
        #expect(features.compactMap { ($0["type"] as? [String: Any])?["id"] as? String } == ["HP:0000011", "HP:0000013"])
        // `--format json`: the same events, as one document.
        let document = try SymkbProcess.run(
            ["interview", "--pack", "tiny", "--no-default-packs", "term one", "--format", "json", "--stop-at", "0.75"],
            stdin: "why\nhas term three\n", directory: folder)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(document.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["event"] as? String } == events.map { $0["event"] as? String })
        // One argument may list findings, as `.interview` takes them.
        let listed = try SymkbProcess.run(["interview", "--pack", "tiny", "--no-default-packs", "term one, not term two"],
                                          stdin: "stop\n", directory: folder)
        #expect(listed.status == 0 && listed.stdout.contains("Differential from 2 findings (1 present, 1 absent)"), "\(listed.stdout)")
    }

    @Test func interviewErrorsAndTheEndOfInput() throws {
        let folder = try Self.folder()
        let unknown = try SymkbProcess.run(["interview", "--pack", "tiny", "--no-default-packs", "frobnicate"], directory: folder)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown entity 'frobnicate'"))
        let orpha = try SymkbProcess.run(["interview", "--pack", "tiny", "--no-default-packs", "term one", "--from", "ORPHA"], directory: folder)
        // A database no loaded pack annotates is the option's mistake, said of the option.
        #expect(orpha.status == 64 && orpha.stderr.contains("error: --from: no diseases from 'ORPHA'; loaded: OMIM"), "\(orpha.stderr)")
        let ranked = try SymkbProcess.run(["rank", "--pack", "tiny", "--no-default-packs", "term one", "--from", "OMMI"], directory: folder)
        #expect(ranked.status == 64 && ranked.stderr.contains("loaded: OMIM (did you mean OMIM?)") && ranked.stdout.isEmpty,
                "\(ranked.stderr)")
        #expect(try SymkbProcess.run(["rank", "--pack", "tiny", "--no-default-packs", "term one", "--from", "omim"], directory: folder).status == 0)
        // Input ends without 'stop': the interview ends there, with the differential.
        let ended = try SymkbProcess.run(["interview", "--pack", "tiny", "--no-default-packs", "HP:0000011"], stdin: "", directory: folder)
        #expect(ended.status == 0)
        #expect(ended.stdout.contains("Interview over: no more answers."))
        // So does `.interview` in a script or a pipe whose lines end before the interview does.
        let piped = try SymkbProcess.run(["--pack", "tiny", "--no-default-packs"], stdin: ".interview HP:0000011\n", directory: folder)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.contains("Q1.") && piped.stdout.contains("Interview over: no more answers."), "\(piped.stdout)")
        let nothing = try SymkbProcess.run(["interview", "--pack", "tiny", "--no-default-packs", "not term one"], directory: folder)
        #expect(nothing.status == 64, "\(nothing.stderr)")
        let csv = try SymkbProcess.run(["interview", "--pack", "tiny", "--no-default-packs", "term one", "--format", "csv"], directory: folder)
        #expect(csv.status == 64, "\(csv.stderr)")
        // A --save that cannot be written is refused before the first question, not after the last.
        let intoFolder = try SymkbProcess.run(["interview", "--pack", "tiny", "--no-default-packs", "term one", "--save", "."], directory: folder)
        #expect(intoFolder.status == 73 && intoFolder.stderr.contains("cannot write --save .: it is a folder"), "\(intoFolder.stderr)")
        #expect(!intoFolder.stdout.contains("Q1."))
        let noFolder = try SymkbProcess.run(["interview", "--pack", "tiny", "--no-default-packs", "term one", "--save", "nodir/x.json"],
                                            directory: folder)
        #expect(noFolder.status == 73 && noFolder.stderr.contains("there is no folder 'nodir'"), "\(noFolder.stderr)")
        // A negative number is a wrong value, not a missing one.
        for arguments in [["interview", "--top", "-1"], ["rank", "--top", "-1"]] {
            let negative = try SymkbProcess.run(arguments + ["--pack", "tiny", "--no-default-packs", "term one"], directory: folder)
            #expect(negative.status == 64 && negative.stderr.contains("--top takes a number from 1 to"), "\(negative.stderr)")
        }
        let noAnswers = try SymkbProcess.run(["interview", "--pack", "tiny", "--no-default-packs", "term one", "--answers", "nope.txt"], directory: folder)
        #expect(noAnswers.status == 66 && !noAnswers.stdout.contains("Q1."), "\(noAnswers.stdout)")
        // Answers that are not text are refused where the bad byte is, as a script is.
        try Data([0x79, 0x65, 0x73, 0x0A, 0x00, 0xFF]).write(to: folder.appendingPathComponent("binary.txt"))
        let binary = try SymkbProcess.run(["interview", "--pack", "tiny", "--no-default-packs", "term one", "--answers", "binary.txt"], directory: folder)
        #expect(binary.status == 65 && binary.stderr.contains("binary.txt:2:1: error:") && !binary.stdout.contains("Q1."), "\(binary.stderr)")
        // The newline that ends an answers file asks nothing again: the last question is printed once.
        try "unsure\n".write(to: folder.appendingPathComponent("one.txt"), atomically: true, encoding: .utf8)
        let one = try SymkbProcess.run(["interview", "--pack", "tiny", "--no-default-packs", "term one", "--answers", "one.txt"], directory: folder)
        #expect(one.status == 0 && one.stdout.components(separatedBy: "Q2.").count - 1 == 1, "\(one.stdout)")
        #expect(one.stdout.contains("Interview over"), "\(one.stdout)")
        #expect(ended.stdout.contains("Not medical advice"))
    }

    @Test func rankFromArgumentsAndFromPhenopackets() throws {
        let folder = try Self.folder()
        let direct = try SymkbProcess.run(
            ["rank", "--pack", "tiny", "--no-default-packs", "term three", "--format", "csv"], directory: folder)
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(direct.stdout.hasPrefix("rank,rank_id,condition,condition_id,probability,probability_id,log10 LR"))
        #expect(direct.stdout.split(whereSeparator: \.isNewline).dropFirst().first?.contains("OMIM:1") == true)
        // `not` as an argument of its own negates the next; a name split into two arguments is said to be one.
        let negated = try SymkbProcess.run(
            ["rank", "--pack", "tiny", "--no-default-packs", "term three", "not", "term two", "--format", "csv"], directory: folder)
        let quoted = try SymkbProcess.run(
            ["rank", "--pack", "tiny", "--no-default-packs", "term three", "not term two", "--format", "csv"], directory: folder)
        #expect(negated.status == 0 && negated.stdout == quoted.stdout, "\(negated.stderr)")
        let split = try SymkbProcess.run(["rank", "--pack", "tiny", "--no-default-packs", "term", "three"], directory: folder)
        #expect(split.status == 1)
        #expect(split.stderr.contains("note: 'term three' is one name: on the command line, quote it ('term three')"), "\(split.stderr)")

        // Written as a phenopacket, read back: the same ranking.
        let written = try SymkbProcess.run(
            ["rank", "--pack", "tiny", "--no-default-packs", "term three", "not term two", "--format", "phenopacket"],
            directory: folder, environment: ["SOURCE_DATE_EPOCH": "0"])
        #expect(written.status == 0, "\(written.stderr)")
        let packet = try Self.json(written.stdout)
        #expect((packet["metaData"] as? [String: Any])?["created"] as? String == "1970-01-01T00:00:00Z")
        #expect((packet["phenotypicFeatures"] as? [[String: Any]])?.last?["excluded"] as? Bool == true)
        try written.stdout.write(to: folder.appendingPathComponent("patient.json"), atomically: true, encoding: .utf8)
        let fromFile = try SymkbProcess.run(
            ["rank", "--pack", "tiny", "--no-default-packs", "--phenopacket", "patient.json", "--format", "phenopacket"],
            directory: folder, environment: ["SOURCE_DATE_EPOCH": "0"])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let reread = try Self.json(fromFile.stdout)
        #expect((reread["interpretations"] as? [[String: Any]])?.count == (packet["interpretations"] as? [[String: Any]])?.count)
        func features(_ document: [String: Any]) -> [String] {
            ((document["phenotypicFeatures"] as? [[String: Any]]) ?? []).map { feature in
                (((feature["type"] as? [String: Any])?["id"] as? String) ?? "?") + ((feature["excluded"] as? Bool) == true ? " excluded" : "")
            }
        }
        #expect(features(reread) == ["HP:0000013", "HP:0000012 excluded"])
        // The ranking of a phenopacket is written as that phenopacket: its id and subject kept.
        var patient = packet
        patient["id"] = "patient-7"
        patient["subject"] = ["id": "P7", "sex": "FEMALE"]
        try JSONSerialization.data(withJSONObject: patient).write(to: folder.appendingPathComponent("patient7.json"))
        let kept = try Self.json(try SymkbProcess.run(
            ["rank", "--pack", "tiny", "--no-default-packs", "--phenopacket", "patient7.json", "--format", "phenopacket"],
            directory: folder).stdout)
        #expect(kept["id"] as? String == "patient-7")
        #expect(kept["subject"] as? [String: String] == ["id": "P7", "sex": "FEMALE"])
        #expect((kept["interpretations"] as? [[String: Any]])?.first?["id"] as? String == "patient-7-1")
        #expect(features(reread) == features(packet))

        // A feature whose term is not loaded is left out with a warning at it; the others rank.
        var unknown = packet
        unknown["phenotypicFeatures"] = [["type": ["id": "HP:9999999", "label": "Newer term"]]]
            + ((packet["phenotypicFeatures"] as? [[String: Any]]) ?? [])
        try JSONSerialization.data(withJSONObject: unknown).write(to: folder.appendingPathComponent("unknown.json"))
        let partly = try SymkbProcess.run(["rank", "--pack", "tiny", "--no-default-packs", "--phenopacket", "unknown.json"], directory: folder)
        #expect(partly.status == 0, "\(partly.stderr)")
        #expect(partly.stderr.contains("unknown.json:1:") && partly.stderr.contains("warning: 'HP:9999999' names no term of the loaded packs"),
                "\(partly.stderr)")
        #expect(partly.stdout.contains("Disease one"))
        unknown["phenotypicFeatures"] = [["type": ["id": "HP:9999999", "label": "Newer term"]]]
        try JSONSerialization.data(withJSONObject: unknown).write(to: folder.appendingPathComponent("unknown.json"))
        let none = try SymkbProcess.run(["rank", "--pack", "tiny", "--no-default-packs", "--phenopacket", "unknown.json"], directory: folder)
        #expect(none.status == 65)
        #expect(none.stderr.contains("no phenotypic feature that is present names a loaded term"), "\(none.stderr)")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("unknown.json"))

        // A folder of phenopackets: each is ranked; a broken one is a data error at the value
        // that is wrong, or where the JSON is malformed.
        try "{\"id\": 3}".write(to: folder.appendingPathComponent("broken.json"), atomically: true, encoding: .utf8)
        let broken = try SymkbProcess.run(["rank", "--pack", "tiny", "--no-default-packs", "--phenopacket", "broken.json"], directory: folder)
        #expect(broken.status == 65)
        #expect(broken.stderr.contains(
            "broken.json:1:8: error: not a phenopacket (JSON, schema v2): a value of the wrong type (expected text) at .id [phenopacket-invalid]"),
            "\(broken.stderr)")
        try "{\"id\": \"p\",\n \"phenotypicFeatures\": [\n  {\"type\": {\"id\": \"HP:0000013\"},, }\n]}\n"
            .write(to: folder.appendingPathComponent("malformed.json"), atomically: true, encoding: .utf8)
        let malformed = try SymkbProcess.run(["rank", "--pack", "tiny", "--no-default-packs", "--phenopacket", "malformed.json"], directory: folder)
        #expect(malformed.status == 65)
        #expect(malformed.stderr.hasPrefix("malformed.json:3:33: error: not a phenopacket (JSON, schema v2): the file is not valid JSON"),
                "\(malformed.stderr)")
        // Several phenopackets in one run: each answer says which file asked.
        let patients = folder.appendingPathComponent("patients")
        try FileManager.default.createDirectory(at: patients, withIntermediateDirectories: true)
        for name in ["a.json", "b.json"] {
            try written.stdout.write(to: patients.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let both = try SymkbProcess.run(["rank", "--pack", "tiny", "--no-default-packs", "--phenopacket", "patients"], directory: folder)
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stdout.hasPrefix("> patients/a.json\nrank"), "\(both.stdout)")
        #expect(both.stdout.contains("\n\n> patients/b.json\nrank"), "\(both.stdout)")
        let lines = try SymkbProcess.run(
            ["rank", "--pack", "tiny", "--no-default-packs", "--phenopacket", "patients", "--format", "jsonl", "--top", "1"], directory: folder)
        #expect(try lines.stdout.split(whereSeparator: \.isNewline).map { try Self.json(String($0))["input"] as? String }
                == ["patients/a.json", "patients/b.json"])
        let notRank = try SymkbProcess.run(["query", "--pack", "tiny", "--no-default-packs", "--format", "phenopacket", "ancestors of term one"], directory: folder)
        #expect(notRank.status == 1)
        #expect(notRank.stdout.contains("the phenopacket format writes the answers of rank only; ask rank, or choose another format"))
    }

    @Test(.enabled(if: hasPhenopackets, "the phenopackets package is not installed in .build/test-venv (run scripts/setup-test-tools)"))
    func phenopacketsAreValidForTheGA4GHSchema() throws {
        let folder = try Self.folder()
        _ = try SymkbProcess.run(
            ["interview", "--pack", "tiny", "--no-default-packs", "term one", "not term two", "--save", "a.json"], stdin: "stop\n", directory: folder)
        let rank = try SymkbProcess.run(
            ["rank", "--pack", "tiny", "--no-default-packs", "term four", "--format", "phenopacket", "--using", "resnik"], directory: folder)
        try rank.stdout.write(to: folder.appendingPathComponent("b.json"), atomically: true, encoding: .utf8)
        let check = """
            import sys, json
            from google.protobuf.json_format import Parse
            from phenopackets import Phenopacket
            for path in sys.argv[1:]:
                packet = Parse(open(path).read(), Phenopacket())  # raises on an unknown field or a wrong type
                assert packet.meta_data.phenopacket_schema_version == "2.0", path
                assert len(packet.phenotypic_features) >= 1, path
                assert all(i.diagnosis.disease.id.startswith("OMIM:") for i in packet.interpretations), path
            print("valid", len(sys.argv) - 1)
            """
        let run = try SymkbProcess.runTool(Self.python, ["-c", check, "a.json", "b.json"], directory: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("valid 2"))
    }

    @Test(.enabled(if: TerminalSession.isAvailable, "needs python3 for the pseudo-terminal"))
    func theReplInterviews() throws {
        let folder = try Self.folder()
        let transcript = try TerminalSession.run([
            .expect("symkb> "), .send(".interview term three\r"), .expect("Q1. Do you have"), .expect("answer> "),
            .send("don't know\r"), .expect("unsure"), .expect("answer> "),
            .send("no term two\r"), .expect("Interview over: the leading diagnosis reached 90%"),
            .expect("symkb> "), .send(".exit\r"), .exit(0),
        ], arguments: ["--pack", folder.appendingPathComponent("tiny").path, "--no-default-packs"])
        #expect(transcript.ok, "\(transcript.error ?? "")\n--- screen ---\n\(transcript.output)")
    }
}
