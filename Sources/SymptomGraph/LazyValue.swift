import Synchronization

/// A value computed on first use, once, safely across threads.
package final class LazyValue<Value: Sendable>: Sendable {
    private let stored = Mutex<Value?>(nil)

    package init() {}

    package func value(_ make: () -> Value) -> Value {
        stored.withLock { value in
            if let value { return value }
            let made = make()
            value = made
            return made
        }
    }
}
