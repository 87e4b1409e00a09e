import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// A command that compiles packs: the process restarts with glibc's heaps tuned before it runs
/// (``HeapTuning``).
protocol CompilesPacks: ParsableCommand {}

/// glibc's allocator tuned for the command: restarted with tunables for those that compile a
/// pack (below), in place for the others (``tuneInPlace()``).
///
/// Importing the HPO allocates ~150 MB in millions of small pieces on both cores within 0.2 s,
/// and a third of its CPU went to page faults: one per 4 KB page touched for the first time, in
/// the main heap and in each thread's arena. With `glibc.malloc.hugetlb=1` the heaps are backed by
/// transparent huge pages (2 MB, one fault each) where the kernel offers them on request
/// (`madvise`, the default of many distributions), and `glibc.malloc.top_pad` grows the main heap
/// 64 MB at a time so that it can be. `symkb pack import` took 0.18 s instead of 0.21 s of wall
/// time, 0.32 s of CPU instead of 0.36 s, for ~20 MB more peak memory.
///
/// glibc reads its tunables when a process starts, from `GLIBC_TUNABLES` alone, so the commands
/// that compile (``CompilesPacks``: `pack import`, `pack compile`, `pack install`) start the
/// process again with them, first thing in `main`, before the arguments are parsed (parsing
/// them costs ~2 ms, which the restarted process pays anyway): `execv` of its own executable, by
/// the path it was started by (the process keeps its name), with the same arguments. It does not when
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

    /// Tunes the heap for the command `arguments` (without the program's name) name: restarts
    /// the process with the tunables for a command that compiles packs (and returns when it
    /// does not restart), or tunes the heap in place for any other (``tuneInPlace()``) but
    /// the REPL (no command, on a terminal), which lives long and loads again: its heap is left
    /// to glibc's own tuning, which hands freed memory back. The command is found as the parser
    /// finds it, by following the words that name a subcommand from `root` (options and their
    /// values are stepped over), but without parsing: an option's value that happens to be a
    /// subcommand's name can only cost a restart for nothing.
    static func tune(for arguments: ArraySlice<String>, root: any ParsableCommand.Type) {
        let command = named(by: arguments, from: root)
        if command is any CompilesPacks.Type {
            restart()
        } else if ObjectIdentifier(command) != ObjectIdentifier(root) || !Terminal.isInteractive(fileDescriptor: 0) {
            tuneInPlace()
        }
    }

    /// The command the words name, from `root` (up to a `--`).
    private static func named(by arguments: ArraySlice<String>, from root: any ParsableCommand.Type) -> any ParsableCommand.Type {
        var command = root
        for word in arguments {
            if word == "--" { break }
            let named = command.configuration.subcommands.first {
                $0.configuration.commandName == word || $0.configuration.aliases.contains(word)
            }
            if let named { command = named }
        }
        return command
    }

    /// Restarts the process with the tunables, or, in the restarted process, removes them from
    /// its environment; returns when it does not restart.
    private static func restart() {
        #if os(Linux) && canImport(Glibc)
        if getenv(mark) != nil {
            unsetenv(mark)
            if let current = getenv("GLIBC_TUNABLES"), String(cString: current) == tunables { unsetenv("GLIBC_TUNABLES") }
            return
        }
        let arguments = CommandLine.arguments
        guard !arguments.isEmpty, getenv("GLIBC_TUNABLES") == nil, getuid() == geteuid(), getgid() == getegid(),
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

    /// The main heap of a one-shot command, tuned in the process as it runs (a restart would
    /// cost more than it saves): it grows by 32 MB at once, and the kernel is asked
    /// to back that span with transparent huge pages, one page fault per 2 MB touched rather
    /// than one per 4 KB. A cold `rank` faults in several megabytes of fresh heap (tables copied,
    /// decoded and built, a page at a time), and each fault costs most when the machine is busy:
    /// 0.3–1.3 ms less wall time (of ~17), ~1.2 MB more peak memory. Blocks up to 32 MB come from
    /// the heap rather than mappings of their own, so that they share its huge pages. Nothing
    /// happens when the environment sets `GLIBC_TUNABLES` (the user's choice) or the heap cannot
    /// grow by `brk`; the kernel may decline huge pages (where they are off, or `always` anyway).
    private static func tuneInPlace() {
        #if os(Linux) && canImport(Glibc)
        // `mallopt` and its parameters (glibc's malloc.h, which the Glibc module leaves out).
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let (trimThreshold, topPad, mmapThreshold): (Int32, Int32, Int32) = (-1, -2, -3)
        let pad: Int32 = 32 << 20
        guard getenv("GLIBC_TUNABLES") == nil, let symbol = dlsym(dlopen(nil, RTLD_NOW), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        guard mallopt(mmapThreshold, pad) == 1, mallopt(topPad, pad) == 1, mallopt(trimThreshold, 2 * pad) == 1 else { return }
        let before = Int(bitPattern: sbrk(0))
        // A block the heap has no room for makes it grow now, by the block and the pad.
        UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 16).deallocate()
        let after = Int(bitPattern: sbrk(0))
        let huge = 2 << 20
        let start = (before + huge - 1) / huge * huge, end = after / huge * huge
        guard before > 0, end > start, let first = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(first, end - start, MADV_HUGEPAGE)
        #endif
    }

    #if os(Linux) && canImport(Glibc)
    /// The path `argv0` names (found on `PATH` when it has no slash, as ``ExternalTool/find(_:)``
    /// finds tools), when it is this process's executable (the same file as `/proc/self/exe`).
    private static func ownExecutable(named argv0: String) -> String? {
        guard let candidate = argv0.contains("/") ? argv0 : ExternalTool.find(argv0)?.path else { return nil }
        var own = stat(), named = stat()
        guard stat("/proc/self/exe", &own) == 0, stat(candidate, &named) == 0 else { return nil }
        // Started by that path, the process keeps its name (the kernel names it after the path).
        return named.st_dev == own.st_dev && named.st_ino == own.st_ino ? candidate : nil
    }
    #endif
}
