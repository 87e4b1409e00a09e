/// Reads a pack's files (manifest, data, tests) into a ``PackContent``.
public enum PackReader {
    /// Reads a pack. Throws every problem found, located; warnings of a successful read are returned.
    public static func read(_ files: PackFiles) throws(PackLoadError) -> (content: PackContent, warnings: [Diagnostic]) {
        let (manifest, manifestDiagnostics) = try readManifest(files)
        let (content, diagnostics) = read(files, under: manifest, manifestDiagnostics: manifestDiagnostics)
        if diagnostics.hasErrors { throw PackLoadError(diagnostics: diagnostics) }
        return (content, diagnostics)
    }

    /// What a check of a pack finds when it reads it: every problem of the manifest and, when
    /// its only errors are unknown keys or the version (``ManifestReader/readProvisionally``),
    /// of the data files and tests under it — so that one check reports them all, not one
    /// file's at a time.
    ///
    /// `content` is what was read (`nil` when the manifest could not be); `name` is "id
    /// version", the id alone when the version is wrong, or the folder when the manifest gives
    /// no id that can be trusted; `isWhole` says whether its entities and assertions can be
    /// checked against the other packs': the version is valid (as 0.0.0 it would fail their
    /// version ranges). Items that had errors are left out of `content`.
    public static func readForCheck(_ files: PackFiles) -> (content: PackContent?, name: String, isWhole: Bool, diagnostics: [Diagnostic]) {
        var manifestReader = YAMLReader(file: files.displayPath("pack.yaml"))
        guard let text = files.files["pack.yaml"] else {
            return (nil, files.displayRoot, false, [.error(.packNotFound, "'\(files.displayRoot)' has no pack.yaml", at: nil)])
        }
        guard let (manifest, hasVersion) = ManifestReader.readProvisionally(text, files: files, reader: &manifestReader) else {
            return (nil, files.displayRoot, false, manifestReader.diagnostics)
        }
        let (content, diagnostics) = read(files, under: manifest, manifestDiagnostics: manifestReader.diagnostics)
        // The items read well are checked against the other packs in the same run, whatever
        // errors the others had (an entity refused for its id is not reported again where an
        // assertion names it: ``PackContent/refusedIDs``), so that one run reports every error.
        return (content, hasVersion ? "\(manifest.id) \(manifest.version)" : manifest.id, hasVersion, diagnostics)
    }

    /// Reads the data files and tests under a manifest; returns them with every diagnostic, the manifest's first.
    private static func read(
        _ files: PackFiles, under manifest: PackManifest, manifestDiagnostics: [Diagnostic]
    ) -> (content: PackContent, diagnostics: [Diagnostic]) {
        var diagnostics = manifestDiagnostics
        var content = PackContent(manifest: manifest, origin: files.origin)
        content.files = files.files.keys.sorted()
        let dataReader = DataFileReader(manifest: manifest)
        for file in manifest.dataFiles {
            guard let text = files.files[file] else { continue }
            var reader = YAMLReader(file: files.displayPath(file))
            dataReader.read(text, into: &content, reader: &reader)
            content.leftItemsOut = content.leftItemsOut || reader.diagnostics.hasErrors
            diagnostics += reader.diagnostics
        }
        if let text = files.files["tests.yaml"] {
            var reader = YAMLReader(file: files.displayPath("tests.yaml"))
            content.tests = PackTestReader.read(text, reader: &reader)
            diagnostics += reader.diagnostics
        }
        // A pack that states medical facts says they are not medical advice.
        if manifest.disclaimer?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true,
           !content.assertions.isEmpty || !manifest.imports.isEmpty {
            diagnostics.append(.warning(.missingDisclaimer,
                "pack '\(manifest.id)' states facts but has no 'disclaimer'; add one that says it is not medical advice, "
                    + "e.g. disclaimer: Not medical advice. Ask a doctor about any symptom.",
                at: manifest.idLocation ?? manifest.location))
        }
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
