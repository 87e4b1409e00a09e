import Foundation
import Testing
import TestSupport

/// `symkb export` and `symkb graph` on the built binary, checked by real tools when they are
/// installed (pyoxigraph and rdflib in `.build/test-venv`, Graphviz's `dot`; `scripts/setup-test-tools`).
@Suite(.enabled(if: SymkbProcess.isBuilt, "build symkb first (swift build); scripts/test does"))
struct ExportCommandTests {
    static var python: URL { Fixtures.packageRoot.appendingPathComponent(".build/test-venv/bin/python") }

    static func hasModule(_ name: String) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return false }
        return (try? SymkbProcess.runTool(python, ["-c", "import \(name)"]).status) == 0
    }

    static var dot: URL? {
        ["/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"].map(URL.init(fileURLWithPath:))
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// symkb on the bundled packs only, whatever the user has installed.
    static func symkb(_ arguments: [String], in folder: URL, packs: String = "") throws -> SymkbProcess.Outcome {
        try SymkbProcess.run(arguments, directory: folder, environment: ["HOME": folder.path, "SYMKB_PACKS": packs, "XDG_DATA_HOME": ""])
    }

    /// An export ended by a signal (`timeout`'s SIGTERM, Ctrl-C) leaves no temporary file behind,
    /// and the file it was replacing stays as it was. The ontology is generated (40,000 terms),
    /// big enough that the export is caught while writing.
    @Test func anExportEndedBySignalLeavesNoTemporaryFile() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        var obo = "format-version: 1.2\nontology: gen\n"
        for index in 0..<40_000 {
            obo += "\n[Term]\nid: GEN:\(index)\nname: generated term \(index)\n" + (index > 0 ? "is_a: GEN:\((index - 1) / 2)\n" : "")
        }
        try obo.write(to: folder.appendingPathComponent("gen.obo"), atomically: true, encoding: .utf8)
        let imported = try Self.symkb(["pack", "import", "--obo", "gen.obo", "--out", "gen"], in: folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        try "old\n".write(to: folder.appendingPathComponent("out.nt"), atomically: true, encoding: .utf8)
        for signal in [SIGTERM, SIGINT] {
            // A run that finishes between the file's appearance and the signal says nothing about
            // the signal (it must still leave no temporary file): tried again, up to five times.
            var interrupted = false
            for _ in 0..<5 where !interrupted {
                let process = Process()
                process.executableURL = SymkbProcess.binary
                process.arguments = ["--pack", "gen", "export", "--format", "ntriples", "--out", "out.nt"]
                process.currentDirectoryURL = folder
                process.environment = ProcessInfo.processInfo.environment.merging(["HOME": folder.path, "SYMKB_PACKS": ""]) { $1 }
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                let temporary = folder.appendingPathComponent(".out.nt.symkb-\(process.processIdentifier)").path
                let deadline = Date().addingTimeInterval(60)
                while process.isRunning, Date() < deadline, !FileManager.default.fileExists(atPath: temporary) { usleep(500) }
                kill(process.processIdentifier, signal)
                process.waitUntilExit()
                #expect(!FileManager.default.fileExists(atPath: temporary), "signal \(signal) left \(temporary)")
                let written = try String(contentsOf: folder.appendingPathComponent("out.nt"), encoding: .utf8)
                if process.terminationReason == .uncaughtSignal {
                    interrupted = true
                    #expect(process.terminationStatus == signal)
                    #expect(written == "old\n", "an interrupted export replaced the file")
                } else {
                    // Finished first: the file is the whole export; put the old one back.
                    #expect(process.terminationStatus == 0 && written.hasSuffix(" .\n"))
                    try "old\n".write(to: folder.appendingPathComponent("out.nt"), atomically: true, encoding: .utf8)
                }
            }
            #expect(interrupted, "five exports of 40,000 terms all ended before signal \(signal) reached them")
        }
    }

    @Test(.enabled(if: hasModule("pyoxigraph"), "pyoxigraph is not installed in .build/test-venv (run scripts/setup-test-tools)"))
    func rdfFormatsParseInPyoxigraphAsTheSameTriples() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        for format in ["turtle", "ntriples", "jsonld"] {
            let run = try Self.symkb(["export", "--format", format, "--out", folder.path + "/"], in: folder)
            #expect(run.status == 0, "\(format): \(run.stderr)")
        }
        let script = """
            import pyoxigraph as ox, sys
            counts = []
            for name, fmt in (("symkb.ttl", ox.RdfFormat.TURTLE), ("symkb.nt", ox.RdfFormat.N_TRIPLES), ("symkb.jsonld", ox.RdfFormat.JSON_LD)):
                store = ox.Store(); store.load(path=sys.argv[1] + "/" + name, format=fmt); counts.append(len(store))
            print(counts)
            """
        let run = try SymkbProcess.runTool(Self.python, ["-c", script, folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        let counts = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let numbers = counts.dropFirst().dropLast().split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        #expect(numbers.count == 3 && Set(numbers).count == 1 && numbers[0] > 500, "\(counts)")
    }

    @Test(.enabled(if: hasModule("rdflib"), "rdflib is not installed in .build/test-venv (run scripts/setup-test-tools)"))
    func rdflibReadsTurtleAndExpandsJSONLD() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        for format in ["turtle", "jsonld"] {
            #expect(try Self.symkb(["export", "--format", format, "--out", folder.path + "/"], in: folder).status == 0)
        }
        let script = """
            import rdflib, sys
            t = rdflib.Graph().parse(sys.argv[1] + "/symkb.ttl", format="turtle")
            j = rdflib.Graph().parse(sys.argv[1] + "/symkb.jsonld", format="json-ld")
            sign = rdflib.URIRef("https://w3id.org/symkb/id/ms/lhermittes-sign")
            triggered_by = rdflib.URIRef("http://purl.obolibrary.org/obo/RO_0009501")
            label = next(t.objects(sign, rdflib.RDFS.label))
            print(len(t), len(j), rdflib.compare.isomorphic(t, j), label, len(list(t.objects(sign, triggered_by))))
            """
        let run = try SymkbProcess.runTool(Self.python, ["-c", "import rdflib.compare\n" + script, folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        let fields = run.stdout.split(separator: " ")
        #expect(fields.count >= 5 && fields[0] == fields[1] && fields[2] == "True", "\(run.stdout)")
        #expect(run.stdout.contains("Lhermitte's sign 1"), "\(run.stdout)")
    }

    @Test func kgxNeo4jAndCSVWriteTheirFiles() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        for (format, files) in [("kgx", ["nodes.tsv", "edges.tsv"]), ("neo4j", ["nodes.csv", "relationships.csv"]),
                                ("csv", ["entities.csv", "assertions.csv", "sources.csv"])] {
            let run = try Self.symkb(["export", "--format", format, "--out", format], in: folder)
            #expect(run.status == 0, "\(format): \(run.stderr)")
            for file in files {
                let text = try String(contentsOf: folder.appendingPathComponent(format + "/" + file), encoding: .utf8)
                #expect(text.split(whereSeparator: \.isNewline).count > (file == "sources.csv" ? 1 : 10), "\(format)/\(file)")
            }
        }
        // Each source the assertions cite, named by its pack, with the manifest's title.
        let sources = try String(contentsOf: folder.appendingPathComponent("csv/sources.csv"), encoding: .utf8)
        #expect(sources.contains("multiple-sclerosis,ms-spasms-article,Multiple Sclerosis Spasms (patient-information article)"), "\(sources)")
        let edges = try String(contentsOf: folder.appendingPathComponent("kgx/edges.tsv"), encoding: .utf8)
        #expect(edges.contains("infores:symkb-multiple-sclerosis.ms-spasms-article"))
        // Nothing left behind but the files.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("kgx").path).sorted()
        #expect(names == ["edges.tsv", "nodes.tsv"])
    }

    @Test func wrongExportsAreRefusedWithoutWritingAnything() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        var run = try Self.symkb(["export", "--format", "kgx"], in: folder)
        #expect(run.status == 64 && run.stderr.contains("name a folder with --out"), "\(run.stderr)")
        run = try Self.symkb(["export", "--format", "obo", "--out", "x.obo"], in: folder)
        #expect(run.status == 64 && run.stderr.contains("--only"), "\(run.stderr)")
        run = try Self.symkb(["export", "--format", "turtle", "--only", "no-such-pack"], in: folder)
        #expect(run.status == 66 && run.stderr.contains("no pack 'no-such-pack'"), "\(run.stderr)")
        run = try Self.symkb(["export", "--format", "turtle", "--out", "no-such-folder/x.ttl"], in: folder)
        #expect(run.status == 73 && run.stderr.contains("the folder 'no-such-folder' does not exist"), "\(run.stderr)")
        // A folder format makes its folder, not the missing folders above it.
        run = try Self.symkb(["export", "--format", "kgx", "--out", "no-such-folder/kgx"], in: folder)
        #expect(run.status == 73 && run.stderr.contains("the folder 'no-such-folder' does not exist"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("no-such-folder").path))
        try "a file".write(to: folder.appendingPathComponent(".file"), atomically: true, encoding: .utf8)
        run = try Self.symkb(["export", "--format", "kgx", "--out", ".file"], in: folder)
        #expect(run.status == 64 && run.stderr.contains("and '.file' is a file: name a folder with --out"), "\(run.stderr)")
        run = try Self.symkb(["graph", "ms spasms", "--relations", "causez"], in: folder)
        #expect(run.status == 64 && run.stderr.contains("did you mean causes?"), "\(run.stderr)")
        run = try Self.symkb(["export", "--format", "turtle", "--only", "ms-hpo"], in: folder)
        #expect(run.status == 0 && run.stderr.contains("defines no entities or assertions of its own"), "\(run.stderr)")
        run = try Self.symkb(["export", "--format", "rdfxml"], in: folder)
        #expect(run.status == 64 && run.stderr.contains("turtle, ntriples, jsonld, kgx, neo4j, obo, csv"), "\(run.stderr)")
        run = try Self.symkb(["export", "--format", "table"], in: folder)
        #expect(run.status == 64 && run.stderr.contains("not 'table'"), "\(run.stderr)")
        // A picture of answers' formats is refused, not drawn as DOT.
        run = try Self.symkb(["graph", "ms spasms", "-f", "table"], in: folder)
        #expect(run.status == 64 && run.stderr.contains("graph draws dot (the default), mermaid, svg or tree, not 'table'"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        // Their help does not claim answers' default for them.
        for command in ["graph", "export"] {
            let help = try Self.symkb([command, "--help"], in: folder)
            let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(help.status == 0 && !words.contains("(default: table)") && words.contains("graph: dot (default), mermaid, svg, tree. export: turtle,"),
                    "\(help.stdout)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.isEmpty)
    }

    /// `export --out` and `graph --out` write as `.output` does: through a link (which stays), into
    /// a pipe as it is (never replacing it), keeping a file's permissions; `-` is standard output.
    @Test func outFollowsLinksWritesPipesAndKeepsPermissions() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let manager = FileManager.default
        try "old".write(to: folder.appendingPathComponent("target.ttl"), atomically: true, encoding: .utf8)
        try manager.createSymbolicLink(atPath: folder.appendingPathComponent("link.ttl").path, withDestinationPath: "target.ttl")
        var run = try Self.symkb(["export", "--format", "turtle", "--out", "link.ttl"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try manager.destinationOfSymbolicLink(atPath: folder.appendingPathComponent("link.ttl").path) == "target.ttl")
        #expect(try String(contentsOf: folder.appendingPathComponent("target.ttl"), encoding: .utf8).hasPrefix("@prefix rdf:"))

        let secret = folder.appendingPathComponent("private.dot")
        try "old".write(to: secret, atomically: true, encoding: .utf8)
        try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret.path)
        run = try Self.symkb(["graph", "ms spasms", "--out", "private.dot"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try manager.attributesOfItem(atPath: secret.path)[.posixPermissions] as? Int == 0o600)
        #expect(try String(contentsOf: secret, encoding: .utf8).hasPrefix("digraph"))

        // A reader on a named pipe gets the export, and the pipe is still a pipe after.
        let script = "mkfifo pipe && { cat pipe > copy & } && \"$0\" export --format ntriples --out pipe && wait && test -p pipe && wc -l < copy"
        run = try SymkbProcess.runTool(URL(fileURLWithPath: "/bin/sh"), ["-c", script, SymkbProcess.binary.path], directory: folder,
                                      environment: ["HOME": folder.path, "SYMKB_PACKS": "", "XDG_DATA_HOME": ""])
        #expect(run.status == 0 && (Int(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 100, "\(run.stdout) \(run.stderr)")

        // A link whose target does not exist yet is followed too; one into a missing folder says so.
        try manager.createSymbolicLink(atPath: folder.appendingPathComponent("dangling.ttl").path, withDestinationPath: "later.ttl")
        run = try Self.symkb(["export", "--format", "turtle", "--out", "dangling.ttl"], in: folder)
        #expect(run.status == 0 && (try? manager.destinationOfSymbolicLink(atPath: folder.appendingPathComponent("dangling.ttl").path)) == "later.ttl",
                "\(run.stderr)")
        try manager.createSymbolicLink(atPath: folder.appendingPathComponent("nowhere.ttl").path, withDestinationPath: "/nonexistent/dir/x.ttl")
        run = try Self.symkb(["export", "--format", "turtle", "--out", "nowhere.ttl"], in: folder)
        #expect(run.status == 73 && run.stderr.contains("the folder '/nonexistent/dir' does not exist"), "\(run.stderr)")

        run = try Self.symkb(["export", "--format", "turtle", "--out", "-"], in: folder)
        #expect(run.status == 0 && run.stdout.hasPrefix("@prefix rdf:"), "\(run.stderr)")
        #expect(!manager.fileExists(atPath: folder.appendingPathComponent("-").path))
        #expect(try manager.contentsOfDirectory(atPath: folder.path).sorted()
                == ["copy", "dangling.ttl", "later.ttl", "link.ttl", "nowhere.ttl", "pipe", "private.dot", "target.ttl"])
    }

    /// `--pack` loads packs, as for every command (several, exported together); `--only` writes one.
    /// OBO says which assertions it has no place for, and counts only those it wrote.
    @Test func packLoadsAndOnlyChoosesWhatIsWritten() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let extra = folder.appendingPathComponent("extra")
        var run = try Self.symkb(["pack", "new", "extra", "--dir", folder.path], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        run = try Self.symkb(["--pack", extra.path, "--pack", extra.path, "export", "--format", "ntriples"], in: folder)
        #expect(run.status == 0 && run.stdout.contains("\"extra\"") && run.stdout.contains("\"multiple-sclerosis\""), "\(run.stderr)")
        run = try Self.symkb(["--pack", extra.path, "export", "--format", "ntriples", "--only", "extra"], in: folder)
        #expect(run.status == 0 && !run.stdout.contains("\"multiple-sclerosis\""), "\(run.stderr)")
        run = try Self.symkb(["export", "--format", "obo", "--only", "multiple-sclerosis", "--out", "ms.obo"], in: folder)
        #expect(run.status == 0 && run.stderr.contains("have no place in OBO, which holds terms and is_a only, and are left out")
                && run.stderr.contains("[export-left-out]"),
                "\(run.stderr)")
        // Counted for what is left out: the new pack's one assertion, in the singular.
        let single = try Self.symkb(["--pack", extra.path, "export", "--format", "obo", "--only", "extra"], in: folder)
        #expect(single.status == 0 && single.stderr.contains("warning: 1 assertion (has_symptom) has no place in OBO, which holds terms and "
                                                             + "is_a only, and is left out"), "\(single.stderr)")
        let written = try String(contentsOf: folder.appendingPathComponent("ms.obo"), encoding: .utf8)
        let isA = written.components(separatedBy: "\nis_a: ").count - 1
        #expect(run.stderr.contains("nodes, \(isA) assertion\(isA == 1 ? "" : "s"))"), "\(run.stderr)")
    }

    /// An ontology's OBO export counts the obsolete terms it writes beside its terms.
    @Test func anOBOExportCountsItsObsoleteTerms() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let tiny = folder.appendingPathComponent("tiny")
        try FileManager.default.createDirectory(at: tiny, withIntermediateDirectories: true)
        try TinyOntology.writePack(to: tiny)
        let run = try Self.symkb(["--pack", "tiny", "export", "--format", "obo", "--only", "tiny", "--out", "t.obo"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let written = try String(contentsOf: folder.appendingPathComponent("t.obo"), encoding: .utf8)
        #expect(written.contains("is_obsolete: true"))
        #expect(run.stderr.contains(", 1 obsolete term)"), "\(run.stderr)")
    }

    @Test func oneExistingFileIsReplacedWholeByAPackExport() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let target = folder.appendingPathComponent("ms.ttl")
        try "old".write(to: target, atomically: true, encoding: .utf8)
        let run = try Self.symkb(["export", "--format", "turtle", "--only", "multiple-sclerosis", "--out", "ms.ttl"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOf: target, encoding: .utf8)
        #expect(text.hasPrefix("@prefix rdf:") && text.contains("symkb:pack \"multiple-sclerosis\""))
        #expect(!text.contains("symkb:pack \"core\""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["ms.ttl"])
    }

    @Test(.enabled(if: dot != nil, "Graphviz's dot is not installed (apt install graphviz; scripts/setup-test-tools does as root)"))
    func graphvizRendersThePictures() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        for (entity, depth) in [("Lhermitte's sign", "1"), ("ms spasms", "2")] {
            let run = try Self.symkb(["graph", entity, "--depth", depth], in: folder)
            #expect(run.status == 0, "\(run.stderr)")
            let rendered = try SymkbProcess.runTool(try #require(Self.dot), ["-Tsvg"], stdin: run.stdout)
            #expect(rendered.status == 0 && rendered.stdout.contains("<svg"), "\(rendered.stderr)")
        }
        // A pattern's evidence, drawn with --format dot, renders too.
        let run = try Self.symkb(["query", "--format", "dot", "what triggers \"Lhermitte's sign\""], in: folder)
        #expect(run.status == 0 && run.stdout.contains("digraph"), "\(run.stderr)")
        #expect(try SymkbProcess.runTool(try #require(Self.dot), ["-Tsvg"], stdin: run.stdout).status == 0)
        let svg = try Self.symkb(["graph", "Lhermitte's sign", "--format", "svg", "--out", "l.svg"], in: folder)
        #expect(svg.status == 0, "\(svg.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("l.svg"), encoding: .utf8).contains("Lhermitte&#39;s sign"))
    }

    @Test func svgWithoutGraphvizNamesThePackage() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let run = try SymkbProcess.run(["graph", "tremor", "--format", "svg"], directory: folder,
                                       environment: ["HOME": folder.path, "SYMKB_PACKS": "", "PATH": folder.path])
        #expect(run.status == 69, "\(run.stderr)")
        #expect(run.stderr.contains("apt install graphviz"))
    }

    @Test func treeShowsTheEffectsOfACondition() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let run = try Self.symkb(["graph", "ms spasms", "--format", "tree", "--relations", "causes"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.first == "Multiple sclerosis spasms (ms:ms-spasms)")
        #expect(lines.contains("├─ causes Physical disability (ms:physical-disability) [may, when the symptoms have a severe onset]"))
        #expect(lines.dropFirst().allSatisfy { $0.contains("causes") || $0.contains("caused by") })
    }
}

