import Foundation
import SymptomGraph

/// A file mapped read-only into memory, and the one place that advises the kernel about pages
/// (the mapping's, and those of the large buffers decoded out of it).
///
/// Snapshots are read through a private, read-only mapping made here (not through `Data`'s own
/// reading, which may copy): the name tables a graph keeps are slices of it, and its pages can be
/// handed back to the kernel once read (``release(_:)``) without losing anything, because a
/// private read-only file mapping reads them again from the page cache when touched.
enum MappedFile {
    /// The file's bytes, mapped (unmapped when the last `Data` that shares them goes), and the
    /// file kept open to read them again without the mapping (``OpenFile``).
    static func map(_ path: String) -> (bytes: Data, file: OpenFile)? {
        // Non-blocking: a pipe put where a snapshot goes would block a plain open (it is then
        // refused as not a regular file).
        guard let (descriptor, identity) = FileIdentity.openRegular(path) else { return nil }
        let file = OpenFile(descriptor: descriptor, identity: identity)
        let size = Int(identity.size)
        guard size > 0 else { return (Data(), file) }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else { return nil }
        return (Data(bytesNoCopy: address, count: size, deallocator: .custom { pointer, count in _ = munmap(pointer, count) }), file)
    }

    /// A file open for reading, closed when the last reference goes.
    ///
    /// A pass over a whole snapshot (its checksum) reads it with `pread` into a small buffer
    /// rather than through the mapping: the same bytes (both views of the page cache), without
    /// mapping 35 MB of pages one fault at a time and handing them back (`MADV_DONTNEED`, whose
    /// TLB flush interrupts the other core) — 1.5 ms of CPU in a cold `rank`.
    final class OpenFile: Sendable {
        private let descriptor: Int32
        /// The file as it was when it was opened (and mapped).
        let identity: FileIdentity

        fileprivate init(descriptor: Int32, identity: FileIdentity) {
            self.descriptor = descriptor
            self.identity = identity
        }

        deinit { close(descriptor) }

        /// Reads the `buffer.count` bytes at `offset` into `buffer`; `false` when they cannot all
        /// be read (an error, or the file cut short since).
        func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
            guard let base = buffer.baseAddress else { return true }
            var done = 0
            while done < buffer.count {
                let count = pread(descriptor, base + done, buffer.count - done, off_t(offset + done))
                if count > 0 {
                    done += count
                } else if count == 0 || errno != EINTR {
                    return false
                }
            }
            return true
        }
    }

    /// A copy of `bytes` in memory that never moves and is freed with the returned `Data`, which
    /// can then be read in place as a mapping is (``SnapshotStorage/memory`` decodes so).
    static func ownedCopy(_ bytes: UnsafeRawBufferPointer) -> Data {
        guard !bytes.isEmpty else { return Data() }
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        copy.copyMemory(from: bytes)
        return Data(bytesNoCopy: copy.baseAddress.unsafelyUnwrapped, count: bytes.count, deallocator: .custom { pointer, _ in pointer.deallocate() })
    }

    /// Takes the whole pages inside `bytes` — which must lie in a mapping made by ``map(_:)`` —
    /// out of the process's resident set.
    static func release(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        let page = Int(getpagesize())
        let start = (Int(bitPattern: base) + page - 1) / page * page
        let end = (Int(bitPattern: base) + bytes.count) / page * page
        guard end > start, let first = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(first, end - start, MADV_DONTNEED)
    }
}

extension MappedFile {
    /// Maps the pages inside `bytes` (of a mapping made by ``map(_:)``) in one call, before a pass
    /// reads all of them: one fault per folio otherwise (Linux `MADV_POPULATE_READ`, 5.14 and
    /// later; elsewhere, or when the kernel declines, the pass faults them in as before).
    static func populate(_ bytes: UnsafeRawBufferPointer) {
        #if os(Linux)
        guard let base = bytes.baseAddress else { return }
        let page = Int(getpagesize())
        let start = Int(bitPattern: base) / page * page
        let end = Int(bitPattern: base) + bytes.count
        guard end > start, let first = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(first, end - start, 22)  // MADV_POPULATE_READ
        #endif
    }
}

extension MappedFile {
    /// The size of each `write` when a file is written for later mapping (see
    /// ``writeAtomically(to:_:)``).
    static let writeChunk = 512 << 10

    /// Writes a file at `path` atomically from what `body` writes to it (a temporary file in the
    /// same folder, renamed over `path`; nothing is left behind on failure), in pieces of
    /// ``writeChunk`` bytes. Linux keeps a file in page-cache folios as large as the writes that
    /// made it (up to 2 MB), and maps a whole folio into a process that touches any byte of it,
    /// at the cost of one page: written at once, every later process that reads a few pages
    /// held megabytes of it (5.4 MB more peak memory for a cold `rank`); written 64 KB at a
    /// time, mapping the 7 MB of assertions a load reads whole went a small folio at a time.
    /// At 512 KB a cold `rank` took 0.5–1.2 ms less than at 64 KB (a `describe` 1.2 ms), for
    /// ~1 MB more peak memory (50 interleaved runs each). Returns a description of the failure,
    /// or `nil`.
    ///
    /// Not flushed to the disk (`fsync`) before the rename, unlike `Data.write(options: .atomic)`:
    /// a snapshot is a cache of its pack's files, and one cut short by a power loss is refused at
    /// open (its length and checksum: its stamp names the boot before the loss, so the first
    /// loads after it sum the file; ``SnapshotStamp``) and the files are read instead.
    static func writeAtomically(to path: String, _ body: (inout AtomicFile) -> Void) -> String? {
        // Created as `Data.write` creates files (mode 0666 less the umask), under a name no one else uses.
        var temporary = "", descriptor: Int32 = -1
        for _ in 0..<8 where descriptor < 0 {
            temporary = "\(path).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if descriptor < 0 && errno != EEXIST { break }
        }
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        var file = AtomicFile(descriptor: descriptor)
        body(&file)
        var failure = file.failure
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if failure != nil { unlink(temporary) }
        return failure
    }

