import Synchronization

/// Builds a graph's ``NameIndex`` the first time a name is looked up, once, safely across threads.
final class LazyNameIndex: Sendable {
    private let stored = Mutex<NameIndex?>(nil)

    func index(for entities: [Entity], representative: [Int32]) -> NameIndex {
        stored.withLock { index in
            if let index { return index }
            let built = NameIndex(entities: entities, representative: representative)
            index = built
            return built
        }
    }
}

/// A value computed on first use, once, safely across threads.
final class LazyValue<Value: Sendable>: Sendable {
    private let stored = Mutex<Value?>(nil)

    func value(_ make: () -> Value) -> Value {
        stored.withLock { value in
            if let value { return value }
            let made = make()
            value = made
            return made
        }
    }
}
