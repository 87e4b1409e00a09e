import Foundation
import ArgumentParser
import KnowledgePacks
import SymkbShell

/// `symkb pack info ID`: a loaded pack's manifest, counts, sources and checksum.
struct PackInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a pack's manifest, counts, sources and content checksum.",
        discussion: """
            Examples:
              symkb pack info multiple-sclerosis
              symkb pack info my-pack --pack ./my-pack
            """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The pack id.")
    var id: String

    func run() throws {
        let session = try Session(options: options)
        let knowledge = session.shell.knowledge
        guard let pack = knowledge.pack(id) else {
            let known = knowledge.packs.map(\.id)
            Output.error("error: no loaded pack '\(id)'; loaded: " + known.joined(separator: ", "))
            throw ExitCode(ExitStatus.noInput)
        }
        let manifest = pack.manifest
        let graph = knowledge.graph
        let entities = graph.entities.filter { $0.pack == id }.count
        var citations: [String: Int] = [:]
        var assertions = 0
        for assertion in graph.assertions {
            let provenance = graph.provenanceTable[Int(assertion.provenanceIndex)]
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
            "  contents:    \(entities) entities, \(assertions) assertions, \(pack.kinds.count) kinds, "
                + "\(pack.relations.count) relation types, \(pack.extensions.count) extensions, \(pack.tests.count) tests",
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
            lines.append("    \(source.id): \(source.title) — cited by \(citations[source.id] ?? 0) assertions")
            if let citation = source.citation { lines.append("      \(citation)") }
            if let scheme = source.locatorScheme { lines.append("      locators: \(scheme)") }
        }
        if manifest.sources.isEmpty { lines.append("    (none)") }
        Output.write(lines.joined(separator: "\n") + "\n")
    }

    private func checksum(of id: String, in session: Session) -> String {
        let entry = session.shell.statuses.first { $0.id == id && $0.status == .loaded }?.entry
        return entry.map { PackChecksum.compute($0.files.files) } ?? "(unknown)"
    }
}
