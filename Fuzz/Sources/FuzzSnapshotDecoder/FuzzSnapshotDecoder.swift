import Foundation
import KnowledgePacks

/// Any bytes as a compiled snapshot: opening must refuse damage with an error, never crash or
/// trust a length. The bytes go through the real entry point (a file), for an imported pack.
nonisolated(unsafe) private var pack: PackContent? = {
    // The manifest's import must exist for the pack to read; the snapshot then records it.
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
        """
    return try? PackReader.read(PackFiles(origin: .directory("/tmp"), displayRoot: "fuzz", files: ["pack.yaml": manifest])).content
}()
private let path = FileManager.default.temporaryDirectory.appendingPathComponent("symkb-fuzz-\(getpid()).snapshot").path

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard let pack else { fatalError("the fuzz target's pack does not read") }
    guard (try? Data(bytes: data, count: size).write(to: URL(fileURLWithPath: path))) != nil else { return 0 }
    do {
        let snapshot = try PackSnapshot.open(at: path, for: pack)
        _ = snapshot.segment.entities.count
    } catch {
        _ = error.description
    }
    return 0
}
