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
/// 64 MB at a time so that it can be. `symkb pack import` took 0.18 s instead of 0.22 s of wall
/// time, 0.31 s of CPU instead of 0.39 s, for ~20 MB more peak memory.
///
/// glibc reads its tunables when a process starts, from `GLIBC_TUNABLES` alone, so the process
/// starts again with them: `execve` of its own executable with the same arguments, before
/// anything else is done (~3 ms). Nothing changes when the environment already sets
/// `GLIBC_TUNABLES` (the user's choice, or the restarted process) or when the restart fails; the
/// restarted process removes the variable, so that no program it might run inherits it.
enum HeapTuning {
    static let tunables = "glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864"

    /// The subcommands worth a restart: they read whole ontologies and annotation files.
    static func isWorthIt(_ arguments: [String]) -> Bool {
        arguments.count > 2 && arguments[1] == "pack" && ["import", "compile", "install"].contains(arguments[2])
    }

    /// Restarts the process with the tunables when `arguments` (the process's own) name a
    /// command worth it; returns when it does not restart. Removes the variable it set.
    static func restartIfWorthIt(_ arguments: [String]) {
        #if os(Linux) && canImport(Glibc)
        if let current = getenv("GLIBC_TUNABLES") {
            if String(cString: current) == tunables { unsetenv("GLIBC_TUNABLES") }
            return
        }
        guard isWorthIt(arguments), setenv("GLIBC_TUNABLES", tunables, 1) == 0 else { return }
        // argv as the process got it; execv only returns on failure.
        var argv = arguments.map { strdup($0) }
        argv.append(nil)
        execv("/proc/self/exe", argv)
        for pointer in argv { free(pointer) }
        unsetenv("GLIBC_TUNABLES")
        #endif
    }
}
