import SymptomQuery

/// Any bytes as a script: statements come back with line numbers inside the script.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let statements = ScriptSplitter.split(text)
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count
    for statement in statements { precondition(statement.line >= 1 && statement.line <= lines, "line outside the script") }
    _ = ScriptSplitter.isIncomplete(text)
    return 0
}
