import Foundation
import SymptomGraph

/// A compiled pack: what the pack's importers add to the graph, stored in a versioned binary file
/// (`pack.snapshot` in the pack folder) so that loading skips parsing the imported files.
///
/// Written by `symkb pack compile` (and `symkb pack import`). Opening checks, before anything is
/// used: the magic and format version, the byte order and record layout, a checksum of the
/// payload, the pack id, version and import list against the manifest, and each imported file's
/// size and modification time against those it was compiled from. Any mismatch refuses the
/// snapshot with a ``SnapshotError``, and the loader falls back to the text files.
///
/// Layout: `SYMKBSNP`, format version, byte-order mark, assertion record size, payload length,
/// payload checksum; then the payload: pack id, version, import list, inputs, the import's
/// diagnostics, the id prefixes it defines, and the ``GraphSegment``.
public struct PackSnapshot: Sendable {
    /// The file name inside a pack folder.
    public static let fileName = "pack.snapshot"
    /// The file beside it that records it was found intact (``SnapshotStamp``).
    public static let stampFileName = fileName + SnapshotStamp.suffix
    /// The version of the binary format; files of another version are refused.
    public static let formatVersion: UInt32 = 14
    static let magic = Array("SYMKBSNP".utf8)
    static let byteOrderMark: UInt32 = 0x0102_0304
    static let headerSize = 8 + 4 + 4 + 4 + 8 + 8

    /// What the importers added.
    public var segment: GraphSegment
    /// What the importers reported (warnings) when the snapshot was compiled.
    public var diagnostics: [Diagnostic]
    /// The id prefixes of the imported entities (`HP`, `OMIM`, …), which become namespaces of the pack.
    public var namespaces: [String]
    /// The payload's checksum, being summed, when the snapshot was opened with
    /// ``ChecksumTiming/later`` (`nil` when it was checked at open).
    var pendingChecksum: SnapshotChecksum.Pending?

    /// When opening a snapshot checks its payload's checksum.
    public enum ChecksumTiming: Sendable {
        /// Before ``open(at:for:checksum:)`` returns (a mismatch throws).
        case now
        /// Alongside whatever the caller does next: the caller must ask ``checksumMatches()``
        /// before it shows anything built from the snapshot, or hands it on to a caller that
        /// does not know to ask (and start again without it when the sum does not match:
        /// ``CatalogLoader/loadProvisionally(_:excluding:compiled:)`` hands the question on).
        case later
    }

    /// Creates a snapshot of a pack's import.
    public init(segment: GraphSegment, diagnostics: [Diagnostic], namespaces: [String]) {
        self.segment = segment
        self.diagnostics = diagnostics
        self.namespaces = namespaces
    }

    /// Where a pack's snapshot lives (`nil` for packs that are not folders or import nothing).
    public static func path(for pack: PackContent) -> String? {
        guard case let .directory(folder) = pack.origin, !pack.manifest.imports.isEmpty else { return nil }
        return URL(fileURLWithPath: folder).appendingPathComponent(fileName).path
    }

    /// The import list as recorded: the pack id and version and every import, one per line.
    static func importKey(of pack: PackContent) -> String {
        ([pack.id + " " + pack.manifest.version.description]
            + pack.manifest.imports.map { "\($0.format) \($0.source) \($0.resolvedPath)" }).joined(separator: "\n")
    }

    // MARK: Writing

    /// The pack's imported files as they are now (taken before compiling, so that a file changed
    /// while it is read makes the snapshot stale rather than wrong).
    static func inputs(of pack: PackContent) throws(SnapshotError) -> [SnapshotInput] {
        var inputs: [SnapshotInput] = []
        for path in pack.manifest.imports.map(\.resolvedPath) {
            guard let input = SnapshotInput.current(path) else { throw .cannotWrite("cannot read '\(path)'") }
            inputs.append(input)
        }
        return inputs
    }

    /// How a snapshot being written ends: with its last part, the graph tables (or none), or
    /// abandoned (the compile failed after the writing began: nothing is put in place).
    enum Ending: Sendable {
        case graphTables(AnnotationTables.Precomputed?)
        case abandoned
    }

