import Foundation
import Synchronization

/// Temporary files removed, and child processes ended, when a signal ends the process before they
/// are put in place (or have exited): Ctrl-C
/// during `export`, `timeout`'s SIGTERM, a closed terminal's SIGHUP. Without it an interrupted
/// export of the HPO left an 80 MB `.FILE.symkb-PID` beside its target.
///
/// The paths live in a fixed table of C strings allocated (and made, with every constant the
/// handler reads) before a handler is installed, which the handler reads without allocating or
/// retaining anything; it calls only `unlink(2)`, `signal(2)` and `raise(3)`, which are
/// async-signal-safe, and then ends the process as the signal would have. A slot's first byte is
/// written last, after a release fence (the handler may run on another thread), and read first,
/// before an acquire fence. A SIGINT handled by
/// someone else (the REPL's Ctrl-C, which cancels a query) is left alone: there a file in
/// progress is discarded by the code that wrote it.
enum SignalCleanup {
    private static let slots = 16, length = Int(PATH_MAX)
    /// `slots` paths of `length` bytes; a slot whose first byte is 0 is free.
    nonisolated(unsafe) private static let table: UnsafeMutablePointer<CChar> = {
        let table = UnsafeMutablePointer<CChar>.allocate(capacity: slots * length)
        table.initialize(repeating: 0, count: slots * length)
        return table
    }()
    private static let registering = Mutex<Bool>(false)  // whether the handlers are installed
    /// Child processes (Graphviz's `dot`) ended with the process: their ids, 0 for a free slot.
    private static let childSlots = 4
    nonisolated(unsafe) private static let children: UnsafeMutablePointer<pid_t> = {
        let children = UnsafeMutablePointer<pid_t>.allocate(capacity: childSlots)
        children.initialize(repeating: 0, count: childSlots)
        return children
    }()

    /// Ends the child process `pid` (SIGTERM) if a signal ends this process before
    /// ``forgetChild(_:)``: a `dot` left running after `timeout` killed symkb ran for minutes.
    /// Returns its slot, or `nil` when the table is full.
    static func end(onSignal pid: pid_t) -> Int? {
        registering.withLock { installed in
            if !installed {
                installHandlers()
                installed = true
            }
            for slot in 0..<childSlots where children[slot] == 0 {
                atomicMemoryFence(ordering: .releasing)
                children[slot] = pid
                return slot
            }
            return nil
        }
    }

    /// The child at `slot` has ended: a signal no longer ends it.
    static func forgetChild(_ slot: Int?) {
        guard let slot else { return }
        registering.withLock { _ in children[slot] = 0 }
    }

    /// Removes `path` if a signal ends the process before ``forget(_:)``; returns its slot, or
    /// `nil` when the table is full or the path too long (then it is only not cleaned up).
    static func remove(onSignal path: String) -> Int? {
        registering.withLock { installed in
            if !installed {
                installHandlers()
                installed = true
            }
            let bytes = Array(path.utf8)
            guard bytes.count < length, !bytes.contains(0) else { return nil }
            for slot in 0..<slots where table[slot * length] == 0 {
                let start = table + slot * length
                // The first byte last: a handler never reads a path half written.
                for (offset, byte) in bytes.enumerated().dropFirst() { start[offset] = CChar(bitPattern: byte) }
                start[bytes.count] = 0
                atomicMemoryFence(ordering: .releasing)
                start[0] = CChar(bitPattern: bytes.first ?? 0)
                return slot
            }
            return nil
        }
    }

    /// The file at `slot` is in place or removed: a signal no longer removes it.
    static func forget(_ slot: Int?) {
        guard let slot else { return }
        registering.withLock { _ in table[slot * length] = 0 }
    }

    private static func installHandlers() {
        _ = (table, slots, length, children, childSlots)  // made before a handler can read them
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            var current = sigaction()
            sigaction(signal, nil, &current)
            // Only where the signal would end the process anyway.
            guard current.__sigaction_handler.sa_handler == nil else { continue }
            handle(signal) { received in
                let (table, slots, length) = (SignalCleanup.table, SignalCleanup.slots, SignalCleanup.length)
                let (children, childSlots) = (SignalCleanup.children, SignalCleanup.childSlots)
                var child = 0
                while child < childSlots {
                    let pid = children[child]
                    atomicMemoryFence(ordering: .acquiring)
                    if pid > 0 { kill(pid, SIGTERM) }
                    child += 1
                }
                var slot = 0
                while slot < slots {
                    if table[slot * length] != 0 {
                        atomicMemoryFence(ordering: .acquiring)
                        unlink(table + slot * length)
                    }
                    slot += 1
                }
                Foundation.signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    /// Runs `body` with SIGINT, SIGTERM and SIGHUP held back on this thread, then lets through one
    /// that came meanwhile: what `body` puts in place is put in place whole.
    static func deferringSignals<Result>(_ body: () throws -> Result) rethrows -> Result {
        var held = sigset_t(), previous = sigset_t()
        sigemptyset(&held)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&held, signal) }
        pthread_sigmask(SIG_BLOCK, &held, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return try body()
    }

    /// Installs `handler` for `signal` and unblocks it on this thread: a parent may have left it
    /// blocked (the mask survives exec, and a thread pool's threads block signals), and then
    /// neither Ctrl-C nor `timeout` would reach symkb. The one way symkb installs a handler.
    static func handle(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(signal, &action, nil)
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, signal)
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
    }
}
