import Foundation

/// The REPL's history on disk: one entry per line (newlines and backslashes escaped), capped,
/// written atomically with mode 0600.
public struct HistoryFile: Sendable {
    /// The most entries kept.
    public static let limit = 2000
    private static let header = "#symkb-history v1"

    /// Where the history lives.
    public let path: String

    /// Creates a history file at a path.
    public init(path: String) { self.path = path }

    /// The history file for an environment: `$SYMKB_HISTORY` (empty disables history), else
    /// `$XDG_STATE_HOME/symkb/history`, else `~/.local/state/symkb/history`.
    public static func location(environment: [String: String]) -> HistoryFile? {
        if let explicit = environment["SYMKB_HISTORY"] { return explicit.isEmpty ? nil : HistoryFile(path: explicit) }
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
            return HistoryFile(path: state + "/symkb/history")
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return HistoryFile(path: home + "/.local/state/symkb/history")
    }

    /// The saved entries, oldest first (empty when there is no file yet).
    ///
    /// Lines are decoded one by one: a line that is not valid UTF-8 (or holds a NUL) is dropped on
    /// its own, and every other entry survives the next save.
    public func load() -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var entries: [String] = []
        for (number, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).enumerated() {
            guard !line.contains(0), let text = String(validating: line, as: UTF8.self) else { continue }
            if number == 0, text == Self.header { continue }
            entries.append(Self.unescape(text))
        }
        return entries
    }

    /// Writes entries (the newest `limit`) to a temporary file beside the history and renames it into place.
    public func save(_ entries: [String]) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let text = ([Self.header] + entries.suffix(Self.limit).map(Self.escape)).joined(separator: "\n") + "\n"
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(
            atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown) }
        if rename(temporary, path) != 0 {
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown)
        }
    }

    static func escape(_ entry: String) -> String {
        entry.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func unescape(_ line: String) -> String {
        var result = ""
        var escaped = false
        for c in line {
            if escaped {
                result.append(c == "n" ? "\n" : c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                result.append(c)
            }
        }
        return result
    }
}
