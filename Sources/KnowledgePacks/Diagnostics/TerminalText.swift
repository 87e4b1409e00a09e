/// Text from packs, files and users made safe to print: control characters — escape sequences,
/// BEL, backspace, bare CR, C1 controls, line and paragraph separators, direction overrides and
/// zero-width spaces — are shown as `\u{…}`
/// instead of reaching the terminal. Tabs and newlines are kept only where the caller allows.
public enum TerminalText {
    /// `text` with every control character written as `\u{hex}`; newlines and tabs kept when
    /// `keepingNewlines` (text laid out in lines: a CSV field, a multi-line message).
    public static func escaped(_ text: String, keepingNewlines: Bool = false) -> String {
        // Printable ASCII, most text, is let through from its bytes: decoding every scalar cost
        // ~1,500 instructions a table cell (2 M for a 700-row answer).
        if isPrintableASCII(text) { return text }
        guard text.unicodeScalars.contains(where: { isControl($0, keepingNewlines) }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if isControl(scalar, keepingNewlines) {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether every byte of `text` is printable ASCII (space to tilde): then each byte is one
    /// character, one column wide, and none is a control.
    ///
    /// Read from the string's storage in one tight loop: through `String.UTF8View`'s iterator
    /// it cost ~16 instructions a byte.
    public static func isPrintableASCII(_ text: String) -> Bool {
        func printable(_ byte: UInt8) -> Bool { byte &- 0x20 < 0x5F }
        return text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(printable) } ?? text.utf8.allSatisfy(printable)
    }

    /// Whether `scalar` is one that ``escaped(_:keepingNewlines:)`` writes as `\u{…}` (and a
    /// caret excerpt shows as `?`).
    static func isControl(_ scalar: Unicode.Scalar, _ keepingNewlines: Bool = false) -> Bool {
        if keepingNewlines, scalar == "\n" || scalar == "\t" { return false }
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029: return true
        // Direction overrides and isolates (which reorder what follows), zero-width spaces and marks.
        case 0x202A...0x202E, 0x2066...0x2069, 0x200B, 0x200E, 0x200F, 0xFEFF: return true
        default: return false
        }
    }
}
