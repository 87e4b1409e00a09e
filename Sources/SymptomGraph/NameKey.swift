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
        let folded: String
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            folded = name
        } else {
            folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        }
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

    /// The loose key of a name: ``exact(_:)`` with trailing plural or possessive `s` dropped.
    public static func loose(_ name: String) -> String {
        looseKey(fromExact: exact(name))
    }

    /// The loose key of an already exact key.
    public static func looseKey(fromExact key: String) -> String {
        key.split(separator: " ").map { word -> Substring in
            if word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss") { return word.dropLast() }
            return word
        }.joined(separator: " ")
    }
}
