import Foundation
import SymptomQuery
import Synchronization

/// Ctrl-C handling. The handler only sets flags (async-signal-safe atomics): the REPL clears its
/// pending input when it sees one, and a running query stops through ``queryCancellation``.
enum Interrupts {
    private static let received = Atomic<Bool>(false)
    /// Shared with the shell session: set by Ctrl-C while a query runs.
    static let queryCancellation = QueryCancellation()

    /// Installs the SIGINT handler.
    static func install() {
        SignalCleanup.handle(SIGINT) { _ in
            Interrupts.received.store(true, ordering: .relaxed)
            Interrupts.queryCancellation.cancel()
        }
    }

    /// Whether Ctrl-C was pressed since the last call (and forgets it).
    static func takeInterrupt() -> Bool {
        received.exchange(false, ordering: .relaxed)
    }
}
