import Foundation

/// A text stream into a file that appears whole or not at all (``ReplacedFile``: links followed,
/// devices and pipes written as they are, permissions kept), in large chunks; ``commit()`` puts
/// it in place. Without a commit (an error, a full disk) the target stays as it was. With no
/// path it writes to standard output.
struct FileTextStream: TextOutputStream {
    private let handle: FileHandle
    private let file: ReplacedFile?
    private var buffer: [UInt8] = []
    /// The first write error, reported by ``commit()``.
    private(set) var failure: (any Error)?

    init(path: String?) throws(ReplacedFile.Failure) {
        guard let path else {
            handle = .standardOutput
            file = nil
            return
        }
        let file = try ReplacedFile(path: path)
        handle = file.handle
        self.file = file
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
        try file?.commit()
    }

    /// Drops the temporary file.
    func discard() { file?.discard() }
}
