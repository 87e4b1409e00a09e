import SymptomGraph

/// Loads the packs of a catalog into one knowledge base.
///
/// Shadowed packs (same id, weaker source) are left out. A pack from a required source (bundled
/// or named with `--pack`) that has errors fails the whole load; one from a searched folder is
/// skipped, with its diagnostics, so a broken pack in the user folder cannot stop symkb.
public enum CatalogLoader {
    /// The state of one catalog entry after loading.
    public enum Status: Sendable, Equatable {
        case loaded
        case shadowed(by: String)
        case skipped(errors: Int)
        case excluded
    }

    /// What loading produced.
    public struct Result: Sendable {
        /// The knowledge base.
        public var knowledge: KnowledgeBase
        /// Each catalog entry's status, in catalog order (with its pack id when it could be read).
        public var statuses: [(entry: PackCatalog.Entry, id: String?, status: Status)]
        /// Warnings, and the errors of skipped packs.
        public var diagnostics: [Diagnostic]
        /// Those of ``diagnostics`` every load should show, not only `pack check`: one pack id
        /// found twice in one place of the search path.
        public var notices: [Diagnostic] = []
    }

    /// A catalog entry read, and its compiled snapshot opened (path and outcome) if it has one.
    struct ReadPack: Sendable {
        var read: Swift.Result<(content: PackContent, warnings: [Diagnostic]), PackLoadError>
        var snapshot: (path: String, opened: Swift.Result<PackSnapshot, SnapshotError>)?
    }

    /// Reads a pack (or takes its read ahead) and opens its snapshot (or takes the one given, or
    /// opened ahead): also what ``PackReadAhead`` does for a folder, with nothing read ahead.
    static func readPack(
        _ files: PackFiles, excluded: Set<String>, checksum: PackSnapshot.ChecksumTiming, compiled: Compiled?,
        readAhead: PackReadAhead?
    ) -> ReadPack {
        let read = readAhead?.read(of: files) ?? Swift.Result { () throws(PackLoadError) in try PackReader.read(files) }
        guard case let .success((content, _)) = read, !content.manifest.imports.isEmpty, !excluded.contains(content.id),
              let path = PackSnapshot.path(for: content) else { return ReadPack(read: read, snapshot: nil) }
        if let compiled, compiled.path == path { return ReadPack(read: read, snapshot: (path, .success(compiled.snapshot))) }
        if case .later = checksum, let opened = readAhead?.snapshot(at: path, for: files) {
            return ReadPack(read: read, snapshot: (path, opened))
        }
        let opened = Swift.Result { () throws(SnapshotError) in try PackSnapshot.open(at: path, for: content, checksum: checksum) }
        return ReadPack(read: read, snapshot: (path, opened))
    }

    /// Loads a catalog, leaving out the pack ids in `excluded`.
    ///
    /// Compiled snapshots are used before their checksums are known: each is summed on a thread of
    /// its own while the packs are read and the graph is assembled (the main thread's work). The
    /// load stands only if every sum matches; otherwise it is done again with each snapshot checked
    /// before use, so that a damaged one is refused, with a warning, and its files are read.
    ///
    /// With `compiled`, the pack whose snapshot lies at its path takes that snapshot (just compiled,
    /// not yet written) instead of the file's.
    public static func load(
        _ catalog: PackCatalog, excluding excluded: Set<String> = [], compiled: Compiled? = nil
    ) throws(PackLoadError) -> Result {
        let provisional = try loadProvisionally(catalog, excluding: excluded, compiled: compiled)
        return try provisional.confirmed() ?? provisional.result
    }

    /// ``load(_:excluding:compiled:)`` without waiting for the snapshots' sums: the load is returned
    /// while they are still being summed, so that a caller can answer from it on one core while the
    /// other finishes them (a cold `rank` answers in the time the sums take). Nothing from the load
    /// may be shown before ``Provisional/confirmed()`` says it stands.
    ///
    /// Using it before then is safe: a snapshot's every table is checked for shape as it is
    /// decoded (the checksum is no defense against a file made to deceive, which can carry a
    /// matching sum), so damage can make answers wrong, never reads outside a table.
    ///
    /// `readAhead` holds packs already being read (the bundled ones, while the process parsed its
    /// command line): an entry with their files takes that read instead of reading them again.
    public static func loadProvisionally(
        _ catalog: PackCatalog, excluding excluded: Set<String> = [], compiled: Compiled? = nil, readAhead: PackReadAhead? = nil
    ) throws(PackLoadError) -> Provisional {
        var pending: [SnapshotChecksum.Pending] = []
        let result = Swift.Result { () throws(PackLoadError) in
            try load(catalog, excluding: excluded, checksum: .later, compiled: compiled, readAhead: readAhead) { pending.append($0) }
        }
        let reload = Reload(catalog: catalog, excluded: excluded, compiled: compiled, readAhead: readAhead)
        switch result {
        case let .success(result):
            return Provisional(result: result, pending: pending, reload: reload)
        case let .failure(error):
            // Damage can make a load fail (an id turned into another pack's): the error stands only
            // once every sum has matched.
            guard let again = try reload.ifDamaged(pending) else { throw error }
            return Provisional(result: again, pending: [], reload: reload)
        }
    }

