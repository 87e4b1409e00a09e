import Foundation
import SymptomGraph

/// Packs read on other cores before a load asks for them: a process starts reading the packs it
/// will likely load — those bundled with it, and the folders its command line and search path
/// name — while it parses its command line, and the load that follows
/// (``CatalogLoader/loadProvisionally(_:excluding:compiled:readAhead:)``) takes each read instead
/// of reading the pack again, and each snapshot opened instead of opening it again.
///
/// Reading the bundled packs' YAML was ~26 M instructions of a cold `symkb query` (~95 M in all),
/// opening the HPO's snapshot ~17 M and parsing the command line ~17 M, one after another on the
/// main thread while the second core had little to do. A build now embeds the bundled packs as
/// read (`compiled`), which decode in ~3 M, and a folder's snapshot is opened beside the parsing.
///
/// A read ahead is used only for the very files the load reads (the same texts, shown as the same
/// folder), and a snapshot only by a load that checks its sum later, as the read-ahead's was
/// opened: a guess that turns out wrong (a folder the command line did not name after all) costs
/// only the work done for it, and the memory of what it opened until the read-ahead goes.
public final class PackReadAhead: Sendable {
    /// A pack read: its content and warnings, or its errors.
    public typealias Read = Result<(content: PackContent, warnings: [Diagnostic]), PackLoadError>

    private let packs: [PackFiles]
    private let reads: BackgroundTask<[Read]>
    private let folderReads: BackgroundTask<[(files: PackFiles, read: Read)]>?
    private let snapshots = SnapshotShelf()

    /// Starts reading `packs`, one after another, on a thread of its own. A pack whose content
    /// `compiled` holds (Base64 of ``PackContentCoding``, made from the same files) is decoded
    /// from it instead of being read from its YAML.
    ///
    /// And on another thread, the packs in `folders`, each with its compiled snapshot opened
    /// (its sum taken later, ``PackSnapshot/ChecksumTiming/later``). A folder that is not a pack
    /// is passed over.
    public init(_ packs: [PackFiles], compiled: String = "", folders: [String] = []) {
        self.packs = packs
        reads = BackgroundTask.started {
            zip(packs, Self.contents(compiled, for: packs)).map { files, content in
                if let content { return .success((content, [])) }
                return Result { () throws(PackLoadError) in try PackReader.read(files) }
            }
        }
        let shelf = snapshots
        folderReads = folders.isEmpty ? nil : BackgroundTask.started {
            parallelMap(folders.count) { index -> (files: PackFiles, read: Read)? in
                guard let files = try? PackFiles.read(directory: folders[index]) else { return nil }
                let pack = CatalogLoader.readPack(files, excluded: [], checksum: .later, compiled: nil, readAhead: nil)
                if let (path, opened) = pack.snapshot { shelf.put(opened, at: path, for: files) }
                return (files, pack.read)
            }.compactMap { $0 }
        }
    }

    /// The read of `files`, once it is done, when they are the files of a pack read here (the
    /// same files, shown as the same folder); `nil` for any other pack.
    public func read(of files: PackFiles) -> Read? {
        if let index = packs.firstIndex(of: files) { return reads.value()[index] }
        return folderReads?.value().first { $0.files == files }?.read
    }

    /// The snapshot at `path` opened here for the pack read from `files` (its sum still to be
    /// checked), handed over: once only; `nil` when none was.
    func snapshot(at path: String, for files: PackFiles) -> Result<PackSnapshot, SnapshotError>? {
        folderReads?.wait()
        return snapshots.take(at: path, for: files)
    }

    /// The content `compiled` holds for each of `packs`; none when it does not decode.
    private static func contents(_ compiled: String, for packs: [PackFiles]) -> [PackContent?] {
        let none = [PackContent?](repeating: nil, count: packs.count)
        guard let bytes = Data(base64Encoded: compiled) else { return none }
        return bytes.withUnsafeBytes { bytes in
            (try? PackContentCoding.contents(in: bytes, for: packs)) ?? none
        }
    }
}

/// Snapshots opened ahead, each held until a load takes it: the taker then holds the only
/// reference, so that the graph takes its tables over without copying them.
private final class SnapshotShelf: @unchecked Sendable {
    private let lock = NSLock()
    private var opened: [String: (files: PackFiles, snapshot: Result<PackSnapshot, SnapshotError>)] = [:]

    func put(_ snapshot: Result<PackSnapshot, SnapshotError>, at path: String, for files: PackFiles) {
        lock.withLock { opened[path] = (files, snapshot) }
    }

    func take(at path: String, for files: PackFiles) -> Result<PackSnapshot, SnapshotError>? {
        lock.withLock {
            guard let entry = opened[path], entry.files == files else { return nil }
            opened[path] = nil
            return entry.snapshot
        }
    }
}
