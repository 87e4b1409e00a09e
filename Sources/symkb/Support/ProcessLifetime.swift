import Synchronization

/// A value the executable keeps until the process ends instead of freeing it: a compiled HPO
/// snapshot and the graph built to check it are hundreds of thousands of strings and arrays, and
/// freeing them one by one before exiting took ~20 ms of a `pack import` (~10 ms for the graph
/// alone in a 0.25 s one) that the kernel does at once when the process goes. One value at a
/// time: keeping another frees the one kept before (`pack compile A B` holds one at a time). Only the executable does this; the libraries free what they make.
enum ProcessLifetime {
    private static let kept = Mutex<(any Sendable)?>(nil)

    /// Keeps `value` alive until the process exits (or until the next value is kept).
    static func keep(_ value: some Sendable) {
        kept.withLock { $0 = value }
    }
}
