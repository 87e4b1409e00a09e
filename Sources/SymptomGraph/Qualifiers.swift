/// How sure an assertion is, as its source words it.
public enum Certainty: String, Sendable, CaseIterable, Comparable, Codable {
    /// The source states it without hedging.
    case always
    /// The source says it is common.
    case often
    /// The source says it can happen ("may", "can").
    case may

    /// Ordered from strongest to weakest: `always < often < may`.
    public static func < (lhs: Certainty, rhs: Certainty) -> Bool {
        lhs.strength > rhs.strength
    }

    private var strength: Int {
        switch self {
        case .always: 3
        case .often: 2
        case .may: 1
        }
    }
}

/// What an assertion says beyond its triple: certainty, frequency, severity, onset, negation, context.
///
/// Identical qualifier sets are stored once per graph, so edges carry an index, not strings.
public struct Qualifiers: Hashable, Sendable {
    /// How sure the source is.
    public var certainty: Certainty?
    /// How often it happens (free text, an HPO frequency term, `n/m` or a percentage).
    public var frequency: String?
    /// How severe it is, e.g. "severe" or "mild to complete".
    public var severity: String?
    /// When it begins, e.g. "after recurrence".
    public var onset: String?
    /// The assertion states that the relation does **not** hold.
    public var isNegated: Bool
    /// The circumstances in which it holds, e.g. "in severe cases".
    public var context: String?

    /// Creates a qualifier set.
    public init(
        certainty: Certainty? = nil, frequency: String? = nil, severity: String? = nil,
        onset: String? = nil, isNegated: Bool = false, context: String? = nil
    ) {
        self.certainty = certainty
        self.frequency = frequency
        self.severity = severity
        self.onset = onset
        self.isNegated = isNegated
        self.context = context
    }

    /// Whether the assertion states the absence of its relation: negated, or with a frequency of
    /// zero (`0/9`: none of nine patients; `0%`; the HPO's Excluded, `HP:0040285`). A question
    /// ("does X have Y", "conditions with Y") takes neither as a yes; the annotation tables and
    /// exports keep the two apart, as the source wrote them.
    public var statesAbsence: Bool {
        guard !isNegated else { return true }
        guard let frequency else { return false }
        // Every graph reads this for each qualifier set when it is built: text that cannot state
        // zero (`1/9`, `HP:0040283`) is not parsed.
        // A byte test: comparing `Character`s cost ~1,000 instructions a set (~4 M in a cold query).
        switch frequency.utf8.first {
        case UInt8(ascii: "0"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "H"): break
        default: return false
        }
        return HPOFrequency.probability(of: frequency) == 0
    }

    /// The empty qualifier set.
    public static let none = Qualifiers()

    /// Whether no qualifier is set.
    public var isEmpty: Bool { self == .none }
}

/// The HPO's six frequency terms, which an annotation's `frequency` may name: the one table the
/// importer (which accepts only these), the renderers (their words), the `where frequency`
/// filter (their percentages) and the likelihood-ratio ranker (their probabilities) read.
public struct HPOFrequency: Sendable, Equatable {
    /// `HP:0040281`.
    public let term: String
    /// "very frequent (80–99%)".
    public let words: String
    /// The percentages the term stands for.
    public let percent: ClosedRange<Double>
    /// The probability the likelihood-ratio ranker takes for it (the middle of the range).
    public let probability: Double

    public static let all: [HPOFrequency] = [
        HPOFrequency(term: "HP:0040280", words: "obligate (100%)", percent: 100...100, probability: 1.0),
        HPOFrequency(term: "HP:0040281", words: "very frequent (80–99%)", percent: 80...99, probability: 0.895),
        HPOFrequency(term: "HP:0040282", words: "frequent (30–79%)", percent: 30...79, probability: 0.545),
        HPOFrequency(term: "HP:0040283", words: "occasional (5–29%)", percent: 5...29, probability: 0.17),
        HPOFrequency(term: "HP:0040284", words: "very rare (1–4%)", percent: 1...4, probability: 0.025),
        HPOFrequency(term: "HP:0040285", words: "excluded (0%)", percent: 0...0, probability: 0),
    ]

    /// The frequency a term names; `nil` for any other text.
    public static func named(_ term: String) -> HPOFrequency? { all.first { $0.term == term } }

    /// The probability a frequency qualifier states: a term's, `n/m` as n ÷ m, `x%` as x ÷ 100;
    /// `nil` for text of no known form.
    public static func probability(of text: String) -> Double? {
        if let frequency = named(text) { return frequency.probability }
        if text.hasSuffix("%"), let percent = Double(text.dropLast()), (0...100).contains(percent) {
            return percent / 100
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let n = Double(parts[0]), let m = Double(parts[1]), m > 0, n >= 0, n <= m {
            return n / m
        }
        return nil
    }
}
