import Foundation
import Testing
import TestSupport

/// Whether curl is on `PATH` (what `pack install` downloads with).
private let curlIsInstalled = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    .contains { FileManager.default.isExecutableFile(atPath: "\($0)/curl") }

/// `symkb pack install hpo` from a local HTTP server on 127.0.0.1 and from a folder: the release is
/// fetched, verified, imported and compiled into the folder given; a failed download or a damaged
/// file leaves nothing behind and what was installed before stays.
@Suite(.enabled(if: SymkbProcess.isBuilt && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
                "needs the symkb binary and python3 (for a local HTTP server)"),
       .enabled(if: curlIsInstalled, "needs curl, which 'pack install' downloads with (scripts/setup-test-tools installs it)"),
       .serialized)
struct PackInstallTests {
    /// Without curl, a download says what to install and exits 69; nothing is written.
    @Test func withoutCurlADownloadSaysWhatToInstall() throws {
        let into = try SymkbProcess.temporaryDirectory()
        let bare = try SymkbProcess.temporaryDirectory()
        let outcome = try SymkbProcess.run(["pack", "install", "hpo", "--from", "http://127.0.0.1:9", "--into", into.path],
                                           environment: ["PATH": bare.path])
        #expect(outcome.status == 69)
        #expect(outcome.stderr.contains("apt install curl") && outcome.stderr.contains("--from FOLDER"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: into.path).isEmpty)
    }

    /// A folder with the tiny ontology as `hp.obo` and `phenotype.hpoa`, its data-version replaced.
    static func release(dataVersion: String = "test/releases/2025-01-16") throws -> URL {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.obo.replacingOccurrences(of: "data-version: test/releases/2025-01-16", with: "data-version: \(dataVersion)")
            .write(to: folder.appendingPathComponent("hp.obo"), atomically: true, encoding: .utf8)
        try TinyOntology.hpoa.write(to: folder.appendingPathComponent("phenotype.hpoa"), atomically: true, encoding: .utf8)
        return folder
    }

