/// Compiles a pack's imports into a ``PackSnapshot`` beside its manifest (`symkb pack compile`).
public enum PackCompiler {
    /// Reads the imported files of pack `id` (one of `packs`, which must hold its dependencies),
    /// assembles the graph to check everything, and writes `pack.snapshot` into the pack folder.
    ///
    /// Returns the snapshot's path and what it holds; throws the load's errors, or an error when
    /// the pack imports nothing, is not a folder, or the file cannot be written.
    public static func compile(_ id: String, among packs: [PackContent]) throws(PackLoadError) -> (path: String, snapshot: PackSnapshot) {
        guard let pack = packs.first(where: { $0.id == id }) else {
            throw PackLoadError(diagnostics: [.error(.packNotFound, "no pack '\(id)' to compile", at: nil)])
        }
        guard let path = PackSnapshot.path(for: pack) else {
            throw PackLoadError(diagnostics: [.error(.usage,
                "pack '\(id)' has nothing to compile: only packs in a folder with 'imports' in pack.yaml have snapshots",
                at: pack.manifest.location)])
        }
        let inputs: [SnapshotInput]
        do throws(SnapshotError) {
            inputs = try PackSnapshot.inputs(of: pack)
        } catch {
            throw PackLoadError(diagnostics: [.error(error.diagnosticID, "\(error)", at: pack.manifest.location)])
        }
        let (ordered, orderDiagnostics) = DependencyResolver.order(packs)
        var assembler = GraphAssembler()
        assembler.compiling = id
        _ = assembler.assemble(ordered)
        let diagnostics = orderDiagnostics + assembler.diagnostics
        guard !diagnostics.hasErrors, let snapshot = assembler.compiled else {
            throw PackLoadError(diagnostics: diagnostics)
        }
        do throws(SnapshotError) {
            try snapshot.write(for: pack, inputs: inputs, to: path)
        } catch {
            throw PackLoadError(diagnostics: [.error(error.diagnosticID, "\(error)", at: SourceLocation(file: path, line: 1, column: 1))])
        }
        return (path, snapshot)
    }
}
