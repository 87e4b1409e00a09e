/// "Did you mean …?" support: edit distance and the closest candidates to a misspelt name.
public enum Spelling {
    /// Edit distance between two strings, counted in Unicode scalars: insertions, deletions,
    /// substitutions and swaps of neighbouring letters (optimal string alignment).
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                // Two neighbouring letters swapped ("pian") are one edit.
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = min(current[j], twoBack[j - 2] + 1) }
            }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[b.count]
    }

    /// The candidates whose words say what `word` says, when no spelling is close: `leads_to`
    /// finds `may_lead_to` by its name, `disorder` finds `condition` by its description ("A
    /// disease, disorder or health condition"). Words are compared without case and without a
    /// plural or third-person `s`; short and common words ("to", "the", "subject") do not count,
    /// nor do words most descriptions share. A match in a name wins; a match in descriptions
    /// only counts when it points at one candidate alone.
    public static func byMeaning(
        _ word: String, among candidates: [(name: String, description: String)], limit: Int = 1
    ) -> [String] {
        func stems(_ text: String) -> Set<String> {
            Set(text.lowercased().split { !$0.isLetter }.compactMap { piece -> String? in
                guard piece.count >= 3, !commonWords.contains(String(piece)) else { return nil }
                return piece.count > 3 && piece.hasSuffix("s") && !piece.hasSuffix("ss") ? String(piece.dropLast()) : String(piece)
            })
        }
        let wanted = stems(word)
        guard !wanted.isEmpty else { return [] }
        let named = candidates.filter { !wanted.isDisjoint(with: stems($0.name)) }.map(\.name)
        if !named.isEmpty { return Array(named.sorted().prefix(limit)) }
        let described = candidates.filter { !wanted.isDisjoint(with: stems($0.description)) }.map(\.name)
        return described.count == 1 ? described : []
    }

    /// Words that say nothing of what a kind or relation is.
    private static let commonWords: Set<String> = [
        "the", "and", "for", "with", "from", "that", "this", "its", "are", "was", "not", "has", "have", "but", "any", "all",
        "one", "two", "can", "may", "into", "onto", "other", "more", "what", "which", "who", "how", "thing", "something",
        "subject", "object", "entity", "person", "part",
    ]

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