    /// Serves `folder` over HTTP on 127.0.0.1 (a free port) while `body` runs.
    static func serving<T>(_ folder: URL, _ body: (URL) throws -> T) throws -> T {
        // The server picks a free port and writes it to a file (read by polling: no pipes to block on).
        let portFile = try SymkbProcess.temporaryDirectory().appendingPathComponent("port")
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        server.arguments = ["-c", """
            import functools, http.server, os, sys
            class Quiet(http.server.SimpleHTTPRequestHandler):
                def log_message(self, *args): pass
            httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=sys.argv[1]))
            with open(sys.argv[2] + ".tmp", "w") as f: f.write(str(httpd.server_address[1]))
            os.rename(sys.argv[2] + ".tmp", sys.argv[2])
            httpd.serve_forever()
            """, folder.path, portFile.path]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        var text: String?
        for _ in 0..<100 where text == nil {
            text = try? String(contentsOf: portFile, encoding: .utf8)
            if text == nil { usleep(50_000) }
        }
        let port = try #require(text.flatMap { Int($0) }, "the HTTP server did not start")
        return try body(try #require(URL(string: "http://127.0.0.1:\(port)")))
    }

    @Test func installsFromAnHTTPServerAndFromAFolder() throws {
        let release = try Self.release()
        let into = try SymkbProcess.temporaryDirectory()
        let fromHTTP = try Self.serving(release) { url in
            try SymkbProcess.run(["pack", "install", "hpo", "--from", url.absoluteString, "--into", into.path])
        }
        #expect(fromHTTP.status == 0, "\(fromHTTP.stderr)")
        #expect(fromHTTP.stdout.contains("installed hpo 2025-01-16 in \(into.path)/hpo"))
        let installed = into.appendingPathComponent("hpo")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: installed.path))
            == ["pack.yaml", "pack.snapshot", "pack.snapshot.verified", "hp.obo", "phenotype.hpoa"])
        // The installed pack answers, from its snapshot.
        let rank = try SymkbProcess.run(["rank", "--pack", installed.path, "--no-default-packs", "term three", "--format", "csv"])
        #expect(rank.status == 0 && rank.stderr.isEmpty, "\(rank.stderr)")
        #expect(rank.stdout.contains("OMIM:1"))

        // Again from a folder: the installed pack is replaced.
        let fromFolder = try SymkbProcess.run(["pack", "install", "hpo", "--from", release.path, "--into", into.path])
        #expect(fromFolder.status == 0, "\(fromFolder.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: into.path) == ["hpo"])  // no staging left
    }

    /// The HPO release of `$SYMKB_HPO_DIR` (default `../shared/data/hpo`), when it is there.
    static var sharedRelease: URL? {
        let path = ProcessInfo.processInfo.environment["SYMKB_HPO_DIR"]
            ?? Fixtures.packageRoot.appendingPathComponent("../shared/data/hpo").standardizedFileURL.path
        let folder = URL(fileURLWithPath: path)
        return FileManager.default.fileExists(atPath: folder.appendingPathComponent("phenotype.hpoa").path) ? folder : nil
    }

    @Test(.enabled(if: sharedRelease != nil, "no HPO release at $SYMKB_HPO_DIR or ../shared/data/hpo"))
    func installsTheRealReleaseFromAnHTTPServer() throws {
        let release = try #require(Self.sharedRelease)
        let into = try SymkbProcess.temporaryDirectory()
        let run = try Self.serving(release) { url in
            try SymkbProcess.run(["pack", "install", "hpo", "--release", "2025-01-16", "--from", url.absoluteString, "--into", into.path])
        }
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("verified the SHA-256 of hp.obo and phenotype.hpoa (release 2025-01-16)"))
        #expect(run.stdout.contains("compiled ") && run.stdout.contains("31721 entities"))
        let rank = try SymkbProcess.run(
            ["rank", "--pack", into.appendingPathComponent("hpo").path, "HP:0001250", "HP:0001263", "--top", "3", "--format", "csv"])
        #expect(rank.status == 0 && rank.stderr.isEmpty, "\(rank.stderr)")
        #expect(rank.stdout.contains("OMIM:"))
    }

    @Test func aFailedOrDamagedDownloadLeavesWhatWasThere() throws {
        let release = try Self.release()
        let into = try SymkbProcess.temporaryDirectory()
        #expect(try SymkbProcess.run(["pack", "install", "hpo", "--from", release.path, "--into", into.path]).status == 0)
        let manifest = try Data(contentsOf: into.appendingPathComponent("hpo/pack.yaml"))

        // A missing file on the server: HTTP 404.
        let empty = try SymkbProcess.temporaryDirectory()
        try TinyOntology.obo.write(to: empty.appendingPathComponent("hp.obo"), atomically: true, encoding: .utf8)
        let missing = try Self.serving(empty) { url in
            try SymkbProcess.run(["pack", "install", "hpo", "--from", url.absoluteString, "--into", into.path])
        }
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("phenotype.hpoa: curl: (22)") && missing.stderr.contains("404"), "\(missing.stderr)")

        // A release symkb knows whose files do not match its checksums.
        let damaged = try Self.release(dataVersion: "hp/releases/2025-01-16")
        let mismatch = try SymkbProcess.run(["pack", "install", "hpo", "--from", damaged.path, "--into", into.path])
        #expect(mismatch.status == 65)
        #expect(mismatch.stderr.contains("the download is damaged or altered"))

        // Another release than asked for.
        let other = try SymkbProcess.run(["pack", "install", "hpo", "--release", "2024-04-26", "--from", release.path, "--into", into.path])
        #expect(other.status == 65)
        #expect(other.stderr.contains("is release 'test/releases/2025-01-16', not 2024-04-26"))

        #expect(try Data(contentsOf: into.appendingPathComponent("hpo/pack.yaml")) == manifest)
        #expect(try FileManager.default.contentsOfDirectory(atPath: into.path) == ["hpo"])
        let unknown = try SymkbProcess.run(["pack", "install", "snomed"])
        #expect(unknown.status == 64)
    }
}
