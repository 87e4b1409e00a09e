import Synchronization

/// A flag that stops a running query early (the REPL sets it from its Ctrl-C handler).
///
/// Evaluation checks it between steps; a cancelled query throws "query cancelled".
public final class QueryCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Creates a flag that is not set.
    public init() {}

    /// Asks the running query to stop.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    /// Clears the flag before the next query.
    public func reset() { flag.store(false, ordering: .relaxed) }

    /// Whether cancellation was asked for.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
