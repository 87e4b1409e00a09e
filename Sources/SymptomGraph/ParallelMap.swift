import Dispatch
import Foundation

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

/// Runs `first` and `second` side by side and returns both results: `second` on a thread of its
/// own, `first` on the caller's.
///
/// A thread of its own, not a Dispatch worker: a pair started inside ``parallelMap`` (a pack's
/// snapshot opened while the other packs' YAML is parsed) would otherwise find every worker busy
/// and run its two halves one after the other. Each task writes only its own result, and both
/// are read only after both tasks have returned.
package func parallelPair<First: Sendable, Second: Sendable>(
    _ first: @Sendable () -> First, _ second: @Sendable () -> Second
) -> (First, Second) {
    nonisolated(unsafe) var two: Second?
    let one = withoutActuallyEscaping(second) { second in
        // The thread holds the task only while it runs (a `Thread` keeps its block after it
        // finishes, and `second` must not outlive this call).
        let task = PairTask { two = second() }
        let thread = Thread { task.run() }
        thread.stackSize = 8 << 20
        thread.start()
        let one = first()
        task.wait()
        return one
    }
    guard let two else { preconditionFailure("the second task always runs") }
    return (one, two)
}

/// The second half of a ``parallelPair(_:_:)``: run once on its thread, then dropped and signalled.
private final class PairTask: @unchecked Sendable {
    private var body: (() -> Void)?
    private let done = DispatchSemaphore(value: 0)

    init(_ body: @escaping () -> Void) { self.body = body }

    func run() {
        body?()
        body = nil  // written before the signal, read by nobody after it
        done.signal()
    }

    func wait() { done.wait() }
}
