import Foundation

/// Puts a folder built beside its target into place, whole or not at all.
enum StagedFolder {
    /// The folder to build `target` in, beside it and named for this process
    /// (`.NAME.symkb-WORK-PID`), removed if it exists.
    ///
    /// A run killed before it could clean up (Ctrl-C, `timeout`) leaves its staging folder there,
    /// and, killed between the two renames of ``replace(_:with:)``, the pack it was replacing as
    /// `.NAME.symkb-WORK-PID.old`. Those of processes that no longer exist on this machine (and
    /// this process's own, left by an earlier process with the same id, as in a container) are
    /// removed first, except such a replaced pack when the target is missing: it is put back.
    /// (A process on another machine sharing the folder is not seen.)
    static func staging(beside target: URL, for work: String) -> URL {
        let fileManager = FileManager.default
        let parent = target.deletingLastPathComponent()
        let prefix = ".\(target.lastPathComponent).symkb-\(work)-"
        for name in ((try? fileManager.contentsOfDirectory(atPath: parent.path)) ?? []).sorted() where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            let replaced = rest.hasSuffix(".old")
            guard let pid = pid_t(replaced ? rest.dropLast(4) : rest), pid > 0,
                  pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH) else { continue }
            let leftover = parent.appendingPathComponent(name)
            if replaced, !fileManager.fileExists(atPath: target.path), (try? fileManager.moveItem(at: leftover, to: target)) != nil {
                continue
            }
            try? fileManager.removeItem(at: leftover)
        }
        return parent.appendingPathComponent(prefix + String(getpid()))
    }

    /// Moves `staging` to `target`. rename(2) cannot replace a non-empty folder, so an existing
    /// target is moved aside, the new one in, and the old one removed — or put back when the
    /// second move fails, leaving the target as it was.
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
        try? fileManager.removeItem(at: old)
    }
}
