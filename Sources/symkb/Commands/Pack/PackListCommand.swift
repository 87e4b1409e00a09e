import ArgumentParser
import KnowledgePacks

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

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let session = try Session(options: options)
        let header = ["id", "version", "loaded", "origin", "title"]
        var rows: [[String]] = []
        for (entry, id, status) in session.shell.statuses {
            let pack = id.flatMap { session.shell.knowledge.pack($0) }
            let manifest = pack?.manifest
            let state: String
            switch status {
            case .loaded: state = pack == nil ? "no" : "yes"
            case let .shadowed(by): state = "no (shadowed by \(by))"
            case let .skipped(errors): state = "no (\(errors) error\(errors == 1 ? "" : "s"))"
            case .excluded: state = "no"
            }
            rows.append([id ?? "?", manifest?.version.description ?? "?", state, entry.source.description,
                         manifest?.title ?? entry.files.displayRoot])
        }
        Output.write(TextColumns.render(header: header, rows: rows) + "\n")
    }
}

/// Aligned columns for the pack commands' listings.
enum TextColumns {
    static func render(header: [String], rows: [[String]]) -> String {
        let widths = header.indices.map { column in ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }.joined()
        }.joined(separator: "\n")
    }
}
