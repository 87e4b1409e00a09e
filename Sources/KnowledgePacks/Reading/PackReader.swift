/// Reads a pack's files (manifest, data, tests) into a ``PackContent``.
public enum PackReader {
    /// Reads a pack. Throws every problem found, located; warnings of a successful read are returned.
    public static func read(_ files: PackFiles) throws(PackLoadError) -> (content: PackContent, warnings: [Diagnostic]) {
        let (manifest, manifestDiagnostics) = try readManifest(files)
        var diagnostics = manifestDiagnostics
        var content = PackContent(manifest: manifest, origin: files.origin)
        content.files = files.files.keys.sorted()
        let dataReader = DataFileReader(manifest: manifest)
        for file in manifest.dataFiles {
            guard let text = files.files[file] else { continue }
            var reader = YAMLReader(file: files.displayPath(file))
            dataReader.read(text, into: &content, reader: &reader)
            diagnostics += reader.diagnostics
        }
        if let text = files.files["tests.yaml"] {
            var reader = YAMLReader(file: files.displayPath("tests.yaml"))
            content.tests = PackTestReader.read(text, reader: &reader)
            diagnostics += reader.diagnostics
        }
        if diagnostics.hasErrors { throw PackLoadError(diagnostics: diagnostics) }
        return (content, diagnostics)
    }

    /// Reads a pack's manifest alone (its id, version, namespace, dependencies), without its data.
    public static func manifest(of files: PackFiles) throws(PackLoadError) -> PackManifest { try readManifest(files).0 }

    private static func readManifest(_ files: PackFiles) throws(PackLoadError) -> (PackManifest, [Diagnostic]) {
        var manifestReader = YAMLReader(file: files.displayPath("pack.yaml"))
        guard let text = files.files["pack.yaml"] else {
            throw PackLoadError(diagnostics: [.error(.packNotFound, "'\(files.displayRoot)' has no pack.yaml", at: nil)],
                                kind: .missingInput)
        }
        guard let manifest = ManifestReader.read(text, files: files, reader: &manifestReader) else {
            throw PackLoadError(diagnostics: manifestReader.diagnostics)
        }
        return (manifest, manifestReader.diagnostics)
    }
}
