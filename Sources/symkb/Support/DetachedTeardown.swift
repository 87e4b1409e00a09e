#if canImport(Glibc)
import CProcessControl
import Glibc
#endif

/// The shell gets a compile's exit status as soon as its work is done, not once the kernel has
/// torn its memory down: the command runs in a child process, and the process the shell started
/// waits only for the status the child sends it from its exit handler (after its output is
/// flushed and its standard output and error are redirected to /dev/null), then exits with it,
/// while the child goes on to exit alone. The mold linker does the same, for the same reason.
///
/// A `pack import` of the HPO touches ~120 MB; handing it back to the kernel took 9–10 ms of a
/// ~165 ms import, after the snapshot was written and renamed into place, and the pack it
/// replaced removed.
///
/// What the caller sees is what it would see without the child:
/// - the status: a child that dies without sending one (a signal, `_exit`) is waited for, and
///   its signal raised again (no second core dump);
/// - the output: a pipe reading it ends once the status is sent;
/// - signals: Ctrl-C and Ctrl-\ reach the child, which ends as it would alone, while the parent
///   ignores them as it waits (as `system(3)` does); a signal that ends the parent (`kill`,
///   `timeout`) ends the child too (`PR_SET_PDEATHSIG`).
///
/// Set `SYMKB_TEARDOWN_IN_PLACE` (to anything) to run in one process, as every other command does.
enum DetachedTeardown {
    /// Forks, first thing in `main` (before any thread starts): returns in the child, and never
    /// returns in the parent, which exits with the child's status. Returns at once, without a
    /// child, when the environment asks for that or the pipe or the fork cannot be made.
    static func start() {
        #if os(Linux) && canImport(Glibc)
        guard getenv("SYMKB_TEARDOWN_IN_PLACE") == nil, let (reading, writing) = statusPipe() else { return }
        fflush(nil)  // nothing buffered is written twice
        // The parent must be able to wait for the child: a SIGCHLD ignored by whoever started
        // symkb would reap it unseen. The child keeps the disposition it was given.
        let inherited = signal(SIGCHLD, SIG_DFL)
        let parent = getpid()
        let child = fork()
        if child != 0 {
            close(writing)
            if child < 0 {
                close(reading)
                signal(SIGCHLD, inherited)
                return
            }
            exitWithStatus(of: child, reading: reading)
        }
        signal(SIGCHLD, inherited)
        close(reading)
        // Killed when the parent goes: the child never outlives the process the caller started,
        // except to finish exiting once it has sent its status.
        _ = symkb_die_with_parent()
        if getppid() != parent { _exit(1) }  // the parent went before the request was made
        childStatusPipe = writing
        // Without the handler the parent learns the status when the child has exited.
        if on_exit({ status, _ in DetachedTeardown.send(status) }, nil) != 0 {
            close(writing)
            childStatusPipe = -1
        }
        #endif
    }

    #if os(Linux) && canImport(Glibc)
    /// The child's end of the pipe that carries its status (-1 in the parent, or without a child).
    /// Written before the child starts any thread; read by its exit handler.
    nonisolated(unsafe) private static var childStatusPipe: Int32 = -1

    /// A pipe whose ends are closed on `exec` and numbered 3 or above: with standard output or
    /// error closed, `pipe` would hand out 1 or 2, and the child's output would go into it.
    private static func statusPipe() -> (reading: Int32, writing: Int32)? {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        let moved = ends.map { fcntl($0, F_DUPFD_CLOEXEC, Int32(3)) }
        for end in ends { close(end) }
        guard moved.allSatisfy({ $0 >= 0 }) else {
            for end in moved where end >= 0 { close(end) }
            return nil
        }
        return (moved[0], moved[1])
    }

    /// The child's exit handler: flushes what is buffered, redirects standard output and error to
    /// /dev/null (so that a pipe reading them ends when the parent exits), and sends `status`.
    private static func send(_ status: Int32) {
        guard childStatusPipe >= 0 else { return }
        fflush(nil)
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        if null >= 0 {
            _ = dup2(null, STDOUT_FILENO)
            _ = dup2(null, STDERR_FILENO)
            close(null)
        }
        var byte = UInt8(truncatingIfNeeded: status)
        while write(childStatusPipe, &byte, 1) < 0, errno == EINTR {}
        close(childStatusPipe)
        childStatusPipe = -1
    }

    /// The parent: ignores Ctrl-C and Ctrl-\ (the child takes them) and exits with the status the
    /// child sends or, when the pipe closes without one, as the child ended (its status, or its
    /// signal raised again).
    private static func exitWithStatus(of child: pid_t, reading pipe: Int32) -> Never {
        signal(SIGINT, SIG_IGN)
        signal(SIGQUIT, SIG_IGN)
        var byte: UInt8 = 0
        var count: Int
        repeat { count = read(pipe, &byte, 1) } while count < 0 && errno == EINTR
        if count == 1 { _exit(Int32(byte)) }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 {
            guard errno == EINTR else { _exit(70) }  // EX_SOFTWARE: the child cannot be found
        }
        let signalNumber = status & 0x7F, code = (status >> 8) & 0xFF
        if signalNumber == 0 { _exit(code) }
        // Ended by a signal: ended by it too (its core, if any, was the child's to dump).
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
        signal(signalNumber, SIG_DFL)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        sigaddset(&unblocked, signalNumber)
        sigprocmask(SIG_UNBLOCK, &unblocked, nil)
        raise(signalNumber)
        _exit(128 + signalNumber)
    }
    #endif
}
