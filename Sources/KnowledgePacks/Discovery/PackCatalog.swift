import Foundation

/// Where packs are found, in increasing precedence: bundled with the binary, the user folder
/// (`$XDG_DATA_HOME/symkb/packs`, default `~/.local/share/symkb/packs`), `$SYMKB_PACKS`
/// (colon-separated folders), and `--pack DIR`. A pack id found in several places is taken from
/// the place of highest precedence; the others are listed as shadowed.
public struct PackCatalog: Sendable {
    /// How a pack was found.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        case bundled
        case userFolder(String)
        case environment(String)
        case explicit(String)

        /// Lower is weaker: a stronger source shadows a weaker one with the same pack id.
        var precedence: Int {
            switch self {
            case .bundled: 0
            case .userFolder: 1
            case .environment: 2
            case .explicit: 3
            }
        }

        public var description: String {
            switch self {
            case .bundled: "bundled"
            case let .userFolder(path): "user: \(path)"
            case let .environment(path): "$SYMKB_PACKS: \(path)"
            case let .explicit(path): "--pack: \(path)"
            }
        }

        /// The kind of place, without the folder ("$SYMKB_PACKS").
        public var kindName: String {
            switch self {
            case .bundled: "bundled"
            case .userFolder: "in the user folder"
            case .environment: "in $SYMKB_PACKS"
            case .explicit: "named with --pack"
            }
        }

        /// Whether a problem with a pack from here stops symkb (bundled and named packs) or only skips it.
        public var isRequired: Bool {
            switch self {
            case .bundled, .explicit: true
            case .userFolder, .environment: false
            }
        }
    }

    /// One pack found.
    public struct Entry: Sendable {
        /// Its files.
        public var files: PackFiles
        /// How it was found.
        public var source: Source

        /// Creates an entry.
        public init(files: PackFiles, source: Source) {
            self.files = files
            self.source = source
        }
    }

    /// Every pack found, in increasing precedence.
    public var entries: [Entry]

    /// Searched folders that could not be read as packs (a link leaving the folder, text that is
    /// not UTF-8): skipped, with why, as warnings for the caller to show.
    public var unreadable: [Diagnostic] = []

    /// Creates a catalog from entries.
    public init(entries: [Entry]) { self.entries = entries }

    /// The user folder for packs in an environment.
    public static func userFolder(environment: [String: String]) -> String? {
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/symkb/packs" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/share/symkb/packs"
    }

    /// Discovers packs. Folders named with `--pack` must exist (a missing one throws); the user
    /// folder and `$SYMKB_PACKS` folders are searched when they exist. A searched folder is a pack
    /// when it has a `pack.yaml`, otherwise each of its sub-folders with one is.
    public static func discover(
        bundled: [PackFiles], explicit: [String], environment: [String: String], includeDefaults: Bool = true
    ) throws(PackLoadError) -> PackCatalog {
        var entries: [Entry] = []
        var unreadable: [Diagnostic] = []
        func searched(_ folder: String, _ source: Source) {
            do throws(PackLoadError) {
                entries.append(Entry(files: try PackFiles.read(directory: folder), source: source))
            } catch {
                unreadable += error.diagnostics.map { diagnostic in
                    var warning = diagnostic
                    if warning.severity == .error { warning.severity = .warning }
                    warning.message = "skipped pack at \(folder): " + warning.message
                    return warning
                }
            }
        }
        if !includeDefaults {
            // The vocabulary is not optional: without the defaults, the bundled `core` pack still loads
            // (unless a `--pack` folder brings its own core, which then shadows it).
            entries += bundled.filter { $0.displayRoot.split(separator: "/").last == "core" }.map { Entry(files: $0, source: .bundled) }
        }
        if includeDefaults {
            entries += bundled.map { Entry(files: $0, source: .bundled) }
            for (pack, source) in searchedFolders(environment: environment) { searched(pack, source) }
        }
        for folder in explicit {
            entries.append(Entry(files: try PackFiles.read(directory: folder), source: .explicit(folder)))
        }
        var catalog = PackCatalog(entries: entries)
        catalog.unreadable = unreadable
        return catalog
    }

    /// The pack folders of the search path, in the order ``discover(bundled:explicit:environment:includeDefaults:)``
    /// loads them: the user folder's, then each of `$SYMKB_PACKS`'s.
    public static func searchedFolders(environment: [String: String]) -> [(folder: String, source: Source)] {
        var folders: [(folder: String, source: Source)] = []
        if let folder = userFolder(environment: environment) {
            folders += packFolders(in: folder).map { ($0, .userFolder($0)) }
        }
        for folder in (environment["SYMKB_PACKS"] ?? "").split(separator: ":").map(String.init) where !folder.isEmpty {
            folders += packFolders(in: folder).map { ($0, .environment($0)) }
        }
        return folders
    }

    /// A folder that is a pack, or the pack folders directly inside it.
    static func packFolders(in folder: String) -> [String] {
        let manager = FileManager.default
        if manager.fileExists(atPath: folder + "/pack.yaml") { return [folder] }
        guard let names = try? manager.contentsOfDirectory(atPath: folder) else { return [] }
        // Hidden folders (a staging folder left by an interrupted `pack import`) are not packs.
        return names.sorted().filter { !$0.hasPrefix(".") }.map { folder + "/" + $0 }
            .filter { manager.fileExists(atPath: $0 + "/pack.yaml") }
    }
}
