import KnowledgePacks

/// Any bytes as a pack data file (behind a valid manifest): reading ends in content or located
/// diagnostics, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard TextDecoding.firstProblem(in: bytes) == nil else { return 0 }
    let manifest = """
        format: 1
        id: fuzz
        version: 0.1.0
        title: Fuzz
        disclaimer: Not medical advice.
        sources: [{id: note, title: A note}]
        """
    let files = PackFiles(origin: .bundled, displayRoot: "fuzz",
                          files: ["pack.yaml": manifest, "data.yaml": String(decoding: bytes, as: UTF8.self)])
    do {
        let (content, _) = try PackReader.read(files)
        _ = content.entities.count
    } catch {
        for diagnostic in error.diagnostics { _ = diagnostic.description }
    }
    return 0
}