    /// A load whose snapshots' sums may still be being taken (``loadProvisionally(_:excluding:compiled:)``).
    public struct Provisional: Sendable {
        /// The load, to answer from but not to show until ``confirmed()`` returns `nil`.
        public let result: Result
        fileprivate let pending: [SnapshotChecksum.Pending]
        fileprivate let reload: Reload

        /// The catalog loaded (and loaded again, if a sum does not match).
        public var catalog: PackCatalog { reload.catalog }

        /// Waits for the sums: `nil` when every one matched (``result`` stands); otherwise the catalog
        /// loaded again with every snapshot checked before use (a damaged one is refused, with a
        /// warning, and its files are read), which replaces ``result``.
        public func confirmed() throws(PackLoadError) -> Result? { try reload.ifDamaged(pending) }
    }

    /// A catalog to load again, each snapshot checked before use, when a sum does not match.
    fileprivate struct Reload: Sendable {
        let catalog: PackCatalog, excluded: Set<String>, compiled: Compiled?, readAhead: PackReadAhead?

        func ifDamaged(_ pending: [SnapshotChecksum.Pending]) throws(PackLoadError) -> Result? {
            guard !pending.allSatisfy({ $0.matches() }) else { return nil }
            return try load(catalog, excluding: excluded, checksum: .now, compiled: compiled, readAhead: readAhead) { _ in }
        }
    }

    /// A snapshot in memory and the path of the file it stands for.
    public struct Compiled: Sendable {
        public var path: String
        public var snapshot: PackSnapshot
        public init(path: String, snapshot: PackSnapshot) {
            self.path = path
            self.snapshot = snapshot
        }
    }

