/// A set of acceptable versions, written as space-separated comparators that must all hold.
///
/// | text | meaning |
/// |---|---|
/// | `*` | any version |
/// | `1.2.3` or `=1.2.3` | exactly 1.2.3 |
/// | `>=1.0.0 <2.0.0` | from 1.0.0 up to, not including, 2.0.0 |
/// | `^1.2.0` | compatible with 1.2.0: `>=1.2.0 <2.0.0` (`^0.3.0` means `>=0.3.0 <0.4.0`) |
/// | `~1.2.0` | patch updates only: `>=1.2.0 <1.3.0` |
public struct VersionRange: Hashable, Sendable, CustomStringConvertible {
    /// One comparison against a version.
    public enum Comparator: Hashable, Sendable {
        case equal(SemanticVersion)
        case greater(SemanticVersion)
        case greaterOrEqual(SemanticVersion)
        case less(SemanticVersion)
        case lessOrEqual(SemanticVersion)

        func accepts(_ version: SemanticVersion) -> Bool {
            switch self {
            case let .equal(v): version == v
            case let .greater(v): version > v
            case let .greaterOrEqual(v): version >= v
            case let .less(v): version < v
            case let .lessOrEqual(v): version <= v
            }
        }
    }

    /// The comparators, all of which must accept a version.
    public var comparators: [Comparator]
    /// The text the range was parsed from.
    public var text: String

    /// Parses a range; `nil` when it is not one of the documented forms.
    public init?(_ text: String) {
        self.text = text
        var comparators: [Comparator] = []
        for word in text.split(separator: " ") {
            if word == "*" { continue }
            let operators = [">=", "<=", ">", "<", "=", "^", "~"]
            let op = operators.first { word.hasPrefix($0) } ?? ""
            guard let version = SemanticVersion(String(word.dropFirst(op.count))) else { return nil }
            switch op {
            case ">=": comparators.append(.greaterOrEqual(version))
            case "<=": comparators.append(.lessOrEqual(version))
            case ">": comparators.append(.greater(version))
            case "<": comparators.append(.less(version))
            case "^":
                let upper = version.major > 0 ? SemanticVersion(version.major + 1, 0, 0)
                    : SemanticVersion(0, version.minor + 1, 0)
                comparators += [.greaterOrEqual(version), .less(upper)]
            case "~":
                comparators += [.greaterOrEqual(version), .less(SemanticVersion(version.major, version.minor + 1, 0))]
            default: comparators.append(.equal(version))
            }
        }
        if comparators.isEmpty && !text.contains("*") { return nil }
        self.comparators = comparators
    }

    /// Whether a version is in the range.
    public func contains(_ version: SemanticVersion) -> Bool { comparators.allSatisfy { $0.accepts(version) } }

    public var description: String { text }
}
