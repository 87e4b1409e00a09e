import ArgumentParser
import Foundation
import KnowledgePacks

/// `symkb pack import --obo FILE [--hpoa FILE] --out DIR`: a pack that imports an ontology.
struct PackImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write a pack that imports an OBO ontology and, optionally, HPO annotations.",
        discussion: """
            The pack refers to the files by absolute path; nothing is copied. Load it with --pack.
            The pack is compiled into pack.snapshot unless --no-compile is given (see `symkb pack compile`).

            Examples:
              symkb pack import --obo ../shared/data/hpo/hp.obo --hpoa ../shared/data/hpo/phenotype.hpoa --out hpo
              symkb --pack hpo query 'rank tingling, numbness, tremor'
            """
    )

    @Option(help: ArgumentHelp("The OBO ontology (e.g. hp.obo).", valueName: "file"))
    var obo: String

    @Option(help: ArgumentHelp("HPO annotations (phenotype.hpoa).", valueName: "file"))
    var hpoa: String?

    @Option(help: ArgumentHelp("The pack folder to write.", valueName: "dir"))
    var out: String

    @Option(help: "The pack id.")
    var id: String = "hpo"

    @Flag(inversion: .prefixedNo, help: "Compile the pack into pack.snapshot, so it loads in milliseconds.")
    var compile = true

    func run() throws {
        let oboPath = URL(fileURLWithPath: obo).standardizedFileURL.path
        let hpoaPath = hpoa.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        for path in [oboPath] + (hpoaPath.map { [$0] } ?? []) where !FileManager.default.fileExists(atPath: path) {
            Output.error("\(path): error: no such file")
            throw ExitCode(ExitStatus.noInput)
        }
        // Read the header only, for the release.
        var dataVersion: String?
        if let handle = FileHandle(forReadingAtPath: oboPath) {
            let head = String(decoding: handle.readData(ofLength: 4096), as: UTF8.self)
            dataVersion = head.split(separator: "\n").first { $0.hasPrefix("data-version:") }
                .map { $0.dropFirst("data-version:".count).trimmingCharacters(in: .whitespaces) }
        }
        let text = ImportedPackManifest.text(id: id, obo: oboPath, hpoa: hpoaPath, dataVersion: dataVersion)
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try text.write(toFile: out + "/pack.yaml", atomically: true, encoding: .utf8)
        } catch {
            Output.error("error: cannot write \(out)/pack.yaml: \(error.localizedDescription)")
            throw ExitCode(73)
        }
        Output.write("wrote \(out)/pack.yaml (pack '\(id)', importing \(hpoaPath == nil ? "1 file" : "2 files"))\n")
        if compile {
            // Dependencies (the core pack) come from the default catalog: bundled, user folder, $SYMKB_PACKS.
            let catalog = try PackChecks.catalog(options: try GlobalOptions.parse([]))
            for files in try PackChecks.files([out]) { try PackCompileCommand.compile(files, catalog: catalog) }
        }
        Output.write("use it with: symkb --pack \(out)\n")
    }
}