    private static func load(
        _ catalog: PackCatalog, excluding excluded: Set<String>, checksum: PackSnapshot.ChecksumTiming, compiled: Compiled?,
        readAhead: PackReadAhead?, opening: (SnapshotChecksum.Pending) -> Void
    ) throws(PackLoadError) -> Result {
        var diagnostics: [Diagnostic] = [], notices: [Diagnostic] = []
        var read: [(index: Int, content: PackContent)] = []
        var statuses: [(entry: PackCatalog.Entry, id: String?, status: Status)] =
            catalog.entries.map { ($0, nil, .loaded) }
        var requiredErrors: [Diagnostic] = []
        // Packs are read side by side on the machine's cores (YAML parsing is most of a small pack's
        // cost), and a pack with imports opens its compiled snapshot as soon as it is read, beside
        // the others' YAML. Last entries first: packs found on disk (the likelier to import) come
        // after the bundled ones.
        let entries = catalog.entries
        var outcomes = parallelMap(entries.count) { task in
            readPack(entries[entries.count - 1 - task].files, excluded: excluded, checksum: checksum, compiled: compiled,
                     readAhead: readAhead)
        }
        outcomes.reverse()
        // The opened snapshots move to one dictionary (held nowhere else, so that the graph takes
        // their tables over without copying them).
        var openedSnapshots: [String: Swift.Result<PackSnapshot, SnapshotError>] = [:]
        for index in outcomes.indices {
            guard let (path, opened) = outcomes[index].snapshot else { continue }
            outcomes[index].snapshot = nil
            if case let .success(snapshot) = opened, let pending = snapshot.pendingChecksum { opening(pending) }
            if openedSnapshots[path] == nil { openedSnapshots[path] = opened }
        }
        for (index, entry) in entries.enumerated() {
            do throws(PackLoadError) {
                let (content, warnings) = try outcomes[index].read.get()
                read.append((index, content))
                statuses[index].id = content.id
                diagnostics += warnings
            } catch {
                if entry.source.isRequired {
                    requiredErrors += error.diagnostics
                } else {
                    statuses[index].status = .skipped(errors: error.errors.count)
                    diagnostics += error.diagnostics
                }
            }
        }
        if !requiredErrors.isEmpty { throw PackLoadError(diagnostics: requiredErrors) }

        // The strongest source wins for each id; later entries of equal precedence win too.
        var chosen: [String: Int] = [:]
        for (index, content) in read {
            if let current = chosen[content.id],
               catalog.entries[current].source.precedence > catalog.entries[index].source.precedence {
                statuses[index].status = .shadowed(by: catalog.entries[current].source.description)
                continue
            }
            if let current = chosen[content.id] {
                statuses[current].status = .shadowed(by: catalog.entries[index].source.description)
                // A stronger source shadowing a weaker one is a choice (a user's pack over the
                // bundled one); two folders of one standing with one id are more likely a mistake.
                // One folder named twice (`--pack mig export --only mig`) is one pack, said nothing of.
                if catalog.entries[current].source.precedence == catalog.entries[index].source.precedence,
                   catalog.entries[current].files.origin != catalog.entries[index].files.origin {
                    let (earlier, later) = (catalog.entries[current].files.displayRoot, catalog.entries[index].files.displayRoot)
                    notices.append(.warning(.duplicatePack,
                        "pack '\(content.id)' is found twice (\(catalog.entries[index].source.kindName)): "
                            + "\(later) is used and \(earlier) is ignored; remove or rename one",
                        at: read.first { $0.0 == current }?.1.manifest.idLocation ?? SourceLocation(file: earlier + "/pack.yaml", line: 1, column: 1)))
                }
            }
            chosen[content.id] = index
        }
        var candidates = read.filter { chosen[$0.content.id] == $0.index && !excluded.contains($0.content.id) }
        for (index, content) in read where excluded.contains(content.id) { statuses[index].status = .excluded }

        // Drop optional packs whose cross-pack problems block the load, then retry.
        while true {
            do throws(PackLoadError) {
                // The snapshots opened ahead go to the first attempt only (the graph takes them over).
                let opened = openedSnapshots
                openedSnapshots = [:]
                let knowledge = try KnowledgeBase(packs: candidates.map(\.content), openedSnapshots: consume opened)
                // A pack named with --pack is likely one being written: its warnings (a frequency
                // left out) are counted for every load, not only for `pack check`.
                var counted = notices
                for (index, content) in candidates {
                    guard case .explicit = catalog.entries[index].source else { continue }
                    let root = catalog.entries[index].files.displayRoot
                    let count = (diagnostics + knowledge.warnings).filter { warning in
                        warning.severity == .warning && warning.location?.file.hasPrefix(root + "/") == true
                    }.count
                    guard count > 0 else { continue }
                    counted.append(.warning(.packWarnings, "pack '\(content.id)' (\(root)) loaded with \(count) warning"
                        + (count == 1 ? "" : "s") + "; 'symkb pack check \(root)' lists \(count == 1 ? "it" : "them")", at: nil))
                }
                return Result(knowledge: knowledge, statuses: statuses, diagnostics: notices + diagnostics + knowledge.warnings,
                              notices: counted)
            } catch {
                // Whether some error lies in a candidate pack's files.
                func failsIn(_ candidate: (index: Int, content: PackContent)) -> Bool {
                    error.errors.contains { $0.location?.file.hasPrefix(candidate.content.origin.description) == true
                        || $0.location?.file.hasPrefix(catalog.entries[candidate.index].files.displayRoot + "/") == true }
                }
                let guilty = candidates.filter { !catalog.entries[$0.index].source.isRequired && failsIn($0) }
                if guilty.isEmpty {
                    // An optional pack that replaces a bundled one (a user's `core`) can break the
                    // packs that depend on it, with errors located in those packs: drop the
                    // replacement, say so, and load the bundled pack instead.
                    let replacing = candidates.filter { candidate in
                        read.contains { other in
                            other.content.id == candidate.content.id && other.index != candidate.index
                                && catalog.entries[other.index].source == .bundled
                        }
                    }
                    let replacements = replacing.filter { !catalog.entries[$0.index].source.isRequired }
                    guard !replacements.isEmpty else {
                        // One named on the command line is used as asked: its errors, when some are
                        // located in the bundled packs that depend on it, are said to come from it
                        // first (errors in its own files, or another pack's, need no such word).
                        let inBundled = candidates.contains { catalog.entries[$0.index].source == .bundled && failsIn($0) }
                        let said = !inBundled ? [] : replacing.map { replacement in
                            Diagnostic.warning(.packReplaced,
                                "pack '\(replacement.content.id)' here replaces the bundled pack of that id, and the bundled packs "
                                    + "that depend on it fail with it (the errors below); fix it, or load it without them (--no-default-packs)",
                                at: SourceLocation(file: catalog.entries[replacement.index].files.displayPath("pack.yaml"), line: 1, column: 1))
                        }
                        throw said.isEmpty ? error : PackLoadError(diagnostics: said + error.diagnostics)
                    }
                    for replacement in replacements {
                        guard let bundled = read.first(where: { $0.content.id == replacement.content.id
                            && catalog.entries[$0.index].source == .bundled }) else { continue }
                        statuses[replacement.index].status = .skipped(errors: error.errors.count)
                        statuses[bundled.index].status = .loaded
                        diagnostics.append(.warning(.packReplaced,
                            "pack '\(replacement.content.id)' here replaces the bundled pack of that id, and the packs "
                                + "that depend on it fail with it (\(error.errors.count) errors); the bundled pack is used instead",
                            at: SourceLocation(file: catalog.entries[replacement.index].files.displayPath("pack.yaml"), line: 1, column: 1)))
                        candidates.removeAll { $0.index == replacement.index }
                        candidates.append(bundled)
                    }
                    continue
                }
                for candidate in guilty {
                    statuses[candidate.index].status = .skipped(errors: error.errors.count)
                }
                diagnostics += error.diagnostics
                candidates.removeAll { candidate in guilty.contains { $0.index == candidate.index } }
            }
        }
    }
}
