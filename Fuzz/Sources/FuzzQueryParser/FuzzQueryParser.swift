import SymptomQuery

/// Any bytes as a query line: parsing must end in a query or a located error, never a crash or a hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let query = try QueryParser.parse(text)
        _ = "\(query)"
    } catch {
        // A located error must point inside the line (or just past its end).
        precondition(error.span.start >= 0 && error.span.start <= text.count + 1, "span outside the query")
        _ = error.caret(in: text)
    }
    return 0
}
