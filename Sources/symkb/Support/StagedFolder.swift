import Foundation

/// Puts a folder built beside its target into place, whole or not at all.
enum StagedFolder {
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
