import Foundation

/// The text files of one pack, however they were obtained: a folder on disk or the binary itself.
public struct PackFiles: Sendable, Equatable {
    /// Where the pack came from.
    public enum Origin: Sendable, Equatable, CustomStringConvertible {
        /// Embedded into the `symkb` binary at build time.
        case bundled
        /// A folder on disk.
        case directory(String)

        public var description: String {
            switch self {
            case .bundled: "bundled"
            case let .directory(path): path
            }
        }
    }

    /// Where the pack came from.
    public var origin: Origin
    /// The folder as shown in diagnostics (e.g. `Knowledge/multiple-sclerosis`).
    public var displayRoot: String
    /// File texts by path relative to the pack folder.
    public var files: [String: String]
    /// Files in the folder that were not read because their names do not end in `.yaml` or
    /// `.yml` (relative paths, sorted), leaving out hidden files, the snapshot and documentation:
    /// the manifest's reader warns about those no import names, so that a curator's `data.txt`
    /// is never dropped without a word.
    public var unread: [String]

    /// Creates a pack from texts already in memory.
    public init(origin: Origin, displayRoot: String, files: [String: String], unread: [String] = []) {
        self.origin = origin
        self.displayRoot = displayRoot
        self.files = files
        self.unread = unread
    }

    /// The path of a pack file as shown in diagnostics.
    public func displayPath(_ relative: String) -> String {
        displayRoot.isEmpty ? relative : displayRoot + "/" + relative
    }

    /// The same files, shown in diagnostics as the folder `path` (a pack staged elsewhere before
    /// it is put there).
    public func displayed(as path: String) -> PackFiles {
        PackFiles(origin: origin, displayRoot: Self.displayRoot(for: path), files: files, unread: unread)
    }

    /// Reads every `.yaml`/`.yml` file under a pack folder.
    ///
    /// Throws a located error when the folder or its `pack.yaml` is missing (exit status 66 in the CLI).
    public static func read(directory path: String) throws(PackLoadError) -> PackFiles {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw PackLoadError(diagnostics: [.error(.packNotFound, "no pack folder at '\(path)'", at: nil)], kind: .missingInput)
        }
        guard isDirectory.boolValue else {
            let hint = url.lastPathComponent == "pack.yaml" ? ": name the folder that holds it" : ""
            throw PackLoadError(diagnostics: [.error(.packNotFound, "'\(path)' is a file, not a pack folder\(hint)", at: nil)],
                                kind: .missingInput)
        }
        let manifest = url.appendingPathComponent("pack.yaml")
        guard FileManager.default.fileExists(atPath: manifest.path) else {
            throw PackLoadError(
                diagnostics: [.error(.packNotFound, "'\(path)' is not a pack: it has no pack.yaml", at: nil)], kind: .missingInput)
        }
        var files: [String: String] = [:]
        var unread: [String] = []
        // Packs are read only inside their folder: a file whose real path (links followed) leaves
        // it is refused, and where it points is not shown. A folder that is itself a link is
        // read where it points (the enumeration would otherwise list the link alone).
        let real = url.resolvingSymlinksInPath()
        let realRoot = real.path
        let enumerator = FileManager.default.enumerator(at: real, includingPropertiesForKeys: [.isRegularFileKey])
        while let file = enumerator?.nextObject() as? URL {
            let relative = String(file.standardizedFileURL.path.dropFirst(realRoot.count + 1))
            guard ["yaml", "yml"].contains(file.pathExtension) else {
                if Self.mayHoldData(relative), (try? file.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                    unread.append(relative)
                }
                continue
            }
            let display = displayRoot(for: path) + "/" + relative
            guard file.resolvingSymlinksInPath().path.hasPrefix(realRoot + "/") else {
                throw PackLoadError(diagnostics: [.error(.fileOutsidePack,
                    "this file is a link to a file outside the pack folder; a pack may only read files inside its folder",
                    at: SourceLocation(file: display, line: 1, column: 1))])
            }
            let data: Data
            do {
                // A folder named like a data file ("tests.yaml/") is said to be one.
                if let problem = ImportPathKind(of: file.path).problem {
                    throw PackLoadError(diagnostics: [.error(.fileUnreadable, "cannot read '\(relative)': it " + problem,
                                                             at: SourceLocation(file: display, line: 1, column: 1))])
                }
                data = try Data(contentsOf: file)
            } catch let error as PackLoadError {
                throw error
            } catch {
                let reason = (error as NSError).userInfo[NSUnderlyingErrorKey].map { "\($0)" } ?? (error as NSError).localizedDescription
                throw PackLoadError(diagnostics: [.error(.fileUnreadable, "cannot read the file: \(reason)",
                                                         at: SourceLocation(file: display, line: 1, column: 1))])
            }
            files[relative] = try TextDecoding.decode(data, file: display)
        }
        return PackFiles(origin: .directory(url.path), displayRoot: displayRoot(for: path), files: files, unread: unread.sorted())
    }

    /// Whether a file a pack folder holds, not read as YAML, may be data a curator meant to be
    /// read: not hidden (nor in a hidden folder), not the compiled snapshot, not documentation.
    static func mayHoldData(_ relative: String) -> Bool {
        let components = relative.split(separator: "/")
        guard let name = components.last?.lowercased(), !components.contains(where: { $0.hasPrefix(".") }) else { return false }
        if name.hasPrefix("pack.snapshot") || name.hasSuffix("~") { return false }
        // An editor's or a curator's copies: a backup is not data meant to be read.
        if ["bak", "orig", "swp", "swo", "tmp", "old"].contains(URL(fileURLWithPath: name).pathExtension) { return false }
        let documentation = ["readme", "license", "licence", "notice", "copying", "changelog", "authors", "citation"]
        if documentation.contains(where: { name.hasPrefix($0) }) { return false }
        return !["md", "markdown", "rst", "html", "pdf", "png", "jpg", "svg"].contains(URL(fileURLWithPath: name).pathExtension)
    }

    /// A folder's path as diagnostics show it: as given, without trailing slashes.
    public static func displayRoot(for path: String) -> String {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed
    }
}
