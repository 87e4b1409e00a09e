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

    /// The empty qualifier set.
    public static let none = Qualifiers()

    /// Whether no qualifier is set.
    public var isEmpty: Bool { self == .none }
}
