import Foundation

/// Normal forms of names, so that `Lhermitte's sign`, `lhermitte sign` and `lhermittes-sign` meet.
///
/// - ``exact(_:)`` lowercases, folds diacritics, drops apostrophes and turns every other run of
///   punctuation or spaces into one space.
/// - ``loose(_:)`` also drops a plural or possessive `s` at the end of words longer than three letters
///   (but not `ss`), so `spasms` finds `spasm` and `lhermittes` finds `lhermitte`.
public enum NameKey {
    /// The exact key of a name: case-, accent- and punctuation-insensitive.
    public static func exact(_ name: String) -> String {
        if name.utf8.allSatisfy({ $0 < 0x80 }) { return asciiExact(name) }
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var out: [UInt8] = []
        out.reserveCapacity(folded.utf8.count)
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if scalar == "'" || scalar == "\u{2019}" || scalar == "\u{2018}" { continue }
            let isWordCharacter = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if isWordCharacter {
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                for lowered in String(scalar).lowercased().utf8 { out.append(lowered) }
            } else {
                pendingSpace = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The fast path for ASCII names: bytes in, bytes out, no per-character allocation.
    private static func asciiExact(_ name: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count)
        var pendingSpace = false
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "'"):
                continue
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(byte + 32)
            default:
                pendingSpace = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The loose key of a name: ``exact(_:)`` with trailing plural or possessive `s` dropped.
    public static func loose(_ name: String) -> String {
        looseKey(fromExact: exact(name))
    }

    /// The loose key of an already exact key.
    public static func looseKey(fromExact key: String) -> String {
        var bytes = Array(key.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var wordStart = 0
        bytes.append(0x20)
        for index in bytes.indices where bytes[index] == 0x20 {
            let length = index - wordStart
            var end = index
            // Drop a final "s" (not "ss") from words longer than three bytes.
            if length > 3, bytes[index - 1] == UInt8(ascii: "s"), bytes[index - 2] != UInt8(ascii: "s") { end -= 1 }
            if !out.isEmpty && length > 0 { out.append(0x20) }
            out.append(contentsOf: bytes[wordStart..<end])
            wordStart = index + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
