import Foundation
import ArgumentParser
import KnowledgePacks
import SymkbShell
import SymptomGraph
import SymptomQuery

/// `symkb pack info ID`: a loaded pack's manifest, counts, sources and checksum.
struct PackInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a pack's manifest, counts, sources and content checksum.",
        discussion: """
            Examples:
              symkb pack info multiple-sclerosis
              symkb pack info ./my-pack            (a folder: loads it as --pack does)
              symkb pack info hpo --format json
            """
    )

    @OptionGroup var options: PackOptions

    @Argument(help: "The pack id, or a pack folder (as for pack check).")
    var id: String

    func run() throws {
        var options = self.options
        var isDirectory: ObjCBool = false
        let isFolder = FileManager.default.fileExists(atPath: id, isDirectory: &isDirectory) && isDirectory.boolValue
        if isFolder { options.packs.append(id) }
        let session = try Session(options: GlobalOptions(packing: options))
        let knowledge = session.shell.knowledge
        var id = self.id
        if isFolder {
            let folder = self.id
            let entry = session.shell.statuses.last { status in
                if case let .explicit(path) = status.entry.source { return path == folder }
                return false
            }
            guard let found = entry?.id else {
                session.printer.error(.packNotFound, "no pack in '\(folder)'")
                throw ExitCode(ExitStatus.dataError)
            }
            id = found
        }
        guard let pack = knowledge.pack(id) else {
            let known = knowledge.packs.map(\.id)
            session.printer.print(Diagnostic(.error, .packNotFound, "no loaded pack '\(id)'; loaded: " + known.joined(separator: ", "),
                                             at: nil, suggestions: Array(Spelling.closest(to: id, among: known).prefix(1))))
            throw ExitCode(ExitStatus.noInput)
        }
        let manifest = pack.manifest
        let graph = knowledge.graph
        let entities = graph.statedEntities.filter { $0.pack == id }.count
        var citations: [String: Int] = [:]
        var assertions = 0
        let provenances = Array(graph.provenanceTable)  // each record decoded once, not once per assertion
        for assertion in graph.assertions {
            let provenance = provenances[Int(assertion.provenanceIndex)]
            guard provenance.pack == id else { continue }
            assertions += 1
            citations[provenance.source, default: 0] += 1
        }
        var lines = [
            "\(manifest.id) \(manifest.version) — \(manifest.title)",
            "  namespace:   \(manifest.namespace)",
            "  format:      \(manifest.format)",
            "  origin:      \(pack.origin)",
            "  license:     \(manifest.license ?? "(none)")",
            "  authors:     \(manifest.authors.isEmpty ? "(none)" : manifest.authors.joined(separator: ", "))",
            "  checksum:    sha256:\(checksum(of: id, in: session))",
            "  contents:    \(Output.counted(entities, "entity", plural: "entities")), \(Output.counted(assertions, "assertion")), "
                + "\(Output.counted(pack.kinds.count, "kind")), \(Output.counted(pack.relations.count, "relation type")), "
                + "\(Output.counted(pack.extensions.count, "extension")), \(Output.counted(pack.tests.count, "test"))",
            "  files:       " + pack.files.joined(separator: ", "),
        ]
        for spec in manifest.imports {
            lines.append("  imports:     \(spec.format) \(spec.resolvedPath) (source \(spec.source))")
        }
        if let path = PackSnapshot.path(for: pack) {
            let state: String
            if knowledge.packsFromSnapshots.contains(id) {
                state = "in use"
            } else if let notice = knowledge.snapshotNotices.first(where: { $0.location?.file == path }) {
                state = "not used: " + notice.message
            } else {
                state = "none; 'symkb pack compile \((path as NSString).deletingLastPathComponent)' makes loading fast"
            }
            lines.append("  snapshot:    \(path) (\(state))")
        }
        if options.format.isJSON {
            let snapshot = lines.first { $0.hasPrefix("  snapshot:") }.map { String($0.dropFirst("  snapshot:    ".count)) }
            Output.write(PackDocuments.text(PackDocuments.Info(
                id: manifest.id, version: manifest.version.description, title: manifest.title, namespace: manifest.namespace,
                format: manifest.format, origin: "\(pack.origin)", license: manifest.license, authors: manifest.authors,
                checksum: "sha256:" + checksum(of: id, in: session), entities: entities, assertions: assertions,
                kinds: pack.kinds.count, relations: pack.relations.count, extensions: pack.extensions.count,
                tests: pack.tests.count, files: pack.files,
                imports: manifest.imports.map { "\($0.format) \($0.resolvedPath)" }, snapshot: snapshot,
                description: manifest.description, disclaimer: manifest.disclaimer,
                depends: Dictionary(manifest.dependencies.map { ($0.id, "\($0.versions)") }, uniquingKeysWith: { a, _ in a }),
                conflicts: Dictionary(manifest.conflicts.map { ($0.id, "\($0.versions)") }, uniquingKeysWith: { a, _ in a }),
                sources: manifest.sources.map { source in
                    PackDocuments.Info.Source(id: source.id, title: source.title, citation: source.citation,
                                              locators: source.locatorScheme, citedBy: citations[source.id] ?? 0)
                }), oneLine: options.format == .jsonl))
            return
        }
        if let description = manifest.description { lines.append("  description: \(description)") }
        if let disclaimer = manifest.disclaimer { lines.append("  disclaimer:  \(disclaimer)") }
        lines.append("  depends:     " + (manifest.dependencies.isEmpty ? "(none)"
            : manifest.dependencies.map { "\($0.id) \($0.versions)" }.joined(separator: ", ")))
        if !manifest.conflicts.isEmpty {
            lines.append("  conflicts:   " + manifest.conflicts.map { "\($0.id) \($0.versions)" }.joined(separator: ", "))
        }
        for upstream in manifest.upstream {
            lines.append("  upstream:    \(upstream.name) \(upstream.version)" + (upstream.url.map { " <\($0)>" } ?? ""))
        }
        lines.append("  sources:")
        for source in manifest.sources {
            lines.append("    \(source.id): \(source.title) — cited by \(Output.counted(citations[source.id] ?? 0, "assertion"))")
            if let citation = source.citation { lines.append("      \(citation)") }
            if let scheme = source.locatorScheme { lines.append("      locators: \(scheme)") }
        }
        if manifest.sources.isEmpty { lines.append("    (none)") }
        Output.write(TerminalText.escaped(lines.joined(separator: "\n"), keepingNewlines: true) + "\n")
    }

    private func checksum(of id: String, in session: Session) -> String {
        let entry = session.shell.statuses.first { $0.id == id && $0.status == .loaded }?.entry
        return entry.map { PackChecksum.compute($0.files.files) } ?? "(unknown)"
    }
}
