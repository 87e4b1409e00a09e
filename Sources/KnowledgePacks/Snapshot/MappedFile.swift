import Foundation

/// A file mapped read-only into memory, and the one place that handles the mapping's pages.
///
/// Snapshots are read through a private, read-only mapping made here (not through `Data`'s own
/// reading, which may copy): the name tables a graph keeps are slices of it, and its pages can be
/// handed back to the kernel once read (``release(_:)``) without losing anything, because a
/// private read-only file mapping reads them again from the page cache when touched.
enum MappedFile {
    /// The file's bytes, mapped; unmapped when the last `Data` that shares them goes.
    static func map(_ path: String) -> Data? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let size = Int(status.st_size)
        guard size > 0 else { return Data() }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else { return nil }
        return Data(bytesNoCopy: address, count: size, deallocator: .custom { pointer, count in _ = munmap(pointer, count) })
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
