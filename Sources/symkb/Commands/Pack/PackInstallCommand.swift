import ArgumentParser
import Crypto
import Foundation
import KnowledgePacks

/// `symkb pack install hpo`: fetch the HPO release, verify it, import and compile it into the user
/// pack folder, atomically.
struct PackInstallCommand: ParsableCommand, CompilesPacks {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Download, verify, import and compile a public pack (today: hpo, the Human Phenotype Ontology).",
        discussion: """
            Fetches hp.obo and phenotype.hpoa of an HPO release from the HPO's GitHub releases \
            (the latest, or --release YYYY-MM-DD), or from --from: a folder holding the two files, \
            or a URL under which they lie (a mirror). The files are checked (an OBO ontology, an \
            annotation table, the release asked for, and the SHA-256 of releases symkb knows), \
            imported and compiled into INTO/hpo (default: the user pack folder, where symkb finds \
            it). Nothing is replaced until everything succeeded: an interrupted or failed install \
            leaves what was there.

            Examples:
              symkb pack install hpo
              symkb pack install hpo --release 2025-01-16
              symkb pack install hpo --from /mnt/mirror/hpo --into ./packs

            The HPO has its own licence: https://hpo.jax.org/app/license
            """
    )

    @Argument(help: "What to install: hpo.")
    var name: String

    @Option(help: ArgumentHelp("The HPO release, e.g. 2025-01-16 (default: the latest).", valueName: "YYYY-MM-DD"))
    var release: String?

    @Option(help: ArgumentHelp("A folder or a URL holding hp.obo and phenotype.hpoa.", valueName: "DIR|URL"))
    var from: String?

    @Option(help: ArgumentHelp("The folder to install into (default: the user pack folder).", valueName: "DIR"))
    var into: String?

    /// Releases whose files symkb knows: size and SHA-256 of hp.obo and phenotype.hpoa.
    static let knownReleases: [String: [String: (size: Int, sha256: String)]] = [
        "2025-01-16": [
            "hp.obo": (10_021_952, "6b77de067eecc838319ce7650ed5bab0f92a502eabb160e6bc7c0238bc1548c5"),
            "phenotype.hpoa": (33_669_223, "8180403e2f5de0d8f41890e587d95077ce7f8bb8228d5d7b29dd358b70f0938c"),
        ],
    ]

    static let files = ["hp.obo", "phenotype.hpoa"]

    func validate() throws {
        guard name.lowercased() == "hpo" else {
            throw ValidationError("unknown pack '\(name)'; symkb can install: hpo (or write one with 'symkb pack new')")
        }
        if let release {
            let parts = release.split(separator: "-").map { Int($0) ?? 0 }
            guard parts.count == 3, release.count == 10, (1900...2999).contains(parts[0]), (1...12).contains(parts[1]),
                  (1...31).contains(parts[2]) else {
                throw ValidationError("--release takes a date, YYYY-MM-DD (e.g. 2025-01-16)")
            }
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let folder = into ?? PackCatalog.userFolder(environment: environment) else {
            throw ValidationError("no user pack folder (set HOME or XDG_DATA_HOME), and no --into")
        }
        let fileManager = FileManager.default
        let parent = URL(fileURLWithPath: folder).standardizedFileURL
        let target = parent.appendingPathComponent("hpo")
        if fileManager.fileExists(atPath: target.path), !PackImportCommand.isInstalledPack(at: target) {
            DiagnosticPrinter().error(.usage, "'\(target.path)' exists and is not a pack written by 'symkb pack install'; "
                + "move it away or choose another --into")
            throw ExitCode(ExitStatus.usage)
        }
        // A folder this install creates is removed again when it fails.
        var created: URL?
        var probe = parent
        while !fileManager.fileExists(atPath: probe.path), probe.path != "/" {
            created = probe
            probe = probe.deletingLastPathComponent()
        }
        var succeeded = false
        defer { if !succeeded, let created { try? fileManager.removeItem(at: created) } }
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            DiagnosticPrinter().error(.fileWriteFailed, "cannot create \(parent.path): \(Output.describe(error))")
            throw ExitCode(ExitStatus.cannotCreate)
        }
        // Everything happens in a staging folder beside the target, renamed into place at the end.
        let staging = StagedFolder.staging(beside: target, for: "install")
        defer { try? fileManager.removeItem(at: staging) }
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)

        if let from, URL(string: from)?.scheme == nil, !fileManager.fileExists(atPath: from) {
            DiagnosticPrinter().error(.fileNotFound, "no such folder: \(from)")
            throw ExitCode(ExitStatus.noInput)
        }
        let source = from ?? (release.map { "https://github.com/obophenotype/human-phenotype-ontology/releases/download/v\($0)" }
            ?? "https://github.com/obophenotype/human-phenotype-ontology/releases/latest/download")
        for file in Self.files {
            let destination = staging.appendingPathComponent(file)
            var folderPath = source
            if let url = URL(string: source), url.scheme?.lowercased() == "file" { folderPath = url.path }
            if let url = URL(string: source), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme) {
                try Download.fetch(url.appendingPathComponent(file), to: destination, label: file)
            } else {
                let path = URL(fileURLWithPath: folderPath).appendingPathComponent(file).path
                guard fileManager.fileExists(atPath: path) else {
                    DiagnosticPrinter().error(.fileNotFound, "no \(file) in \(source)", file: path)
                    throw ExitCode(ExitStatus.noInput)
                }
                do {
                    try fileManager.copyItem(atPath: path, toPath: destination.path)
                } catch {
                    DiagnosticPrinter().error(.fileUnreadable, "cannot copy \(path): \(Output.describe(error))")
                    throw ExitCode(ExitStatus.noInput)
                }
            }
        }
        let dataVersion = try verify(staging)

        var text = ImportedPackManifest.text(id: "hpo", obo: "hp.obo", hpoa: "phenotype.hpoa", dataVersion: dataVersion)
        text = text.replacingOccurrences(
            of: "# Written by symkb pack import. The data stays in the files below (not copied): keep them there.",
            with: "# Written by symkb pack install: the release's files are in this folder.")
        try text.write(to: staging.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        let catalog = try PackChecks.catalog(options: try PackOptions.parse([]))
        let report = PackChecker.check(try PackChecks.files([staging.path]), catalog: catalog)
        DiagnosticPrinter().print(report.diagnostics.filter { $0.severity == .error })
        if report.errorCount > 0 { throw ExitCode(ExitStatus.dataError) }

        do {
            try StagedFolder.replace(target, with: staging)
        } catch {
            DiagnosticPrinter().error(.fileWriteFailed, "cannot move the new pack into \(target.path): \(Output.describe(error)); nothing was changed")
            throw ExitCode(ExitStatus.cannotCreate)
        }
        // Compiled in place: the snapshot records where its inputs are. Should compiling fail, the
        // pack still loads (from its files, with a warning that says to compile).
        succeeded = true
        let compiled = try PackCompileCommand.compile(
            try PackFiles.read(directory: target.path), catalog: catalog, displayFolder: target.path, printer: DiagnosticPrinter())
        Output.write(compiled.line)
        // The path and the release come from the command line and the downloaded file: escaped.
        let release = dataVersion.map { $0.split(separator: "/").last.map(String.init) ?? $0 } ?? ""
        Output.write(TerminalText.escaped("installed hpo \(release) in \(target.path)") + "\n")
        if into != nil { Output.write(TerminalText.escaped("use it with: symkb --pack \(target.path)") + "\n") }
    }

    /// Checks the staged files; returns the ontology's data-version.
    private func verify(_ staging: URL) throws -> String? {
        var dataVersion: String?
        for file in Self.files {
            let path = staging.appendingPathComponent(file).path
            guard let handle = FileHandle(forReadingAtPath: path) else {
                DiagnosticPrinter().error(.fileUnreadable, "cannot read the downloaded \(file)")
                throw ExitCode(ExitStatus.dataError)
            }
            defer { try? handle.close() }
            let head = String(decoding: (try? handle.read(upToCount: 4096)) ?? Data(), as: UTF8.self)
            if file == "hp.obo" {
                guard head.hasPrefix("format-version:") else {
                    DiagnosticPrinter().error(.oboSyntax, "\(file) is not an OBO ontology (it does not start with format-version:)")
                    throw ExitCode(ExitStatus.dataError)
                }
                dataVersion = ImportedPackManifest.dataVersion(inHeader: head)
                if let release, !(dataVersion ?? "").hasSuffix(release) {
                    DiagnosticPrinter().error(.oboSyntax, "\(file) is release '\(dataVersion ?? "unknown")', not \(release)")
                    throw ExitCode(ExitStatus.dataError)
                }
            } else if !(head.hasPrefix("#") || head.hasPrefix("database_id")) {
                DiagnosticPrinter().error(.hpoaSyntax, "\(file) is not an HPO annotation table")
                throw ExitCode(ExitStatus.dataError)
            }
        }
        // The HPO's own releases say "hp/releases/YYYY-MM-DD".
        let releaseName = dataVersion.flatMap { $0.hasPrefix("hp/releases/") ? String($0.dropFirst("hp/releases/".count)) : nil }
        if let releaseName, let known = Self.knownReleases[releaseName] {
            for file in Self.files {
                let url = staging.appendingPathComponent(file)
                guard let expected = known[file], let data = try? Data(contentsOf: url, options: .alwaysMapped) else { continue }
                let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
                guard data.count == expected.size, digest == expected.sha256 else {
                    DiagnosticPrinter().error(.fileUnreadable, "\(file) of release \(releaseName) has \(data.count) bytes and SHA-256 "
                        + "\(digest); expected \(expected.size) bytes and \(expected.sha256): the download is damaged or altered")
                    throw ExitCode(ExitStatus.dataError)
                }
            }
            Output.error("verified the SHA-256 of hp.obo and phenotype.hpoa (release \(releaseName))")
        }
        return dataVersion
    }
}

