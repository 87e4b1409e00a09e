import Foundation

/// A text stream into a file that appears whole or not at all: text goes, in large chunks, to a
/// temporary file beside the target, which ``commit()`` renames over it. Without a commit (an
/// error, a full disk) the temporary file is removed and the target stays as it was.
/// With no path it writes to standard output.
struct FileTextStream: TextOutputStream {
    private let handle: FileHandle
    private let target: URL?
    private let temporary: URL?
    private var buffer: [UInt8] = []
    /// The first write error, reported by ``commit()``.
    private(set) var failure: (any Error)?

    init(path: String?) throws {
        guard let path else {
            handle = .standardOutput
            target = nil
            temporary = nil
            return
        }
        let target = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        let folder = target.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: folder,
                NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(ENOENT))])
        }
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent("." + target.lastPathComponent + ".tmp-\(ProcessInfo.processInfo.processIdentifier)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        handle = try FileHandle(forWritingTo: temporary)
        self.target = target
        self.temporary = temporary
        buffer.reserveCapacity(1 << 20)
    }

    mutating func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    private mutating func flush() {
        guard failure == nil, !buffer.isEmpty else { buffer.removeAll(keepingCapacity: true); return }
        do { try handle.write(contentsOf: buffer) } catch { failure = error }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is left and puts the file in place; throws the first write error.
    mutating func commit() throws {
        flush()
        if let failure { discard(); throw failure }
        guard let target, let temporary else { return }
        do {
            try handle.close()
            // rename(2) replaces the target in one step, or puts the file in place when there is none.
            guard rename(temporary.path, target.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(errno))])
            }
        } catch {
            discard()
            throw error
        }
    }

    /// Whether an error is the one ``init(path:)`` throws when the target's folder does not exist.
    static func isMissingFolder(_ error: any Error) -> Bool { (error as? CocoaError)?.code == .fileNoSuchFile }

    /// Drops the temporary file.
    func discard() {
        guard let temporary else { return }
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
    }
}