    /// A file being written by ``writeAtomically(to:_:)``: the first failure is kept, and
    /// everything written after it is ignored.
    struct AtomicFile {
        fileprivate let descriptor: Int32
        fileprivate private(set) var failure: String?

        fileprivate init(descriptor: Int32) { self.descriptor = descriptor }

        /// The file as written so far (`nil` when the system cannot say).
        func identity() -> FileIdentity? { FileIdentity.of(descriptor: descriptor) }

        /// Gives the file up: it is removed, not renamed into place.
        mutating func abandon() {
            if failure == nil { failure = "abandoned" }
        }

        /// Appends `bytes`, in pieces of at most ``writeChunk`` bytes.
        mutating func append(_ bytes: UnsafeRawBufferPointer) {
            writeAll(bytes) { [descriptor] base, written in write(descriptor, base + written, min(writeChunk, bytes.count - written)) }
        }

        /// Writes `bytes` at `offset`, over bytes appended before.
        mutating func overwrite(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
            writeAll(bytes) { [descriptor] base, written in
                pwrite(descriptor, base + written, bytes.count - written, off_t(offset + written))
            }
        }

        /// Calls `write` (given the bytes' start and how many are written so far; it returns what
        /// the system call returns) until every byte is written or it fails, retrying on EINTR.
        private mutating func writeAll(_ bytes: UnsafeRawBufferPointer, _ write: (UnsafeRawPointer, Int) -> Int) {
            var written = 0
            while failure == nil, written < bytes.count, let base = bytes.baseAddress {
                let result = write(base, written)
                if result > 0 {
                    written += result
                } else if result == 0 {
                    failure = "nothing written"
                } else if errno != EINTR {
                    failure = String(cString: strerror(errno))
                }
            }
        }
    }
}

extension MappedFile {
    /// Asks the kernel to back the whole 2 MB spans inside a fresh, large buffer with huge pages
    /// (Linux, where transparent huge pages are on `madvise`): copying megabytes out of a snapshot
    /// then takes one page fault per 2 MB instead of one per 4 KB. Nothing else changes: the
    /// kernel may decline.
    static func preferHugePages(_ bytes: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        let huge = 2 << 20
        guard bytes.count >= huge, let base = bytes.baseAddress else { return }
        let start = (Int(bitPattern: base) + huge - 1) / huge * huge
        let end = (Int(bitPattern: base) + bytes.count) / huge * huge
        guard end > start, let first = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(first, end - start, MADV_HUGEPAGE)
        #endif
    }
}

/// Where the bytes of a snapshot being decoded lie: in memory (parts the decoder keeps are copied
/// out, and nothing is released), or in a ``MappedFile`` mapping (parts are slices of it, and the
/// pages of what has been read are handed back).
struct SnapshotStorage: Sendable {
    /// The mapping, when the bytes are its, the address they start at, and the mapped file.
    private let mapping: Data?
    private let base: Int
    private let file: MappedFile.OpenFile?

    /// Bytes in ordinary memory.
    static let memory = SnapshotStorage(mapping: nil, base: 0, file: nil)

    /// The bytes of `mapping` of `file`, made by ``MappedFile/map(_:)``, seen at `bytes`.
    static func mapped(_ mapping: Data, of file: MappedFile.OpenFile, at bytes: UnsafeRawBufferPointer) -> SnapshotStorage {
        SnapshotStorage(mapping: mapping, base: Int(bitPattern: bytes.baseAddress), file: file)
    }

    /// A copy of `part` (of a mapping) read from the file into `buffer`, which is at least as
    /// large; `nil` in ordinary memory, or when the file cannot be read (read `part` itself then).
    func copy(_ part: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard let file, let start = part.baseAddress, part.count <= buffer.count else { return nil }
        let copy = UnsafeMutableRawBufferPointer(rebasing: buffer[..<part.count])
        return file.read(into: copy, at: Int(bitPattern: start) - base) ? UnsafeRawBufferPointer(copy) : nil
    }

    /// A part of the bytes as `Data` that outlives the decoding: a slice of the mapping, or a copy.
    func data(_ part: UnsafeRawBufferPointer) -> Data {
        guard let mapping, let start = part.baseAddress else { return Data(part) }
        let offset = mapping.startIndex + (Int(bitPattern: start) - base)
        return mapping[offset..<(offset + part.count)]
    }

    /// A part read as `Int32` values that outlive the decoding: where they lie in the mapping
    /// (which the values keep alive), or a copy of bytes in memory.
    func int32s(_ part: UnsafeRawBufferPointer) -> Int32Buffer {
        guard let mapping else { return Int32Buffer(copying: part) }
        return Int32Buffer(inPlace: part, of: mapping)
    }

    /// The whole mapping, to keep alive what is read in place from it (`nil` for ordinary memory).
    var keptMapping: Data? { mapping }

    /// Maps the pages of a part that is about to be read whole (mapped bytes only).
    func populate(_ part: UnsafeRawBufferPointer) {
        if mapping != nil { MappedFile.populate(part) }
    }

    /// Hands the pages of a part that has been read back to the kernel (mapped bytes only).
    func release(_ part: UnsafeRawBufferPointer) {
        if mapping != nil { MappedFile.release(part) }
    }
}
