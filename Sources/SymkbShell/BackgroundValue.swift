import Dispatch
import Synchronization

/// A value computed on a background thread as soon as it is created; reading it waits for it.
///
/// The REPL's completion index over a large ontology takes a noticeable fraction of a second to
/// build: computing it this way lets the prompt appear at once, long before the first Tab.
public final class BackgroundValue<Value: Sendable>: Sendable {
    private let stored = Mutex<Value?>(nil)
    private let computing = DispatchGroup()
    private let build: @Sendable () -> Value

    /// Starts computing `build()` in the background.
    public init(_ build: @escaping @Sendable () -> Value) {
        self.build = build
        DispatchQueue.global(qos: .userInitiated).async(group: computing) { [self] in
            let value = build()
            stored.withLock { $0 = value }
        }
    }

    /// The value, waiting for the background computation if it is still running.
    public var value: Value {
        computing.wait()
        // Set before the group was left; computing it here is only a fallback that cannot happen.
        return stored.withLock { $0 } ?? build()
    }
}
