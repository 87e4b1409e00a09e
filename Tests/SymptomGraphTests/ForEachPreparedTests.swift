import Synchronization
import Testing
@testable import SymptomGraph

/// Items prepared side by side are consumed in order, each once, on the caller's thread.
@Suite struct ForEachPreparedTests {
    @Test(arguments: [0, 1, 3, 17])
    func itemsAreConsumedInOrder(count: Int) {
        let prepared = Mutex<[Int]>([])
        var consumed: [Int] = []
        forEachPrepared(count) { index in
            prepared.withLock { $0.append(index) }
            return index * index
        } consume: { index, value in
            #expect(value == index * index)
            consumed.append(index)
        }
        #expect(consumed == Array(0..<count))
        #expect(prepared.withLock { $0.sorted() } == Array(0..<count))
    }
}