/// Queries that travel with the data: the SPARQL symkb writes, run by pyoxigraph on symkb's own
/// Turtle export, answers as symkb does (`Tests/Scripts/sparql_export_differential.py`).
@Suite(.enabled(if: SymkbProcess.isBuilt && ExportCommandTests.hasModule("pyoxigraph"),
                "needs the built symkb and pyoxigraph in .build/test-venv (run scripts/setup-test-tools)"))
struct SparqlExportDifferentialTests {
    static let script = Fixtures.packageRoot.appendingPathComponent("Tests/Scripts/sparql_export_differential.py")

    static func summary(_ output: String) -> (compared: Int, failed: Int)? {
        guard let line = output.split(separator: "\n").last(where: { $0.contains(" compared, ") }) else { return nil }
        let numbers = line.split(separator: " ").compactMap { Int($0) }
        return numbers.count >= 3 ? (numbers[0], numbers[2]) : nil
    }

    @Test(arguments: [1, 2])
    func readmeExamplesAndRandomPatternsAgreeOnTheBundledPacks(seed: Int) throws {
        let readme = Fixtures.packageRoot.appendingPathComponent("README.md")
        let run = try SymkbProcess.runTool(ExportCommandTests.python,
            [Self.script.path, SymkbProcess.binary.path, readme.path, "--seed", String(seed), "--count", "150"])
        #expect(run.status == 0, "\(run.stdout.suffix(3000))\(run.stderr)")
        let summary = try #require(Self.summary(run.stdout), "\(run.stdout.suffix(500))")
        #expect(summary.failed == 0 && summary.compared >= 160, "\(run.stdout.suffix(800))")
    }

