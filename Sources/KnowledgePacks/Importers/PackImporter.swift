import Foundation
import SymptomGraph

/// Reads a file of another format into the graph being assembled, as part of a pack.
///
/// A pack's manifest names such files under `imports` with a `format`; the importer registered for
/// that format adds their entities and assertions. Adding a format is one new type conforming to
/// this protocol, listed in ``ImporterRegistry``.
public protocol PackImporter: Sendable {
    /// The format name used in manifests (`obo`, `hpoa`).
    static var format: String { get }
    /// What the format is, for help and errors.
    static var summary: String { get }

    /// Reads and parses the file without a builder — a pack's imports are read side by side on
    /// the machine's cores — and returns what then adds its content to the builder, in the
    /// manifest's order. A file that cannot be read yields only its error.
    static func prepare(_ file: ImportedFile) -> PreparedImport
}

/// A file read and parsed, waiting to add its content to the graph being assembled.
public struct PreparedImport: Sendable {
    /// Adds the content; returns findings (errors stop the load).
    public let contribute: @Sendable (inout GraphBuilder) -> [Diagnostic]

    public init(_ contribute: @escaping @Sendable (inout GraphBuilder) -> [Diagnostic]) {
        self.contribute = contribute
    }
}

/// A pack's imported files, each read and parsed on a thread of its own from the moment this is
/// made: a compile starts them before the work that precedes adding them (finding the catalog,
/// reading the packs the pack depends on) and hands them to
/// ``PackCompiler/compile(_:among:preparing:loaded:)``, which takes each file's result once. The
/// files' sizes and times, which the snapshot records, are taken before they are read, as a
/// compile without it takes them (a file changed meanwhile makes the snapshot stale, never one
/// that passes for up to date). Threads whose results are not taken run to their end.
public final class ImportPreparation: Sendable {
    /// The pack whose imports these are.
    private let pack: String
    /// The files, in the manifest's order, with their formats.
    private let files: [ImportedFile], formats: [String]
    /// The files' identities, for the snapshot.
    let inputs: Result<[SnapshotInput], SnapshotError>
    private let tasks: [BackgroundTask<PreparedImport>]

    /// Starts reading and parsing the files `pack` imports.
    public init(of pack: PackContent) {
        let imports = Self.importers(of: pack)
        self.pack = pack.id
        files = imports.map(\.file)
        formats = imports.map { $0.importer.format }
        inputs = Result { () throws(SnapshotError) in try PackSnapshot.inputs(of: pack) }
        tasks = imports.map { importer, file in BackgroundTask.started { importer.prepare(file) } }
    }

    /// The files a pack imports, in the manifest's order, with their importers (a format no
    /// importer reads is left out: the manifest's reader has reported it).
    static func importers(of pack: PackContent) -> [(importer: any PackImporter.Type, file: ImportedFile)] {
        pack.manifest.imports.compactMap { spec in
            ImporterRegistry.importer(for: spec.format).map { importer in
                (importer, ImportedFile(path: spec.resolvedPath, pack: pack.id, source: spec.source, location: spec.location))
            }
        }
    }

    /// Whether these are `pack`'s imports, as `importers(of:)` lists them now.
    func prepares(_ pack: PackContent) -> Bool {
        let imports = Self.importers(of: pack)
        return pack.id == self.pack && imports.map(\.file) == files && imports.map({ $0.importer.format }) == formats
    }

    /// The file at `index` prepared, once it is; taken, so once only.
    func prepared(_ index: Int) -> PreparedImport { tasks[index].take() }
}

/// One file a pack imports, resolved.
public struct ImportedFile: Sendable, Equatable {
    /// The absolute path.
    public var path: String
    /// The importing pack.
    public var pack: String
    /// The source id assertions from this file cite.
    public var source: String
    /// Where the manifest names the file.
    public var location: SourceLocation

