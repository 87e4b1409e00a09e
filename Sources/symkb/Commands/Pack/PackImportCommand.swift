import ArgumentParser
import Foundation
import KnowledgePacks

/// `symkb pack import --obo FILE [--hpoa FILE] --out DIR`: a pack that imports an ontology.
struct PackImportCommand: ParsableCommand, CompilesPacks {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write a pack that imports an OBO ontology and, optionally, HPO annotations.",
        discussion: """
            The pack refers to the files by absolute path; nothing is copied. Load it with --pack. \
            The pack is compiled into pack.snapshot unless --no-compile is given (see `symkb pack compile`). \
            Its dependencies (the core pack) come from the packs symkb finds by default; of the options \
            shared by every command, only --format applies (json: one document on standard output, \
            diagnostics as JSON Lines on standard error).

            Examples:
              symkb pack import --obo hp.obo --hpoa phenotype.hpoa --out hpo
              symkb --pack hpo query 'rank tingling, numbness, tremor'
            """
    )

    @OptionGroup var options: PackOptions

    @Option(help: ArgumentHelp("The OBO ontology (e.g. hp.obo).", valueName: "file"))
    var obo: String

    @Option(help: ArgumentHelp("HPO annotations (phenotype.hpoa).", valueName: "file"))
    var hpoa: String?

    @Option(help: ArgumentHelp("The pack folder to write.", valueName: "dir"))
    var out: String

    @Option(help: "The pack id (default: hpo for the HPO; else the name in the file's 'ontology:' header).")
    var id: String?

    @Flag(inversion: .prefixedNo, help: "Compile the pack into pack.snapshot, so it loads in milliseconds.")
    var compile = true

    @Flag(help: "Replace --out even when it is not a pack written by 'symkb pack import'.")
    var force = false

    func validate() throws {
        guard !out.isEmpty else { throw ValidationError("--out needs the folder to write the pack to") }
        if let id, !PackManifest.isValidID(id) {
            throw ValidationError("--id '\(id)' is not a pack id: use lowercase letters, digits and dashes, starting with a letter")
        }
    }

    /// Whether a folder holds only what this command writes: a pack.yaml with `imports:`, a
    /// snapshot and its stamp.
    static func isImportedPack(at folder: URL) -> Bool {
        let manifest = folder.appendingPathComponent("pack.yaml")
        guard let text = try? String(contentsOf: manifest, encoding: .utf8),
              text.split(separator: "\n").contains(where: { $0.hasPrefix("imports:") }),
              let contents = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return false }
        return Set(contents).isSubset(of: ["pack.yaml", PackSnapshot.fileName, PackSnapshot.stampFileName])
    }

    /// Whether a folder holds only what `symkb pack install` writes.
    static func isInstalledPack(at folder: URL) -> Bool {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("pack.yaml"), encoding: .utf8),
              text.hasPrefix("# Written by symkb pack install"),
              let contents = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return false }
        return Set(contents).isSubset(of: ["pack.yaml", PackSnapshot.fileName, PackSnapshot.stampFileName, "hp.obo", "phenotype.hpoa"])
    }

    /// Diagnostics as text, or as JSON Lines under `--format json`.
    private var printer: DiagnosticPrinter { DiagnosticPrinter(format: options.format) }

    func run() throws {
        let oboPath = URL(fileURLWithPath: obo).standardizedFileURL.path
        let hpoaPath = hpoa.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let inputs = [oboPath] + (hpoaPath.map { [$0] } ?? [])
        try refuseUnreadable(inputs)
        // Read the header only, for the release (a file that cannot be read is reported by the import).
        var dataVersion: String?, ontology: String?
        if let handle = FileHandle(forReadingAtPath: oboPath) {
            defer { try? handle.close() }
            if let head = try? handle.read(upToCount: 4096) {
                dataVersion = ImportedPackManifest.dataVersion(inHeader: String(decoding: head, as: UTF8.self))
                ontology = ImportedPackManifest.ontology(inHeader: String(decoding: head, as: UTF8.self))
            }
        }
        let id = self.id ?? ImportedPackManifest.defaultID(ontology: ontology)
        let shown = PackFiles.displayRoot(for: out)  // --out as given, without a trailing slash
        let text = ImportedPackManifest.text(id: id, obo: oboPath, hpoa: hpoaPath, dataVersion: dataVersion, ontology: ontology)
        let fileManager = FileManager.default
        // A link to a folder is followed: the pack it points to is replaced, not the link.
        let target = URL(fileURLWithPath: out).standardizedFileURL.resolvingSymlinksInPath()
        try refuseUnsafe(target, holding: inputs, id: id)
        // Only a pack this command wrote is replaced without --force: a hand-written pack stays.
        if fileManager.fileExists(atPath: target.path), !force, !Self.isImportedPack(at: target) {
            printer.error(.usage, "'\(out)' exists and is not a pack written by 'symkb pack import'; "
                + "choose another --out, or add --force to replace it")
            throw ExitCode(ExitStatus.usage)
        }
        try refuseBundledID(id)
        // Everything is written into a staging folder beside the target, checked (and compiled), and
        // only then renamed into place: a failed import leaves what was there byte for byte.
        let staging = StagedFolder.staging(beside: target, for: "import")
        defer { try? fileManager.removeItem(at: staging) }
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            try text.write(to: staging.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        } catch {
            printer.error(.fileWriteFailed, "cannot write \(shown)/pack.yaml: \(Output.describe(error))")
            throw ExitCode(ExitStatus.cannotCreate)
        }
        // Shown as the folder it becomes: a problem found in the staged manifest names --out.
        let files = try PackChecks.files([staging.path], printer: printer).map { $0.displayed(as: shown) }
        // The imported files are read and parsed from now on, while the catalog is found.
        let started = compile ? try files.map { try PackCompileCommand.start($0, printer: printer) } : []
        // Dependencies (the core pack) come from the default catalog: bundled, user folder, $SYMKB_PACKS.
        var defaults = try PackOptions.parse([])
        defaults.formatOption = options.formatOption  // its errors are printed as asked
        let catalog = try PackChecks.catalog(options: defaults)
        var compiled: [PackDocuments.Compiled] = []
        if compile {
            // What the compile reports is printed once the pack is in place: a write to standard
            // output that fails ends the process, which would leave the staging folder behind.
            for pack in started { compiled.append(try PackCompileCommand.compile(pack, catalog: catalog, displayFolder: shown, printer: printer)) }
        } else {
            let report = PackChecker.check(files, catalog: catalog)
            printer.print(report.diagnostics)
            if report.errorCount > 0 { throw ExitCode(ExitStatus.dataError) }
        }
        do {
            try StagedFolder.replace(target, with: staging)
        } catch {
            printer.error(.fileWriteFailed, "cannot move the new pack into \(out): \(Output.describe(error)); nothing was changed")
            throw ExitCode(ExitStatus.cannotCreate)
        }
        if options.format.isJSON {
            Output.write(PackDocuments.text(PackDocuments.Import(
                pack: id, folder: shown, manifest: shown + "/pack.yaml", imports: inputs, compiled: compiled.first), oneLine: options.format == .jsonl))
            return
        }
        for document in compiled { Output.write(document.line) }
        Output.write(TerminalText.escaped("wrote \(shown)/pack.yaml (pack '\(id)', importing \(hpoaPath == nil ? "1 file" : "2 files"))") + "\n")
        Output.write(TerminalText.escaped("use it with: symkb --pack \(out)") + "\n")
    }

    /// Exits 66 unless every input is a regular file: a folder cannot be read, and a pipe would
    /// be read once, here, and be gone when the pack is next loaded.
    private func refuseUnreadable(_ inputs: [String]) throws {
        for path in inputs {
            let kind = ImportPathKind(of: path)
            guard let problem = kind.problem else { continue }
            let advice = kind == .other ? "; the pack reads its files each time it loads: save it to a file first" : ""
            printer.error(kind == .missing ? .fileNotFound : .fileUnreadable, problem + advice, file: path)
            throw ExitCode(ExitStatus.noInput)
        }
    }

    /// Exits 64 when replacing `target` (links followed) whole would take the folder the user
    /// stands in (or one above it), or an input: one that is the target, lies inside it, or is
    /// named through a link inside it (compared as given with `--out`, and with links followed).
    private func refuseUnsafe(_ target: URL, holding inputs: [String], id: String) throws {
        func within(_ path: String, _ folder: String) -> Bool { path == folder || path.hasPrefix(folder == "/" ? "/" : folder + "/") }
        let realTarget = target.path, given = URL(fileURLWithPath: out).standardizedFileURL.path
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).resolvingSymlinksInPath().path
        if within(here, realTarget) {
            printer.error(.usage, "--out '\(out)' is the current folder or holds it, and the import replaces "
                + "it whole; name a folder of the pack's own, e.g. --out \(id)")
            throw ExitCode(ExitStatus.usage)
        }
        for path in inputs where within(path, given) || within(URL(fileURLWithPath: path).resolvingSymlinksInPath().path, realTarget) {
            printer.error(.usage, "'\(path)' is or lies inside --out '\(out)', which the import replaces whole; "
                + "write the pack to another folder")
            throw ExitCode(ExitStatus.usage)
        }
    }

    /// Exits 64 when --id is the id or namespace of a pack bundled with symkb, which the new pack
    /// would hide wherever both are found, or clash with (read from their manifests alone).
    private func refuseBundledID(_ id: String) throws {
        for files in Session.bundledPacks {
            guard let manifest = try? PackReader.manifest(of: files), manifest.id == id || manifest.namespace == id else { continue }
            printer.error(.usage, "--id '\(id)' is taken by the pack '\(manifest.id)' bundled with symkb; choose another id")
            throw ExitCode(ExitStatus.usage)
        }
    }
}