    /// Writes the snapshot for `pack` (compiled from `inputs`) to `path`, atomically: the parts
    /// are encoded (large ones kept where they lie), then summed and written where they lie,
    /// and the header, with the payload's length and checksum, written last at the start. How
    /// it ends — the segment's graph tables, its last part — is asked for only when all else is
    /// written: a compile writes the file on one core while it checks the packs and loads the
    /// graph the tables come from on the other (``PackCompiler``).
    func write(
        for pack: PackContent, inputs: [SnapshotInput], indexes: SegmentCoding.AssertionIndexes, to path: String,
        ending: () -> Ending
    ) throws(SnapshotError) {
        var payload = BinaryWriter()
        payload.write(Self.importKey(of: pack))
        payload.write(UInt32(inputs.count))
        for input in inputs {
            payload.write(input.path)
            payload.write(input.size)
            payload.write(input.modified)
        }
        payload.write(UInt32(diagnostics.count))
        for diagnostic in diagnostics {
            payload.write(Self.severityCode(diagnostic.severity))
            payload.write(diagnostic.id.rawValue)
            payload.write(diagnostic.message)
            payload.write(diagnostic.location?.file)
            payload.write(UInt32(clamping: diagnostic.location?.line ?? 0))
            payload.write(UInt32(clamping: diagnostic.location?.column ?? 0))
        }
        payload.write(namespaces)
        SegmentCoding.writeAllButGraphTables(segment, indexes: indexes, to: &payload)
        var written: (file: FileIdentity, checksum: UInt64)?
        let failure = MappedFile.writeAtomically(to: path) { file in
            [UInt8](repeating: 0, count: Self.headerSize).withUnsafeBytes { file.append($0) }  // filled in last
            var stream = SnapshotChecksum.Stream()
            payload.forEachPiece { piece in stream.add(piece) { file.append($0) } }
            guard case let .graphTables(tables) = ending() else { return file.abandon() }
            var last = BinaryWriter()
            SegmentCoding.writeGraphTables(tables, to: &last)
            last.forEachPiece { piece in stream.add(piece) { file.append($0) } }
            let sum = stream.finish()
            var header = BinaryWriter()
            for byte in Self.magic { header.write(byte) }
            header.write(Self.formatVersion)
            header.writeNative(Self.byteOrderMark)  // in this machine's order: read elsewhere, it differs
            header.write(UInt32(MemoryLayout<Assertion>.stride))
            header.write(UInt64(payload.count + last.count))
            header.write(sum)
            precondition(header.count == Self.headerSize, "the header's room is its size")
            header.bytes.withUnsafeBytes { file.overwrite($0, at: 0) }
            written = file.identity().map { ($0, sum) }
        }
        if let failure { throw .cannotWrite("'\(path)': \(failure)") }
        // The bytes just summed are the file's: stamped, later loads need not sum them again.
        if let written { SnapshotStamp.stamp(path, written: written.file, checksum: written.checksum) }
    }

    // MARK: Reading

    /// Opens the snapshot at `path` for `pack`, checking it is intact and up to date (its checksum
    /// before returning, or `later`: see ``ChecksumTiming``).
    public static func open(at path: String, for pack: PackContent, checksum timing: ChecksumTiming = .now) throws(SnapshotError) -> PackSnapshot {
        guard FileManager.default.fileExists(atPath: path) else { throw .missing }
        // Mapped, not copied: the decoder reads it once, front to back, and hands its pages back
        // as it goes (the name tables stay in it, as slices, and come back on use); the checksum
        // reads the file itself, a chunk at a time (``SnapshotStorage/copy(_:into:)``).
        guard let (data, file) = MappedFile.map(path) else { throw .corrupt("cannot read '\(path)'") }
        // A stamp vouches for the file only as it was mapped (``SnapshotStamp``); `now` sums it anyway.
        let stamp = timing == .later ? SnapshotStamp.trusted(beside: path, for: file.identity) : nil
        let result = data.withUnsafeBytes { bytes in
            Result { () throws(SnapshotError) -> PackSnapshot in
                let storage = SnapshotStorage.mapped(data, of: file, at: bytes)
                defer { storage.release(bytes) }
                return try decode(bytes, for: pack, checksum: timing, storage: storage, stamp: stamp)
            }
        }
        return try result.get()
    }

    /// Whether the payload's checksum matches, waiting for it if it is still being summed (always
    /// `true` for a snapshot whose checksum was checked when it was opened).
    public func checksumMatches() -> Bool { pendingChecksum?.matches() ?? true }

    /// Decodes snapshot bytes for `pack`. Fuzzing turns off the two checks a mutated input can
    /// never pass — the recorded inputs' sizes and times, and the checksum — so that every layer
    /// behind them is exercised; `open` always makes both.
    @_spi(Fuzzing)
    public static func decode(
        _ bytes: UnsafeRawBufferPointer, for pack: PackContent, checkingInputs: Bool, checkingChecksum: Bool
    ) throws(SnapshotError) -> PackSnapshot {
        try decode(bytes, for: pack, checkingInputs: checkingInputs, checksum: checkingChecksum ? .now : nil)
    }

