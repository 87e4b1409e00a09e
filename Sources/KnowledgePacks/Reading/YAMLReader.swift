import Foundation
import SymptomGraph
import Yams

/// Reads one YAML file into nodes and turns every shape mistake into a located ``Diagnostic``.
///
/// Readers built on it never stop at the first problem: they record it and go on, so a curator
/// sees every mistake of a file in one run.
struct YAMLReader {
    /// The file as shown in diagnostics.
    let file: String
    /// Everything found so far.
    var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func location(of node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, length: Self.width(of: node))
    }

    mutating func error(_ id: DiagnosticID, _ message: String, at node: Node, suggestions: [String] = []) {
        diagnostics.append(Diagnostic(.error, id, message, at: location(of: node), suggestions: suggestions))
    }

    mutating func warning(_ id: DiagnosticID, _ message: String, at node: Node) {
        diagnostics.append(.warning(id, message, at: location(of: node)))
    }

    /// How many columns a one-line scalar covers (the caret's width): a quoted one with its
    /// quotes, when it holds nothing its quoting writes otherwise (an escape, a doubled quote);
    /// 1 for anything else.
    static func width(of node: Node) -> Int {
        guard case let .scalar(scalar) = node, !scalar.string.contains(where: { $0.isNewline }) else { return 1 }
        switch scalar.style {
        case .plain: return max(1, scalar.string.count)
        case .singleQuoted where !scalar.string.contains("'"):
            return scalar.string.count + 2
        case .doubleQuoted where !scalar.string.contains(where: { $0 == "\"" || $0 == "\\" || $0.unicodeScalars.contains { $0.value < 0x20 } }):
            return scalar.string.count + 2
        default: return 1
        }
    }

    /// Parses the text; `nil` (with a located error) when it is not well-formed YAML.
    mutating func parse(_ text: String) -> Node? {
        do {
            // The basic resolver tags every scalar as text: the readers below convert the few
            // numbers and booleans themselves. Yams' default resolver matches regular expressions
            // against every scalar (and every key, to check duplicates): half the load time of the
            // bundled packs. The encoding is named (Yams reads it from the environment otherwise, at
            // every parse).
            guard let node = try Yams.compose(yaml: text, .basic, .default, .utf8) else {
                diagnostics.append(.error(.yamlShape, "the file is empty", at: SourceLocation(file: file, line: 1, column: 1)))
                return nil
            }
            // Aliases (*name) let a few lines stand for millions of nodes: count what the file
            // expands to, without building anything, and refuse it past a bound.
            var budget = Self.maxNodes
            Self.count(node, budget: &budget)
            if budget < 0 {
                diagnostics.append(.error(.yamlTooLarge,
                    "the file expands to more than \(Self.maxNodes) YAML nodes (anchors and aliases repeat what they name); "
                        + "write the items out", at: SourceLocation(file: file, line: 1, column: 1)))
                return nil
            }
            return node
        } catch let error as YamlError {
            var diagnostic = Self.diagnostic(for: error, file: file)
            // A tab where YAML wants spaces gives a scanner error that does not say so.
            if diagnostic.id == .yamlSyntax, let line = diagnostic.location?.line, Self.isIndentedWithTab(line, of: text) {
                diagnostic.message += "; the line is indented with a tab, and YAML indents with spaces only"
            }
            // Yams reports a duplicate key at the document's start: find the repeated key's line.
            if diagnostic.message.contains("duplicated key"),
               let key = diagnostic.message.split(separator: "'").dropFirst().first.map(String.init),
               let line = Self.lineOfDuplicate(key, in: text) {
                diagnostic = .error(.yamlDuplicateKey, "duplicate key '\(key)' in one mapping", at: SourceLocation(file: file, line: line.line, column: line.column))
            }
            diagnostics.append(diagnostic)
            return nil
        } catch {
            diagnostics.append(.error(.yamlSyntax, "cannot read YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1)))
            return nil
        }
    }

    /// The line and column of the second `key:` at one indentation within one block (a duplicate).
    static func lineOfDuplicate(_ key: String, in text: String) -> (line: Int, column: Int)? {
        // Per indentation: the keys seen since a line began a new mapping there.
        var seen: [Int: Set<String>] = [:]
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            let indent = line.prefix { $0 == " " }.count
            line = line.dropFirst(indent)
            if line.isEmpty || line.hasPrefix("#") { continue }
            var column = indent
            // "- key: value" starts a new mapping one level in.
            if line.hasPrefix("- ") {
                column += 2
                seen = seen.filter { $0.key < column }
                line = line.dropFirst(2)
            } else {
                seen = seen.filter { $0.key <= column }
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
            if name == key, seen[column]?.contains(name) == true { return (number + 1, column + 1) }
            seen[column, default: []].insert(name)
        }
        return nil
    }

    /// The most nodes a pack file may expand to (a pack of 10,000 assertions has about 100,000).
    static let maxNodes = 2_000_000

    /// Counts nodes depth first, down to `budget` below zero at most (so a billion laughs stops early).
    private static func count(_ node: Node, budget: inout Int) {
        budget -= 1
        guard budget >= 0 else { return }
        switch node {
        case let .mapping(mapping):
            for (key, value) in mapping {
                count(key, budget: &budget)
                count(value, budget: &budget)
                if budget < 0 { return }
            }
        case let .sequence(sequence):
            for item in sequence {
                count(item, budget: &budget)
                if budget < 0 { return }
            }
        default:
            break
        }
    }

    /// Whether line `number` (1-based) of `text` has a tab among the blanks it begins with.
    static func isIndentedWithTab(_ number: Int, of text: String) -> Bool {
        guard number >= 1 else { return false }
        var line = 1
        var index = text.utf8.startIndex
        while line < number {
            guard let newline = text.utf8[index...].firstIndex(of: 0x0A) else { return false }
            index = text.utf8.index(after: newline)
            line += 1
        }
        return text.utf8[index...].prefix { $0 == 0x20 || $0 == 0x09 }.contains(0x09)
    }

    private static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            // libyaml names the C function that raises its limit, which a pack's author cannot call.
            var message = problem.hasPrefix("Maximum nesting level reached")
                ? "invalid YAML: lists and mappings nest too deep here (libyaml stops at its nesting limit)"
                : "invalid YAML: \(problem)"
            if let context { message += " (\(context.text))" }
            if problem.contains("mapping values are not allowed") || problem.contains("did not find expected") {
                message += "; check the indentation of this line and the one above"
            }
            // libyaml finds an unclosed `[` or `{` only lines later: the note points at where it opened.
            var notes: [Diagnostic] = []
            if let context, context.mark.line != mark.line, context.text.hasPrefix("while parsing ") {
                var what = context.text.dropFirst("while parsing ".count)
                for article in ["a ", "an "] where what.hasPrefix(article) { what = what.dropFirst(article.count) }
                notes.append(.note("the \(what) began here", at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column)))
            }
            return .error(.yamlSyntax, message, at: SourceLocation(file: file, line: mark.line, column: mark.column), notes: notes)
        case let .reader(problem, offset, _, yaml):
            // The reader names a byte offset: count lines and characters up to it.
            var line = 1, column = 1
            if let offset, offset >= 0 {
                for byte in yaml.utf8.prefix(offset) {
                    if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
                }
            }
            return .error(.textEncoding, "cannot read the file: \(problem)", at: SourceLocation(file: file, line: line, column: column))
        default:
            return .error(.yamlSyntax, "invalid YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// The fields of a mapping by key. Unknown keys get an error with a suggestion; duplicates an error.
    mutating func fields(of node: Node, allowed: [String], what: String) -> [String: Node]? {
        guard case let .mapping(mapping) = node else {
            error(.yamlShape, "expected a mapping of keys to values for \(what), found \(Self.describe(node))", at: node)
            return nil
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                error(.yamlShape, "keys of \(what) must be plain words", at: key)
                continue
            }
            if result[name] != nil {
                error(.yamlDuplicateKey, "key '\(name)' appears twice in \(what)", at: key)
                continue
            }
            if !allowed.contains(name) {
                let guess = Spelling.closest(to: name, among: allowed).prefix(1)
                let message = "unknown key '\(name)' in \(what)" + (guess.isEmpty ? "; expected one of: " + allowed.joined(separator: ", ") : "")
                error(.unknownKey, message, at: key, suggestions: Array(guess))
                continue
            }
            result[name] = value
        }
        return result
    }

    /// A required field; an error at the mapping when it is missing.
    mutating func required(_ key: String, in fields: [String: Node], of owner: Node, what: String) -> Node? {
        if let node = fields[key] { return node }
        error(.yamlShape, "\(what) has no '\(key)'", at: owner)
        return nil
    }

    /// A scalar as text. Numbers and booleans are accepted as their text.
    mutating func string(_ node: Node?, what: String) -> String? {
        guard let node else { return nil }
        guard case let .scalar(scalar) = node else {
            error(.yamlShape, "\(what) must be a single value, found \(Self.describe(node))", at: node)
            return nil
        }
        // Trimmed by Character (Foundation's trimming goes through NSString on Linux: slow).
        var trimmed = Substring(scalar.string)
        while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
        while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
        let text = String(trimmed)
        if text.isEmpty {
            error(.yamlShape, "\(what) is empty", at: node)
            return nil
        }
        // `label: null` (or ~) is no text: YAML says "no value", not the word "null".
        if scalar.style == .plain, ["null", "Null", "NULL", "~"].contains(text) {
            error(.yamlShape, "\(what) is null; write a text (quote it if you mean the word: \"null\")", at: node)
            return nil
        }
        // A raw control byte is refused by the text check; YAML's escapes ("\0", "\e", "\u202E")
        // write them too, and they would reach terminals, TSV files and graph databases. Only
        // controls and direction overrides: marks and isolates that right-to-left scripts use,
        // and zero-width spaces that some scripts separate words with, are text (and escaped
        // where symkb prints them).
        if let control = text.unicodeScalars.first(where: Self.isRefusedControl) {
            error(.textEncoding, "\(what) holds the control character U+\(String(format: "%04X", control.value)); write text only",
                  at: node)
            return nil
        }
        return text
    }

    /// C0 and C1 controls but a tab and a newline, and the direction overrides (U+202A–U+202E).
    private static func isRefusedControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: false
        case 0..<0x20, 0x7F...0x9F, 0x202A...0x202E: true
        default: false
        }
    }

    /// A scalar or a sequence of scalars as a list of text.
    mutating func strings(_ node: Node?, what: String) -> [String] {
        locatedStrings(node, what: what).map(\.text)
    }

    /// ``strings(_:what:)``, each with where it is written.
    mutating func locatedStrings(_ node: Node?, what: String) -> [(text: String, location: SourceLocation)] {
        guard let node else { return [] }
        func located(_ item: Node) -> (text: String, location: SourceLocation)? {
            string(item, what: what).map { ($0, location(of: item)) }
        }
        switch node {
        case .scalar: return located(node).map { [$0] } ?? []
        case let .sequence(sequence): return sequence.compactMap(located)
        default:
            error(.yamlShape, "\(what) must be a value or a list of values", at: node)
            return []
        }
    }

    /// A list of items, each handed to `body` (a single mapping counts as a list of one).
    mutating func items(_ node: Node?, what: String) -> [Node] {
        guard let node else { return [] }
        switch node {
        case let .sequence(sequence): return Array(sequence)
        case .mapping: return [node]
        default:
            error(.yamlShape, "\(what) must be a list", at: node)
            return []
        }
    }

    /// A boolean: a plain `true`/`false`, `yes`/`no` or `on`/`off` (lower case, capitalized or
    /// upper case, as YAML 1.1 has them); a quoted one is text.
    mutating func bool(_ node: Node?, what: String) -> Bool? {
        guard let node else { return nil }
        if case let .scalar(scalar) = node, scalar.style == .plain {
            switch scalar.string {
            case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return true
            case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return false
            default: break
            }
        }
        error(.yamlShape, "\(what) must be true or false", at: node)
        return nil
    }

    /// An integer.
    mutating func int(_ node: Node?, what: String) -> Int? {
        guard let node else { return nil }
        if let value = node.int { return value }
        error(.yamlShape, "\(what) must be a whole number", at: node)
        return nil
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case let .scalar(scalar): "the value '\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
