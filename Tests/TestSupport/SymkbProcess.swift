import Foundation

/// Runs the built `symkb` binary for end-to-end tests.
///
/// The binary is `$SYMKB_BIN` when set, otherwise `.build/debug/symkb` under the package root
/// (built by `swift build`, which `scripts/test` runs before `swift test`).
public struct SymkbProcess {
    /// What a run printed and how it ended.
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The binary's path.
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["SYMKB_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return Fixtures.packageRoot.appendingPathComponent(".build/debug/symkb")
    }

    /// Whether the binary exists.
    public static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: binary.path) }

    /// Runs symkb with arguments and optional standard input, in `directory` (a temporary folder by default).
    public static func run(_ arguments: [String], stdin: String? = nil, directory: URL? = nil,
                           environment: [String: String] = [:]) throws -> Outcome {
        try runTool(binary, arguments, stdin: stdin, directory: directory, environment: environment)
    }

    /// Runs any program the same way.
    public static func runTool(_ tool: URL, _ arguments: [String], stdin: String? = nil, directory: URL? = nil,
                               environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? FileManager.default.temporaryDirectory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let output = Pipe(), errors = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self))
    }

    /// A fresh temporary folder, inside this test process's own folder, which is removed when
    /// the process exits (so that test runs do not fill the machine's temporary folder).
    public static func temporaryDirectory() throws -> URL {
        let url = testRoot.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The folder of this test process's temporary folders; made on first use, with a handler
    /// that removes it at exit.
    private static let testRoot: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("symkb-tests-" + UUID().uuidString)
        atexit { try? FileManager.default.removeItem(at: SymkbProcess.testRoot) }
        return root
    }()
}