    /// Decodes snapshot bytes; `checksum` `nil` skips the checksum (fuzzing), `later` needs bytes
    /// in a mapped `storage` (which the summing thread keeps alive); in memory it is checked now.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, for pack: PackContent, checkingInputs: Bool = true,
        checksum timing: ChecksumTiming? = .now, storage: SnapshotStorage = .memory, stamp: SnapshotStamp? = nil
    ) throws(SnapshotError) -> PackSnapshot {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw .incompatible("not a symkb snapshot")
        }
        guard bytes.count >= headerSize else {
            throw .corrupt("cut short: \(bytes.count) bytes, less than its \(headerSize)-byte header")
        }
        // The byte order first: a snapshot of the other byte order is not a damaged version.
        guard bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self) == byteOrderMark else {
            throw .incompatible("written on a machine of another byte order")
        }
        var header = BinaryReader(bytes, offset: 8)
        let version = try header.uint32()
        guard version == formatVersion else {
            // Versions grow by one now and then: a number far from this one is a damaged header,
            // not a symkb from the far future.
            guard version > 0, version < formatVersion + 1000 else {
                throw .corrupt("its header is damaged: format version \(version) is none symkb writes")
            }
            let writer = version > formatVersion ? "a newer" : "an older"
            throw .incompatible("written by \(writer) symkb (format version \(version); this symkb reads version \(formatVersion))")
        }
        _ = try header.uint32()
        guard try header.uint32() == MemoryLayout<Assertion>.stride else {
            throw .incompatible("written with another assertion record layout")
        }
        let length = try header.uint64(), checksum = try header.uint64()
        guard length == UInt64(bytes.count - headerSize) else {
            throw .corrupt("the payload is \(bytes.count - headerSize) bytes, the header says \(length)")
        }
        let payloadBytes = UnsafeRawBufferPointer(rebasing: bytes[headerSize...])

        var payload = BinaryReader(payloadBytes)
        // A file stamped with the checksum its header records was summed when it was written: a
        // load (`later`) does not sum it again (``SnapshotStamp``).
        let summing = timing == .later && stamp?.vouches(for: checksum) == true ? nil : timing
        // Damage can pass for a change (a flipped byte in the recorded key, an input's name, size
        // or time): before a snapshot is called stale, its sum tells the two apart (only then,
        // and only when the sum is checked at all: never while fuzzing).
        func unlessDamaged(_ refusal: SnapshotError) -> SnapshotError {
            if summing != nil, SnapshotChecksum.of(payloadBytes) != checksum { return .corrupt("checksum mismatch") }
            return refusal
        }
        func stale(_ reason: String) -> SnapshotError { unlessDamaged(.stale(reason)) }
        let key = try payload.string()
        guard key == importKey(of: pack) else {
            throw stale("the pack's id, version or imports changed since it was compiled")
        }
        let inputCount = try payload.count(minimumBytesEach: 20)
        for _ in 0..<inputCount {
            let input = SnapshotInput(path: try payload.string(), size: try payload.int64(), modified: try payload.int64())
            if checkingInputs, let change = input.change() { throw stale(change) }
        }
        let diagnosticCount = try payload.count(minimumBytesEach: 21)
        var diagnostics: [Diagnostic] = []
        for _ in 0..<diagnosticCount {
            let severity = try severity(try payload.uint8())
            let idText = try payload.string()
            // An intact file that names a diagnostic this symkb does not know was compiled by a
            // newer one (ids are added without a new format version): the pack is read from its
            // text files, as for any other version.
            guard let id = DiagnosticID(rawValue: idText) else {
                throw unlessDamaged(.incompatible("it records diagnostic '\(idText)', which this symkb does not know: compiled by a newer symkb"))
            }
            let message = try payload.string(), file = try payload.optionalString()
            let line = Int(try payload.uint32()), column = Int(try payload.uint32())
            diagnostics.append(Diagnostic(
                severity, id, message, at: file.map { SourceLocation(file: $0, line: line, column: column) }))
        }
        let namespaces = try payload.strings()
        // The checksum runs alongside the decoding (which checks every length as it goes, so damage
        // cannot make it misbehave). It is left running for the caller to ask only when `later`
        // and the bytes are a kept mapping (the summing thread reads them); otherwise it is awaited
        // here, and a mismatch wins over any other finding.
        let pending = summing.map { _ in SnapshotChecksum.Pending(summing: payloadBytes, expecting: checksum, storage: storage) }
        let decoded = Result { () throws(SnapshotError) -> GraphSegment in
            let segment = try SegmentCoding.read(from: &payload, storage: storage)
            guard payload.isAtEnd else { throw .corrupt("\(payloadBytes.count - payload.offset) bytes left over") }
            return segment
        }
        if timing == .later, storage.keptMapping != nil, case let .success(segment) = decoded {
            var snapshot = PackSnapshot(segment: segment, diagnostics: diagnostics, namespaces: namespaces)
            snapshot.pendingChecksum = pending
            return snapshot
        }
        if let pending, !pending.matches() { throw .corrupt("checksum mismatch") }
        return try PackSnapshot(segment: decoded.get(), diagnostics: diagnostics, namespaces: namespaces)
    }

    private static func severityCode(_ severity: Diagnostic.Severity) -> UInt8 {
        switch severity {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    private static func severity(_ code: UInt8) throws(SnapshotError) -> Diagnostic.Severity {
        switch code {
        case 0: .note
        case 1: .warning
        case 2: .error
        default: throw .corrupt("bad severity code \(code)")
        }
    }
}
