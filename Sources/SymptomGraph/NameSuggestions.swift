extension KnowledgeGraph {
    /// Entities whose names are closest to a name that resolved to nothing, best first.
    ///
    /// Compares exact name keys by edit distance, and also offers names that start with the
    /// given words, or end with them as whole words ("spasms": "Muscle spasms"). A scan over all
    /// names: call it on error paths only. Names in ASCII (nearly all) are compared as bytes,
    /// with no string made unless one is offered.
    public func suggestions(for name: String, limit: Int = 3) -> [EntityID] {
        let key = NameKey.exact(name)
        guard !key.isEmpty else { return [] }
        let keyCount = key.count
        // A word of five letters or fewer takes one edit: two edits of "als" or "flu" reach
        // any three-letter abbreviation ("AKI", "CIU"), which reads as nonsense. Longer names
        // take one edit in four letters: a third let "trembling" reach "Drooling" and "shaky
        // hands" "Small hand" — a wrong word offered is worse than none.
        let allowed = keyCount <= 5 ? 1 : max(2, keyCount / 4)
        let keyBytes = Array(key.utf8)
        var distance = BoundedDistance(key, within: allowed)
        var scored: [(entity: EntityID, score: Int, key: String)] = []
        names.forEachName { candidate, entity in
            var score: Int?
            if candidate.allSatisfy({ $0 < 0x80 }) {
                // One byte, one character.
                let count = candidate.count
                if Self.starts(candidate, with: keyBytes, thenSpace: true) || (keyCount >= 4 && Self.starts(candidate, with: keyBytes, thenSpace: false)) {
                    score = 1 + (count - keyCount) / 8
                } else if keyCount >= 3, Self.ends(candidate, with: keyBytes) {
                    score = 2 + (count - keyCount) / 8
                }
                if abs(count - keyCount) <= allowed, let found = distance.to(candidate) { score = min(score ?? .max, found) }
            } else {
                let text = String(decoding: candidate, as: UTF8.self)
                if text.hasPrefix(key + " ") || (keyCount >= 4 && text.hasPrefix(key)) {
                    score = 1 + (text.count - keyCount) / 8
                } else if keyCount >= 3, text.hasSuffix(" " + key) {
                    score = 2 + (text.count - keyCount) / 8
                }
                if abs(text.count - keyCount) <= allowed {
                    let found = Spelling.distance(key, text)
                    if found <= allowed { score = min(score ?? .max, found) }
                }
            }
            if let score { scored.append((entity, score, String(decoding: candidate, as: UTF8.self))) }
        }
        scored.sort { ($0.score, $0.key, $0.entity) < ($1.score, $1.key, $1.entity) }
        var seen = Set<EntityID>()
        return scored.map(\.entity).filter { seen.insert($0).inserted }.prefix(limit).map { $0 }
    }

    /// Whether `bytes` end with a space and then `suffix` (its last words).
    private static func ends(_ bytes: UnsafeRawBufferPointer, with suffix: [UInt8]) -> Bool {
        guard bytes.count > suffix.count else { return false }
        let start = bytes.count - suffix.count
        for index in suffix.indices where bytes[start + index] != suffix[index] { return false }
        return bytes[start - 1] == 0x20
    }

    /// Whether `bytes` begin with `prefix` (and, with `thenSpace`, a space after it).
    private static func starts(_ bytes: UnsafeRawBufferPointer, with prefix: [UInt8], thenSpace: Bool) -> Bool {
        guard bytes.count >= prefix.count + (thenSpace ? 1 : 0) else { return false }
        for index in prefix.indices where bytes[index] != prefix[index] { return false }
        return !thenSpace || bytes[prefix.count] == 0x20
    }

    /// The entities with a label, synonym or slug whose words' initials spell `abbreviation`
    /// ("ALS" → "Amyotrophic lateral sclerosis 1", "SLE" → "Systemic lupus erythematosus"): the
    /// words up to the first that starts with a digit, each part of a hyphenated word counting,
    /// "of", "and", "the" and other small words left out, and "disease", "syndrome", "disorder"
    /// or "type" after the last letter allowed ("CMT": Charcot-Marie-Tooth disease). A scan over all names: call it on
    /// error paths only. In id order.
    public func entities(abbreviatedAs abbreviation: String) -> [EntityID] {
        let letters = Array(abbreviation.lowercased().utf8)
        guard (2...8).contains(letters.count), letters.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return [] }
        let small: Set<[UInt8]> = Set(["of", "and", "the", "with", "in", "to", "or", "for", "on", "by", "a", "an"].map { Array($0.utf8) })
        // Words an abbreviation often leaves out at the end ("CMT": Charcot-Marie-Tooth disease).
        let trailing: Set<[UInt8]> = Set(["disease", "syndrome", "disorder", "type"].map { Array($0.utf8) })
        var found = Set<EntityID>()
        names.forEachName { key, entity in
            var matched = 0, start = 0
            var fits = true
            // Words are separated by single spaces in a name key.
            while start < key.count, fits {
                var end = start
                while end < key.count, key[end] != 0x20 { end += 1 }
                let first = key[start]
                if first >= 0x30 && first <= 0x39 { break }
                let word = Array(key[start..<end])
                if !small.contains(word) {
                    if matched < letters.count, letters[matched] == first {
                        matched += 1
                    } else if !(matched == letters.count && trailing.contains(word)) {
                        fits = false
                    }
                }
                start = end + 1
            }
            if fits, matched == letters.count { found.insert(entity) }
        }
        return found.sorted()
    }

    /// The entities one of whose names begins with the words of `name` and goes on (`parkinson
    /// disease` → "Parkinson disease 11", "Parkinson disease, late-onset"), in id order. A scan
    /// over all names: call it on error paths only.
    public func entities(namedStartingWith name: String) -> [EntityID] {
        let key = NameKey.exact(name)
        guard !key.isEmpty else { return [] }
        return names.entities(withNamesStartingWith: key + " ").sorted()
    }
}

