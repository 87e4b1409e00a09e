/// Why a compiled pack snapshot was refused (loading then reads the pack's text files instead),
/// or could not be written.
public enum SnapshotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// There is no snapshot file.
    case missing
    /// The file is not a symkb snapshot, or was written by an incompatible version of the format.
    case incompatible(String)
    /// The pack's manifest or an imported file changed since the snapshot was compiled.
    case stale(String)
    /// The file is damaged: truncated, a checksum mismatch, or a reference out of range.
    case corrupt(String)
    /// Compiling: the snapshot could not be written, or an input could not be read.
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .missing: "no compiled snapshot"
        case let .incompatible(reason): "incompatible snapshot: \(reason)"
        case let .stale(reason): "stale snapshot: \(reason)"
        case let .corrupt(reason): "corrupt snapshot: \(reason)"
        case let .cannotWrite(reason): "cannot write the snapshot: \(reason)"
        }
    }
}
