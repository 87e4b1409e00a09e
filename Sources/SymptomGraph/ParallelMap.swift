import Dispatch
import Foundation

/// Runs `body` for every index on the machine's cores and returns the results in index order.
///
/// This file holds the graph library's work across threads (this, ``parallelPair(_:_:)``,
/// ``forEachPrepared(_:prepare:consume:)``, ``BackgroundTask``, ``SharedJobs``, ``ReadySlot``):
/// here each task initializes only its own element of the array being made, and the array is
/// handed out only after every task has returned.
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
/// own, `first` on the caller's (so only `second` need be `Sendable`).
///
/// A thread of its own, not a Dispatch worker: a pair started from a ``parallelMap`` task would
/// otherwise find every worker busy and run its two halves one after the other. Each task writes
/// only its own result, and both are read only after both tasks have returned.
package func parallelPair<First, Second: Sendable>(
    _ first: () -> First, _ second: @Sendable () -> Second
) -> (First, Second) {
    nonisolated(unsafe) var two: Second?
    let one = withoutActuallyEscaping(second) { second in
        // The thread holds the task only while it runs (a `Thread` keeps its block after it
        // finishes, and `second` must not outlive this call).
        let task = PairTask.started { two = second() }
        let one = first()
        task.wait()
        return one
    }
    guard let two else { preconditionFailure("the second task always runs") }
    return (one, two)
}

/// Prepares `count` items side by side and consumes them in index order on the caller's thread,
/// each as soon as it and every item before it are ready: item 0 is prepared on the caller's
/// thread, the others on a thread of their own (through ``parallelMap(_:_:)``), so the first is
/// consumed while the rest are still being prepared. Each prepared item is dropped once consumed.
package func forEachPrepared<Element: Sendable>(
    _ count: Int, prepare: @Sendable (Int) -> Element, consume: (Int, Element) -> Void
) {
    guard count > 1 else {
        for index in 0..<count { consume(index, prepare(index)) }
        return
    }
    let slots = (1..<count).map { _ in ReadySlot<Element>() }
    withoutActuallyEscaping(prepare) { prepare in
        let task = PairTask.started { _ = parallelMap(count - 1) { slots[$0].fill(prepare($0 + 1)) } }
        consume(0, prepare(0))
        for (offset, slot) in slots.enumerated() { consume(offset + 1, slot.take()) }
        task.wait()
    }
}

/// Work started on a thread of its own now and joined later: ``value()`` waits for it, from
/// any number of threads. Its result is written only by the task, before it signals, and read
/// only after.
package final class BackgroundTask<Value: Sendable>: @unchecked Sendable {
    private var result: Value?
    private let done = DispatchGroup()

    private init() {}

    /// Starts `body` on a thread of its own.
    package static func started(_ body: @escaping @Sendable () -> Value) -> BackgroundTask<Value> {
        let started = BackgroundTask<Value>()
        started.done.enter()
        // The thread drops the block once it has run (``PairTask``): the result is held here only.
        _ = PairTask.started {
            started.result = body()
            started.done.leave()
        }
        return started
    }

    /// The result, once the task has returned it.
    package func value() -> Value {
        wait()
        guard let result else { preconditionFailure("the task always runs, and its result was not taken") }
        return result
    }

    /// The result, once the task has returned it, handed over: the task keeps no reference to it
    /// (a value the taker changes in place is not copied). Once only, by one thread, and no
    /// ``value()`` after it.
    package func take() -> Value {
        wait()
        guard let taken = result else { preconditionFailure("a task's result is taken once") }
        result = nil
        return taken
    }

    /// Returns once the task has ended.
    package func wait() { done.wait() }
}

/// Jobs shared by the two halves of a ``parallelPair(_:_:)``: each half calls ``runRemaining()``
/// once its own work is done, and each job runs once, on whichever half comes to it first (so
/// the half that ends first takes over work the other would have done after its own). Jobs hand
/// their results out through ``ReadySlot``s, taken after the pair has returned.
///
/// A half may add jobs its own work made (``add(first:last:)``: a compile's name table is sorted
/// a tier at a time by whichever half is free): until the jobs are sealed (``seal()``), a half
/// with nothing left to run waits for more.
package final class SharedJobs: @unchecked Sendable {
    private var jobs: [@Sendable () -> Void]  // guarded by `condition`, as `next` and `open` are
    private var next = 0
    private var open = true
    private let condition = NSCondition()

    /// Jobs to share; more may come until ``seal()``.
    package init(_ jobs: [@Sendable () -> Void]) { self.jobs = jobs }

    /// Adds `first` ahead of the jobs not claimed yet and `last` after them, each in order; only
    /// while the jobs are open (a half that has returned would never run them).
    package func add(first: [@Sendable () -> Void], last: [@Sendable () -> Void] = []) {
        condition.withLock {
            precondition(open, "jobs are added only until they are sealed")
            jobs.insert(contentsOf: first, at: next)
            jobs += last
            condition.broadcast()
        }
    }

    /// No more jobs will come: a half waiting for them returns once the others have run. Call it
    /// on every path of the half that adds jobs (`defer`), before that half runs the jobs itself.
    package func seal() {
        condition.withLock {
            open = false
            condition.broadcast()
        }
    }

    /// Runs the jobs no half has claimed yet, one at a time, in order; returns when none is left
    /// and none will come.
    package func runRemaining() {
        while let job = claim() { job() }
    }

    private func claim() -> (@Sendable () -> Void)? {
        condition.withLock {
            while next == jobs.count, open { condition.wait() }
            guard next < jobs.count else { return nil }
            next += 1
            return jobs[next - 1]
        }
    }
}

/// A value handed from one thread to another: filled once on one, taken once on the other (an
/// item of ``forEachPrepared(_:prepare:consume:)``; what one half of a ``parallelPair(_:_:)``
/// makes and the other, running already, waits for).
package final class ReadySlot<Element: Sendable>: @unchecked Sendable {
    private var value: Element?
    private let ready = DispatchSemaphore(value: 0)

    package init() {}

    package func fill(_ value: Element) {
        self.value = value  // written before the signal, read only after it
        ready.signal()
    }

    package func take() -> Element {
        ready.wait()
        guard let taken = value else { preconditionFailure("a slot is filled before it is signalled") }
        value = nil
        return taken
    }
}

/// The second half of a ``parallelPair(_:_:)``, the background half of a
/// ``forEachPrepared(_:prepare:consume:)``, or a ``BackgroundTask``'s work: run once on its
/// thread, then dropped and signalled.
private final class PairTask: @unchecked Sendable {
    private var body: (() -> Void)?
    private let done = DispatchSemaphore(value: 0)

    private init(_ body: @escaping () -> Void) { self.body = body }

    /// `body`, running on a thread of its own (8 MB of stack, as the main thread has). A caller
    /// whose `body` uses what it does not own (``parallelPair(_:_:)``) must ``wait()`` before that
    /// goes; a ``BackgroundTask``'s body owns what it uses, and signals its own completion.
    static func started(_ body: @escaping () -> Void) -> PairTask {
        let task = PairTask(body)
        let thread = Thread { task.run() }
        thread.stackSize = 8 << 20
        thread.start()
        return task
    }

    private func run() {
        body?()
        body = nil  // written before the signal, read by nobody after it
        done.signal()
    }

    func wait() { done.wait() }
}