/// The edit distance (in Unicode scalars, as ``Spelling/distance(_:_:)`` counts it: a swap of
/// neighbouring letters is one edit) from one word to ASCII candidates, when it is at most a
/// bound: rows reused from one candidate to the next, and a candidate given up as soon as two
/// rows in turn exceed the bound (a swap steps over one row).
struct BoundedDistance {
    private let word: [UInt32]
    private let bound: Int
    private var twoBack: [Int]
    private var previous: [Int]
    private var current: [Int]

    init(_ word: String, within bound: Int) {
        self.word = word.unicodeScalars.map(\.value)
        self.bound = bound
        twoBack = []
        previous = []
        current = []
    }

    /// The distance to `candidate` (ASCII bytes), or `nil` when it exceeds the bound.
    mutating func to(_ candidate: UnsafeRawBufferPointer) -> Int? {
        let columns = candidate.count
        if word.isEmpty { return columns <= bound ? columns : nil }
        if columns == 0 { return word.count <= bound ? word.count : nil }
        if previous.count < columns + 1 {
            previous = [Int](repeating: 0, count: columns + 1)
            current = previous
            twoBack = previous
        }
        for column in 0...columns { previous[column] = column }
        var lastSmallest = 0
        for row in 1...word.count {
            current[0] = row
            var smallest = row
            let letter = word[row - 1]
            for column in 1...columns {
                let cost = UInt32(candidate[column - 1]) == letter ? 0 : 1
                var value = min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + cost)
                if row > 1, column > 1, letter == UInt32(candidate[column - 2]), word[row - 2] == UInt32(candidate[column - 1]) {
                    value = min(value, twoBack[column - 2] + 1)
                }
                current[column] = value
                smallest = min(smallest, value)
            }
            if smallest > bound, lastSmallest > bound { return nil }
            lastSmallest = smallest
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[columns] <= bound ? previous[columns] : nil
    }
}
