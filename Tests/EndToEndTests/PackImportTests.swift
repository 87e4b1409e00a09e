import Foundation
import Testing
import TestSupport

/// `symkb pack import` and `symkb pack compile` through the binary: the compiled snapshot is used,
/// a damaged one is refused with a warning and the same answers, and compiling again repairs it.
@Suite(.enabled(if: SymkbProcess.isBuilt, "build symkb first (swift build); scripts/test does"))
struct PackImportTests {
    static func importedPack(compile: Bool = true) throws -> URL {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.obo.write(to: folder.appendingPathComponent("tiny.obo"), atomically: true, encoding: .utf8)
        try TinyOntology.hpoa.write(to: folder.appendingPathComponent("tiny.hpoa"), atomically: true, encoding: .utf8)
        let result = try SymkbProcess.run(
            ["pack", "import", "--obo", "tiny.obo", "--hpoa", "tiny.hpoa", "--out", "tiny-pack"] + (compile ? [] : ["--no-compile"]),
            directory: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote tiny-pack/pack.yaml (pack 'hpo', importing 2 files)"))
        #expect(result.stdout.contains("compiled ") == compile)
        return folder
    }

    /// An ontology other than the HPO gets its own id and title, not the HPO's name and licence.
    @Test func anotherOntologyIsNotCalledTheHPO() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let obo = TinyOntology.obo.replacingOccurrences(of: "format-version: 1.4\n", with: "format-version: 1.4\nontology: mig\n")
        try obo.write(to: folder.appendingPathComponent("mig.obo"), atomically: true, encoding: .utf8)
        let result = try SymkbProcess.run(["pack", "import", "--obo", "mig.obo", "--out", "mig"], directory: folder)
        #expect(result.status == 0 && result.stdout.contains("(pack 'mig', importing 1 file)"), "\(result.stderr)")
        let manifest = try String(contentsOf: folder.appendingPathComponent("mig/pack.yaml"), encoding: .utf8)
        #expect(manifest.contains("title: \"mig ontology test/releases/2025-01-16\"") || manifest.contains("title: \"mig ontology 2025-01-16\""),
                "\(manifest)")
        #expect(!manifest.contains("Human Phenotype Ontology") && !manifest.contains("hpo.jax.org"))
        let query = try SymkbProcess.run(["--pack", "mig", "query", "descendants of term one"], directory: folder)
        #expect(query.status == 0 && query.stdout.contains("Term three"), "\(query.stderr)")
    }

    /// The HPO's release names itself `ontology: hp.obo`: its pack is `hpo`, as the README's
    /// `where pack = hpo` expects (it was `ontology`, the fallback for a name that is no id).
    @Test func theHPOsFileNameInItsHeaderGivesThePackIDHpo() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let obo = TinyOntology.obo.replacingOccurrences(of: "format-version: 1.4\n", with: "format-version: 1.4\nontology: hp.obo\n")
        try obo.write(to: folder.appendingPathComponent("hp.obo"), atomically: true, encoding: .utf8)
        let result = try SymkbProcess.run(["pack", "import", "--obo", "hp.obo", "--out", "h"], directory: folder)
        #expect(result.status == 0 && result.stdout.contains("(pack 'hpo', importing 1 file)"), "\(result.stdout)\(result.stderr)")
        let other = obo.replacingOccurrences(of: "ontology: hp.obo", with: "ontology: mig.owl")
        try other.write(to: folder.appendingPathComponent("mig.obo"), atomically: true, encoding: .utf8)
        let mig = try SymkbProcess.run(["pack", "import", "--obo", "mig.obo", "--out", "m"], directory: folder)
        #expect(mig.status == 0 && mig.stdout.contains("(pack 'mig', importing 1 file)"), "\(mig.stdout)\(mig.stderr)")
    }

    @Test func importCompilesAndQueriesUseTheSnapshot() throws {
        let folder = try Self.importedPack()
        let snapshot = folder.appendingPathComponent("tiny-pack/pack.snapshot")
        #expect(FileManager.default.fileExists(atPath: snapshot.path))
        let query = ["query", "--pack", "tiny-pack", "--format", "csv", "descendants of term one"]
        let first = try SymkbProcess.run(query, directory: folder)
        #expect(first.status == 0 && first.stderr.isEmpty, "\(first.stderr)")
        #expect(first.stdout.contains("HP:0000013") && first.stdout.contains("HP:0000014"))

        // Damaged: refused with a located warning, and the answers come from the files, unchanged.
        var bytes = [UInt8](try Data(contentsOf: snapshot))
        bytes[bytes.count / 2] ^= 0x55
        try Data(bytes).write(to: snapshot)
        let damaged = try SymkbProcess.run(query, directory: folder)
        #expect(damaged.status == 0)
        #expect(damaged.stdout == first.stdout)
        #expect(damaged.stderr.contains("tiny-pack/pack.snapshot:1:1: warning: corrupt snapshot: checksum mismatch; "
            + "reading the imported files instead (run 'symkb pack compile "))

        let compile = try SymkbProcess.run(["pack", "compile", "tiny-pack"], directory: folder)
        #expect(compile.status == 0, "\(compile.stderr)")
        #expect(compile.stdout.contains("pack.snapshot: 9 entities, 10 assertions"))
        let repaired = try SymkbProcess.run(query, directory: folder)
        #expect(repaired.stderr.isEmpty && repaired.stdout == first.stdout)
    }

    /// `symkb query` answers while the snapshot's sum is being taken, and shows nothing before it
    /// matches: damaged where decoding cannot tell (a letter of a label), the answer printed is
    /// the files' — for the first statement, answered again, and for the next — in text and JSON.
    @Test func nothingFromADamagedSnapshotIsShown() throws {
        let folder = try Self.importedPack()
        let snapshot = folder.appendingPathComponent("tiny-pack/pack.snapshot")
        let questions = ["describe HP:0000013", "descendants of term one"]
        var expected: [String: String] = [:]
        for format in ["table", "json"] {
            let intact = try SymkbProcess.run(["query", "--pack", "tiny-pack", "--format", format] + questions, directory: folder)
            #expect(intact.status == 0 && intact.stderr.isEmpty, "\(intact.stderr)")
            #expect(intact.stdout.contains("Term three"))
            expected[format] = intact.stdout
        }
        var bytes = [UInt8](try Data(contentsOf: snapshot))
        let at = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("Term three".utf8)) })
        bytes[at + 5] = UInt8(ascii: "X")
        try Data(bytes).write(to: snapshot)
        for format in ["table", "json"] {
            let damaged = try SymkbProcess.run(["query", "--pack", "tiny-pack", "--format", format] + questions, directory: folder)
            #expect(damaged.status == 0)
            #expect(damaged.stdout == expected[format], "\(format)")
            #expect(!damaged.stdout.contains("Xhree"))
            #expect(damaged.stderr.contains("corrupt snapshot: checksum mismatch"), "\(damaged.stderr)")
        }
        // A script with no statement still reports the damaged snapshot.
        try Data().write(to: folder.appendingPathComponent("empty.symkb"))
        let empty = try SymkbProcess.run(["run", "empty.symkb", "--pack", "tiny-pack"], directory: folder)
        #expect(empty.status == 0 && empty.stdout.isEmpty)
        #expect(empty.stderr.contains("warning: corrupt snapshot: checksum mismatch"), "\(empty.stderr)")
    }

    /// `pack import` tunes glibc's heap in place (HeapTuning) unless `GLIBC_TUNABLES` is set;
    /// either way it prints, exits and writes the same.
    @Test func theHeapTuningChangesNothingAUserSees() throws {
        let folder = try Self.importedPack()
        let arguments = ["pack", "import", "--obo", "tiny.obo", "--hpoa", "tiny.hpoa", "--out", "as-is"]
        let asIs = try SymkbProcess.run(arguments, directory: folder, environment: ["GLIBC_TUNABLES": "glibc.malloc.check=0"])
        #expect(asIs.status == 0, "\(asIs.stderr)")
        let tuned = try Data(contentsOf: folder.appendingPathComponent("tiny-pack/pack.snapshot"))
        let unchanged = try Data(contentsOf: folder.appendingPathComponent("as-is/pack.snapshot"))
        // The snapshots record the same inputs; only the pack folder's name differs in what was printed.
        #expect(tuned == unchanged)
        #expect(asIs.stdout.replacingOccurrences(of: "as-is", with: "tiny-pack").contains("wrote tiny-pack/pack.yaml"))
        let missing = try SymkbProcess.run(["pack", "import", "--obo", "nowhere.obo", "--out", "x"], directory: folder)
        #expect(missing.status == 66 && missing.stderr.contains("nowhere.obo"))
    }

    /// A compile's status reaches the caller from the process it started while the child that did
    /// the work is still exiting (DetachedTeardown); run in one process instead, a success, a
    /// data error and a usage error print, exit and write the same.
    @Test func theDetachedTeardownChangesNothingAUserSees() throws {
        let folder = try Self.importedPack()
        let runs: [(arguments: [String], status: Int32)] = [
            (["pack", "import", "--obo", "tiny.obo", "--hpoa", "tiny.hpoa", "--out", "again"], 0),
            (["pack", "compile", "tiny-pack"], 0),
            (["pack", "import", "--obo", "tiny.hpoa", "--out", "not-obo"], 65),
            (["pack", "import", "--obo", "tiny.obo", "--out", "."], 64),
        ]
        for run in runs {
            let detached = try SymkbProcess.run(run.arguments, directory: folder)
            let written = try? Data(contentsOf: folder.appendingPathComponent("again/pack.snapshot"))
            let inPlace = try SymkbProcess.run(run.arguments, directory: folder, environment: ["SYMKB_TEARDOWN_IN_PLACE": "1"])
            #expect(detached.status == run.status && inPlace.status == run.status, "\(run.arguments): \(detached.stderr)")
            #expect(detached.stderr == inPlace.stderr, "\(run.arguments)")
            let seconds = /in [0-9.]+ s/
            #expect(detached.stdout.replacing(seconds, with: "in … s") == inPlace.stdout.replacing(seconds, with: "in … s"))
            #expect(written == (try? Data(contentsOf: folder.appendingPathComponent("again/pack.snapshot"))))
        }
        // Nothing is left beside the packs: no staging folder, no pack replaced.
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!left.contains { $0.contains("symkb-import") }, "\(left)")

        // With standard output and error closed, the status is still the child's: 1 when the
        // report cannot be written (the pack is in place), 65 for bad data.
        for (arguments, status) in [("--obo tiny.obo --hpoa tiny.hpoa --out closed", Int32(1)), ("--obo tiny.hpoa --out closed", 65)] {
            for environment in [[:], ["SYMKB_TEARDOWN_IN_PLACE": "1"]] {
                let closed = try SymkbProcess.runTool(URL(fileURLWithPath: "/bin/sh"), [
                    "-c", "cd \"$1\" && exec \"$0\" pack import \(arguments) >&- 2>&-", SymkbProcess.binary.path, folder.path,
                ], environment: environment)
                #expect(closed.status == status, "\(arguments) \(environment)")
            }
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("closed/pack.snapshot").path))
    }

    /// The child that does the work killed by a signal: the process the caller started dies of
    /// the same signal (raised again once the child is gone), and the target is untouched.
    @Test func aKilledChildEndsTheImportWithItsSignal() throws {
        let folder = try Self.importedPack()
        // Large enough that the import is still parsing when the interrupt comes.
        var large = TinyOntology.obo
        for number in 100_000..<180_000 {
            large += "\n[Term]\nid: HP:\(String(format: "%07d", number))\nname: Generated term \(number)\nis_a: HP:0000001\n"
        }
        try large.write(to: folder.appendingPathComponent("large.obo"), atomically: true, encoding: .utf8)
        let snapshot = try Data(contentsOf: folder.appendingPathComponent("tiny-pack/pack.snapshot"))
        // The child is found in /proc (the children of the process the shell started), and killed
        // with SIGKILL: a test runner may start its processes with other signals blocked.
        let result = try SymkbProcess.runTool(URL(fileURLWithPath: "/bin/sh"), [
            "-c", "cd \"$1\" && \"$0\" pack import --obo large.obo --out tiny-pack > /dev/null & job=$!; sleep 0.3; "
                + "kill -KILL $(cat /proc/$job/task/$job/children); wait $job; echo $?", SymkbProcess.binary.path, folder.path,
        ])
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "137", "\(result.stdout) \(result.stderr)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("tiny-pack/pack.snapshot")) == snapshot)
    }

    /// A run killed before it could remove its staging folder leaves it beside the target: the
    /// next import there removes it, and keeps those of runs alive.
    @Test func leftoversOfKilledImportsAreRemovedByTheNext() throws {
        let folder = try Self.importedPack()
        let finished = try SymkbProcess.runTool(URL(fileURLWithPath: "/bin/sh"), ["-c", "echo $$"])
        let dead = try #require(Int(finished.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let alive = Int(ProcessInfo.processInfo.processIdentifier)
        let left = [".tiny-pack.symkb-import-\(dead)", ".tiny-pack.symkb-import-\(dead).old"]
        let running = ".tiny-pack.symkb-import-\(alive)", other = ".other.symkb-import-\(dead)"
        for name in left + [running, other] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(name + "/inner"), withIntermediateDirectories: true)
        }
        let result = try SymkbProcess.run(["pack", "import", "--obo", "tiny.obo", "--out", "tiny-pack"], directory: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let remaining = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("symkb-import") }
        #expect(Set(remaining) == [running, other])

        // Killed between its two renames, a run leaves the pack it replaced and no target: the
        // pack is put back, and what fails next leaves it there.
        try FileManager.default.moveItem(at: folder.appendingPathComponent("tiny-pack"),
                                         to: folder.appendingPathComponent(".tiny-pack.symkb-import-\(dead).old"))
        let failed = try SymkbProcess.run(["pack", "import", "--obo", "tiny.hpoa", "--out", "tiny-pack"], directory: folder)
        #expect(failed.status == 65)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("tiny-pack/pack.snapshot").path))
    }

    /// Standard output on a full disk: the import exits 1 (its report cannot be delivered), the
    /// pack is in place, and no staging folder is left beside it.
    @Test func aFullStandardOutputLeavesNoStagingFolder() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let folder = try Self.importedPack()
        let result = try SymkbProcess.runTool(URL(fileURLWithPath: "/bin/sh"), [
            "-c", "cd \"$1\" && exec \"$0\" pack import --obo tiny.obo --hpoa tiny.hpoa --out full > /dev/full",
            SymkbProcess.binary.path, folder.path,
        ])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("cannot write to standard output: No space left on device"))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!left.contains { $0.contains("symkb-import") }, "\(left)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("full/pack.snapshot").path))
    }

    /// `--format json`: one document on standard output for programs (what was written, the
    /// snapshot's counts), diagnostics as JSON Lines on standard error.
    @Test func importAndCompileReportInJSON() throws {
        let folder = try Self.importedPack()
        struct Compiled: Decodable { var pack: String, snapshot: String, entities: Int, assertions: Int, bytes: Int, seconds: Double }
        struct Imported: Decodable { var pack: String, folder: String, manifest: String, imports: [String], compiled: Compiled? }
        struct Compilation: Decodable { var compiled: [Compiled] }

        let imported = try SymkbProcess.run(
            ["pack", "import", "--obo", "tiny.obo", "--hpoa", "tiny.hpoa", "--out", "as-json", "--format", "json"], directory: folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        let document = try JSONDecoder().decode(Imported.self, from: Data(imported.stdout.utf8))
        #expect(document.pack == "hpo" && document.folder == "as-json" && document.manifest == "as-json/pack.yaml")
        #expect(document.imports.map { URL(fileURLWithPath: $0).lastPathComponent } == ["tiny.obo", "tiny.hpoa"])
        let snapshot = try #require(document.compiled)
        #expect(snapshot.snapshot == "as-json/pack.snapshot" && snapshot.entities > 0 && snapshot.assertions > 0)
        let size = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("as-json/pack.snapshot").path)[.size] as? Int
        #expect(snapshot.bytes == size)

        let compiled = try SymkbProcess.run(["pack", "compile", "as-json", "--format", "json"], directory: folder)
        #expect(compiled.status == 0, "\(compiled.stderr)")
        let compilation = try JSONDecoder().decode(Compilation.self, from: Data(compiled.stdout.utf8))
        #expect(compilation.compiled.map(\.entities) == [snapshot.entities])
        #expect(compilation.compiled.map(\.assertions) == [snapshot.assertions])

        let uncompiled = try SymkbProcess.run(
            ["pack", "import", "--obo", "tiny.obo", "--out", "bare", "--no-compile", "--format", "json"], directory: folder)
        #expect(uncompiled.status == 0, "\(uncompiled.stderr)")
        #expect(try JSONDecoder().decode(Imported.self, from: Data(uncompiled.stdout.utf8)).compiled == nil)
        #expect(uncompiled.stdout.contains("\"compiled\" : null"), "\(uncompiled.stdout)")

        // A pack that fails after one that compiled: the document lists the snapshot written.
        let manifest = try String(contentsOf: folder.appendingPathComponent("bare/pack.yaml"), encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("broken"), withIntermediateDirectories: true)
        try manifest.replacingOccurrences(of: "tiny.obo", with: "gone.obo")
            .write(to: folder.appendingPathComponent("broken/pack.yaml"), atomically: true, encoding: .utf8)
        let partly = try SymkbProcess.run(["pack", "compile", "as-json", "broken", "--format", "json"], directory: folder)
        #expect(partly.status == 66 || partly.status == 65, "\(partly.stderr)")
        #expect(try JSONDecoder().decode(Compilation.self, from: Data(partly.stdout.utf8)).compiled.map(\.pack) == ["hpo"])
        #expect(partly.stderr.hasPrefix("{"), "\(partly.stderr)")

        // A missing input: exit 66, nothing on standard output, the error as a JSON line.
        let missing = try SymkbProcess.run(["pack", "import", "--obo", "nowhere.obo", "--out", "x", "--format", "json"], directory: folder)
        #expect(missing.status == 66 && missing.stdout.isEmpty)
        let line = try #require(missing.stderr.split(separator: "\n").first)
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(object?["id"] as? String == "file-not-found")
    }

    /// An ontology without a term, or annotations without a row, import nothing: a located error
    /// says so, and no pack of nothing is written (an empty or wrong file would become one).
    @Test func filesWithNothingToImportAreReported() throws {
        let folder = try Self.importedPack()
        try Data().write(to: folder.appendingPathComponent("empty.obo"))
        try Data("format-version: 1.2\n".utf8).write(to: folder.appendingPathComponent("header.obo"))
        try Data("#description: nothing\n".utf8).write(to: folder.appendingPathComponent("empty.hpoa"))
        for (arguments, file, id) in [(["--obo", "empty.obo"], "empty.obo", "obo-no-terms"), (["--obo", "header.obo"], "header.obo", "obo-no-terms"),
                                      (["--obo", "tiny.obo", "--hpoa", "empty.hpoa"], "empty.hpoa", "hpoa-no-rows")] {
            let result = try SymkbProcess.run(["pack", "import"] + arguments + ["--out", "nothing"], directory: folder)
            #expect(result.status == 65, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("\(file):1:1: error: ") && result.stderr.contains("[\(id)]"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("nothing").path))
        }
    }

    /// A pack folder reached through a link is read where the link points, and `--out` naming
    /// the link replaces the pack there: the link stays a link.
    @Test func aLinkedPackFolderIsReadAndReplacedWhereItPoints() throws {
        let folder = try Self.importedPack()
        let link = folder.appendingPathComponent("linked")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "tiny-pack")
        let query = try SymkbProcess.run(["query", "--pack", "linked", "rank Term three"], directory: folder)
        #expect(query.status == 0 && query.stdout.contains("Disease one"), "\(query.stderr)")
        let again = try SymkbProcess.run(["pack", "import", "--obo", "tiny.obo", "--out", "linked", "--no-compile"], directory: folder)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "tiny-pack")
        let manifest = try String(contentsOf: folder.appendingPathComponent("tiny-pack/pack.yaml"), encoding: .utf8)
        #expect(manifest.contains("tiny.obo") && !manifest.contains("tiny.hpoa"), "\(manifest)")
    }

    @Test func withoutCompilingTheFilesAreRead() throws {
        let folder = try Self.importedPack(compile: false)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("tiny-pack/pack.snapshot").path))
        let query = try SymkbProcess.run(["query", "--pack", "tiny-pack", "rank Term three"], directory: folder)
        #expect(query.status == 0 && query.stderr.isEmpty, "\(query.stderr)")
        #expect(query.stdout.contains("Disease one"))
    }

    @Test func packsWithoutImportsCannotBeCompiled() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        _ = try SymkbProcess.run(["pack", "new", "plain"], directory: folder)
        let compile = try SymkbProcess.run(["pack", "compile", "plain"], directory: folder)
        #expect(compile.status == 65)
        #expect(compile.stderr.hasPrefix("plain/pack.yaml:"))
        #expect(compile.stderr.contains(": error: pack 'plain' has nothing to compile"))
        #expect(compile.stderr.contains("[nothing-to-compile]"), "\(compile.stderr)")
        #expect(try SymkbProcess.run(["pack", "compile", "missing"], directory: folder).status == 66)
    }

    /// `--id` is checked before anything is written: an id that is not a pack id, or the id or
    /// namespace of a pack bundled with symkb (which the new pack would hide, or clash with), is
    /// a usage error (64) naming the option, and nothing is left behind; a trailing slash on
    /// `--out` is not shown twice.
    @Test func aBadIdIsAUsageErrorAndWritesNothing() throws {
        let folder = try Self.importedPack()
        let taken = [("core", "core"), ("ms", "multiple-sclerosis"), ("ms-hpo", "ms-hpo")].map { ($0.0, "is taken by the pack '\($0.1)' bundled") }
        for (id, message) in [("Bad Id!", "--id 'Bad Id!' is not a pack id")] + taken {
            let result = try SymkbProcess.run(["pack", "import", "--obo", "tiny.obo", "--id", id, "--out", "other"], directory: folder)
            #expect(result.status == 64 && result.stderr.contains(message), "\(result.stderr)")
            #expect(!(try FileManager.default.contentsOfDirectory(atPath: folder.path)).contains { $0.hasPrefix(".other") || $0 == "other" })
        }
        let slashed = try SymkbProcess.run(["pack", "import", "--obo", "tiny.obo", "--id", "tiny-two", "--out", "two/"], directory: folder)
        #expect(slashed.status == 0 && slashed.stdout.contains("wrote two/pack.yaml"), "\(slashed.stdout)")
    }

    /// The folder an import replaces is never the one the user stands in (or above it), nor one
    /// holding the files it imports, even with --force: those are usage errors and nothing is
    /// touched. An empty --out is one too.
    @Test func theOutFolderNeverSwallowsTheWorkingFolderOrTheInputs() throws {
        let folder = try Self.importedPack()
        let inside = folder.appendingPathComponent("inside")
        try FileManager.default.createDirectory(at: inside, withIntermediateDirectories: false)
        try TinyOntology.obo.write(to: inside.appendingPathComponent("own.obo"), atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--out", "", "--force"], "--out needs the folder"),
            (["--out", ".", "--force"], "is the current folder or holds it"),
            (["--out", "..", "--force"], "is the current folder or holds it"),
        ]
        for (arguments, message) in cases {
            let result = try SymkbProcess.run(["pack", "import", "--obo", "tiny.obo"] + arguments, directory: folder)
            #expect(result.status == 64 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        let swallowing = try SymkbProcess.run(["pack", "import", "--obo", "inside/own.obo", "--out", "inside", "--force"], directory: folder)
        #expect(swallowing.status == 64 && swallowing.stderr.contains("lies inside --out 'inside'"), "\(swallowing.stderr)")
        // The input itself as --out, and an input named through a link inside --out.
        let itself = try SymkbProcess.run(["pack", "import", "--obo", "tiny.obo", "--out", "tiny.obo", "--force"], directory: folder)
        #expect(itself.status == 64 && itself.stderr.contains("is or lies inside --out 'tiny.obo'"), "\(itself.stderr)")
        try FileManager.default.createSymbolicLink(atPath: inside.appendingPathComponent("link.obo").path,
                                                   withDestinationPath: folder.appendingPathComponent("tiny.obo").path)
        let linked = try SymkbProcess.run(["pack", "import", "--obo", "inside/link.obo", "--out", "inside", "--force"], directory: folder)
        #expect(linked.status == 64, "\(linked.stderr)")
        #expect(FileManager.default.fileExists(atPath: inside.appendingPathComponent("link.obo").path))
        #expect(FileManager.default.fileExists(atPath: inside.appendingPathComponent("own.obo").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("tiny.obo").path))
    }

    /// A file that is not a regular one (a pipe from `<(…)`) would be read once, by the import,
    /// and be gone when the pack next loads: it is refused (66), as a folder is.
    @Test func aPipeIsRefusedAsAnInput() throws {
        let folder = try Self.importedPack()
        let pipe = folder.appendingPathComponent("pipe.obo").path
        #expect(mkfifo(pipe, 0o600) == 0)
        let result = try SymkbProcess.run(["pack", "import", "--obo", "pipe.obo", "--out", "piped"], directory: folder)
        #expect(result.status == 66 && result.stderr.contains("is not a regular file"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("piped").path))
    }

    /// A pipe where the snapshot goes is not opened for reading (which would wait for a writer):
    /// it is refused like a damaged snapshot, and the imported files are read instead.
    @Test func aPipeInPlaceOfTheSnapshotIsRefusedNotWaitedOn() throws {
        let folder = try Self.importedPack()
        let snapshot = folder.appendingPathComponent("tiny-pack/pack.snapshot").path
        try FileManager.default.removeItem(atPath: snapshot)
        #expect(mkfifo(snapshot, 0o600) == 0)
        let query = try SymkbProcess.run(["query", "--pack", "tiny-pack", "rank Term three"], directory: folder)
        #expect(query.status == 0 && query.stdout.contains("Disease one"), "\(query.stderr)")
        #expect(query.stderr.contains("pack.snapshot") && query.stderr.contains("reading the imported files instead"), "\(query.stderr)")
    }

    /// An import whose pack would not load beside the packs symkb finds (its annotations name
    /// diseases in the bundled multiple-sclerosis pack's namespace) fails (65) with the load's
    /// error, and writes nothing.
    @Test func anImportThatWouldNotLoadFailsAndWritesNothing() throws {
        let folder = try Self.importedPack()
        try TinyOntology.hpoa.replacingOccurrences(of: "OMIM:1\t", with: "ms:evil\t")
            .write(to: folder.appendingPathComponent("evil.hpoa"), atomically: true, encoding: .utf8)
        let result = try SymkbProcess.run(["pack", "import", "--obo", "tiny.obo", "--hpoa", "evil.hpoa", "--out", "evil"], directory: folder)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("namespace 'ms', which belongs to pack 'multiple-sclerosis' [namespace-owned]"), "\(result.stderr)")
        #expect(result.stderr.contains("note: pack 'hpo' does not load beside the other packs symkb finds here"))
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: folder.path)).contains { $0.contains("evil") && $0 != "evil.hpoa" })
    }
}
