/// Checks packs the way `symkb pack check` does: each named pack is read and assembled together
/// with the packs it depends on (found in a catalog), and every finding is reported.
public enum PackChecker {
    /// What a check found.
    public struct Report: Sendable {
        /// The checked packs that could be read.
        public var packs: [PackContent]
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
        // Manifests first: a pack's data is read only when a pack depends on it (the bundled
        // multiple-sclerosis pack took 1.8 ms to read). Of the packs with one id, the last one
        // that reads is taken.
        var entries: [String: [PackFiles]] = [:]
        for entry in catalog.entries {
            if let manifest = try? PackReader.manifest(of: entry.files) { entries[manifest.id, default: []].append(entry.files) }
        }
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
        for pack in files {
            do throws(PackLoadError) {
                let (content, warnings) = try PackReader.read(pack)
                checked.append(content)
                diagnostics += warnings
            } catch {
                diagnostics += error.diagnostics
            }
        }
        guard !checked.isEmpty else { return Report(packs: [], diagnostics: diagnostics, knowledge: nil) }

        let context = dependencies(of: checked, catalog: catalog)
        do throws(PackLoadError) {
            let knowledge = try KnowledgeBase(packs: context + checked)
            diagnostics += knowledge.warnings
            return Report(packs: checked, diagnostics: diagnostics, knowledge: diagnostics.hasErrors ? nil : knowledge)
        } catch {
            diagnostics += error.diagnostics
            return Report(packs: checked, diagnostics: diagnostics, knowledge: nil)
        }
    }
}
