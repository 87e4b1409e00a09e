import KnowledgePacks

/// Any bytes as an OBO file: the byte-level parser and the strict text check must not crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = TextDecoding.firstProblem(in: bytes)
    var parser = OBOParser(file: "fuzz.obo")
    let document = parser.parse(bytes)
    _ = OBOImporter.aliases(in: document)
    return 0
}
