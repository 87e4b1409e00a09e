import Synchronization

/// A value computed on first use, once, safely across threads.
///
/// Reading a value already made costs one atomic load (no lock): graph walks read the lazily
/// built adjacency lists through this on every step.
package final class LazyValue<Value: Sendable>: Sendable {
    private let stored = Mutex<Value?>(nil)
    private let ready = Atomic<Bool>(false)
    /// The value once made: written once, under the lock, before `ready` is set (release), and
    /// read only after `ready` is seen set (acquire), so no read races the write.
    nonisolated(unsafe) private var published: Value?

    package init() {}

    /// The value if it was made already (no closure to build: the fast path of hot loops).
    package var made: Value? { ready.load(ordering: .acquiring) ? published : nil }

    package func value(_ make: () -> Value) -> Value {
        if ready.load(ordering: .acquiring), let value = published { return value }
        return stored.withLock { value in
            if let value { return value }
            let made = make()
            value = made
            published = made
            ready.store(true, ordering: .releasing)
            return made
        }
    }
}

/// A count that several threads may add to (how many times something was done without an index,
/// to decide when to build it).
package final class UseCounter: Sendable {
    private let count = Atomic<Int>(0)

    package init() {}

    /// Counts one more use and returns how many there were so far.
    package func next() -> Int { count.add(1, ordering: .relaxed).newValue }
}
