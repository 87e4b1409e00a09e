import Foundation

/// A record, beside a snapshot (`pack.snapshot.verified`), that its checksum matched: which file
/// it was then and the checksum its header records. A load that finds the same file skips the
/// sum, which costs ~5 ms of CPU for the HPO's 35 MB at every start (a fifth of a cold `rank`'s).
///
/// The file must be the very one stamped: the same device and inode, size, modification time and
/// change time (which any write, truncation, rename or `touch` moves on, and which cannot be set
/// back from user space), and the header's checksum must be the stamped one. A byte flipped in
/// place, a copy, a file cut short or put in its place is summed in full as before, and refused
/// when the sum does not match. What a stamp cannot see is damage below the file system (a disk
/// that returns other bytes than were written); the shape checks at open still keep such a file
/// from reading outside its tables.
///
/// The compile that writes a snapshot stamps it (it summed the bytes it wrote); loads only read
/// stamps. A stamp that is missing, unreadable or for another file is ignored.
struct SnapshotStamp: Equatable, Sendable {
    /// The stamp of the snapshot at `path` lies at `path + suffix`.
    static let suffix = ".verified"
    private static let firstLine = "symkb snapshot stamp 1"

    var file: FileIdentity
    var checksum: UInt64

    /// The stamp beside the snapshot at `path`, when there is a well-formed one.
    static func read(beside path: String) -> SnapshotStamp? {
        guard let data = FileManager.default.contents(atPath: path + suffix), data.count < 512,
              let text = String(data: data, encoding: .utf8) else { return nil }
        return SnapshotStamp(text)
    }

    /// Writes the stamp beside the snapshot at `path` (atomically); a description of the
    /// failure, or `nil`.
    func write(beside path: String) -> String? {
        MappedFile.writeAtomically(to: path + Self.suffix) { file in
            Data(text.utf8).withUnsafeBytes { file.append($0) }
        }
    }

    /// The stamp's text: its first line, then the file's numbers and the checksum (hexadecimal).
    var text: String {
        "\(Self.firstLine)\n\(file.device) \(file.inode) \(file.size) \(file.modified) \(file.changed) \(String(checksum, radix: 16))\n"
    }

    /// Parses ``text``; `nil` for anything else.
    init?(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 3, lines[0] == Self.firstLine, lines[2].isEmpty else { return nil }
        let fields = lines[1].split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 6, let device = UInt64(fields[0]), let inode = UInt64(fields[1]),
              let size = Int64(fields[2]), let modified = Int64(fields[3]), let changed = Int64(fields[4]),
              let checksum = UInt64(fields[5], radix: 16) else { return nil }
        self.init(file: FileIdentity(device: device, inode: inode, size: size, modified: modified, changed: changed), checksum: checksum)
    }

    init(file: FileIdentity, checksum: UInt64) {
        self.file = file
        self.checksum = checksum
    }
}

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

    private static func nanoseconds(_ time: timespec) -> Int64 {
        Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
