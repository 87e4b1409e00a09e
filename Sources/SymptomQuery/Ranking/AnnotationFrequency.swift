import SymptomGraph

/// How often a disease shows an annotated finding, as a probability: the values the likelihood-ratio
/// ranker reads from an annotation's `frequency` qualifier.
///
/// | written                         | probability |
/// |---------------------------------|-------------|
/// | `HP:0040280` Obligate (100%)    | 1.0         |
/// | `HP:0040281` Very frequent      | 0.895 (80–99%, the middle) |
/// | `HP:0040282` Frequent           | 0.545 (30–79%) |
/// | `HP:0040283` Occasional         | 0.17 (5–29%) |
/// | `HP:0040284` Very rare          | 0.025 (1–4%) |
/// | `HP:0040285` Excluded (0%)      | 0 — the disease does not show it |
/// | `n/m`                           | n ÷ m       |
/// | `x%`                            | x ÷ 100     |
/// | absent, certainty `often`       | 0.545, as Frequent |
/// | absent, certainty `may`         | 0.17, as Occasional |
/// | absent otherwise                | ``unstated`` |
///
/// A finding a curated pack reaches through its own entities (multiple sclerosis → MS spasms →
/// Lhermitte's sign) takes the least of its steps' probabilities: the article's "may" is not a
/// 90% annotation.
public enum AnnotationFrequency {
    /// The probability assumed when an annotation states no frequency: the HPO's annotations without
    /// one are mostly features a disease is defined by, so they count as very frequent.
    public static let unstated = 0.895

    /// The probability assumed for an assertion that states no frequency but a certainty: a
    /// source's "often" as Frequent, its "may" as Occasional; `nil` for `always` (``unstated``).
    public static func assumed(for certainty: Certainty?) -> Double? {
        switch certainty {
        case .often: 0.545
        case .may: 0.17
        case .always, nil: nil
        }
    }


    /// The probability a frequency qualifier states; `nil` for text of no known form (the importer
    /// has warned about it), which callers treat as ``unstated``.
    public static func probability(_ text: String) -> Double? { HPOFrequency.probability(of: text) }
}
