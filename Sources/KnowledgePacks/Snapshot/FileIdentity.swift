import Foundation

/// A file as the system describes it: device and inode, size, and modification and change times
/// (nanoseconds since 1970).
struct FileIdentity: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Int64
    var changed: Int64

    init(device: UInt64, inode: UInt64, size: Int64, modified: Int64, changed: Int64) {
        (self.device, self.inode, self.size, self.modified, self.changed) = (device, inode, size, modified, changed)
    }

    init(_ status: stat) {
        #if canImport(Darwin)
        let modified = status.st_mtimespec, changed = status.st_ctimespec
        #else
        let modified = status.st_mtim, changed = status.st_ctim
        #endif
        self.init(
            device: UInt64(truncatingIfNeeded: status.st_dev), inode: UInt64(truncatingIfNeeded: status.st_ino),
            size: Int64(status.st_size), modified: Self.nanoseconds(modified), changed: Self.nanoseconds(changed))
    }

    /// The file at `path` as it is now, or `nil` when it cannot be examined.
    static func of(_ path: String) -> FileIdentity? {
        var status = stat()
        return stat(path, &status) == 0 ? FileIdentity(status) : nil
    }

    /// The same file, unchanged in content as far as the system tells: all but the change time
    /// (which a rename moves).
    func hasSameContent(as other: FileIdentity) -> Bool {
        (device, inode, size, modified) == (other.device, other.inode, other.size, other.modified)
    }

    /// The file open for reading on `descriptor`, or `nil` when the system cannot say.
    static func of(descriptor: Int32) -> FileIdentity? {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? FileIdentity(status) : nil
    }

    /// The regular file at `path`, opened for reading without blocking on anything else put there
    /// (a pipe, a device, which are refused), and the file as it was opened; `nil` (nothing left
    /// open) when it is missing or not a regular file. The caller closes the descriptor.
    static func openRegular(_ path: String) -> (descriptor: Int32, file: FileIdentity)? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return nil
        }
        return (descriptor, FileIdentity(status))
    }

    /// The text of the regular file at `path` (``openRegular(_:)``), when it is UTF-8 of at most
    /// `limit` bytes.
    static func smallText(at path: String, limit: Int) -> String? {
        guard let (descriptor, file) = openRegular(path) else { return nil }
        defer { close(descriptor) }
        guard file.size <= limit else { return nil }
        var bytes = [UInt8](repeating: 0, count: limit + 1)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, limit + 1) }
        guard count >= 0, count <= limit else { return nil }
        return String(validating: bytes[..<count], as: UTF8.self)
    }

    private static func nanoseconds(_ time: timespec) -> Int64 {
        Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
