/// Values the executable keeps until the process ends instead of freeing them: a compiled HPO
/// snapshot is hundreds of thousands of strings and arrays, and freeing them one by one before
/// exiting took ~20 ms of a 0.45 s `pack import` that the kernel does at once when the process
/// goes. (Only the executable does this; the libraries free what they make.)
enum ProcessLifetime {
    private final class Kept<Value>: Sendable where Value: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Keeps `value` alive until the process exits.
    static func keep<Value: Sendable>(_ value: Value) {
        _ = Unmanaged.passRetained(Kept(value))
    }
}
