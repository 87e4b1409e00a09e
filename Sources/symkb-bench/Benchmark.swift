import BundledKnowledge
import Foundation
import KnowledgePacks
import SymptomGraph
import SymptomQuery

/// Times symkb on the Human Phenotype Ontology release in `../shared/data/hpo` (or the folder given,
/// or `$SYMKB_HPO_DIR`). Run it in a release build:
///
///     swift run -c release symkb-bench [HPO_DIR]
///
/// Each measurement is repeated; the table shows the median and the minimum.
///
/// `symkb-bench --export HPO_DIR` prints every term's ancestors and information content instead,
/// for checking against other tools.
@main
struct Benchmark {
    static let findings = ["HP:0003401", "HP:0033748", "HP:0003394", "HP:0001337", "HP:0001257"]

    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        if arguments.first == "--export", arguments.count == 2 {
            return export(folder: arguments[arguments.startIndex + 1])
        }
        if arguments.first == "--open", arguments.count == 3, let times = Int(arguments[arguments.startIndex + 2]) {
            // Opens a pack's snapshot again and again (for a profiler): --open PACK_DIR TIMES
            let folder = arguments[arguments.startIndex + 1]
            guard let manifest = try? String(contentsOfFile: folder + "/pack.yaml", encoding: .utf8),
                  let (contents, _) = try? PackLoading.read([PackFiles(origin: .directory(folder), displayRoot: folder, files: ["pack.yaml": manifest])]),
                  let pack = contents.first else { fail("cannot read the pack at \(folder)") }
            let times = measure(runs: times) { try? PackSnapshot.open(at: folder + "/" + PackSnapshot.fileName, for: pack) }.sorted()
            return print("open: median \(format(times[times.count / 2])), min \(format(times[0]))")
        }
        if arguments.first == "--child", arguments.count >= 2 {
            // The trampoline of a whole-process row: spawned fresh (a few MB resident), it starts the
            // program and prints its wall time, status and peak memory. Spawned straight from this
            // benchmark, the child's ru_maxrss would start at the benchmark's own peak (Linux keeps
            // the high-water mark across exec), hundreds of MB.
            let rest = Array(arguments.dropFirst())
            guard let outcome = ChildProcess.run(rest[0], Array(rest.dropFirst())) else { exit(70) }
            let nanoseconds = outcome.elapsed.components.seconds * 1_000_000_000 + outcome.elapsed.components.attoseconds / 1_000_000_000
            return print("\(nanoseconds) \(outcome.status) \(outcome.peakMegabytes)")
        }
        if arguments.first == "--child-terminal", arguments.count >= 4 {
            // The same for an interactive session: --child-terminal KEYS COMPLETED PROGRAM ARGS…
            let rest = Array(arguments.dropFirst())
            guard let outcome = ChildProcess.runInTerminal(
                rest[2], Array(rest.dropFirst(3)), prompt: "symkb> ", keys: rest[0], completed: rest[1]
            ) else { exit(70) }
            func nanoseconds(_ duration: Duration) -> Int64 {
                duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
            }
            return print("\(nanoseconds(outcome.prompt)) \(nanoseconds(outcome.completion)) \(outcome.peakMegabytes)")
        }
        if arguments.first == "--memory", arguments.count == 3 {
            return memoryProbe(mode: arguments[arguments.startIndex + 1], folder: arguments[arguments.startIndex + 2])
        }
        if arguments.first == "diagnose" {
            return diagnose(Array(arguments.dropFirst()))
        }
        let folder = arguments.first ?? ProcessInfo.processInfo.environment["SYMKB_HPO_DIR"] ?? "../shared/data/hpo"
        let obo = URL(fileURLWithPath: folder).appendingPathComponent("hp.obo").standardizedFileURL.path
        let hpoa = URL(fileURLWithPath: folder).appendingPathComponent("phenotype.hpoa").standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: obo), FileManager.default.fileExists(atPath: hpoa) else {
            FileHandle.standardError.write(Data(
                "symkb-bench: skipped: no hp.obo and phenotype.hpoa in \(folder) (give the folder or set SYMKB_HPO_DIR)\n".utf8))
            exit(0)
        }
        let core = PackLoading.embeddedPacks(BundledKnowledge.files, displayPrefix: PackLoading.bundledDisplayPrefix).filter { $0.displayRoot.hasSuffix("/core") }
        func pack(obo: String, hpoa: String?) -> PackFiles {
            let text = ImportedPackManifest.text(id: "hpo", obo: obo, hpoa: hpoa, dataVersion: "hp/releases/2025-01-16")
            return PackFiles(origin: .directory("/"), displayRoot: "bench", files: ["pack.yaml": text])
        }
        var rows: [(String, [Duration])] = []
        let oboBytes = [UInt8](FileManager.default.contents(atPath: obo) ?? Data())
        let hpoaBytes = [UInt8](FileManager.default.contents(atPath: hpoa) ?? Data())
        rows.append(("parse hp.obo (bytes in memory)", measure(runs: 5) { () -> OBODocument in
            var parser = OBOParser(file: obo)
            return parser.parse(oboBytes)
        }))
        rows.append(("parse phenotype.hpoa (bytes in memory)", measure(runs: 5) { () -> HPOAnnotationFile in
            var parser = HPOAParser(file: hpoa)
            return parser.parse(hpoaBytes)
        }))
        rows.append(("load hp.obo (read, parse, graph)", measure(runs: 5) { load(core + [pack(obo: obo, hpoa: nil)]) }))
        rows.append(("load hp.obo + phenotype.hpoa (read, parse, graph)", measure(runs: 5) { load(core + [pack(obo: obo, hpoa: hpoa)]) }))
        // The compiled snapshot (what `symkb pack compile` writes), in a temporary pack folder.
        let snapshotFolder = FileManager.default.temporaryDirectory
            .appendingPathComponent("symkb-bench-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: snapshotFolder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: snapshotFolder) }
        let compiledPack = PackFiles(origin: .directory(snapshotFolder), displayRoot: snapshotFolder,
                                     files: pack(obo: obo, hpoa: hpoa).files)
        try compiledPack.files["pack.yaml", default: ""].write(toFile: snapshotFolder + "/pack.yaml", atomically: true, encoding: .utf8)
        let (compiledContents, _) = try PackLoading.read(core + [compiledPack])
        guard let hpoContent = compiledContents.last else { exit(70) }
        var snapshotPath = ""
        let bundled = PackLoading.embeddedPacks(BundledKnowledge.files, displayPrefix: PackLoading.bundledDisplayPrefix)
        rows.append(("compile snapshot (symkb pack compile, once)", measure(runs: 1) {
            do throws(PackLoadError) {
                // As `symkb pack compile` does: with the ranking tables of the graph that
                // `symkb query --pack FOLDER` loads (the whole-process rows below).
                snapshotPath = try PackCompiler.compile("hpo", among: compiledContents) { compiled in
                    let catalog = try? PackCatalog.discover(
                        bundled: bundled, explicit: [snapshotFolder], environment: ProcessInfo.processInfo.environment)
                    return catalog.flatMap { try? CatalogLoader.load($0, compiled: compiled).knowledge.graph }
                }.path
            } catch {
                FileHandle.standardError.write(Data("symkb-bench: \(error)\n".utf8))
                exit(65)
            }
        }))
        rows.append(("open snapshot (read, verify checksum and inputs, decode)", measure(runs: 9) { () -> PackSnapshot in
            do throws(SnapshotError) {
                return try PackSnapshot.open(at: snapshotPath, for: hpoContent)
            } catch {
                fail("cannot open \(snapshotPath): \(error)")
            }
        }))
        rows.append(("load hp.obo + phenotype.hpoa from snapshot (open + graph)", measure(runs: 9) { () -> KnowledgeBase in
            let knowledge = load(core + [compiledPack])
            guard knowledge.packsFromSnapshots == ["hpo"] else {
                fail("the snapshot was not used: \(knowledge.warnings.map(\.description).joined(separator: "; "))")
            }
            return knowledge
        }))
        // With the bundled packs too: their entities merge with HPO terms (ConceptMerge).
        rows.append(("load bundled packs + HPO from snapshot (with concept merge)", measure(runs: 9) { () -> KnowledgeBase in
            let knowledge = load(bundled + [compiledPack])
            guard knowledge.graph.concepts.members.count == 8 else {
                fail("expected 8 merged concepts, found \(knowledge.graph.concepts.members.count)")
            }
            return knowledge
        }))
        let knowledge = load(core + [pack(obo: obo, hpoa: hpoa)])
        let graph = knowledge.graph
        var index: PhenotypeIndex?
        rows.append(("ranking index: ancestors + IC for OMIM, ORPHA, DECIPHER", measure(runs: 5) { () -> PhenotypeIndex? in
            // Each database is derived on first use: ask for all three.
            let index = PhenotypeIndex(graph: graph)
            for name in ["OMIM", "ORPHA", "DECIPHER"] { _ = index?.databases[name] }
            return index
        }))
        index = PhenotypeIndex(graph: graph)
        guard let index, let spasticity = graph.entityID(for: "HP:0001257"), let root = graph.entityID(for: "HP:0000118"),
              let hasSubtype = graph.step(named: "has_subtype"), let isA = graph.step(named: "is_a")
        else { exit(70) }
        rows.append(("name index over every entity (text-loaded; a snapshot's is read)", measure(runs: 5) {
            NameIndex(entities: graph.statedEntities)
        }))
        var sink = 0
        rows.append(("ancestors of HP:0001257 (precomputed, 1e6 calls, per call)", measure(runs: 7, repeat: 1_000_000) {
            sink &+= index.ancestors(of: spasticity).count
        }))
        rows.append(("ancestors of HP:0001257 (graph walk over is_a)", measure(runs: 7, repeat: 1000) {
            sink &+= graph.closure(from: spasticity, steps: [isA]).count
        }))
        var descendants = 0
        rows.append(("all descendants of HP:0000118 (graph walk)", measure(runs: 7) {
            descendants = graph.closure(from: root, steps: [hasSubtype]).count
        }))
        let ranker = PhenotypeRanker(index: index)
        let terms = findings.compactMap { graph.entityID(for: $0) }
        for similarity in TermSimilarity.allCases {
            rows.append(("rank 5 findings vs \(index.databases["OMIM"]?.diseases.count ?? 0) OMIM, \(similarity.rawValue)", measure(runs: 9) {
                sink &+= ranker.rank(findings: terms, database: "OMIM", similarity: similarity)?.count ?? 0
            }))
        }
        let memory = [("text", snapshotFolder), ("snapshot", snapshotFolder)].map { mode, folder in
            (mode, Self.runMemoryProbe(mode: mode, folder: folder))
        }
        let processes = wholeProcessRows(packFolder: snapshotFolder, obo: obo, hpoa: hpoa)
        let hpo3 = hpo3Rows(folder: folder)
        print("symkb-bench on \(folder) (HPO release 2025-01-16 expected): \(graph.entities.count) entities, "
            + "\(graph.assertions.count) assertions, \(descendants) descendants of HP:0000118")
        print("measurement".padding(toLength: 64, withPad: " ", startingAt: 0) + "     median          min")
        for (name, times) in rows {
            let sorted = times.sorted()
            print(name.padding(toLength: 64, withPad: " ", startingAt: 0)
                  + format(sorted[sorted.count / 2]) + format(sorted[0]))
        }
        for (mode, megabytes) in memory {
            print("peak memory: one process, load (\(mode)) + index + both ranks".padding(toLength: 64, withPad: " ", startingAt: 0)
                  + (megabytes.map { String(format: "%10.1f MB", $0) } ?? "    failed"))
        }
        printWholeProcess(processes, hpo3: hpo3)
        if sink == 42 { print("") }
    }

    // MARK: Whole processes

    /// Cold runs of the `symkb` executable beside this benchmark (`.build/release/symkb`), with
    /// the bundled packs and the compiled HPO pack: what a user waits for. Each row: median wall
    /// time of 9 runs, and the peak resident memory of the median-time run (the child's own,
    /// from `wait4`).
    struct ProcessRow {
        var name: String
        var times: [Duration]
        /// Empty when the process timed is not the one that did the work (an import's: its
        /// child does, ``importInPlaceRow`` shows its memory).
        var peakMegabytes: [Double]
    }

    static func wholeProcessRows(packFolder: String, obo: String, hpoa: String) -> [ProcessRow]? {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("symkb").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            FileHandle.standardError.write(Data("symkb-bench: no symkb beside this benchmark; build it (swift build -c release --product symkb) for the whole-process rows\n".utf8))
            return nil
        }
        let ids = findings.joined(separator: ", ")
        let names = "paresthesia, hypoesthesia, muscle spasm, tremor, spasticity"
        let cases: [(String, [String])] = [
            ("symkb --version (process start, no packs)", ["--version"]),
            ("start, load bundled + HPO snapshot, .stats (no query)", ["query", "--pack", packFolder, ".stats"]),
            ("query 'rank 5 HP ids from OMIM' (resnik)", ["query", "--pack", packFolder, "rank \(ids) using resnik from OMIM"]),
            ("query 'rank 5 names from OMIM' (name index too)", ["query", "--pack", packFolder, "rank \(names) using resnik from OMIM"]),
            ("query 'describe HP:0001257'", ["query", "--pack", packFolder, "describe HP:0001257"]),
            ("query 'ancestors of HP:0001257'", ["query", "--pack", packFolder, "ancestors of HP:0001257"]),
        ]
        // The import a user runs: both files read, the graph checked, the snapshot written — into
        // a folder each run replaces (an update: the old pack's 33 MB snapshot is deleted in the
        // process), and into a new folder (a first import: the folder is removed between runs,
        // untimed). Each import starts
        // half a second after the run before, as a user's does: on a virtual machine that hands
        // freed memory back to its host, a process run right after another reuses memory the
        // host still backs, and an import timed back to back measured what a user never sees.
        let importFolder = packFolder + "-import", newFolder = packFolder + "-new"
        defer { for folder in [importFolder, newFolder] { try? FileManager.default.removeItem(atPath: folder) } }
        let importing = ["pack", "import", "--obo", obo, "--hpoa", hpoa, "--out", importFolder]
        let importingAnew = ["pack", "import", "--obo", obo, "--hpoa", hpoa, "--out", newFolder]
        // An import runs in a child process whose memory is torn down after its parent, the
        // process timed, has exited with its status; the last row runs it in one process
        // (SYMKB_TEARDOWN_IN_PLACE), for its peak memory and what the teardown costs.
        var rows: [ProcessRow] = []
        for (name, arguments) in cases + [(Self.importRow, importing), (Self.newImportRow, importingAnew), (Self.importInPlaceRow, importing)] {
            let anew = arguments == importingAnew, importRun = arguments == importing || anew
            let inPlace = name == Self.importInPlaceRow
            if inPlace { setenv("SYMKB_TEARDOWN_IN_PLACE", "1", 1) }
            defer { if inPlace { unsetenv("SYMKB_TEARDOWN_IN_PLACE") } }
            guard let first = throughTrampoline(binary, arguments), first.status == 0 else {
                fail("symkb \(arguments.joined(separator: " ")) failed")
            }
            var runs: [(Duration, Double)] = []
            for _ in 0..<9 {
                if anew { try? FileManager.default.removeItem(atPath: newFolder) }
                if importRun { Thread.sleep(forTimeInterval: 0.5) }
                guard let run = throughTrampoline(binary, arguments) else { fail("cannot start \(binary)") }
                runs.append((run.elapsed, run.peakMegabytes))
            }
            rows.append(ProcessRow(name: name, times: runs.map(\.0), peakMegabytes: importRun && !inPlace ? [] : runs.map(\.1)))
        }
        // The REPL under a pseudo-terminal: the first prompt, and a completion typed the moment it shows.
        var prompts: [(Duration, Double)] = [], completions: [(Duration, Double)] = []
        for run in 0..<10 {
            guard let times = terminalTimes(binary, ["--pack", packFolder], keys: "describe paresthes\t", completed: "esthesia")
            else { fail("the REPL did not show its prompt or complete 'paresthes' under a pseudo-terminal") }
            if run > 0 {
                prompts.append((times.prompt, times.peak))
                completions.append((times.completion, times.peak))
            }
        }
        rows.append(ProcessRow(name: "REPL: first prompt (bundled + HPO, pseudo-terminal)", times: prompts.map(\.0), peakMegabytes: prompts.map(\.1)))
        rows.append(ProcessRow(name: "REPL: completion of a Tab typed at the first prompt", times: completions.map(\.0),
                               peakMegabytes: completions.map(\.1)))
        return rows
    }

    /// Runs the REPL through the `--child-terminal` trampoline.
    static func terminalTimes(_ path: String, _ arguments: [String], keys: String, completed: String)
        -> (prompt: Duration, completion: Duration, peak: Double)? {
        guard let fields = trampoline(["--child-terminal", keys, completed, path] + arguments),
              let prompt = Int64(fields[0]), let completion = Int64(fields[1]), let peak = Double(fields[2])
        else { return nil }
        return (.nanoseconds(prompt), .nanoseconds(completion), peak)
    }

    /// Runs `path` through this benchmark's `--child` trampoline (see `main`).
    static func throughTrampoline(_ path: String, _ arguments: [String]) -> ChildProcess.Outcome? {
        guard let fields = trampoline(["--child", path] + arguments),
              let nanoseconds = Int64(fields[0]), let status = Int32(fields[1]), let peak = Double(fields[2])
        else { return nil }
        return ChildProcess.Outcome(elapsed: .nanoseconds(nanoseconds), status: status, peakMegabytes: peak)
    }

    /// Runs this benchmark again with `arguments` (a trampoline mode) and returns the three
    /// fields it prints, or `nil`.
    static func trampoline(_ arguments: [String]) -> [String]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { return nil }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let fields = output.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        return fields.count == 3 ? fields : nil
    }

    /// hpo3's figures from `../shared/bench/hpo3_timings.py` (or `$SYMKB_HPO3_SCRIPT`), run with
    /// `$HPO3_PYTHON` or `/tmp/hpo3-venv/bin/python` when hpo3 is installed there; `nil` otherwise.
    static func hpo3Rows(folder: String) -> [(String, Double)]? {
        let environment = ProcessInfo.processInfo.environment
        let script = environment["SYMKB_HPO3_SCRIPT"] ?? "../shared/bench/hpo3_timings.py"
        let python = environment["HPO3_PYTHON"] ?? "/tmp/hpo3-venv/bin/python"
        guard FileManager.default.fileExists(atPath: script), FileManager.default.isExecutableFile(atPath: python) else {
            FileHandle.standardError.write(Data("symkb-bench: hpo3 skipped: no \(python) or \(script) (see the script's header to install hpo3)\n".utf8))
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, folder]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return output.split(separator: "\n").dropFirst().compactMap { line -> (String, Double)? in
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 3, parts.last == "ms", let value = Double(parts[parts.count - 2]) else { return nil }
            return (parts.dropLast(2).joined(separator: " "), value)
        }
    }

    static let importRow = "pack import hp.obo + phenotype.hpoa (read, check, compile)"
    static let newImportRow = "pack import, into a new folder (first import)"
    static let importInPlaceRow = "pack import, memory torn down before exiting (one process)"

    /// The median of a row's times, in milliseconds.
    static func medianMilliseconds(_ row: ProcessRow) -> Double {
        let median = row.times.sorted()[row.times.count / 2]
        return Double(median.components.seconds) * 1000 + Double(median.components.attoseconds) / 1e15
    }

    static func printWholeProcess(_ rows: [ProcessRow]?, hpo3: [(String, Double)]?) {
        guard let rows else { return }
        print("")
        print("whole process, cold (child processes, 9 runs)".padding(toLength: 64, withPad: " ", startingAt: 0)
              + "     median          min   peak memory")
        for row in rows {
            let order = row.times.indices.sorted { row.times[$0] < row.times[$1] }
            let median = order[order.count / 2]
            print(row.name.padding(toLength: 64, withPad: " ", startingAt: 0) + format(row.times[median]) + format(row.times[order[0]])
                  + (row.peakMegabytes.isEmpty ? "  (its child's)" : String(format: "  %9.1f MB", row.peakMegabytes[median])))
        }
        guard let hpo3 else { return }
        print("")
        print("hpo3 1.5.1 (../shared/bench/hpo3_timings.py), same machine, same run")
        for (name, milliseconds) in hpo3 {
            print(name.padding(toLength: 64, withPad: " ", startingAt: 0) + String(format: "%10.2f ms", milliseconds))
        }
        // hpo3's whole process for one ranking: start and import, load, the disease sets, one rank.
        let parts = ["python start + import", "load hp.obo + phenotype.hpoa", "build", "rank 5 findings"]
        let total = parts.compactMap { part in hpo3.first { $0.0.hasPrefix(part) }?.1 }
        if let load = hpo3.first(where: { $0.0.hasPrefix("load hp.obo + phenotype.hpoa") })?.1,
           let imported = rows.first(where: { $0.name == importRow }), let anew = rows.first(where: { $0.name == newImportRow }) {
            print("hpo3 load of the two files, against symkb's whole pack import".padding(toLength: 64, withPad: " ", startingAt: 0)
                  + String(format: "%10.2f ms  (symkb pack import: %.1fx faster; into a new folder: %.1fx)",
                           load, load / medianMilliseconds(imported), load / medianMilliseconds(anew)))
        }
        if total.count == parts.count, let rank = rows.first(where: { $0.name.contains("HP ids") }) {
            let hpo3Total = total.reduce(0, +)
            let symkb = medianMilliseconds(rank)
            print("hpo3 in-script: import + load + disease sets + rank (no interpreter start)".padding(toLength: 64, withPad: " ", startingAt: 0)
                  + String(format: "%10.2f ms  (symkb cold rank by ids: %.1fx faster)", hpo3Total, hpo3Total / symkb))
        }
    }

    /// `diagnose [HPO_DIR] [--patients N] [--interviews N] [--seed S] [--hpo3]` (see ``DiagnosisBenchmark``).
    static func diagnose(_ arguments: [String]) {
        var folder = ProcessInfo.processInfo.environment["SYMKB_HPO_DIR"] ?? "../shared/data/hpo"
        var patients = 300, interviewPatients = 100, seed: UInt64 = 2025, compareWithHpo3 = false
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--patients": patients = rest.popFirst().flatMap { Int($0) } ?? patients
            case "--hpo3": compareWithHpo3 = true
            case "--interviews": interviewPatients = rest.popFirst().flatMap { Int($0) } ?? interviewPatients
            case "--seed": seed = rest.popFirst().flatMap { UInt64($0) } ?? seed
            default: folder = argument
            }
        }
        let obo = folder + "/hp.obo", hpoa = folder + "/phenotype.hpoa"
        guard FileManager.default.fileExists(atPath: obo), FileManager.default.fileExists(atPath: hpoa) else {
            FileHandle.standardError.write(Data(
                "symkb-bench: skipped: no hp.obo and phenotype.hpoa in \(folder) (give the folder or set SYMKB_HPO_DIR)\n".utf8))
            exit(0)
        }
        let core = PackLoading.embeddedPacks(BundledKnowledge.files, displayPrefix: PackLoading.bundledDisplayPrefix).filter { $0.displayRoot.hasSuffix("/core") }
        let text = ImportedPackManifest.text(id: "hpo", obo: URL(fileURLWithPath: obo).standardizedFileURL.path,
                                             hpoa: URL(fileURLWithPath: hpoa).standardizedFileURL.path, dataVersion: "hp/releases/2025-01-16")
        let knowledge = load(core + [PackFiles(origin: .directory("/"), displayRoot: "bench", files: ["pack.yaml": text])])
        DiagnosisBenchmark.run(graph: knowledge.graph, hpoFolder: folder, patients: patients, interviewPatients: interviewPatients, seed: seed,
                                   compareWithHpo3: compareWithHpo3)
    }

    static func load(_ files: [PackFiles]) -> KnowledgeBase {
        do throws(PackLoadError) {
            let (contents, _) = try PackLoading.read(files)
            return try KnowledgeBase(packs: contents)
        } catch {
            fail("\(error)")
        }
    }

    /// `symkb-bench --export HPO_DIR`: for every term, its ancestors (itself included) and its
    /// information content per database, as tab-separated lines, to check against other tools.
    static func export(folder given: String) {
        let folder = URL(fileURLWithPath: given).standardizedFileURL.path
        let core = PackLoading.embeddedPacks(BundledKnowledge.files, displayPrefix: PackLoading.bundledDisplayPrefix).filter { $0.displayRoot.hasSuffix("/core") }
        let text = ImportedPackManifest.text(id: "hpo", obo: folder + "/hp.obo", hpoa: folder + "/phenotype.hpoa", dataVersion: nil)
        let knowledge = load(core + [PackFiles(origin: .directory("/"), displayRoot: "hpo", files: ["pack.yaml": text])])
        let graph = knowledge.graph
        guard let index = PhenotypeIndex(graph: graph) else { fail("no is_a relation") }
        let databases = ["OMIM", "ORPHA"].compactMap { index.databases[$0] }
        var lines = ["id\tancestors\t" + databases.map { "ic_" + $0.name }.joined(separator: "\t")]
        for id in graph.entityIDs where graph.entity(id, isOfKind: "finding") {
            let ancestors = index.ancestors(of: id).map { graph[EntityID(Int($0))].id }.sorted().joined(separator: ",")
            lines.append(graph[id].id + "\t" + ancestors + "\t"
                + databases.map { String($0.informationContent[id.position]) }.joined(separator: "\t"))
        }
        print(lines.joined(separator: "\n"))
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("symkb-bench: \(message)\n".utf8))
        exit(70)
    }

    /// Runs this benchmark again as a child process that loads once, ranks once with each measure,
    /// and prints its peak resident set: the memory figure of a real run, not of the timing loops.
    static func runMemoryProbe(mode: String, folder: String) -> Double? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        process.arguments = ["--memory", mode, folder]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { return nil }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Double(output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The child's side of ``runMemoryProbe(mode:folder:)``: `text` renames the snapshot away for the load.
    static func memoryProbe(mode: String, folder: String) {
        let files = PackLoading.embeddedPacks(BundledKnowledge.files, displayPrefix: PackLoading.bundledDisplayPrefix).filter { $0.displayRoot.hasSuffix("/core") }
        guard let manifest = try? String(contentsOfFile: folder + "/pack.yaml", encoding: .utf8) else { exit(66) }
        let snapshot = folder + "/" + PackSnapshot.fileName
        let origin: PackFiles.Origin = mode == "text" ? .directory(folder + "/text-only") : .directory(folder)
        let hpo = PackFiles(origin: origin, displayRoot: folder, files: ["pack.yaml": manifest])
        guard mode == "text" || FileManager.default.fileExists(atPath: snapshot) else { fail("no \(snapshot)") }
        let knowledge = load(files + [hpo])
        guard knowledge.packsFromSnapshots.isEmpty == (mode == "text") else {
            fail("the snapshot was \(mode == "text" ? "" : "not ")used: \(knowledge.warnings.map(\.description))")
        }
        guard let index = PhenotypeIndex(graph: knowledge.graph) else { fail("no is_a relation") }
        let terms = findings.compactMap { knowledge.graph.entityID(for: $0) }
        let ranker = PhenotypeRanker(index: index)
        for similarity in TermSimilarity.allCases {
            guard ranker.rank(findings: terms, database: "OMIM", similarity: similarity) != nil else { exit(70) }
        }
        print(peakResidentMegabytes())
    }

    /// The process's peak resident set: `VmHWM` on Linux, which, unlike `ru_maxrss`, starts afresh at
    /// `exec` (a spawned child's `ru_maxrss` includes its parent's peak); `ru_maxrss` elsewhere.
    static func peakResidentMegabytes() -> Double {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") {
            return kilobytes / 1024
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Runs `body` once to warm up, then `runs` times; with `repeat`, each time is per call.
    /// Runs `body` once to warm up, then `runs` times, timing only the making of its result: each
    /// result is released after its clock stops (the `symkb` executable never tears a loaded graph
    /// down, so freeing is not part of a load).
    static func measure<Result>(runs: Int, keeping body: () -> Result) -> [Duration] {
        var kept: Result? = body()
        let clock = ContinuousClock()
        return (0..<runs).map { _ in
            let start = clock.now
            let result = body()
            let elapsed = clock.now - start
            if kept != nil { kept = result }  // the previous result is freed here, after the clock
            return elapsed
        }
    }

    static func measure(runs: Int, repeat count: Int = 1, _ body: () -> Void) -> [Duration] {
        body()
        let clock = ContinuousClock()
        return (0..<runs).map { _ in
            let start = clock.now
            for _ in 0..<count { body() }
            return (clock.now - start) / count
        }
    }

    static func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        if seconds < 1e-3 { return String(format: "%10.3f µs", seconds * 1e6) }
        return String(format: "%10.2f ms", seconds * 1e3)
    }
}
