/// How much evidence one answer prints: up to ``limit`` assertions in all, whole derivations only.
///
/// Evidence is kept per entity reached (``Derivation``), so answering `descendants of` a
/// 30,000-step chain is quick; spelling out every row's chain would be 450 million lines. Past
/// the allowance, rows are still listed, without their evidence, and a note says how many
/// derivations were left out.
final class EvidenceAllowance {
    /// Assertions one answer may print as evidence.
    static let limit = 100_000

    private var remaining = EvidenceAllowance.limit
    /// Derivations left out.
    private(set) var withheld = 0

    /// Whether `derivation` may be printed (and takes its length from the allowance).
    func take(_ derivation: Derivation) -> Bool {
        if withheld == 0, derivation.count <= remaining {
            remaining -= derivation.count
            return true
        }
        withheld += 1
        return false
    }

    /// The derivations of a row that may be printed, in order.
    func allowed(_ derivations: [Derivation]) -> [Derivation] { derivations.filter(take) }

    /// A note for the reader when evidence was left out.
    var note: String? {
        withheld == 0 ? nil
            : "evidence of \(withheld) more derivation\(withheld == 1 ? "" : "s") not shown: over \(Self.limit) assertions"
    }
}
