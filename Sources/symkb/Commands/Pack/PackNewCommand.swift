import ArgumentParser
import Foundation
import KnowledgePacks

/// `symkb pack new ID`: write a new pack that passes `pack check` and `pack test`.
struct PackNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a pack folder with a manifest, an example data file and a passing test.",
        discussion: """
            Exit status 73 when the folder exists already (nothing in it is changed) or cannot be made.

            Examples:
              symkb pack new my-pack
              symkb pack new my-pack --dir ~/.local/share/symkb/packs
            """
    )

    @Argument(help: "The new pack's id: lowercase letters, digits and dashes.")
    var id: String

    @Option(help: ArgumentHelp("The folder to create the pack in (default: the current folder).", valueName: "dir"))
    var dir: String?

    func run() throws {
        guard let files = PackScaffold.files(id: id) else {
            throw ValidationError("'\(id)' is not a pack id: use lowercase letters, digits and dashes, starting with a letter")
        }
        // A pack that loads with the others: an id and namespace (the id) no found pack has.
        if let catalog = try? Session.catalog(options: PackOptions.parse([])) {
            for entry in catalog.entries {
                guard let other = try? PackReader.manifest(of: entry.files), other.id == id || other.namespace == id else { continue }
                let what = other.id == id ? "pack '\(id)'" : "the namespace of pack '\(other.id)'"
                throw ValidationError("'\(id)' is \(what) (\(entry.source.kindName)), which loads by default; choose another id")
            }
        }
        // The folder given must be there: a mistyped --dir does not become a tree of new folders.
        if let dir {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isFolder), isFolder.boolValue else {
                let why = FileManager.default.fileExists(atPath: dir) ? "is not a folder" : "does not exist; create it first"
                DiagnosticPrinter().error(.fileWriteFailed, "--dir '\(dir)' \(why)")
                throw ExitCode(ExitStatus.cannotCreate)
            }
        }
        let folder = URL(fileURLWithPath: dir ?? ".").appendingPathComponent(id)
        guard !FileManager.default.fileExists(atPath: folder.path) else {
            DiagnosticPrinter().error(.fileWriteFailed, "'\(folder.path)' already exists; choose another id or --dir")
            throw ExitCode(ExitStatus.cannotCreate)
        }
        // Written into a hidden folder beside it and renamed: never a half-made pack.
        let staging = folder.deletingLastPathComponent().appendingPathComponent(".\(id).symkb-new-\(getpid())")
        defer { try? FileManager.default.removeItem(at: staging) }
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
            for (name, text) in files.sorted(by: { $0.key < $1.key }) {
                try text.write(to: staging.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            try FileManager.default.moveItem(at: staging, to: folder)
        } catch {
            DiagnosticPrinter().error(.fileWriteFailed, "cannot create '\(folder.path)': \(Output.describe(error))")
            throw ExitCode(ExitStatus.cannotCreate)
        }
        let path = dir.map { ($0 as NSString).appendingPathComponent(id) } ?? id
        Output.write("""
            created \(path)/ with pack.yaml, data.yaml and tests.yaml
            next: edit them, then run
              symkb pack check \(path)
              symkb pack test \(path)
              symkb --pack \(path)

            """)
    }
}
