import SymptomGraph

/// Orders packs so that every pack comes after the packs it depends on, and reports missing,
/// mismatched and cyclic dependencies.
enum DependencyResolver {
    /// `alsoKnown`: ids of packs that exist but are not given (a check's catalog), which a
    /// misspelt dependency may have meant.
    static func order(_ packs: [PackContent], alsoKnown: Set<String> = []) -> (ordered: [PackContent], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var byID: [String: PackContent] = [:]
        for pack in packs {
            if let first = byID[pack.id] {
                diagnostics.append(.error(.duplicatePack,
                    "pack '\(pack.id)' is given twice", at: pack.manifest.idLocation ?? pack.manifest.location,
                    notes: [.note("first given here", at: first.manifest.idLocation ?? first.manifest.location)]))
                continue
            }
            byID[pack.id] = pack
        }
        for pack in byID.values.sorted(by: { $0.id < $1.id }) {
            for dependency in pack.manifest.dependencies {
                guard let other = byID[dependency.id] else {
                    diagnostics.append(Diagnostic(.error, .missingDependency,
                        "pack '\(pack.id)' depends on '\(dependency.id)' (\(dependency.versions)), which is not available",
                        at: dependency.location,
                        suggestions: Array(Spelling.closest(to: dependency.id, among: alsoKnown.union(byID.keys).subtracting([pack.id]).sorted()).prefix(1))))
                    continue
                }
                if !dependency.versions.contains(other.manifest.version) {
                    // Where the version that is there comes from (a user's pack given in place of a bundled one).
                    diagnostics.append(.error(.dependencyVersion,
                        "pack '\(pack.id)' needs '\(dependency.id)' \(dependency.versions), "
                            + "but version \(other.manifest.version) is available; '\(pack.id)' is not loaded", at: dependency.location,
                        notes: [.note("'\(other.id)' \(other.manifest.version) is declared here", at: other.manifest.location)]))
                }
            }
        }
        for pack in byID.values.sorted(by: { $0.id < $1.id }) {
            for conflict in pack.manifest.conflicts {
                guard let other = byID[conflict.id], conflict.versions.contains(other.manifest.version) else { continue }
                diagnostics.append(.error(.dependencyVersion,
                    "pack '\(pack.id)' conflicts with '\(other.id)' \(conflict.versions), and version "
                        + "\(other.manifest.version) is loaded", at: conflict.location,
                    notes: [.note("'\(other.id)' is declared here", at: other.manifest.location)]))
            }
        }
        // Depth-first topological order, keeping the given order among independent packs.
        var ordered: [PackContent] = []
        var state: [String: Bool] = [:]  // false: in progress, true: done
        func visit(_ id: String, path: [String]) {
            if state[id] == true { return }
            guard let pack = byID[id] else { return }
            if state[id] == false {
                let cycle = (path.drop { $0 != id } + [id]).joined(separator: " -> ")
                // At the `depends:` entry that closes the cycle.
                let closing = path.last.flatMap { byID[$0] }?.manifest.dependencies.first { $0.id == id }
                diagnostics.append(.error(.dependencyCycle, "dependency cycle: \(cycle)", at: closing?.location ?? pack.manifest.location))
                return
            }
            state[id] = false
            for dependency in pack.manifest.dependencies { visit(dependency.id, path: path + [id]) }
            state[id] = true
            ordered.append(pack)
        }
        var seen = Set<String>()
        for pack in packs where seen.insert(pack.id).inserted { visit(pack.id, path: []) }
        // A pack whose dependency is missing (`cor` for `core`), or there in a version it does not
        // take (a user's pack named `core` in place of the bundled one), is not assembled, nor are
        // those that need it: its every kind, relation and entity from the missing pack would be
        // reported again as unknown, burying the one mistake under its consequences.
        func met(_ dependency: PackManifest.Dependency) -> Bool {
            byID[dependency.id].map { dependency.versions.contains($0.manifest.version) } ?? false
        }
        var unmet = Set(byID.values.filter { !$0.manifest.dependencies.allSatisfy(met) }.map(\.id))
        for pack in ordered where pack.manifest.dependencies.contains(where: { unmet.contains($0.id) }) { unmet.insert(pack.id) }
        return (ordered.filter { !unmet.contains($0.id) }, diagnostics)
    }
}
