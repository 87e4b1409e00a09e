#if canImport(Glibc)
import CProcessControl
import Glibc
#endif

/// The shell gets a compile's exit status as soon as its work is done, not once the kernel has
/// torn its memory down: the command runs in a child process, and the process the shell started
/// waits only for the status the child sends it from its exit handler (after its output is
/// flushed and its standard output and error are closed), then exits with it, while the child
/// goes on to exit alone. The mold linker does the same, for the same reason.
///
/// A `pack import` of the HPO touches ~120 MB; handing it back to the kernel took 9–10 ms of a
/// ~165 ms import, after the snapshot was written and renamed into place.
///
/// What the caller sees is what it would see without the child: the status (a child that dies
/// without sending one, by a signal or `_exit`, is waited for, and its signal raised again), the
/// output (a pipe reads to its end once the status is sent), and a signal sent to the process it
/// started (the child is killed when its parent dies, `PR_SET_PDEATHSIG`, until it has sent its
/// status). Work that changes nothing the caller sees can wait for the status (``afterStatus(_:)``):
/// removing the pack an import replaced (a 33 MB snapshot) took 3.3 ms. Set
/// `SYMKB_TEARDOWN_IN_PLACE` to run in one process, as every other command does.
enum DetachedTeardown {
    /// Forks, first thing in `main` (before any thread starts): returns in the child, and never
    /// returns in the parent, which exits with the child's status. Returns at once, without a
    /// child, when the environment asks for that or the fork fails.
    static func start() {
        #if os(Linux) && canImport(Glibc)
        guard getenv("SYMKB_TEARDOWN_IN_PLACE") == nil else { return }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }  // not passed to what either process runs
        fflush(nil)  // nothing buffered is written twice
        let parent = getpid()
        let child = fork()
        if child < 0 {
            close(ends[0]); close(ends[1])
            return
        }
        if child > 0 {
            close(ends[1])
            exitWithStatus(of: child, reading: ends[0])
        }
        close(ends[0])
        // Killed when the parent goes (a signal sent to it, or its status received): the child
        // never outlives the process the caller started, except to finish exiting.
        _ = symkb_die_with_parent(1)
        if getppid() != parent { _exit(1) }  // the parent went before the request was made
        statusPipe = ends[1]
        _ = on_exit({ status, _ in DetachedTeardown.send(status) }, nil)
        #endif
    }

    /// Runs `work` once the caller has the status: in the child's exit handler, after the status
    /// is sent (it then runs to its end: the child is no longer killed with its parent); at once
    /// without a child. Called on the main thread; `work` must not print.
    static func afterStatus(_ work: @escaping () -> Void) {
        #if os(Linux) && canImport(Glibc)
        if statusPipe >= 0 {
            deferred.append(work)
            return
        }
        #endif
        work()
    }

    #if os(Linux) && canImport(Glibc)
    /// What runs after the status is sent (``afterStatus(_:)``): appended on the main thread, run
    /// by the exit handler, on the thread that exits.
    nonisolated(unsafe) private static var deferred: [() -> Void] = []

    /// The child's end of the pipe that carries its status (-1 in the parent or without a child).
    /// Written once, before the child starts any thread; read by its exit handler.
    nonisolated(unsafe) private static var statusPipe: Int32 = -1

    /// The child's exit handler: flushes what is buffered, closes standard output and error (so
    /// that a pipe reading them ends when the parent exits), sends `status`, and runs the work
    /// that waited for it.
    private static func send(_ status: Int32) {
        guard statusPipe >= 0 else { return }
        fflush(nil)
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        if null >= 0 {
            _ = dup2(null, STDOUT_FILENO)
            _ = dup2(null, STDERR_FILENO)
            close(null)
        }
        _ = symkb_die_with_parent(0)
        var byte = UInt8(truncatingIfNeeded: status)
        while write(statusPipe, &byte, 1) < 0, errno == EINTR {}
        close(statusPipe)
        statusPipe = -1
        for work in deferred { work() }
        deferred = []
    }

    /// The parent: exits with the status the child sends or, when the pipe closes without one,
    /// as the child ended (its status, or its signal raised again).
    private static func exitWithStatus(of child: pid_t, reading pipe: Int32) -> Never {
        var byte: UInt8 = 0
        var count: Int
        repeat { count = read(pipe, &byte, 1) } while count < 0 && errno == EINTR
        if count == 1 { _exit(Int32(byte)) }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 {
            guard errno == EINTR else { _exit(70) }  // EX_SOFTWARE: the child cannot be found
        }
        let signal = status & 0x7F, code = (status >> 8) & 0xFF
        if signal == 0 { _exit(code) }
        Glibc.signal(signal, SIG_DFL)
        raise(signal)
        _exit(128 + signal)
    }
    #endif
}
