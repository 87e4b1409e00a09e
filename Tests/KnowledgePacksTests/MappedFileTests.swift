import Foundation
import Testing
import TestSupport
@testable import KnowledgePacks

/// Writing a file for later mapping: atomically, in pieces, and nothing left behind.
@Suite struct MappedFileTests {
    @Test func aFileWrittenInPiecesReadsBackWhole() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let path = folder.appendingPathComponent("pack.snapshot").path
        // Several pieces and a partial last one.
        var generator = SeededRandom()
        let bytes = (0..<(MappedFile.writeChunk * 3 + 1234)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let failure = bytes.withUnsafeBytes { raw in MappedFile.writeAtomically(to: path) { $0.append(raw) } }
        #expect(failure == nil)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["pack.snapshot"])
        let mode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode & 0o400 != 0 && mode & 0o111 == 0, "mode \(String(mode, radix: 8))")
    }

    @Test func aFailedWriteLeavesTheOldFileAndNoTemporary() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let path = folder.appendingPathComponent("pack.snapshot").path
        try FileManager.default.createDirectory(atPath: path + "/in-the-way", withIntermediateDirectories: true)
        // The target is a non-empty folder: the rename fails after the bytes are written.
        let failure = [UInt8](repeating: 7, count: 100).withUnsafeBytes { raw in MappedFile.writeAtomically(to: path) { $0.append(raw) } }
        #expect(failure != nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["pack.snapshot"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == ["in-the-way"])
        let missing = folder.appendingPathComponent("no-such-folder/pack.snapshot").path
        #expect([UInt8(1)].withUnsafeBytes { raw in MappedFile.writeAtomically(to: missing) { $0.append(raw) } } != nil)
    }

    /// A mapped snapshot's checksum reads its chunks from the file (`pread`) rather than through
    /// the mapping: the copy of a part is its bytes, and a part the file no longer holds (cut
    /// short since it was mapped) is not copied (the caller reads the mapping instead).
    @Test func aMappedPartCopiedFromTheFileIsItsBytes() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let path = folder.appendingPathComponent("pack.snapshot").path
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let (mapping, file) = try #require(MappedFile.map(path))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 40_000, alignment: 16)
        defer { buffer.deallocate() }
        try mapping.withUnsafeBytes { whole in
            let storage = SnapshotStorage.mapped(mapping, of: file, at: whole)
            let part = UnsafeRawBufferPointer(rebasing: whole[54_321..<90_000])
            let copy = try #require(storage.copy(part, into: buffer))
            #expect(copy.baseAddress == UnsafeRawPointer(buffer.baseAddress))
            #expect(Array(copy) == Array(bytes[54_321..<90_000]))
            #expect(storage.copy(UnsafeRawBufferPointer(rebasing: whole[0..<50_000]), into: buffer) == nil, "larger than the buffer")
            #expect(SnapshotStorage.memory.copy(part, into: buffer) == nil, "bytes in memory are read where they lie")
            #expect(truncate(path, 60_000) == 0)
            #expect(storage.copy(part, into: buffer) == nil, "the file no longer holds the part")
        }
    }
}
