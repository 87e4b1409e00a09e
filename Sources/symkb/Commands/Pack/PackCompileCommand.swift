import ArgumentParser
import Foundation
import KnowledgePacks

/// `symkb pack compile DIR…`: write each pack's compiled snapshot (`pack.snapshot`).
struct PackCompileCommand: ParsableCommand, CompilesPacks {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile the imports of packs into a binary snapshot that loads in milliseconds.",
        discussion: """
            For a pack whose pack.yaml lists imports (OBO, HPO annotations), reads the imported files once, \
            checks the pack with its dependencies, and writes pack.snapshot into the pack folder. Loading \
            the pack then reads the snapshot instead of the files, as long as the manifest's imports and \
            the files' sizes and modification times are unchanged; a stale or damaged snapshot is refused \
            with a warning and the files are read instead. `symkb pack import` compiles by default.

            Examples:
              symkb pack compile hpo
            """
    )

    @OptionGroup var options: PackOptions

    @Argument(help: ArgumentHelp("Pack folders to compile.", valueName: "dir"))
    var directories: [String]

    func validate() throws {
        if directories.isEmpty { throw ValidationError("name at least one pack folder") }
    }

    func run() throws {
        let catalog = try PackChecks.catalog(options: options)
        let printer = DiagnosticPrinter(format: options.format)
        let packs = try PackChecks.files(directories, printer: printer)
        let json = options.format.isJSON
        var compiled: [PackDocuments.Compiled] = []
        // Under --format json one document lists the snapshots written, also those written before
        // a pack that fails (the exit status and the diagnostics on standard error say which).
        defer { if json { Output.write(PackDocuments.text(PackDocuments.Compile(compiled: compiled), oneLine: options.format == .jsonl)) } }
        for files in packs {
            let document = try Self.compile(files, catalog: catalog, printer: printer)
            compiled.append(document)
            if !json { Output.write(document.line) }
        }
    }

    /// A pack read, its imported files being read and parsed: a compile's first step, which an
    /// import takes before the work that does not need it (finding the catalog).
    struct Started {
        let files: PackFiles
        let pack: PackContent
        let preparing: ImportPreparation
        let start: ContinuousClock.Instant
    }

    /// Reads the pack in `files` (its warnings printed by `printer`) and starts reading and parsing
    /// its imported files on both cores; exits 65 on errors (66 when an input is missing).
    static func start(_ files: PackFiles, printer: DiagnosticPrinter) throws -> Started {
        let start = ContinuousClock.now
        do throws(PackLoadError) {
            let (pack, warnings) = try PackReader.read(files)
            printer.print(warnings, summary: false)
            return Started(files: files, pack: pack, preparing: ImportPreparation(of: pack), start: start)
        } catch {
            throw failure(printing: error, printer: printer)
        }
    }

    /// Compiles one pack folder and returns what was written, its diagnostics printed by
    /// `printer`; exits 65 on errors (66 when an input is missing). `displayFolder` names the
    /// folder in the result when the pack is compiled in a staging folder.
    static func compile(
        _ files: PackFiles, catalog: PackCatalog, displayFolder: String? = nil, printer: DiagnosticPrinter
    ) throws -> PackDocuments.Compiled {
        try compile(try start(files, printer: printer), catalog: catalog, displayFolder: displayFolder, printer: printer)
    }

    /// Compiles a pack ``start(_:printer:)`` read, as ``compile(_:catalog:displayFolder:printer:)``.
    static func compile(
        _ started: Started, catalog: PackCatalog, displayFolder: String? = nil, printer: DiagnosticPrinter
    ) throws -> PackDocuments.Compiled {
        let (files, pack) = (started.files, started.pack)
        do throws(PackLoadError) {
            // The imported files are read and parsed while the packs it depends on are read.
            let context = PackChecker.dependencies(of: [pack], catalog: catalog)
            // The graph a user gets with this pack (named with --pack, beside what symkb finds),
            // whose ranking tables the snapshot then carries.
            var withPack = catalog
            withPack.entries.append(PackCatalog.Entry(files: files, source: .explicit(files.displayRoot)))
            let compilation = try PackCompiler.compile(pack.id, among: context + [pack], preparing: started.preparing) { compiled throws(PackLoadError) in
                do throws(PackLoadError) {
                    return try CatalogLoader.load(withPack, compiled: compiled).knowledge.graph
                } catch {
                    throw PackLoadError(diagnostics: error.diagnostics + [.note(
                        "pack '\(pack.id)' does not load beside the other packs symkb finds here: nothing was written",
                        at: pack.manifest.location)])
                }
            }
            let (path, snapshot) = (compilation.path, compilation.snapshot)
            printer.print(snapshot.diagnostics, summary: false)
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let elapsed = ContinuousClock.now - started.start
            ProcessLifetime.keep(compilation)
            return PackDocuments.Compiled(
                pack: pack.id, snapshot: displayFolder.map { $0 + "/" + PackSnapshot.fileName } ?? path,
                entities: snapshot.segment.entities.count, assertions: snapshot.segment.assertions.count, bytes: size,
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        } catch {
            throw failure(printing: error, printer: printer)
        }
    }

    /// Prints a failed compile's diagnostics; the exit it ends with (66 when an input is missing, 65 otherwise).
    private static func failure(printing error: PackLoadError, printer: DiagnosticPrinter) -> ExitCode {
        printer.print(error.diagnostics)
        return ExitCode(error.kind == .missingInput ? ExitStatus.noInput : ExitStatus.dataError)
    }
}
