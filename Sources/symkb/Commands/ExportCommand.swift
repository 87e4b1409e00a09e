import ArgumentParser
import Foundation
import GraphExport
import KnowledgePacks

/// `symkb export --format F [--only ID|DIR] [--out PATH]`: the loaded graph, or one pack, for other tools.
struct ExportCommand: ParsableCommand, LoadsPacks {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the loaded knowledge, or one pack, for triple stores, graph databases and other tools.",
        discussion: """
            Formats:
            \(ExportFormats.all.map { "  \($0.name + String(repeating: " ", count: max(0, 10 - $0.name.count))) \($0.summary)" }.joined(separator: "\n"))

            Everything loaded is written as a user sees it (the packs symkb finds, and those --pack \
            adds, as for every command): a concept that several packs define is one node (its \
            other ids are skos:exactMatch / same_as). --only ID|DIR writes one pack instead, only \
            its entities and assertions, under their own ids: the id of a loaded pack, or a pack \
            folder, which is loaded too. One-file formats go to standard output unless --out \
            names a file or folder; kgx, neo4j and csv need a folder. Files are written whole or \
            not at all. The RDF mapping is in docs/EXPORT.md.

            Examples:
              symkb export --format turtle --out symkb.ttl
              symkb --pack migraine --pack hpo export --format kgx --out kgx/
              symkb export --format obo --only ~/.local/share/symkb/packs/hpo --out hp.obo
            """
    )

    @OptionGroup var options: PackOptions

    @Option(help: ArgumentHelp("A file (one-file formats) or a folder to write into; - for standard output.", valueName: "PATH"))
    var out: String?

    @Option(help: ArgumentHelp("Write only this pack: the id of a loaded pack, or a pack folder (loaded too).", valueName: "ID|DIR"))
    var only: String?

    func validate() throws {
        guard let name = options.formatOption, ExportFormats.named(name) != nil else {
            let names = ExportFormats.all.map(\.name).joined(separator: ", ")
            throw ValidationError(options.formatOption.map { "export writes \(names), not '\($0)'" } ?? "give --format with one of \(names)")
        }
        if out?.isEmpty == true { throw ValidationError("--out needs a file or folder to write (or - for standard output)") }
    }

    func run() throws {
        // `--out -` is standard output, as for most tools.
        let out = self.out == "-" ? nil : self.out
        guard let format = ExportFormats.named(options.formatName) else { throw ExitCode(ExitStatus.usage) }
        // --only names the pack to export: a folder (loaded as well) or the id of a loaded pack.
        var folderToLoad: String?
        var packID = only
        if let only, FileManager.default.fileExists(atPath: (only as NSString).appendingPathComponent("pack.yaml")) {
            folderToLoad = only
            packID = nil
        }
        let packs = options.packs + (folderToLoad.map { [$0] } ?? [])
        let session = try Session.loading(packs: packs, noDefaultPacks: options.noDefaultPacks)
        let printer = session.printer
        let graph = session.shell.knowledge.graph
        if let folderToLoad {
            // The id of the pack the folder holds.
            let folder = URL(fileURLWithPath: folderToLoad).standardizedFileURL.path
            packID = session.shell.statuses.first { $0.entry.files.origin == .directory(folder) }?.id
        }
        guard var scope = ExportScope(graph: graph, pack: packID) else {
            printer.error(.exportRefused, "no pack '\(TerminalText.escaped(packID ?? ""))' is loaded; loaded: " + graph.packs.joined(separator: ", "))
            throw ExitCode(ExitStatus.noInput)
        }
        // The release an exported ontology pack was imported from (`upstream` in its manifest).
        if let packID, let upstream = session.shell.knowledge.packs.first(where: { $0.id == packID })?.manifest.upstream.first {
            scope.dataVersion = upstream.name == "hpo" ? "hp/releases/" + upstream.version : upstream.version
        }
        // What each pack says of the sources it cites (the graph holds only their ids).
        scope.sources = session.shell.knowledge.packs.flatMap { pack in
            pack.manifest.sources.map { ExportScope.Source(pack: pack.id, id: $0.id, title: $0.title, citation: $0.citation) }
        }
        if let refusal = format.refusal(for: scope) {
            printer.error(.exportRefused, refusal.description)
            throw ExitCode(ExitStatus.usage)
        }
        // Where each file goes: standard output, the file --out names, or into the folder --out names.
        var isFolder: ObjCBool = false
        let outIsFolder = out.map { $0.hasSuffix("/") || (FileManager.default.fileExists(atPath: $0, isDirectory: &isFolder) && isFolder.boolValue) } ?? false
        if format.files.count > 1, out == nil {
            printer.error(.exportRefused, "\(format.name) writes \(format.files.joined(separator: " and ")): name a folder with --out")
            throw ExitCode(ExitStatus.usage)
        }
        if let out, format.files.count > 1, !outIsFolder, FileManager.default.fileExists(atPath: out) {
            printer.error(.exportRefused, "\(format.name) writes \(format.files.joined(separator: " and ")) into a folder, "
                + "and '\(TerminalText.escaped(out))' is a file: name a folder with --out")
            throw ExitCode(ExitStatus.usage)
        }
        let targets: [String?]
        if let out, outIsFolder || format.files.count > 1 {
            // The folder itself is made if need be, as `mkdir` makes it, but not the folders
            // above it: a mistyped path is refused (73), as a one-file format's is, not created.
            let parent = (out.hasSuffix("/") ? String(out.dropLast()) : out) as NSString
            let above = parent.deletingLastPathComponent.isEmpty ? "." : parent.deletingLastPathComponent
            var aboveIsFolder: ObjCBool = false
            if !FileManager.default.fileExists(atPath: out),
               !FileManager.default.fileExists(atPath: above, isDirectory: &aboveIsFolder) || !aboveIsFolder.boolValue {
                printer.error(.fileWriteFailed, "cannot create the folder \(TerminalText.escaped(out)): the folder "
                    + "'\(TerminalText.escaped(above))' does not exist")
                throw ExitCode(ExitStatus.cannotCreate)
            }
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
            } catch CocoaError.fileWriteFileExists where outIsFolder {
                // The folder is there already: the files go into it.
            } catch {
                // A file where a folder of the path should be ("b.ttl/sub") is named.
                var folder = (out as NSString).deletingLastPathComponent, isFolder: ObjCBool = false
                while !folder.isEmpty, folder != "/", !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
                    folder = (folder as NSString).deletingLastPathComponent
                }
                let reason = !folder.isEmpty && folder != "/" && !isFolder.boolValue
                    ? "'\(TerminalText.escaped(folder))' is a file, not a folder" : Output.describe(error)
                printer.error(.fileWriteFailed, "cannot create the folder \(TerminalText.escaped(out)): " + reason)
                throw ExitCode(ExitStatus.cannotCreate)
            }
            targets = format.files.map { (out as NSString).appendingPathComponent($0) }
        } else {
            targets = [out]
        }
        var streams: [FileTextStream] = []
        do {
            for (file, target) in zip(format.files, targets) {
                var stream = try FileTextStream(path: target)
                do { try format.write(scope, file: file, to: &stream) } catch { stream.discard(); throw error }
                streams.append(stream)
            }
            // The files of one export (KGX's nodes and edges) are put in place together: a signal
            // between two renames would leave new nodes beside old edges. It waits until both are.
            try SignalCleanup.deferringSignals {
                for index in streams.indices { try streams[index].commit() }
            }
        } catch {
            for stream in streams { stream.discard() }
            let message = (error as? ExportError)?.description ?? (error as? ReplacedFile.Failure)?.description ?? Output.describe(error)
            printer.error(.fileWriteFailed, "cannot write the export to \(out ?? "standard output"): " + message)
            throw ExitCode(error is ReplacedFile.Failure ? ExitStatus.cannotCreate : ExitStatus.queryFailed)
        }
        if scope.pack != nil, scope.nodes.isEmpty, scope.assertions.isEmpty {
            printer.print(.warning(.exportLeftOut, "pack '\(TerminalText.escaped(scope.pack ?? ""))' defines no entities or assertions of its own; "
                + "what it adds to other packs' entities (xrefs, synonyms, mappings) is exported with those packs", at: nil))
        }
        let leftOut = format.leftOut(of: scope)
        if let leftOut { printer.print(.warning(.exportLeftOut, TerminalText.escaped(leftOut.message), at: nil)) }
        if out != nil {
            Output.error("wrote " + targets.compactMap { $0 }.joined(separator: ", ")
                         + " (\(Output.counted(scope.nodes.count - (leftOut?.nodes ?? 0), "node")), "
                         + "\(Output.counted(scope.assertions.count - (leftOut?.assertions ?? 0), "assertion"))"
                         + (format.alsoWritten(of: scope).map { ", " + $0 } ?? "") + ")")
        }
    }
}
