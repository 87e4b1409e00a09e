import KnowledgePacks

/// Any bytes as an HPO annotation file: the byte-level parser must not crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var parser = HPOAParser(file: "fuzz.hpoa")
    _ = parser.parse(bytes)
    return 0
}
