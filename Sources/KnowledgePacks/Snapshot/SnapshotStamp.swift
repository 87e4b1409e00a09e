import Foundation

/// A record, beside a snapshot (`pack.snapshot.verified`), that its checksum matched: which file
/// it was then, in which boot of the system, and the checksum its header records. A load that
/// finds the same file in the same boot skips the sum, which costs ~5 ms of CPU for the HPO's
/// 35 MB at every start (a fifth of a cold `rank`'s).
///
/// The file must be the very one stamped: the same device and inode, size, modification time and
/// change time, and the header's checksum must be the stamped one. A copy or a file put in its
/// place is another inode; a write in place, a truncation, a `touch` move the change time, which
/// user space cannot set. Such a file is summed in full as before, and refused when the sum does
/// not match. What a stamp cannot see:
/// - a write within the same tick of the clock as the stamp, where the file system keeps coarse
///   change times (Linux before 6.13, or file systems without fine-grained ones; ext4, xfs,
///   btrfs and tmpfs keep them since): only a process racing the compile could make one;
/// - damage below the file system (a disk that returns other bytes than were written).
/// A power loss between the snapshot's writing and its reaching the disk is seen: the stamp names
/// the boot it was written in (Linux's `boot_id`; no stamps elsewhere), so the first loads after
/// a restart sum the file again. The shape checks at open keep any file from reading outside its
/// tables, stamped or not.
///
/// The compile that writes a snapshot stamps it (it summed the bytes it wrote); loads only read
/// stamps. A stamp that is missing, unreadable, malformed or for another file is ignored.
struct SnapshotStamp: Equatable, Sendable {
    /// The stamp of the snapshot at `path` lies at `path + suffix`.
    static let suffix = ".verified"
    private static let firstLine = "symkb snapshot stamp 1"

    var file: FileIdentity
    var checksum: UInt64
    /// The boot of the system the stamp was written in.
    var boot: String

    init(file: FileIdentity, checksum: UInt64, boot: String) {
        self.file = file
        self.checksum = checksum
        self.boot = boot
    }

    /// The stamp beside the snapshot at `path` when it names `file` in this boot (the checksum is
    /// the caller's to compare: ``vouches(for:)``).
    static func trusted(beside path: String, for file: FileIdentity) -> SnapshotStamp? {
        guard let stamp = read(beside: path), stamp.file == file, stamp.boot == currentBoot else { return nil }
        return stamp
    }

    /// Whether the stamp vouches for a payload whose header records `checksum`.
    func vouches(for checksum: UInt64) -> Bool { self.checksum == checksum }

    /// The stamp beside the snapshot at `path`, when there is a well-formed one.
    static func read(beside path: String) -> SnapshotStamp? {
        FileIdentity.smallText(at: path + suffix, limit: 512).flatMap(SnapshotStamp.init)
    }

    /// Stamps the snapshot just written at `path`, which was `written` (its descriptor's
    /// description, taken before it was closed and renamed into place), with `checksum`: only
    /// when the file now at `path` is still that one (its change time taken now, since the rename
    /// moved it), and only where the boot is known. A stamp that cannot be written only costs
    /// later loads the sum.
    static func stamp(_ path: String, written: FileIdentity, checksum: UInt64) {
        guard let boot = currentBoot, let now = FileIdentity.of(path), now.hasSameContent(as: written) else { return }
        _ = SnapshotStamp(file: now, checksum: checksum, boot: boot).write(beside: path)
    }

    /// Writes the stamp beside the snapshot at `path` (atomically); a description of the
    /// failure, or `nil`.
    func write(beside path: String) -> String? {
        MappedFile.writeAtomically(to: path + Self.suffix) { file in
            Data(text.utf8).withUnsafeBytes { file.append($0) }
        }
    }

    /// The stamp's text: its first line, the file's numbers and the checksum (hexadecimal), and
    /// the boot.
    var text: String {
        "\(Self.firstLine)\n\(file.device) \(file.inode) \(file.size) \(file.modified) \(file.changed) \(String(checksum, radix: 16))\n\(boot)\n"
    }

    /// Parses ``text``; `nil` for anything else.
    init?(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 4, lines[0] == Self.firstLine, !lines[2].isEmpty, !lines[2].contains(" "), lines[3].isEmpty
        else { return nil }
        let fields = lines[1].split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 6, let device = UInt64(fields[0]), let inode = UInt64(fields[1]),
              let size = Int64(fields[2]), let modified = Int64(fields[3]), let changed = Int64(fields[4]),
              let checksum = UInt64(fields[5], radix: 16) else { return nil }
        self.init(
            file: FileIdentity(device: device, inode: inode, size: size, modified: modified, changed: changed),
            checksum: checksum, boot: String(lines[2]))
    }

    /// This boot of the system (Linux's random `boot_id`), or `nil` where it is not known.
    static let currentBoot: String? = {
        #if os(Linux)
        guard let text = FileIdentity.smallText(at: "/proc/sys/kernel/random/boot_id", limit: 64) else { return nil }
        let boot = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return boot.isEmpty || boot.contains(" ") ? nil : boot
        #else
        return nil
        #endif
    }()
}
