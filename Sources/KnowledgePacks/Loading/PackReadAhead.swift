import SymptomGraph

/// Packs read on a core of their own before a load asks for them: a process starts reading the
/// packs bundled with it — the same at every start — while it parses its command line on the
/// other core, and the load that follows (``CatalogLoader/loadProvisionally(_:excluding:compiled:readAhead:)``)
/// takes each read instead of reading the pack again.
///
/// Reading the bundled packs' YAML is ~27 M instructions of a cold `symkb query` (~95 M in all),
/// and parsing its command line ~17 M, during which the second core had nothing to do.
public final class PackReadAhead: Sendable {
    /// A pack read: its content and warnings, or its errors.
    public typealias Read = Result<(content: PackContent, warnings: [Diagnostic]), PackLoadError>

    private let packs: [PackFiles]
    private let reads: BackgroundTask<[Read]>

    /// Starts reading `packs`, one after another, on a thread of its own.
    public init(_ packs: [PackFiles]) {
        self.packs = packs
        reads = BackgroundTask.started {
            packs.map { files in Result { () throws(PackLoadError) in try PackReader.read(files) } }
        }
    }

    /// The read of `files`, once it is done, when they are the files of a pack read here (the
    /// same files, shown as the same folder); `nil` for any other pack.
    public func read(of files: PackFiles) -> Read? {
        guard let index = packs.firstIndex(of: files) else { return nil }
        return reads.value()[index]
    }
}
