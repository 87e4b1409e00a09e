import Foundation

/// Drives `symkb` under a pseudo-terminal through `Tests/Scripts/pty_driver.py` (Python's `pty`),
/// so REPL tests type keys and read the screen as a person would.
public struct TerminalSession {
    /// One step of a terminal conversation.
    public enum Step {
        /// Type text after a pause (use `\t` for Tab, `\u{03}` for Ctrl-C, `\u{04}` for Ctrl-D, `\u{1B}[A` for Up).
        case send(String, after: Double = 0.15)
        /// Wait until the screen shows text after the previous match.
        case expect(String)
        /// Wait for the program to exit with a status.
        case exit(Int32)

        var json: [String: Any] {
            switch self {
            case let .send(text, delay): ["send": text, "delay": delay]
            case let .expect(text): ["expect": text, "timeout": 10]
            case let .exit(status): ["expect_exit": Int(status), "timeout": 10]
            }
        }
    }

    /// What happened.
    public struct Transcript {
        public var ok: Bool
        public var error: String?
        public var output: String
        public var status: Int32?
    }

    static var driver: URL { Fixtures.packageRoot.appendingPathComponent("Tests/Scripts/pty_driver.py") }

    /// Whether python3 is available to drive a terminal.
    public static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") && SymkbProcess.isBuilt
    }

    /// Runs symkb with arguments under a terminal through the given steps.
    public static func run(_ steps: [Step], arguments: [String] = [], environment: [String: String] = [:]) throws -> Transcript {
        let input = try JSONSerialization.data(withJSONObject: steps.map(\.json))
        var env = ["LANG": "C.UTF-8", "TERM": "xterm", "SYMKB_HISTORY": ""]
        for (key, value) in environment { env[key] = value }
        let run = try SymkbProcess.runTool(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [driver.path, SymkbProcess.binary.path] + arguments,
            stdin: String(decoding: input, as: UTF8.self), environment: env)
        guard let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] else {
            return Transcript(ok: false, error: "driver failed: \(run.stderr)", output: run.stdout, status: nil)
        }
        return Transcript(
            ok: object["ok"] as? Bool ?? false, error: object["error"] as? String,
            output: object["output"] as? String ?? "", status: (object["status"] as? Int).map(Int32.init))
    }
}
