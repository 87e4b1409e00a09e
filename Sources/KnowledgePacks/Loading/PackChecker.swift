/// Checks packs the way `symkb pack check` does: each named pack is read and assembled together
/// with the packs it depends on (found in a catalog), and every finding is reported.
public enum PackChecker {
    /// What a check found.
    public struct Report: Sendable {
        /// The checked packs that could be read.
        public var packs: [PackContent]
        /// Every checked pack, in the order given, as far as its manifest could be read: "id
        /// version", the id alone when the version is wrong, or its folder.
        public var names: [String] = []
        /// All findings, errors and warnings.
        public var diagnostics: [Diagnostic]
        /// The knowledge base of the checked packs and their dependencies, when it has no errors.
        public var knowledge: KnowledgeBase?

        /// The number of errors.
        public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
        /// The number of warnings.
        public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
    }

    /// The catalog packs that `packs` need, transitively, leaving out those with the ids of `packs`.
    public static func dependencies(of packs: [PackContent], catalog: PackCatalog) -> [PackContent] {
        dependencies(of: packs, manifests: manifests(in: catalog))
    }

    /// The manifests of the catalog's packs that read, with their files, in the catalog's order.
    private static func manifests(in catalog: PackCatalog) -> [(manifest: PackManifest, files: PackFiles)] {
        catalog.entries.compactMap { entry in (try? PackReader.manifest(of: entry.files)).map { ($0, entry.files) } }
    }

    private static func dependencies(of packs: [PackContent], manifests: [(manifest: PackManifest, files: PackFiles)]) -> [PackContent] {
        // Manifests first: a pack's data is read only when a pack depends on it (the bundled
        // multiple-sclerosis pack took 1.8 ms to read). Of the packs with one id, the last one
        // that reads is taken.
        var entries: [String: [PackFiles]] = [:]
        for (manifest, files) in manifests { entries[manifest.id, default: []].append(files) }
        func available(_ id: String) -> PackContent? {
            entries[id]?.reversed().lazy.compactMap { try? PackReader.read($0).content }.first
        }
        var chosen = Dictionary(packs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var queue = packs
        while let pack = queue.popLast() {
            for dependency in pack.manifest.dependencies where chosen[dependency.id] == nil {
                guard let found = available(dependency.id) else { continue }
                chosen[dependency.id] = found
                queue.append(found)
            }
        }
        let ids = Set(packs.map(\.id))
        return chosen.values.filter { !ids.contains($0.id) }.sorted { $0.id < $1.id }
    }

    /// Checks the packs in `files`, resolving dependencies from `catalog` (a checked pack replaces a
    /// catalog pack with the same id).
    public static func check(_ files: [PackFiles], catalog: PackCatalog) -> Report {
        var diagnostics: [Diagnostic] = []
        var checked: [PackContent] = []
        // Packs whose files have errors (a manifest field, an item of a data file): what read well
        // is assembled with the others, so that their entities and assertions are checked in the
        // same run.
        var provisional: [PackContent] = []
        var names: [String] = []
        for pack in files {
            let (content, name, isWhole, found) = PackReader.readForCheck(pack)
            diagnostics += found
            names.append(name)
            guard let content else { continue }
            if !found.hasErrors {
                checked.append(content)
            } else if isWhole {
                provisional.append(content)
            }
        }
        let assembled = checked + provisional
        guard !assembled.isEmpty else { return Report(packs: [], names: names, diagnostics: diagnostics, knowledge: nil) }

        let manifests = manifests(in: catalog)
        let context = dependencies(of: assembled, manifests: manifests)
        // The namespaces of the catalog's other packs: a reference into one names the dependency to add.
        let loaded = Set((context + assembled).map(\.id))
        let others = manifests.filter { !loaded.contains($0.manifest.id) }
        var elsewhere = Dictionary(others.map { ($0.manifest.namespace, $0.manifest.id) }, uniquingKeysWith: { _, later in later })
        func assemble() -> (findings: [Diagnostic], knowledge: KnowledgeBase?) {
            do throws(PackLoadError) {
                let knowledge = try KnowledgeBase(packs: context + assembled, openedSnapshots: [:], namespacesElsewhere: elsewhere)
                return (knowledge.warnings, knowledge)
            } catch {
                return (error.diagnostics, nil)
            }
        }
        var (findings, knowledge) = assemble()
        // A reference into a namespace no pack declares may be one a pack imports (HP of the
        // pack that imports hp.obo): those packs' compiled snapshots say which, and the check is
        // made again so that the error names the dependency to add. (Only on this error: opening
        // the HPO's snapshot takes milliseconds.)
        if findings.contains(where: { $0.id == .unknownNamespace }) {
            let imported = importedNamespaces(of: others.map(\.files))
            if imported.contains(where: { elsewhere[$0.key] == nil }) {
                elsewhere.merge(imported) { declared, _ in declared }
                (findings, knowledge) = assemble()
            }
        }
        diagnostics += findings
        diagnostics += clashes(of: assembled, with: others.map(\.manifest))
        return Report(packs: checked, names: names, diagnostics: diagnostics, knowledge: diagnostics.hasErrors ? nil : knowledge)
    }

    /// What loading `packs` with the catalog's other packs (`others`: those loaded by default,
    /// which the check did not assemble) would refuse, as the loader words it: a namespace
    /// another pack owns, and a conflict either way.
    private static func clashes(of packs: [PackContent], with others: [PackManifest]) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for pack in packs {
            let manifest = pack.manifest
            for other in others where other.id != pack.id {
                if other.namespace == manifest.namespace {
                    found.append(.error(.namespaceOwned,
                        "namespace '\(manifest.namespace)' belongs to pack '\(other.id)', which is loaded by default; "
                            + "give pack '\(pack.id)' a namespace of its own", at: manifest.namespaceLocation ?? manifest.location,
                        notes: [.note("'\(other.id)' is declared here", at: other.location)]))
                }
                for conflict in manifest.conflicts where conflict.id == other.id && conflict.versions.contains(other.version) {
                    found.append(.error(.dependencyVersion,
                        "pack '\(pack.id)' conflicts with '\(other.id)' \(conflict.versions), and version \(other.version) is loaded by default",
                        at: conflict.location, notes: [.note("'\(other.id)' is declared here", at: other.location)]))
                }
                for conflict in other.conflicts where conflict.id == pack.id && conflict.versions.contains(manifest.version) {
                    found.append(.error(.dependencyVersion,
                        "pack '\(other.id)', loaded by default, conflicts with '\(pack.id)' \(conflict.versions)",
                        at: manifest.location, notes: [.note("the conflict is declared here", at: conflict.location)]))
                }
            }
        }
        return found
    }

    /// The namespaces of the ids that the packs in `files` import (namespace → pack id), as their
    /// compiled snapshots record them; a pack without an up-to-date snapshot adds none.
    private static func importedNamespaces(of files: [PackFiles]) -> [String: String] {
        var namespaces: [String: String] = [:]
        for files in files {
            guard let pack = try? PackReader.read(files).content, !pack.manifest.imports.isEmpty,
                  let path = PackSnapshot.path(for: pack),
                  let snapshot = try? PackSnapshot.open(at: path, for: pack) else { continue }
            for namespace in snapshot.namespaces where namespaces[namespace] == nil { namespaces[namespace] = pack.id }
        }
        return namespaces
    }
}