/// One file downloaded by `curl` (a child process: symkb links no network stack), with curl's
/// progress bar on a terminal.
enum Download {
    /// Downloads `url` to `destination`; prints a located error and exits on failure (69 without curl).
    static func fetch(_ url: URL, to destination: URL, label: String) throws {
        guard let curl = ExternalTool.find("curl") else {
            DiagnosticPrinter().error(.toolMissing, "downloading needs 'curl', which is not on PATH (Debian/Ubuntu: apt install curl); "
                + "or download hp.obo and phenotype.hpoa yourself and use --from FOLDER")
            throw ExitCode(ExitStatus.unavailable)
        }
        let showsProgress = Terminal.isInteractive(fileDescriptor: 2)
        let process = Process()
        process.executableURL = curl
        // Not the user's ~/.curlrc (-q, first); HTTP(S) only, also after redirects (GitHub's release
        // links redirect); no URL globbing; an HTTP error fails; a stalled transfer gives up.
        process.arguments = ["-q", "--fail", "--location", "--globoff", "--proto", "=http,https", "--proto-redir", "=http,https",
                             "--connect-timeout", "30", "--speed-time", "60", "--speed-limit", "1",
                             "--output", destination.path]
            + (showsProgress ? ["--progress-bar"] : ["--silent", "--show-error"]) + ["--", url.absoluteString]
        let errors = Pipe()
        if !showsProgress { process.standardError = errors }
        process.standardOutput = FileHandle.nullDevice
        if showsProgress { FileHandle.standardError.write(Data((label + "\n").utf8)) }
        do {
            try process.run()
        } catch {
            DiagnosticPrinter().error(.toolMissing, "cannot run \(curl.path): \(Output.describe(error))")
            throw ExitCode(ExitStatus.unavailable)
        }
        let message = showsProgress ? Data() : errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: destination.path) else {
            let reason = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            DiagnosticPrinter().error(.fileNotFound, "cannot download \(url.absoluteString): "
                + TerminalText.escaped(reason.isEmpty ? "curl exited with status \(process.terminationStatus)" : reason))
            throw ExitCode(ExitStatus.noInput)
        }
    }
}
