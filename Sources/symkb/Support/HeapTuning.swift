#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator tuned for the commands that compile a pack.
///
/// Importing the HPO allocates ~150 MB in millions of small pieces on both cores within 0.2 s,
/// and a third of its CPU went to page faults: one per 4 KB page touched for the first time, in
/// the main heap and in each thread's arena. With `glibc.malloc.hugetlb=1` the heaps are backed by
/// transparent huge pages (2 MB, one fault each) where the kernel offers them on request
/// (`madvise`, the default of many distributions), and `glibc.malloc.top_pad` grows the main heap
/// 64 MB at a time so that it can be. `symkb pack import` took 0.18 s instead of 0.21 s of wall
/// time, 0.32 s of CPU instead of 0.36 s, for ~20 MB more peak memory.
///
/// glibc reads its tunables when a process starts, from `GLIBC_TUNABLES` alone, so the process
/// starts again with them, before anything else is done (~3 ms): `execv` of its own executable,
/// by the path it was started by (the process keeps its name), with the same arguments. It does not when
/// - the environment already sets `GLIBC_TUNABLES` (the user's choice);
/// - the process runs set-user-ID or set-group-ID (glibc ignores or strips tunables then);
/// - its executable is not the program `argv[0]` names (run through the dynamic loader or an
///   emulator, where `/proc/self/exe` is another program);
/// - or the restart fails (then it goes on as it is).
///
/// The restarted process finds `SYMKB_HEAP_TUNED` set — a mark glibc leaves alone, so that it
/// never restarts twice — and removes both variables, so that no program it runs inherits them.
/// Setting `SYMKB_HEAP_TUNED` (to anything) yourself turns the restart off.
enum HeapTuning {
    static let tunables = "glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864"
    static let mark = "SYMKB_HEAP_TUNED"

    /// The subcommands worth a restart: they read whole ontologies and annotation files
    /// (`pack import`, `pack compile`, `pack install`, after any options).
    static func isWorthIt(_ arguments: [String]) -> Bool {
        guard let pack = arguments.dropFirst().firstIndex(where: { !$0.hasPrefix("-") }), arguments[pack] == "pack",
              pack + 1 < arguments.count else { return false }
        return ["import", "compile", "install"].contains(arguments[pack + 1])
    }

    /// Restarts the process with the tunables when `arguments` (the process's own) name a
    /// command worth it; returns when it does not restart.
    static func restartIfWorthIt(_ arguments: [String]) {
        #if os(Linux) && canImport(Glibc)
        if getenv(mark) != nil {
            unsetenv(mark)
            if let current = getenv("GLIBC_TUNABLES"), String(cString: current) == tunables { unsetenv("GLIBC_TUNABLES") }
            return
        }
        guard isWorthIt(arguments), getenv("GLIBC_TUNABLES") == nil, getuid() == geteuid(), getgid() == getegid(),
              let executable = ownExecutable(named: arguments[0])
        else { return }
        guard setenv("GLIBC_TUNABLES", tunables, 1) == 0, setenv(mark, "1", 1) == 0 else {
            unsetenv("GLIBC_TUNABLES")
            unsetenv(mark)
            return
        }
        var argv = arguments.map { strdup($0) }
        argv.append(nil)
        execv(executable, argv)  // returns only on failure
        for pointer in argv { free(pointer) }
        unsetenv("GLIBC_TUNABLES")
        unsetenv(mark)
        #endif
    }

    #if os(Linux) && canImport(Glibc)
    /// The path `argv0` names (found on `PATH` when it has no slash), when it is this process's
    /// executable (the same file as `/proc/self/exe`); else `nil`.
    private static func ownExecutable(named argv0: String) -> String? {
        guard let resolved = realpath("/proc/self/exe", nil) else { return nil }
        defer { free(resolved) }
        var own = stat()
        guard stat(resolved, &own) == 0 else { return nil }
        // PATH as the shell searches it: an empty entry is the working folder.
        let candidates: [String] = argv0.contains("/") ? [argv0]
            : (getenv("PATH").map { String(cString: $0) } ?? "").split(separator: ":", omittingEmptySubsequences: false)
                .map { "\($0.isEmpty ? "." : $0)/\(argv0)" }
        for candidate in candidates {
            var named = stat()
            guard stat(candidate, &named) == 0, named.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 else { continue }
            // The first executable the name finds is the one that was run; it is started by that
            // path (a link keeps its name: the kernel names the process after the path it is given).
            return named.st_dev == own.st_dev && named.st_ino == own.st_ino ? candidate : nil
        }
        return nil
    }
    #endif
}
