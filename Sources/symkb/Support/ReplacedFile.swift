import Foundation

/// A file that symkb writes (`export --out`, `graph --out`, `.output`, `interview --save`), the
/// one way every writer treats the path it is given:
/// - a link is followed: the file it names is replaced, and the link stays;
/// - a device, a pipe or a terminal (`/dev/stdout`, a FIFO) is written as it is, never replaced;
/// - a regular file, or none, is written to a temporary file beside it that keeps the old file's
///   permissions (a private file stays private), renamed over it by ``commit()`` once complete;
///   until then, or after ``discard()``, what was there stays byte for byte.
struct ReplacedFile {
    /// Where the bytes go.
    let handle: FileHandle
    /// The file replaced on commit (a link's target), or `nil` when the path is written directly.
    private let replaced: String?
    private let temporary: String?
    /// The temporary file's place among those a signal removes (``SignalCleanup``).
    private let cleanup: Int?

    /// Why a path cannot be written.
    enum Failure: Error, CustomStringConvertible {
        /// The folder it would go in does not exist.
        case noFolder(String)
        /// It cannot be created or opened.
        case cannotCreate(String, reason: String)

        var description: String {
            switch self {
            case let .noFolder(folder): "the folder '\(folder)' does not exist"
            case let .cannotCreate(path, reason): "cannot create '\(path)': \(reason)"
            }
        }
    }

    init(path requested: String) throws(Failure) {
        // Links are followed wherever they are in the path: the file named at the end is written,
        // also through a link whose target does not exist yet.
        let path = Self.followingLinks(URL(fileURLWithPath: requested).path)
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            guard status.st_mode & S_IFMT != S_IFDIR else { throw .cannotCreate(requested, reason: "it is a folder") }
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw .cannotCreate(requested, reason: String(cString: strerror(errno)))
            }
            self.handle = handle
            replaced = nil
            temporary = nil
            cleanup = nil
            return
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            // As given, unless a link led elsewhere: then where it leads.
            let given = (requested as NSString).deletingLastPathComponent
            let shown = path == URL(fileURLWithPath: requested).path && !given.isEmpty ? given : folder
            // A file where the folder should be is no missing folder.
            if FileManager.default.fileExists(atPath: folder) { throw .cannotCreate(requested, reason: "'\(shown)' is a file, not a folder") }
            throw .noFolder(shown)
        }
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).symkb-\(ProcessInfo.processInfo.processIdentifier)").path
        // The new file keeps the old one's permissions; a new one gets the usual (umask) ones.
        let mode: mode_t? = stat(path, &status) == 0 ? status.st_mode & 0o7777 : nil
        // Registered before it exists: a signal between the two finds nothing to remove.
        let cleanup = SignalCleanup.remove(onSignal: temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode ?? 0o666)
        guard descriptor >= 0 else {
            SignalCleanup.forget(cleanup)
            throw .cannotCreate(requested, reason: String(cString: strerror(errno)))
        }
        // open(2) applies the umask to the mode: the old file's mode is set as it was.
        if let mode { _ = fchmod(descriptor, mode) }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        replaced = path
        self.temporary = temporary
        self.cleanup = cleanup
    }

    /// The path with every link followed: the folders' (as `realpath` reads them) and the last
    /// component's, one link at a time, a relative target read from the link's folder (at most 40).
    static func followingLinks(_ path: String) -> String {
        var path = path
        for _ in 0..<40 {
            let url = URL(fileURLWithPath: path)
            let folder = url.deletingLastPathComponent().resolvingSymlinksInPath()
            path = folder.appendingPathComponent(url.lastPathComponent).path
            var status = stat()
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK,
                  let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { return path }
            path = target.hasPrefix("/") ? target : folder.appendingPathComponent(target).path
        }
        return path
    }

    /// Puts the file in place: writes it to disk, closes it and renames the temporary file over
    /// the target (a device or pipe is only closed). Throws, having removed the temporary file,
    /// when that fails.
    func commit() throws {
        do {
            if temporary != nil { try handle.synchronize() }
            try handle.close()
        } catch {
            discard()
            throw error
        }
        guard let temporary, let replaced else { return }
        // rename(2) replaces the target in one step, or puts the file in place when there is none.
        guard rename(temporary, replaced) == 0 else {
            let failure = CocoaError(.fileWriteUnknown, userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(errno))])
            unlink(temporary)
            SignalCleanup.forget(cleanup)
            throw failure
        }
        SignalCleanup.forget(cleanup)
    }

    /// Gives the file up: the temporary file is removed and the target stays as it was.
    func discard() {
        try? handle.close()
        if let temporary { unlink(temporary) }
        SignalCleanup.forget(cleanup)
    }
}
