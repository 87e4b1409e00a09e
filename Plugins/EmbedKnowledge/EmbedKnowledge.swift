import Foundation
import PackagePlugin

/// Embeds the knowledge packs of `Knowledge/` into the `BundledKnowledge` module as generated Swift,
/// so the `symkb` binary answers from any folder without resource bundles.
///
/// The target's path is the knowledge folder itself, so `sourceFiles` lists every pack file and
/// SwiftPM re-runs the embedder when one is added, edited or deleted.
@main
struct EmbedKnowledge: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let inputs = module.sourceFiles
            .map(\.url)
            .filter { ["yaml", "yml"].contains($0.pathExtension) }
            .sorted { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedKnowledge.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) knowledge pack files",
                executable: try context.tool(named: "KnowledgeEmbedder").url,
                arguments: [module.directoryURL.path, output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
