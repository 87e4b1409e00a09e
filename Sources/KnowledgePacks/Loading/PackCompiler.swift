import SymptomGraph

/// Compiles a pack's imports into a ``PackSnapshot`` beside its manifest (`symkb pack compile`).
public enum PackCompiler {
    /// Reads the imported files of pack `id` (one of `packs`, which must hold its dependencies),
    /// assembles the graph to check everything, and writes `pack.snapshot` into the pack folder.
    ///
    /// `preparing`, the pack's imports started ahead (``ImportPreparation``), saves reading them
    /// now; the files are read as usual when it is `nil` or names other files.
    ///
    /// With `loaded`, which loads the graph a user gets with the pack (the bundled packs, those
    /// on the search path, and this one, from the snapshot just compiled, passed to it in memory
    /// while the file is being written: ``KnowledgeBase/init(packs:using:at:)``,
    /// ``CatalogLoader/load(_:excluding:compiled:)``), the snapshot also carries that graph's
    /// ranking tables (``AnnotationTables/Precomputed``), which such a load then takes as they
    /// are. The file is written once, complete, its tables last, then renamed into place.
    ///
    /// Returns the snapshot's path, what it holds, and the graph built to check it; throws the
    /// load's errors (the check's, or those `loaded` throws: nothing is written then), or an
    /// error when the pack imports nothing, is not a folder, or the file cannot be written.
    public static func compile(
        _ id: String, among packs: [PackContent], preparing: ImportPreparation? = nil,
        loaded: ((CatalogLoader.Compiled) throws(PackLoadError) -> KnowledgeGraph?)? = nil
    ) throws(PackLoadError) -> Compilation {
        guard let pack = packs.first(where: { $0.id == id }) else {
            throw PackLoadError(diagnostics: [.error(.packNotFound, "no pack '\(id)' to compile", at: nil)])
        }
        guard let path = PackSnapshot.path(for: pack) else {
            throw PackLoadError(diagnostics: [.error(.nothingToCompile,
                "pack '\(id)' has nothing to compile: only packs in a folder with 'imports' in pack.yaml have snapshots",
                at: pack.manifest.location)])
        }
        // A preparation of other files than the pack's is left aside: the files are read here.
        let preparing = preparing.flatMap { $0.prepares(pack) ? $0 : nil }
        let inputs: [SnapshotInput]
        do throws(SnapshotError) {
            // Taken before the files are read (by the preparation, when there is one).
            inputs = try (preparing?.inputs ?? Result { () throws(SnapshotError) in try PackSnapshot.inputs(of: pack) }).get()
        } catch {
            throw PackLoadError(diagnostics: [.error(error.diagnosticID, "\(error)", at: pack.manifest.location)])
        }
        let (ordered, orderDiagnostics) = DependencyResolver.order(packs)
        var assembler = GraphAssembler()
        assembler.compiling = id
        assembler.preparing = preparing
        // The file is written on another core from the moment the import is compiled, while this
        // one checks the packs and loads the graph a user gets, as a load builds it from the file,
        // for the ranking tables the file ends with; then it takes them and writes them last (or
        // gives the file up when the check found errors).
        let ending = ReadySlot<PackSnapshot.Ending>()
        var writer: BackgroundTask<Result<Void, SnapshotError>>?
        assembler.whenCompiled = { compiled, indexes in
            writer = BackgroundTask.started {
                Result { () throws(SnapshotError) in
                    try compiled.write(for: pack, inputs: inputs, indexes: indexes, to: path) { ending.take() }
                }
            }
        }
        let checked = assembler.assemble(ordered)
        // A file that imports nothing is a warning when a pack loads (the pack still loads), but
        // nothing to compile: an empty or wrong file would become a pack of nothing.
        let diagnostics = (orderDiagnostics + assembler.diagnostics).map { diagnostic in
            var diagnostic = diagnostic
            if [.oboNoTerms, .hpoaNoRows].contains(diagnostic.id) { diagnostic.severity = .error }
            return diagnostic
        }
        guard !diagnostics.hasErrors, var snapshot = assembler.compiled, let writer else {
            if let writer {
                ending.fill(.abandoned)
                _ = writer.value()
            }
            throw PackLoadError(diagnostics: diagnostics)
        }
        // A pack that does not load beside the others a user has is not compiled for them.
        let tables: AnnotationTables.Precomputed?
        do throws(PackLoadError) {
            tables = try loaded?(CatalogLoader.Compiled(path: path, snapshot: snapshot)).flatMap {
                graphTables(of: $0, placing: snapshot.segment, of: pack.id)
            }
        } catch {
            ending.fill(.abandoned)
            _ = writer.value()
            throw error
        }
        ending.fill(.graphTables(tables))
        snapshot.segment.graphTables = tables
        do throws(SnapshotError) {
            try writer.value().get()
        } catch {
            throw PackLoadError(diagnostics: [.error(error.diagnosticID, "\(error)", at: SourceLocation(file: path, line: 1, column: 1))])
        }
        return Compilation(path: path, snapshot: snapshot, checkedGraph: checked, parsedImports: assembler.parsedImports)
    }

    /// What a compile made.
    public struct Compilation: Sendable {
        /// Where the snapshot was written.
        public let path: String
        /// What it holds.
        public let snapshot: PackSnapshot
        /// The graph of the pack and its dependencies, built to check them: handed back, not
        /// freed here, so that the caller decides when (its ~10^5 strings and arrays take ~10 ms
        /// to free, which an executable about to exit need not spend).
        public let checkedGraph: KnowledgeGraph
        /// What the imported files parsed to, handed back for the same reason (freeing the
        /// HPO's parsed ontology took 4 ms of CPU while the compile needed both cores).
        public let parsedImports: [PreparedImport]
    }

    /// The ranking tables of `graph`, for the snapshot of pack `id` to carry; `nil` unless the
    /// graph places that pack's ranking tables (a segment the size of `segment`) and no other's.
    private static func graphTables(
        of graph: KnowledgeGraph, placing segment: GraphSegment, of id: String
    ) -> AnnotationTables.Precomputed? {
        guard graph.annotationPlacements.count == 1, let placement = graph.annotationPlacements.first,
              placement.entities.count == segment.entities.count, placement.assertions.count == segment.assertions.count,
              placement.entities.lowerBound < graph.statedEntities.count,
              graph.statedEntities.pack(at: placement.entities.lowerBound) == id,
              let tables = AnnotationTables.of(graph) else { return nil }
        // Each database is made here, not when the writer reads it (adopted databases are made on
        // first use), on both cores: the writer has written all but these tables and waits.
        tables.makeDatabases()
        return AnnotationTables.Precomputed(
            digest: AnnotationTables.contextDigest(of: graph, placement: placement), entityCount: graph.entities.count,
            stored: AnnotationTables.Stored(tables.forRanking()))
    }
}
