/// Counts findings of one kind and admits only the first `limit`: input broken throughout is
/// reported by its first located findings and one more that says how many were left out, and
/// where the first of those is, rather than by a flood.
struct FindingCap: Sendable {
    /// How many findings are admitted.
    let limit: Int
    /// How many were counted.
    private(set) var count = 0
    /// Where the first finding left out is, when it was given.
    private var firstLeftOut: SourceLocation?

    init(limit: Int) { self.limit = limit }

    /// Counts a finding (at `location`); whether it is among the first `limit`, to be reported.
    mutating func admits(at location: SourceLocation? = nil) -> Bool {
        count += 1
        if count == limit + 1 { firstLeftOut = location }
        return count <= limit
    }

    /// How many were counted but not admitted.
    var leftOut: Int { max(0, count - limit) }

    /// The finding that reports the ones left out (`what(n)` describes them: "3 more rows have
    /// …"), at the first of them when its place is known ("; the first of them is here"), else at
    /// `fallback`; `nil` when none were.
    func summary(
        _ severity: Diagnostic.Severity, _ id: DiagnosticID, at fallback: SourceLocation?, _ what: (Int) -> String
    ) -> Diagnostic? {
        guard leftOut > 0 else { return nil }
        guard let firstLeftOut else { return Diagnostic(severity, id, what(leftOut), at: fallback) }
        return Diagnostic(severity, id, what(leftOut) + "; the first of them is here", at: firstLeftOut)
    }
}
