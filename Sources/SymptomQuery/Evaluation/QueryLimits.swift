/// How much one query may do before it stops with a partial answer, as SQLite bounds its own work.
///
/// | limit | default | what it bounds |
/// |---|---|---|
/// | `work` | 20,000,000 | steps of evaluation: partial answers built, and assertions kept as evidence |
/// | `rows` | 100,000 | answer rows |
/// | `seconds` | 30 | wall-clock time of one query |
/// | `clauses` | 256 | clauses in one pattern (checked before evaluation) |
/// | `heldFloor` | 1,000,000 | partial answers held at once: ten times `rows`, at least this |
///
/// The parser's nesting limit is separate: ``QueryParser/maxNesting``. A query that reaches a
/// limit is answered with what was found so far, marked partial, with a message naming the limit
/// and how to raise it (`--max-work`, `--max-rows`, `--timeout`, or `.limits` in the shell).
public struct QueryLimits: Sendable, Equatable {
    /// Steps of evaluation.
    public var work: Int
    /// Answer rows.
    public var rows: Int
    /// Seconds of wall-clock time.
    public var seconds: Double
    /// Clauses in one pattern.
    public var clauses: Int
    /// The fewest partial answers an evaluation may hold at once, whatever `rows` is (a pattern's
    /// first clause may match every assertion of a relation: 270,000 of the HPO's).
    public var heldFloor = 1_000_000

    /// Seconds as a usable limit: at least 1 ms, at most a year; not a number means the default.
    public static func clampSeconds(_ seconds: Double) -> Double {
        guard !seconds.isNaN else { return standard.seconds }
        return min(max(seconds, 0.001), 365 * 86_400)
    }

    /// A count as a usable limit: a finite number from 1 to 10^15, rounded down; `nil` when it is none.
    public static func count(_ value: Double) -> Int? {
        guard value.isFinite, value >= 1 else { return nil }
        return Int(min(value, 1e15))
    }

    /// The defaults.
    public static let standard = QueryLimits(work: 20_000_000, rows: 100_000, seconds: 30, clauses: 256)

    /// Creates limits.
    public init(work: Int, rows: Int, seconds: Double, clauses: Int) {
        self.work = work
        self.rows = rows
        self.seconds = seconds
        self.clauses = clauses
    }
}

/// The work one evaluation has left; shared by the evaluator and the path walker of one query.
final class WorkBudget {
    private var remaining: Int
    private let deadline: ContinuousClock.Instant
    private var sinceClock = 0
    private let limits: QueryLimits
    /// Why evaluation stopped early, when it did.
    private(set) var exhausted: String?

    init(_ limits: QueryLimits) {
        self.limits = limits
        remaining = limits.work
        deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(limits.seconds * 1000)))
    }

    /// Spends `units` of work; `false` once a limit is reached (and from then on).
    @inline(__always)
    func spend(_ units: Int = 1) -> Bool {
        if exhausted != nil { return false }
        remaining -= units
        if remaining < 0 {
            exhausted = "the work limit (\(limits.work) steps) was reached; raise it with --max-work or .limits work N"
            return false
        }
        return hasTime(after: units)
    }

    /// Whether the time limit is still ahead (the clock read once per 4,096 units): what follows
    /// an evaluation, gathering its rows, stops at the time limit as the evaluation does, even
    /// after another limit stopped the evaluation.
    @inline(__always)
    func hasTime(after units: Int = 1) -> Bool {
        sinceClock += units
        guard sinceClock >= 4096 else { return true }
        sinceClock = 0
        guard ContinuousClock.now > deadline else { return true }
        if exhausted == nil {
            exhausted = "the time limit (\(Self.format(limits.seconds)) s) was reached; raise it with --timeout or .limits seconds N"
        }
        return false
    }

    var isExhausted: Bool { exhausted != nil }

    /// The partial answers an evaluation may hold at once: ten times the answer rows allowed, and
    /// at least ``QueryLimits/heldFloor``. Each holds a row of values and its evidence (~150 bytes): a join that
    /// multiplies rows (`?a has_symptom ?s, ?b has_symptom ?s` over the HPO) stops at ~150 MB
    /// instead of at the work limit, gigabytes later.
    var heldLimit: Int {
        let (tenfold, overflow) = limits.rows.multipliedReportingOverflow(by: 10)
        return overflow ? Int.max : max(tenfold, limits.heldFloor)
    }

    /// Whether `count` partial answers may be held (``heldLimit``); `false` once a limit is reached.
    func hold(_ count: Int) -> Bool {
        if exhausted != nil { return false }
        guard count <= heldLimit else {
            exhausted = "the pattern's partial answers passed \(heldLimit) (ten times the row limit); "
                + "name an entity or a kind to narrow it, or raise --max-rows or .limits rows N"
            return false
        }
        return true
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
