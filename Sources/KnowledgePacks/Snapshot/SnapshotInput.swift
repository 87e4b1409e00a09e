import Foundation

/// One file a snapshot was compiled from, as it was then: path, size and modification time.
///
/// A snapshot is stale when any input differs now (the test `make` uses; reading and hashing the
/// 43 MB of the HPO release would cost more than opening the snapshot).
struct SnapshotInput: Equatable, Sendable {
    var path: String
    var size: Int64
    /// Modification time in nanoseconds since 1970.
    var modified: Int64

    /// The file as it is now, or `nil` when it cannot be read.
    static func current(_ path: String) -> SnapshotInput? {
        guard let file = FileIdentity.of(path) else { return nil }
        return SnapshotInput(path: path, size: file.size, modified: file.modified)
    }

    /// What changed between the recorded input and the file now, or `nil` if nothing did.
    func change() -> String? {
        guard let now = Self.current(path) else { return "'\(path)' is gone" }
        if now.size != size { return "'\(path)' changed size (\(size) → \(now.size) bytes)" }
        if now.modified != modified { return "'\(path)' was modified after the snapshot was compiled" }
        return nil
    }
}
