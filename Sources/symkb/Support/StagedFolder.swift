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
    ///
    /// The old folder's files are held open as it is removed, until the process exits: the
    /// kernel frees a file's cached pages when the last reference goes, which for the 33 MB
    /// snapshot of the HPO took 3.3 ms, and a compile's caller has its status before its process
    /// exits (``DetachedTeardown``). Nothing of the old pack is left to see once this returns.
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
        holdOpenUntilExit(filesIn: old)
        try? fileManager.removeItem(at: old)
    }

    /// Opens the regular files directly in `folder` and never closes them (the kernel does, at exit).
    private static func holdOpenUntilExit(filesIn folder: URL) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
            let path = folder.appendingPathComponent(name).path
            var status = stat()
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            _ = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        }
    }
}