    /// Reads the file a block at a time into one buffer, reused, and passes `body` each block's
    /// whole lines (the file's last line may lack its newline) with the number of lines before
    /// them; `body` returns the number of lines it read. Strict input: a leading byte-order mark
    /// is skipped (it is not text), and a NUL byte or invalid UTF-8 ends the reading with its
    /// location (blocks before it have been passed on), never imported as text. A line longer
    /// than a block grows the buffer.
    ///
    /// A 34 MB annotation file read whole costs a page fault for each of its 8,000 pages of fresh
    /// memory; read a block at a time it is copied into memory that stays in the cache. The
    /// reading stops early, after a block, once `done` says so.
    func forEachBlockOfLines(
        blockSize: Int = 1 << 20, until done: () -> Bool = { false },
        _ body: (UnsafeBufferPointer<UInt8>, _ linesBefore: Int) -> Int
    ) -> Diagnostic? {
        let failure = Diagnostic.error(.fileUnreadable, "cannot read '\(path)'", at: location)
        let kind = ImportPathKind(of: path)
        if kind != .missing, let problem = kind.problem { return .error(.fileUnreadable, "'\(path)' \(problem)", at: location) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            return .error(.fileUnreadable, "cannot read '\(path)': \(reason)", at: location)
        }
        defer { close(descriptor) }
        var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(blockSize, 16))
        defer { buffer.deallocate() }
        var filled = 0, linesBefore = 0
        var atStart = true
        while true {
            if filled == buffer.count {
                let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
                _ = larger.initialize(from: buffer)
                buffer.deallocate()
                buffer = larger
            }
            guard let base = buffer.baseAddress else { return failure }
            let count = read(descriptor, base + filled, buffer.count - filled)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return failure }
            filled += count
            let atEnd = count == 0
            // A byte-order mark is decided once three bytes (or the whole file) are in.
            if atStart, filled < 3, !atEnd { continue }
            var start = 0
            if atStart {
                atStart = false
                let mark = TextDecoding.byteOrderMark
                if UnsafeBufferPointer(start: base, count: min(filled, mark.count)).elementsEqual(mark) { start = mark.count }
            }
            // Whole lines: up to the last newline read, or all that is left at the end.
            var end = filled
            if !atEnd {
                // Searched from the end: a line is short beside a block.
                var newline = filled - 1
                while newline >= start, base[newline] != 0x0A { newline -= 1 }
                guard newline >= start else {
                    if start > 0 { filled = Self.moveDown(base, from: start, to: filled) }
                    continue
                }
                end = newline + 1
            }
            let block = UnsafeBufferPointer(rebasing: buffer[start..<end])
            if let problem = TextDecoding.firstProblem(in: block) {
                return .error(.textEncoding, problem.message,
                              at: SourceLocation(file: path, line: linesBefore + problem.line, column: problem.column))
            }
            if !block.isEmpty { linesBefore += body(block, linesBefore) }
            if atEnd || done() { return nil }
            filled = Self.moveDown(base, from: end, to: filled)
        }
    }

    /// Moves the bytes `from..<to` to the start of the buffer; returns how many there are.
    private static func moveDown(_ base: UnsafeMutablePointer<UInt8>, from: Int, to: Int) -> Int {
        if from > 0, to > from { memmove(base, base + from, to - from) }
        return to - from
    }
}

/// What lies at a path an import names: a regular file — what can be read, the same at every
/// load — or what instead (a folder opens and then fails to read; a pipe is read once, and
/// blocks the open until something writes to it).
public enum ImportPathKind: Sendable, Equatable {
    case missing, regularFile, folder, other

    public init(of path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            self = .missing
            return
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: self = .regularFile
        case S_IFDIR: self = .folder
        default: self = .other
        }
    }

    /// Why it cannot be imported, to follow the path in a message ("is a folder"); `nil` for a
    /// regular file.
    public var problem: String? {
        switch self {
        case .regularFile: nil
        case .missing: "no such file"
        case .folder: "is a folder, not a file"
        case .other: "is not a regular file (a pipe or a device?)"
        }
    }
}

/// The importers symkb knows, by format name.
public enum ImporterRegistry {
    /// Every importer.
    public static let all: [any PackImporter.Type] = [OBOImporter.self, HPOAImporter.self]

    /// The importer for a format.
    public static func importer(for format: String) -> (any PackImporter.Type)? {
        all.first { $0.format == format }
    }
}
