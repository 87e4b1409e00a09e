import Synchronization
import Testing
@testable import SymkbShell

/// A value computed in the background is computed once and read by anyone, as often as they like.
@Suite struct BackgroundValueTests {
    @Test func computesOnceAndEveryReaderGetsIt() async {
        let calls = Atomic<Int>(0)
        let value = BackgroundValue { () -> [Int] in
            calls.add(1, ordering: .relaxed)
            return Array(0..<10_000)
        }
        await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { value.value.count } }
            for await count in group { #expect(count == 10_000) }
        }
        #expect(value.value.last == 9_999)
        #expect(calls.load(ordering: .relaxed) == 1)
    }
}
