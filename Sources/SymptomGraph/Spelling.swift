/// "Did you mean …?" support: edit distance and the closest candidates to a misspelt name.
public enum Spelling {
    /// Levenshtein distance between two strings, counted in Unicode scalars.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The candidates closest to `word` (case-insensitive), best first, within a distance that grows
    /// with the word's length (a third of it, at least 2).
    public static func closest(to word: String, among candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let lowered = word.lowercased()
        let allowed = max(2, lowered.count / 3)
        var scored: [(String, Int)] = []
        for candidate in candidates {
            let candidateLowered = candidate.lowercased()
            if abs(candidateLowered.count - lowered.count) > allowed { continue }
            let score = distance(lowered, candidateLowered)
            if score <= allowed { scored.append((candidate, score)) }
        }
        scored.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        var seen = Set<String>()
        return scored.map(\.0).filter { seen.insert($0).inserted }.prefix(limit).map { $0 }
    }
}
