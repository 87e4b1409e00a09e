import Foundation

/// Puts a folder built beside its target into place, whole or not at all.
enum StagedFolder {
    /// The folder to build `target` in, beside it and named for this process
    /// (`.NAME.symkb-WORK-PID`), removed if it exists. Those that runs killed before they could
    /// remove theirs left beside the target (named so, with the id of a process that no longer
    /// exists, or `.old`: a replaced pack not yet removed) are removed first.
    static func staging(beside target: URL, for work: String) -> URL {
        let fileManager = FileManager.default
        let parent = target.deletingLastPathComponent()
        let prefix = ".\(target.lastPathComponent).symkb-\(work)-"
        for name in (try? fileManager.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            let digits = rest.hasSuffix(".old") ? rest.dropLast(4) : rest
            guard let pid = pid_t(digits), pid > 0, kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? fileManager.removeItem(at: parent.appendingPathComponent(name))
        }
        let staging = parent.appendingPathComponent(prefix + String(getpid()))
        try? fileManager.removeItem(at: staging)
        return staging
    }

    /// Moves `staging` to `target`. rename(2) cannot replace a non-empty folder, so an existing
    /// target is moved aside, the new one in, and the old one dropped once the caller has the
    /// status (``DetachedTeardown/afterStatus(_:)``) — or put back when the second move fails,
    /// leaving the target as it was.
    static func replace(_ target: URL, with staging: URL) throws {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: target.path) else {
            try fileManager.moveItem(at: staging, to: target)
            return
        }
        let old = staging.deletingLastPathComponent().appendingPathComponent(staging.lastPathComponent + ".old")
        try fileManager.moveItem(at: target, to: old)
        do {
            try fileManager.moveItem(at: staging, to: target)
        } catch {
            try? fileManager.moveItem(at: old, to: target)
            throw error
        }
        DetachedTeardown.afterStatus { try? FileManager.default.removeItem(at: old) }
    }
}
