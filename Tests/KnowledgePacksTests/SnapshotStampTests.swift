import Foundation
import Testing
import TestSupport
@testable import KnowledgePacks

/// A compile stamps the snapshot it wrote; a load skips the sum only for that very file, and a
/// check made `now` sums it regardless.
@Suite struct SnapshotStampTests {
    /// The checksum a snapshot's header records (the last 8 of its 36 bytes).
    static func recordedChecksum(_ snapshot: URL) throws -> UInt64 {
        let header = try Data(contentsOf: snapshot).prefix(PackSnapshot.headerSize)
        return header.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: PackSnapshot.headerSize - 8, as: UInt64.self) }
    }

    /// Turns the label "Term three" into "Term Xhree" (decoding cannot tell): where the file lies
    /// (the same inode), or in a file put in its place.
    static func damage(_ snapshot: URL, inPlace: Bool = true) throws {
        var bytes = [UInt8](try Data(contentsOf: snapshot))
        let at = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("Term three".utf8)) }) + 5
        guard inPlace else {
            bytes[at] = UInt8(ascii: "X")
            return try Data(bytes).write(to: snapshot, options: .atomic)
        }
        let handle = try FileHandle(forUpdating: snapshot)
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(at))
        try handle.write(contentsOf: Data("X".utf8))
    }

    @Test func aCompileStampsTheFileItWrote() throws {
        let (_, snapshot) = try PackSnapshotTests.compiledPack()
        let stamp = try #require(SnapshotStamp.read(beside: snapshot.path))
        #expect(stamp.file == FileIdentity.of(snapshot.path))
        #expect(stamp.checksum == (try Self.recordedChecksum(snapshot)))
        #expect(stamp.boot == SnapshotStamp.currentBoot)
        #expect(try PackSnapshot.open(at: snapshot.path, for: try PackSnapshotTests.read(snapshot.deletingLastPathComponent()), checksum: .later)
            .pendingChecksum == nil, "the stamped file is not summed again")
    }

    /// Damaged where it lies, the file is another than the one stamped (its change time moved);
    /// put in its place, it is another inode beside the old stamp: either way it is summed, and
    /// the damage found.
    @Test(arguments: [true, false]) func damageIsSummedAndFound(inPlace: Bool) throws {
        let (folder, snapshot) = try PackSnapshotTests.compiledPack()
        let pack = try PackSnapshotTests.read(folder)
        try Self.damage(snapshot, inPlace: inPlace)
        #expect(SnapshotStamp.read(beside: snapshot.path) != nil, "the old stamp is still there")
        let opened = try PackSnapshot.open(at: snapshot.path, for: pack, checksum: .later)
        #expect(opened.pendingChecksum != nil)
        #expect(!opened.checksumMatches())
    }

    /// A stamp vouches only for the file, checksum and boot it names; `now` ignores stamps: a
    /// stamp made to fit a damaged file is trusted later, never now.
    @Test func aStampIsTrustedLaterOnlyForItsFile() throws {
        let (folder, snapshot) = try PackSnapshotTests.compiledPack()
        let pack = try PackSnapshotTests.read(folder)
        try Self.damage(snapshot)
        let identity = try #require(FileIdentity.of(snapshot.path))
        let checksum = try Self.recordedChecksum(snapshot)
        let boot = try #require(SnapshotStamp.currentBoot)
        func matches(_ stamp: SnapshotStamp) throws -> Bool {
            #expect(stamp.write(beside: snapshot.path) == nil)
            return try PackSnapshot.open(at: snapshot.path, for: pack, checksum: .later).checksumMatches()
        }
        #expect(try !matches(SnapshotStamp(file: identity, checksum: checksum &+ 1, boot: boot)), "another checksum")
        #expect(try !matches(SnapshotStamp(file: identity, checksum: checksum, boot: boot + "0")), "another boot")
        for field in [\FileIdentity.size, \.modified, \.changed] {
            var other = identity
            other[keyPath: field] += 1
            #expect(try !matches(SnapshotStamp(file: other, checksum: checksum, boot: boot)), "another \(field)")
        }
        var otherInode = identity
        otherInode.inode += 1
        #expect(try !matches(SnapshotStamp(file: otherInode, checksum: checksum, boot: boot)), "another inode")
        #expect(try matches(SnapshotStamp(file: identity, checksum: checksum, boot: boot)), "the stamp's very file")
        #expect(throws: SnapshotError.corrupt("checksum mismatch")) { try PackSnapshot.open(at: snapshot.path, for: pack, checksum: .now) }
    }

    /// Whatever lies where a stamp goes is read without waiting on it and only when it is a small
    /// regular file: a pipe there (which would block a plain open) or a large file is no stamp.
    @Test func onlyASmallRegularFileIsAStamp() throws {
        let (folder, snapshot) = try PackSnapshotTests.compiledPack()
        let pack = try PackSnapshotTests.read(folder)
        let stampPath = snapshot.path + SnapshotStamp.suffix
        let stamp = try #require(SnapshotStamp.read(beside: snapshot.path))
        try FileManager.default.removeItem(atPath: stampPath)
        #expect(mkfifo(stampPath, 0o644) == 0)
        #expect(SnapshotStamp.read(beside: snapshot.path) == nil)
        #expect(try PackSnapshot.open(at: snapshot.path, for: pack, checksum: .later).checksumMatches(), "summed instead")
        try FileManager.default.removeItem(atPath: stampPath)
        try Data((stamp.text + String(repeating: "#", count: 600)).utf8).write(to: URL(fileURLWithPath: stampPath))
        #expect(SnapshotStamp.read(beside: snapshot.path) == nil)
    }

    @Test func stampsReadBackAndAnythingElseIsNone() throws {
        let stamp = SnapshotStamp(
            file: FileIdentity(device: 65024, inode: 16_334_921, size: 34_761_311, modified: 1_795_828_752_166_662_991, changed: -5),
            checksum: 0x3F02_094A_A53C_F098, boot: "3600d58b-db7c-4ddb-a4c0-caf0ed48ab19")
        #expect(SnapshotStamp(stamp.text) == stamp)
        #expect(stamp.text == "symkb snapshot stamp 1\n65024 16334921 34761311 1795828752166662991 -5 3f02094aa53cf098\n"
            + "3600d58b-db7c-4ddb-a4c0-caf0ed48ab19\n")
        for text in ["", "symkb snapshot stamp 1\n", stamp.text.replacingOccurrences(of: "stamp 1", with: "stamp 2"),
                     stamp.text.replacingOccurrences(of: " -5 ", with: " x "), stamp.text + "\n",
                     stamp.text.replacingOccurrences(of: "\n65024", with: "\n 65024"), String(stamp.text.dropLast()),
                     stamp.text.replacingOccurrences(of: "\n3600d58b", with: "\n\n3600d58b"),
                     stamp.text.replacingOccurrences(of: "3600d58b-", with: "3600d58b -")] {
            #expect(SnapshotStamp(text) == nil, "\(text.debugDescription)")
        }
        let folder = try SymkbProcess.temporaryDirectory()
        #expect(SnapshotStamp.read(beside: folder.appendingPathComponent("pack.snapshot").path) == nil, "no stamp")
    }
}
