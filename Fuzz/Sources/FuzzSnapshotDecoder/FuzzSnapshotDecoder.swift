import Foundation
@_spi(Fuzzing) import KnowledgePacks
import SymptomQuery

/// Any bytes as a compiled snapshot: opening must refuse damage with an error, never crash or
/// trust a length. The bytes go through the real entry point (a file), for an imported pack.
nonisolated(unsafe) private var pack: PackContent? = {
    // The manifest's import must exist for the pack to read; the snapshot then records it. The seed
    // (Fuzz/Corpus/FuzzSnapshotDecoder/tiny.snapshot) is `symkb pack compile` of this manifest,
    // importing a three-term OBO file at this path.
    let input = FileManager.default.temporaryDirectory.appendingPathComponent("symkb-fuzz-input.obo").path
    guard (try? "format-version: 1.2\n".write(toFile: input, atomically: true, encoding: .utf8)) != nil else { return nil }
    let manifest = """
        format: 1
        id: fuzz
        version: 0.1.0
        title: Fuzz
        disclaimer: Not medical advice.
        sources: [{id: onto, title: An ontology}]
        imports:
          - {format: obo, path: "\(input)", source: onto}
        depends: {core: ^1.0.0}
        """
    return try? PackReader.read(PackFiles(origin: .directory("/tmp"), displayRoot: "fuzz", files: ["pack.yaml": manifest])).content
}()
private let path = FileManager.default.temporaryDirectory.appendingPathComponent("symkb-fuzz-\(getpid()).snapshot").path
/// The bundled core pack (kinds and relations), read from the repository, to assemble with.
nonisolated(unsafe) private var core: PackContent? = {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../Knowledge/core").standardizedFileURL.path
    return try? PackReader.read(try PackFiles.read(directory: folder)).content
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard let pack else { fatalError("the fuzz target's pack does not read") }
    guard (try? Data(bytes: data, count: size).write(to: URL(fileURLWithPath: path))) != nil else { return 0 }
    do {
        let snapshot = try PackSnapshot.open(at: path, for: pack)
        _ = snapshot.segment.entities.count
        // Its assertions are read where they lie in the mapped file: every one must read.
        _ = snapshot.segment.assertions.reduce(0) { $0 &+ Int($1.subject.index) &+ Int($1.object.index) }
    } catch {
        _ = error.description
    }
    // A mutated input never passes the checksum or the recorded inputs' times: decode once more
    // without those two checks, so the layers behind them are fuzzed too.
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    do {
        let snapshot = try PackSnapshot.decode(bytes, for: pack, checkingInputs: false, checkingChecksum: false)
        _ = snapshot.segment.inconsistency()
        _ = snapshot.segment.assertions.reduce(0) { $0 &+ Int($1.subject.index) &+ Int($1.object.index) }
        // The ranking tables are decoded on first use: decode and check them now.
        _ = snapshot.segment.annotationTables?.tables
        _ = snapshot.segment.graphTables?.stored.tables
        // Entities are records read on use: every one must decode (or fall back to its id), and
        // every id must be found or not, without reading outside the file.
        let entities = snapshot.segment.entities
        for position in entities.indices {
            _ = entities[position].label
            _ = entities.recordPosition(ofID: entities.id(at: position))
        }
        // A load assembles a snapshot before its checksum has answered (and drops the graph if it
        // does not match): assembling what decodes must refuse or build, never trap.
        if let core, let snapshotPath = PackSnapshot.path(for: pack),
           let knowledge = try? KnowledgeBase(packs: [core, pack], using: snapshot, at: snapshotPath) {
            let graph = knowledge.graph
            _ = graph.assertionIDs.reduce(0) { $0 &+ Int(graph[$1].object.index) }
            _ = graph.annotationTables?.databaseNames
            _ = graph.resolve("top")
            // `symkb query` answers from such a graph before the sum is known (and shows nothing
            // until it matches): questions over it must answer or fail, never trap.
            let engine = QueryEngine(graph: graph)
            for question in ["describe top", "ancestors of top", "descendants of top", "rank top from OMIM"] {
                _ = try? engine.answer(question)
            }
        }
    } catch {
        _ = error.description
    }
    return 0
}
