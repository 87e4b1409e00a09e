import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// A command that compiles packs: its heap is tuned without huge pages (``HeapTuning``), and the
/// caller has its status before its memory is torn down (``DetachedTeardown``).
protocol CompilesPacks: ParsableCommand {}

/// glibc's allocator tuned in place for a one-shot command, first thing in `main`: the main
/// heap grows 32 MB at a time, blocks up to 32 MB come from it (not from mappings of their own,
/// which every `free` hands back and the next block of that size faults in again), and it keeps
/// up to 64 MB free rather than trimming. A query's heap is also put on transparent huge pages;
/// a compile's is not (below). The REPL (no command, on a terminal) is left to glibc's own
/// tuning: it lives long and loads again, and that tuning hands freed memory back.
///
/// Nothing happens when the environment sets `GLIBC_TUNABLES` (the user's choice), and no huge
/// pages are asked for when the heap cannot grow by `brk`; the kernel may decline them (where
/// they are off) or give them anyway (`always`).
///
/// Why a compile gets no huge pages: on a virtual machine that hands freed memory back to its
/// host (virtio-balloon free page reporting, as on the machine symkb is measured on), the kernel
/// backs a huge page with a free 2 MB block, and those are the blocks just handed back: the host
/// must fault in all 512 of its pages again. Touching 150 MB of fresh memory took 6.7 ms on
/// huge pages right after another process freed as much, but 260–350 ms a second later (and
/// 48–55 ms on 4 KB pages either way). A `pack import` of the HPO, which allocates ~120 MB, took
/// 0.13 s on huge pages when run back to back but 0.24–0.29 s when run on its own, as a user
/// runs it; tuned as it is now, 0.16 s either way. A query touches a few megabytes of heap, and
/// huge pages gave it 0.3–1.3 ms (of ~17) back to back and cost nothing measurable after a pause.
enum HeapTuning {
    /// Tunes the heap for `command` (``ParsableCommand/command(namedBy:)``), a subcommand of `root` or itself.
    static func tune(for command: any ParsableCommand.Type, root: any ParsableCommand.Type) {
        if command is any CompilesPacks.Type {
            tuneInPlace(hugePages: false)
        } else if ObjectIdentifier(command) != ObjectIdentifier(root) || isatty(0) != 1 {
            tuneInPlace(hugePages: true)
        }
    }

    /// Sets glibc's heap parameters with `mallopt` (found with `dlsym`: malloc.h is not in the
    /// Glibc module) and, with `hugePages`, grows the main heap now and advises that span
    /// `MADV_HUGEPAGE`. A cold `rank` faults in several megabytes of fresh heap (tables copied,
    /// decoded and built): 0.3–1.3 ms less wall time back to back, ~1.2 MB more peak memory.
    private static func tuneInPlace(hugePages: Bool) {
        #if os(Linux) && canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let (trimThreshold, topPad, mmapThreshold): (Int32, Int32, Int32) = (-1, -2, -3)
        let pad: Int32 = 32 << 20
        guard getenv("GLIBC_TUNABLES") == nil, let symbol = dlsym(dlopen(nil, RTLD_NOW), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        guard mallopt(mmapThreshold, pad) == 1, mallopt(topPad, pad) == 1, mallopt(trimThreshold, 2 * pad) == 1,
              hugePages else { return }
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
}
