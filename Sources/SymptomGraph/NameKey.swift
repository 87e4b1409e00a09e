import Foundation

/// Normal forms of names, so that `Lhermitte's sign`, `lhermitte sign` and `lhermittes-sign` meet.
///
/// - ``exact(_:)`` lowercases, folds diacritics, drops apostrophes and invisible format characters
///   (a zero-width space) and turns every other run of punctuation or spaces into one space.
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
            // An invisible format character (a zero-width space, a soft hyphen) is no part of the
            // word it sits in, as the query lexer reads words.
            if scalar.properties.generalCategory == .format { continue }
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

    /// The fast path for ASCII names: bytes in, bytes out, written straight into the new string.
    private static func asciiExact(_ name: String) -> String {
        var name = name
        return name.withUTF8 { input in
            String(unsafeUninitializedCapacity: input.count) { asciiExact(input, into: $0) }
        }
    }

    /// Writes the exact key of ASCII bytes into `out` (at least as long as `input`); returns its length.
    private static func asciiExact(_ input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var count = 0
        var pendingSpace = false
        for byte in input {
            let lowered: UInt8
            switch byte {
            case UInt8(ascii: "'"):
                continue
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                lowered = byte
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                lowered = byte + 32
            default:
                pendingSpace = true
                continue
            }
            if pendingSpace && count > 0 {
                out[count] = 0x20
                count += 1
            }
            pendingSpace = false
            out[count] = lowered
            count += 1
        }
        return count
    }

    /// Appends ``exact(_:)`` of `name` to `bytes` (an index being built writes keys where they are
    /// kept, with no string made for an ASCII name).
    package static func appendExact(_ name: String, to bytes: inout [UInt8]) {
        let done = withUTF8(of: name) { input in
            guard input.allSatisfy({ $0 < 0x80 }) else { return false }
            append(upTo: input.count, to: &bytes) { asciiExact(input, into: $0) }
            return true
        }
        if !done { bytes += exact(name).utf8 }
    }

    /// Calls `body` with the UTF-8 of `name`: where it lies for a native string (no copy of the
    /// string, and no retain: an index being built does this for every name), else made contiguous.
    @inline(__always)
    private static func withUTF8<Result>(of name: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = name.utf8.withContiguousStorageIfAvailable(body) { return result }
        var name = name
        return name.withUTF8(body)
    }

    /// Appends ``looseKey(fromExact:)`` of the exact key `key` to `bytes`.
    package static func appendLoose(fromExact key: [UInt8], to bytes: inout [UInt8]) {
        key.withUnsafeBufferPointer { input in append(upTo: input.count, to: &bytes) { looseKey(fromExact: input, into: $0) } }
    }

    /// Appends `name` lowercased (`uppercase: false`) or uppercased to `bytes`: ASCII letters by
    /// byte, any other name as `String.lowercased()` or `uppercased()` makes it.
    package static func appendCased(_ name: String, uppercase: Bool, to bytes: inout [UInt8]) {
        let done = withUTF8(of: name) { input in
            guard input.allSatisfy({ $0 < 0x80 }) else { return false }
            let (low, high): (UInt8, UInt8) = uppercase ? (UInt8(ascii: "a"), UInt8(ascii: "z")) : (UInt8(ascii: "A"), UInt8(ascii: "Z"))
            // Written into room made once, not appended a byte at a time.
            append(upTo: input.count, to: &bytes) { out in
                for (index, byte) in input.enumerated() { out[index] = byte >= low && byte <= high ? byte ^ 0x20 : byte }
                return input.count
            }
            return true
        }
        if !done { bytes += (uppercase ? name.uppercased() : name.lowercased()).utf8 }
    }

    /// Lets `write` fill room for `capacity` bytes and return how many it wrote, and appends those
    /// to `bytes`.
    private static func append(upTo capacity: Int, to bytes: inout [UInt8], _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        // Written into scratch room (on the stack for a name), then copied on: growing the array
        // by `capacity` zeros and cutting it back cost 4 ms of an HPO import's name tables.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { scratch in
            let used = write(scratch)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<used]))
        }
    }

    /// The loose key of a name: ``exact(_:)`` with trailing plural or possessive `s` dropped.
    public static func loose(_ name: String) -> String {
        looseKey(fromExact: exact(name))
    }

    /// The loose key of an already exact key: every word longer than three bytes loses a final
    /// "s" (but not "ss"). Exact keys are single-spaced, so words are split at spaces.
    public static func looseKey(fromExact key: String) -> String {
        var key = key
        return key.withUTF8 { input in
            String(unsafeUninitializedCapacity: input.count) { looseKey(fromExact: input, into: $0) }
        }
    }

    /// Writes the loose key of exact-key bytes into `out` (at least as long as `input`); returns its length.
    private static func looseKey(fromExact input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var count = 0
        var wordStart = 0
        for index in 0...input.count where index == input.count || input[index] == 0x20 {
            let length = index - wordStart
            var end = index
            if length > 3, input[index - 1] == UInt8(ascii: "s"), input[index - 2] != UInt8(ascii: "s") { end -= 1 }
            if count > 0 && length > 0 {
                out[count] = 0x20
                count += 1
            }
            for position in wordStart..<end {
                out[count] = input[position]
                count += 1
            }
            wordStart = index + 1
        }
        return count
    }
}
