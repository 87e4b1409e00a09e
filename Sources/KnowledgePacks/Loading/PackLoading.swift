/// Convenience entry points: read pack files and build a knowledge base in one call.
public enum PackLoading {
    /// The folder the bundled packs are shown under in diagnostics (`Knowledge/core/pack.yaml`).
    public static let bundledDisplayPrefix = "Knowledge"

    /// Reads several packs, collecting the problems of all of them before failing.
    public static func read(_ packs: [PackFiles]) throws(PackLoadError) -> (contents: [PackContent], warnings: [Diagnostic]) {
        var contents: [PackContent] = []
        var diagnostics: [Diagnostic] = []
        for files in packs {
            do throws(PackLoadError) {
                let (content, warnings) = try PackReader.read(files)
                contents.append(content)
                diagnostics += warnings
            } catch {
                diagnostics += error.diagnostics
                if error.kind == .missingInput { throw PackLoadError(diagnostics: diagnostics, kind: .missingInput) }
            }
        }
        if diagnostics.hasErrors { throw PackLoadError(diagnostics: diagnostics) }
        return (contents, diagnostics)
    }

    /// Groups embedded files (`folder/file.yaml` → text) into packs shown under `displayPrefix`.
    public static func embeddedPacks(_ files: [(path: String, contents: String)], displayPrefix: String) -> [PackFiles] {
        var grouped: [String: [String: String]] = [:]
        var order: [String] = []
        for (path, contents) in files {
            guard let slash = path.firstIndex(of: "/") else { continue }
            let folder = String(path[..<slash])
            if grouped[folder] == nil { order.append(folder) }
            grouped[folder, default: [:]][String(path[path.index(after: slash)...])] = contents
        }
        return order.compactMap { folder in
            guard let files = grouped[folder], files["pack.yaml"] != nil else { return nil }
            return PackFiles(origin: .bundled, displayRoot: displayPrefix + "/" + folder, files: files)
        }
    }
}