    /// The same on the HPO (imported from the release into a temporary pack): merged concepts,
    /// the ontology's is_a and 270,000 annotations (about a minute in a debug build).
    @Test(.enabled(if: Fixtures.hasHPO, "the HPO release is not at SYMKB_HPO_DIR or ../shared/data/hpo"))
    func questionsAgreeWithTheHPOLoaded() throws {
        let packs = try SymkbProcess.temporaryDirectory()
        let hpo = Fixtures.hpoDirectory
        let imported = try SymkbProcess.run(["pack", "import", "--obo", hpo.appendingPathComponent("hp.obo").path,
                                             "--hpoa", hpo.appendingPathComponent("phenotype.hpoa").path, "--out", packs.path + "/hpo"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let readme = Fixtures.packageRoot.appendingPathComponent("README.md")
        let questions = ["conditions with tremor", "ancestors of HP:0001257", "symptoms of OMIM:619340", "describe HP:0001337",
                         "does OMIM:619340 have seizure", "?d has_symptom HP:0001337, ?d has_symptom HP:0001250",
                         "?d has_symptom HP:0001250, not ?d has_symptom HP:0001337, ?d kind disease",
                         "descendants of HP:0001250 count", "is tremor a kind of finding"]
        let run = try SymkbProcess.runTool(ExportCommandTests.python,
            [Self.script.path, SymkbProcess.binary.path, readme.path, "--packs", packs.path, "--count", "30"]
                + questions.flatMap { ["--question", $0] })
        #expect(run.status == 0, "\(run.stdout.suffix(3000))\(run.stderr)")
        let summary = try #require(Self.summary(run.stdout), "\(run.stdout.suffix(500))")
        #expect(summary.failed == 0 && summary.compared >= 50, "\(run.stdout.suffix(800))")
    }
}
