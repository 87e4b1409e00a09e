import Foundation
import PackagePlugin

/// `swift package validate-knowledge [DIR…]`: checks and tests every pack in `Knowledge/` (or the
/// folders named) with the `symkb` binary, built on demand.
///
/// The plugin declares no dependency on `symkb`: that would make every `swift build` compile the
/// executable a second time as a host tool. It asks the package manager to build it instead.
@main
struct ValidateKnowledge: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let build = try packageManager.build(.product("symkb"), parameters: .init(configuration: .debug, logging: .concise))
        guard build.succeeded,
              let symkb = build.builtArtifacts.first(where: { $0.kind == .executable && $0.url.lastPathComponent == "symkb" })
        else {
            Diagnostics.error("could not build symkb:\n" + build.logText)
            throw ValidationFailure.buildFailed
        }
        let folders = arguments.isEmpty ? try packFolders(in: context.package.directoryURL.appendingPathComponent("Knowledge"))
            : arguments
        guard !folders.isEmpty else {
            Diagnostics.error("no pack folders to validate")
            throw ValidationFailure.nothingToValidate
        }
        let checked = try run(symkb.url, ["pack", "check"] + folders)
        let tested = checked == 0 ? try run(symkb.url, ["pack", "test"] + folders) : checked
        if checked != 0 || tested != 0 { throw ValidationFailure.invalidPacks }
        print("validate-knowledge: \(folders.count) packs checked and tested")
    }

    private func packFolders(in knowledge: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: knowledge.path).sorted()
            .map { knowledge.appendingPathComponent($0).path }
            .filter { FileManager.default.fileExists(atPath: $0 + "/pack.yaml") }
    }

    private func run(_ tool: URL, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    enum ValidationFailure: Error, CustomStringConvertible {
        case buildFailed, nothingToValidate, invalidPacks

        var description: String {
            switch self {
            case .buildFailed: "symkb did not build"
            case .nothingToValidate: "no packs found"
            case .invalidPacks: "some packs have errors or failing tests"
            }
        }
    }
}
