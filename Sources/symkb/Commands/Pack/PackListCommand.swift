import ArgumentParser
import KnowledgePacks
import SymptomQuery

/// `symkb pack list`: every pack found, and whether it is loaded.
struct PackListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the packs found: id, version, title, origin, and whether each is loaded.",
        discussion: """
            Examples:
              symkb pack list
              SYMKB_PACKS=~/packs symkb pack list --pack ./my-pack
            """
    )

    @OptionGroup var options: PackOptions

    func run() throws {
        let session = try Session(options: GlobalOptions(packing: options))
        let header = ["id", "version", "loaded", "origin", "title"]
        var rows: [[String]] = []
        var documents: [PackDocuments.ListEntry] = []
        for (entry, id, status) in session.shell.statuses {
            let pack = id.flatMap { session.shell.knowledge.pack($0) }
            // A pack not loaded is described by its own manifest (the loaded pack of its id may
            // be the one that shadows it).
            let manifest = status == .loaded ? pack?.manifest : (try? PackReader.manifest(of: entry.files))
            let state: String
            switch status {
            case .loaded: state = pack == nil ? "no" : "yes"
            case let .shadowed(by): state = "no (shadowed by \(by))"
            case let .skipped(errors): state = "no (\(errors) error\(errors == 1 ? "" : "s"))"
            case .excluded: state = "no"
            }
            rows.append([id ?? "?", manifest?.version.description ?? "?", state, entry.source.description,
                         manifest?.title ?? entry.files.displayRoot])
            documents.append(PackDocuments.ListEntry(
                id: id, version: manifest?.version.description, loaded: state == "yes", state: state,
                origin: entry.source.description, title: manifest?.title))
        }
        if options.format.isJSON {
            Output.write(PackDocuments.text(documents, oneLine: options.format == .jsonl))
            return
        }
        Output.write(TerminalText.escaped(TextTable(header: header, rows: rows).alignedWithoutRule(), keepingNewlines: true) + "\n")
    }
}

