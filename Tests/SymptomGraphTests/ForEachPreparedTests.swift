import Foundation
import Testing
@testable import SymptomGraph

/// Items prepared side by side are consumed in order, each once, on the caller's thread.
@Suite struct ForEachPreparedTests {
    @Test(arguments: [0, 1, 3, 17])
    func itemsAreConsumedInOrder(count: Int) {
        // Recorded under an NSLock: ThreadSanitizer does not see the futex under Linux's `Mutex`,
        // and would report the recording threads as racing.
        final class Prepared: @unchecked Sendable {
            private let lock = NSLock()
            private var indices: [Int] = []
            func add(_ index: Int) { lock.withLock { indices.append(index) } }
            var all: [Int] { lock.withLock { indices } }
        }
        let prepared = Prepared()
        var consumed: [Int] = []
        forEachPrepared(count) { index in
            prepared.add(index)
            return index * index
        } consume: { index, value in
            #expect(value == index * index)
            consumed.append(index)
        }
        #expect(consumed == Array(0..<count))
        #expect(prepared.all.sorted() == Array(0..<count))
    }

    /// Background tasks chained as the assembler chains name collection: each takes the one
    /// before's result, and the last is asked for once.
    @Test func chainedBackgroundTasksAddUp() {
        var last: BackgroundTask<[Int]>?
        for index in 0..<6 {
            let before = last
            last = BackgroundTask.started { (before?.value() ?? []) + [index] }
        }
        #expect(last?.value() == Array(0..<6))
    }

    /// A background task is computed once, and any number of threads may wait for its value at
    /// once (the REPL's completion index is read this way).
    @Test func aBackgroundTaskIsComputedOnceForEveryReader() {
        final class Calls: @unchecked Sendable {
            private let lock = NSLock()
            private var count = 0
            func add() { lock.withLock { count += 1 } }
            var total: Int { lock.withLock { count } }
        }
        let calls = Calls()
        let task = BackgroundTask.started { () -> [Int] in
            calls.add()
            return Array(0..<10_000)
        }
        let counts = parallelMap(8) { _ in task.value().count }
        #expect(counts == Array(repeating: 10_000, count: 8))
        #expect(task.value().last == 9_999 && calls.total == 1)
    }

    /// A result taken is handed over: the task keeps no reference to it (so a collector the taker
    /// adds to is not copied), while a result asked for with `value()` stays the task's too.
    @Test func aTakenResultIsHandedOver() {
        final class Box: Sendable {}
        let kept = BackgroundTask.started { Box() }
        var shared = kept.value()
        #expect(!isKnownUniquelyReferenced(&shared))
        let handed = BackgroundTask.started { Box() }
        var taken = handed.take()
        #expect(isKnownUniquelyReferenced(&taken))
        handed.wait()  // returns at once after a take
    }

    /// Jobs shared by a pair run once each, whichever half comes to them: here the second half
    /// is held until the first has claimed every job, so the first runs them all; and with no
    /// hold, every job still runs exactly once and its result is ready when the pair returns.
    @Test func sharedJobsRunOnceOnTheHalfThatIsFree() {
        final class Runs: @unchecked Sendable {
            private let lock = NSLock()
            private var threads: [Int: Int] = [:]  // job -> half
            func add(_ job: Int, by half: Int) { lock.withLock { threads[job, default: 0] += 10 + half } }
            var all: [Int: Int] { lock.withLock { threads } }
        }
        for holdSecondHalf in [true, false] {
            let runs = Runs()
            let slots = (0..<4).map { _ in ReadySlot<Int>() }
            let half = ThreadHalf()
            let released = DispatchSemaphore(value: 0)
            let jobs = SharedJobs((0..<4).map { job in { @Sendable in
                runs.add(job, by: half.current)
                slots[job].fill(job * 10)
            } })
            jobs.seal()  // no job will be added
            _ = parallelPair {
                half.set(0)
                jobs.runRemaining()
                released.signal()
            } _: {
                half.set(1)
                if holdSecondHalf { released.wait() }
                jobs.runRemaining()
            }
            if !holdSecondHalf { released.wait() }
            #expect(slots.enumerated().allSatisfy { $0.element.take() == $0.offset * 10 })
            // Each job ran once (10 + the half that ran it).
            #expect(runs.all.values.allSatisfy { $0 == 10 || $0 == 11 } && runs.all.count == 4)
            if holdSecondHalf { #expect(runs.all.values.allSatisfy { $0 == 10 }) }
        }
    }
}

extension ForEachPreparedTests {
    /// Open jobs: a half with nothing left waits for the jobs the other half adds, which run ahead
    /// of those not claimed yet (`first`) or after them (`last`), each once; sealing ends the wait.
    @Test func openSharedJobsWaitForTheJobsAHalfAdds() {
        final class Order: @unchecked Sendable {
            private let lock = NSLock()
            private var ran: [Int] = []
            func add(_ job: Int) { lock.withLock { ran.append(job) } }
            var all: [Int] { lock.withLock { ran } }
        }
        for _ in 0..<20 {
            let order = Order()
            @Sendable func job(_ number: Int) -> @Sendable () -> Void { { order.add(number) } }
            let jobs = SharedJobs([job(1), job(2)])
            _ = parallelPair {
                jobs.runRemaining()  // may run 1 and 2, then waits until the jobs are sealed
            } _: {
                usleep(1_000)
                jobs.add(first: [job(10)], last: [job(20), job(30)])
                jobs.seal()
                jobs.runRemaining()
            }
            #expect(order.all.sorted() == [1, 2, 10, 20, 30])
        }
        // On one thread: `first` ahead of the jobs not claimed yet, `last` after them.
        let order = Order()
        let jobs = SharedJobs([{ order.add(1) }, { order.add(2) }])
        jobs.add(first: [{ order.add(10) }], last: [{ order.add(20) }])
        jobs.seal()
        jobs.runRemaining()
        #expect(order.all == [10, 1, 2, 20])
        // Sealed with nothing added, a waiting half returns.
        let sealed = SharedJobs([])
        _ = parallelPair { sealed.runRemaining() } _: { sealed.seal() }
    }
}

/// Which half of a pair the current thread runs (a thread-local number).
private final class ThreadHalf: Sendable {
    private let key = "symkb.test.half"
    func set(_ half: Int) { Thread.current.threadDictionary[key] = half }
    var current: Int { Thread.current.threadDictionary[key] as? Int ?? -1 }
}
