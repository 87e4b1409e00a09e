import Dispatch

/// Runs `body` for every index on the machine's cores and returns the results in index order.
///
/// The package's one helper that initializes raw memory from several threads: each task
/// initializes only its own element of the array being made, and the array is handed out only
/// after every task has returned.
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
