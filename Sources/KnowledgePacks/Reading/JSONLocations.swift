import Yams

/// Where a JSON document that failed to decode goes wrong, so that its error can be located
/// (Foundation's decoders give a coding path, or no place at all for a syntax error).
///
/// JSON is YAML in flow style, so libyaml reads it with line and column marks: the value at a
/// coding path is found by walking the composed nodes, and a syntax error is where libyaml stops.
/// Either is `nil` when libyaml cannot say (a document it reads differently from JSON).
public enum JSONLocations {
    /// A step of a path written by hand: a key, or a place in a list.
    public struct Step: CodingKey {
        public let stringValue: String
        public let intValue: Int?
        public init(stringValue: String) { (self.stringValue, intValue) = (stringValue, nil) }
        public init(intValue: Int) { (stringValue, self.intValue) = (String(intValue), intValue) }
    }

    /// Where the value at `path` is written in `text` (the deepest part of the path that is
    /// there: the object a missing key belongs in).
    public static func location(of path: [any CodingKey], in text: String, file: String) -> SourceLocation? {
        guard var node = try? Yams.compose(yaml: text, .basic, .default, .utf8) else { return nil }
        for key in path {
            let next: Node? = switch node {
            case let .mapping(mapping): mapping.first { $0.key.string == key.stringValue }?.value
            case let .sequence(sequence): key.intValue.flatMap { sequence.indices.contains($0) ? sequence[$0] : nil }
            default: nil
            }
            guard let next else { break }
            node = next
        }
        return node.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
    }

    /// Where libyaml finds `text` malformed; `nil` when it reads it.
    public static func syntaxError(in text: String, file: String) -> SourceLocation? {
        do {
            _ = try Yams.compose(yaml: text, .basic, .default, .utf8)
            return nil
        } catch let YamlError.scanner(_, _, mark, _), let YamlError.parser(_, _, mark, _), let YamlError.composer(_, _, mark, _) {
            return SourceLocation(file: file, line: mark.line, column: mark.column)
        } catch {
            return nil
        }
    }
}
