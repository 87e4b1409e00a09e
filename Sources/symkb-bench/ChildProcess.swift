import Foundation

/// Starts a program as a child process, with output discarded, and reports its wall time, exit
/// status and peak resident memory (`wait4`'s own-child `ru_maxrss`, not the sum over children).
///
/// The one place in the benchmark that handles C pointers (the argument vector for `posix_spawn`,
/// a pseudo-terminal's buffers).
enum ChildProcess {
    struct Outcome {
        var elapsed: Duration
        var status: Int32
        var peakMegabytes: Double
    }

    /// Spawns `path` with `arguments` and `environment`, its standard streams set up by `setUp`;
    /// the process id, or `nil`.
    private static func spawn(
        _ path: String, _ arguments: [String], environment: [String: String],
        setUp: (inout posix_spawn_file_actions_t) -> Void
    ) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        setUp(&actions)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, nil, argv, envp) == 0 else { return nil }
        return pid
    }

    static func run(_ path: String, _ arguments: [String]) -> Outcome? {
        let clock = ContinuousClock()
        let start = clock.now
        guard let pid = spawn(path, arguments, environment: ProcessInfo.processInfo.environment, setUp: { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }) else { return nil }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else { return nil }
        let elapsed = clock.now - start
        let exited = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Outcome(elapsed: elapsed, status: exited, peakMegabytes: Double(usage.ru_maxrss) / 1024)
    }

    /// Times of an interactive session under a pseudo-terminal, from the spawn.
    struct TerminalOutcome {
        /// Until the prompt was on the screen.
        var prompt: Duration
        /// Until the text typed right after the prompt, ending in Tab, showed its completion.
        var completion: Duration
        var peakMegabytes: Double
    }

    /// Starts `path` on a new pseudo-terminal, waits for `prompt`, types `keys` at once and waits
    /// for `completed` to show, then ends the session (Ctrl-U, Ctrl-D). `nil` when any step does
    /// not happen within 20 seconds.
    static func runInTerminal(
        _ path: String, _ arguments: [String], prompt: String, keys: String, completed: String
    ) -> TerminalOutcome? {
        guard let pty = Terminal.functions() else { return nil }
        let master = pty.open(O_RDWR | O_NOCTTY)
        guard master >= 0 else { return nil }
        defer { close(master) }
        guard pty.grant(master) == 0, pty.unlock(master) == 0, let name = pty.name(master) else { return nil }
        let terminal = String(cString: name)
        var variables = ProcessInfo.processInfo.environment
        variables["LANG"] = "C.UTF-8"
        variables["TERM"] = "xterm"
        variables["SYMKB_HISTORY"] = ""
        let clock = ContinuousClock()
        let start = clock.now
        guard let pid = spawn(path, arguments, environment: variables, setUp: { actions in
            posix_spawn_file_actions_addopen(&actions, 0, terminal, O_RDWR, 0)
            posix_spawn_file_actions_adddup2(&actions, 0, 1)
            posix_spawn_file_actions_adddup2(&actions, 0, 2)
            posix_spawn_file_actions_addclose(&actions, master)
        }) else { return nil }
        var output: [UInt8] = []
        func waitFor(_ text: String, after offset: Int) -> Bool {
            let wanted = Array(text.utf8)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while clock.now - start < .seconds(20) {
                if output.count >= offset + wanted.count,
                   output[offset...].indices.contains(where: { output[$0...].starts(with: wanted) }) { return true }
                var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, 100) >= 0 else { return false }
                if descriptor.revents & Int16(POLLIN) != 0 {
                    let count = read(master, &buffer, buffer.count)
                    if count <= 0 { return false }
                    output += buffer[0..<count]
                }
            }
            return false
        }
        func type(_ text: String) { _ = text.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) } }
        var outcome: TerminalOutcome?
        if waitFor(prompt, after: 0) {
            let promptTime = clock.now - start
            let mark = output.count
            type(keys)
            if waitFor(completed, after: mark) {
                outcome = TerminalOutcome(prompt: promptTime, completion: clock.now - start, peakMegabytes: 0)
            }
        }
        type("\u{15}\u{04}")
        var status: Int32 = 0
        var usage = rusage()
        // Drain the screen while the session ends, so the program never blocks on a full terminal.
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            if reaped < 0 { return nil }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 20) > 0 { _ = read(master, &buffer, buffer.count) }
            if clock.now - start > .seconds(30) { kill(pid, SIGKILL) }
        }
        outcome?.peakMegabytes = Double(usage.ru_maxrss) / 1024
        return outcome
    }

    /// glibc's pseudo-terminal calls, looked up at run time: Swift's Glibc module leaves them out
    /// (they need `_XOPEN_SOURCE`).
    private struct Terminal {
        let open: @convention(c) (Int32) -> Int32
        let grant: @convention(c) (Int32) -> Int32
        let unlock: @convention(c) (Int32) -> Int32
        let name: @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

        static func functions() -> Terminal? {
            guard let open = dlsym(nil, "posix_openpt"), let grant = dlsym(nil, "grantpt"),
                  let unlock = dlsym(nil, "unlockpt"), let name = dlsym(nil, "ptsname") else { return nil }
            return Terminal(
                open: unsafeBitCast(open, to: (@convention(c) (Int32) -> Int32).self),
                grant: unsafeBitCast(grant, to: (@convention(c) (Int32) -> Int32).self),
                unlock: unsafeBitCast(unlock, to: (@convention(c) (Int32) -> Int32).self),
                name: unsafeBitCast(name, to: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self))
        }
    }
}
