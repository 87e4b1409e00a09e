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
}
