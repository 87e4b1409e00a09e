import Dispatch

/// Runs `body` for every index on the machine's cores and returns the results in index order.
///
/// With ``parallelPair(_:_:)``, the package's one place that shares memory between threads
/// without a lock: each task initializes only its own element of the array being made, and the
/// array is handed out only after every task has returned.
package func parallelMap<Element: Sendable>(_ count: Int, _ body: @Sendable (Int) -> Element) -> [Element] {
    guard count > 1 else { return (0..<count).map(body) }
    return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
        nonisolated(unsafe) let output = buffer
        DispatchQueue.concurrentPerform(iterations: count) { index in
            (output.baseAddress.unsafelyUnwrapped + index).initialize(to: body(index))
        }
        initialized = count
    }
}

/// Runs `first` and `second` side by side on the machine's cores and returns both results.
///
/// Each task writes only its own result, and both are read only after both tasks have returned.
package func parallelPair<First: Sendable, Second: Sendable>(
    _ first: @Sendable () -> First, _ second: @Sendable () -> Second
) -> (First, Second) {
    nonisolated(unsafe) var one: First?, two: Second?
    DispatchQueue.concurrentPerform(iterations: 2) { task in
        if task == 0 { one = first() } else { two = second() }
    }
    guard let one, let two else { preconditionFailure("concurrentPerform runs every iteration") }
    return (one, two)
}
