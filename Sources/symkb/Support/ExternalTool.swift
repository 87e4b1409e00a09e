import Foundation

/// Programs symkb hands work to as child processes — Graphviz's `dot` for SVG, `curl` for
/// downloads — found on `PATH`. Running them instead of linking a library keeps symkb's own start
/// fast: a network stack linked in costs every process, even one that downloads nothing, ~14 ms.
enum ExternalTool {
    /// The program called `name` on `PATH`, if installed.
    static func find(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").lazy.map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
