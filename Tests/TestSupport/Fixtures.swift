import BundledKnowledge
import Foundation
import KnowledgePacks
import SymptomGraph
import SymptomQuery

/// Shared test fixtures: the bundled packs, in-memory packs, and a small graph built by hand.
public enum Fixtures {
    /// The packs shipped in `Knowledge/`, as embedded in the binary.
    public static func bundledPackFiles() -> [PackFiles] {
        PackLoading.embeddedPacks(BundledKnowledge.files, displayPrefix: PackLoading.bundledDisplayPrefix)
    }

    /// The knowledge base of the bundled packs.
    public static func bundledKnowledge() throws -> KnowledgeBase {
        let (contents, _) = try PackLoading.read(bundledPackFiles())
        return try KnowledgeBase(packs: contents)
    }

    /// A query engine over the bundled packs.
    public static func bundledEngine() throws -> QueryEngine {
        QueryEngine(graph: try bundledKnowledge().graph)
    }

    /// A pack held in memory: `files` maps paths inside the pack to YAML text.
    public static func pack(_ name: String, _ files: [String: String]) -> PackFiles {
        PackFiles(origin: .directory("/tmp/" + name), displayRoot: name, files: files)
    }

    /// The bundled `core` pack's files, for tests that build packs on top of it.
    public static func corePack() -> PackFiles {
        bundledPackFiles().first { $0.displayRoot.hasSuffix("/core") } ?? pack("core", [:])
    }

    /// The absolute path of the package root (for finding the built binary and `Knowledge/`).
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The HPO release (hp.obo, phenotype.hpoa), which the repository does not hold:
    /// `$SYMKB_HPO_DIR`, default `../shared/data/hpo` beside the package.
    public static var hpoDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["SYMKB_HPO_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.appendingPathComponent("../shared/data/hpo").standardizedFileURL
    }

    /// Whether the HPO release is at ``hpoDirectory``.
    public static var hasHPO: Bool {
        FileManager.default.fileExists(atPath: hpoDirectory.appendingPathComponent("hp.obo").path)
            && FileManager.default.fileExists(atPath: hpoDirectory.appendingPathComponent("phenotype.hpoa").path)
    }
}
