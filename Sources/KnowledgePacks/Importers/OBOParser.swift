import Foundation

/// Reads OBO 1.4 flat files: header, `[Term]` and `[Typedef]` stanzas, quoted strings with escapes,
/// trailing `{…}` modifiers and `!` comments. Works on bytes, a line at a time (a whole file, or
/// a block of lines at a time).
///
/// Problems (a line without a tag, an unterminated quote, an unknown synonym scope, a stanza
/// without an id) are reported with file, line and column; reading goes on after each.
public struct OBOParser {
    /// The file name used in diagnostics.
    public let file: String
    /// What was found wrong: the first 200 findings, then one that counts the others.
    /// (The count is an error when an error was among those left out: it still fails the load.)
    public var diagnostics: [Diagnostic] {
        let more = cap.summary(errorLeftOut ? .error : .warning, .oboSyntax, at: nil) {
            "\($0) more problems in this file are not shown"
        }
        return findings + (more.map { [$0] } ?? [])
    }
    private var findings: [Diagnostic] = []
    private var cap = FindingCap(limit: 200)
    private var errorLeftOut = false

    /// Creates a parser; `file` names the input in diagnostics.
    public init(file: String) { self.file = file }

    private enum Stanza { case header, term, typedef, other }

    // What a document read a block at a time has so far: the stanza being read, and the line.
    private var document = OBODocument()
    private var stanza = Stanza.header
    private var term = OBOTerm()
    private var typedef = OBOTypedef()
    private var lineNumber = 0

    /// Parses a whole document.
    public mutating func parse(_ bytes: [UInt8]) -> OBODocument {
        bytes.withUnsafeBufferPointer { _ = parse(lines: $0) }
        return finish()
    }

    /// Parses a block of whole lines, the next of a document read a block at a time
    /// (``ImportedFile/forEachBlockOfLines(blockSize:_:)``); returns the number of lines in it.
    /// ``finish()`` then gives the document.
    public mutating func parse(lines buffer: UnsafeBufferPointer<UInt8>) -> Int {
        TextDecoding.forEachLine(in: buffer) { line in
            lineNumber += 1
            guard let first = line.first else { return }
            if first == UInt8(ascii: "[") {
                finishStanza()
                var headerEnd = line.count
                while headerEnd > 0, line[headerEnd - 1] == 0x20 || line[headerEnd - 1] == 0x09 { headerEnd -= 1 }
                let header = UnsafeBufferPointer(rebasing: line[..<headerEnd])
                if header.elementsEqual("[Term]".utf8) {
                    stanza = .term
                    term = OBOTerm()
                    term.line = lineNumber
                } else if header.elementsEqual("[Typedef]".utf8) {
                    stanza = .typedef
                    typedef = OBOTypedef()
                    typedef.line = lineNumber
                } else {
                    stanza = .other
                    // OBO 1.4 has one other stanza type; anything else is a typo that would drop
                    // the stanza's term without a word (`[term]`, `[Trem]`).
                    if !header.elementsEqual("[Instance]".utf8) {
                        warning("unknown stanza '\(String(decoding: header, as: UTF8.self))' (expected [Term], [Typedef] or "
                            + "[Instance]); its lines are ignored", line: lineNumber, column: 1)
                    }
                }
                return
            }
            if first == UInt8(ascii: "!") { return }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                if !String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces).isEmpty {
                    error("expected 'tag: value'", line: lineNumber, column: 1)
                }
                return
            }
            let tag = UnsafeBufferPointer(rebasing: line[..<colon])
            var valueStart = colon + 1
            // OBO 1.4 ignores the whitespace around a value: spaces and tabs.
            while valueStart < line.count && (line[valueStart] == 0x20 || line[valueStart] == 0x09) { valueStart += 1 }
            let raw = UnsafeBufferPointer(rebasing: line[valueStart...])
            let column = valueStart + 1
            switch stanza {
            case .header: document.header.append((String(decoding: tag, as: UTF8.self), plainValue(raw)))
            case .term: if let tag = TermTag(tag) { termTag(tag, raw, line: lineNumber, column: column) }
            case .typedef: if let tag = TypedefTag(tag) { typedefTag(tag, raw) }
            case .other: break
            }
        }
    }

    /// The document read so far, its last stanza ended (the parser starts over after).
    public mutating func finish() -> OBODocument {
        finishStanza()
        defer {
            document = OBODocument()
            stanza = .header
            lineNumber = 0
        }
        return document
    }

    /// Files the stanza being read, if it has an id.
    private mutating func finishStanza() {
        switch stanza {
        case .term:
            if term.id.isEmpty {
                error("a [Term] stanza has no id", line: term.line, column: 1)
            } else {
                // Moved into the document, not copied (a copy retains each of its strings and
                // arrays, and the next stanza's reset releases them).
                var finished = OBOTerm()
                swap(&finished, &term)
                document.terms.append(consume finished)
            }
        case .typedef:
            if typedef.id.isEmpty { error("a [Typedef] stanza has no id", line: typedef.line, column: 1) } else { document.typedefs.append(typedef) }
        case .header, .other: break
        }
        stanza = .other
    }

    private mutating func warning(_ message: String, line: Int, column: Int) {
        report(.warning, message, line: line, column: column)
    }

    private mutating func error(_ message: String, line: Int, column: Int) {
        report(.error, message, line: line, column: column)
    }

    /// Files a finding: the first 200, and the others counted (a file broken throughout says so
    /// without a flood).
    private mutating func report(_ severity: Diagnostic.Severity, _ message: String, line: Int, column: Int) {
        let location = SourceLocation(file: file, line: line, column: column)
        if cap.admits(at: location) {
            findings.append(Diagnostic(severity, .oboSyntax, message, at: location))
        } else if severity == .error {
            errorLeftOut = true
        }
    }

    /// The tags of a term that are read, known by their bytes (no string is made or compared for
    /// the tag of each of the HPO's 195,000 lines); any other tag is ignored.
    private enum TermTag: String, CaseIterable {
        case id, name, def, synonym, xref, relationship, comment, consider
        case isA = "is_a", altID = "alt_id", isObsolete = "is_obsolete", replacedBy = "replaced_by"

        /// Each tag's bytes as two words (the longest tag has 12 bytes), beside the tag.
        private static let words = allCases.map { tag in (words: TermTag.words(of: Array(tag.rawValue.utf8)), tag: tag) }

        /// At most 16 bytes as two little-endian words, zeros after the last.
        private static func words<Bytes: Collection<UInt8>>(of bytes: Bytes) -> (UInt64, UInt64) {
            var words: (UInt64, UInt64) = (0, 0)
            for (index, byte) in bytes.enumerated() {
                if index < 8 { words.0 |= UInt64(byte) << (8 * index) } else { words.1 |= UInt64(byte) << (8 * (index - 8)) }
            }
            return words
        }

        init?(_ tag: UnsafeBufferPointer<UInt8>) {
            guard tag.count <= 16 else { return nil }
            let words = Self.words(of: tag)
            guard let known = Self.words.first(where: { $0.words == words }) else { return nil }
            self = known.tag
        }
    }

    /// The tags of a typedef that are read; any other is ignored.
    private enum TypedefTag: String {
        case id, name, xref
        case isTransitive = "is_transitive", isSymmetric = "is_symmetric", inverseOf = "inverse_of"

        init?(_ tag: UnsafeBufferPointer<UInt8>) {
            self.init(rawValue: String(decoding: tag, as: UTF8.self))
        }
    }

    /// Reads a tag of the ``term`` being read into it.
    private mutating func termTag(_ tag: TermTag, _ raw: UnsafeBufferPointer<UInt8>, line: Int, column: Int) {
        switch tag {
        case .id: term.id = plainValue(raw)
        case .name: term.name = plainValue(raw)
        case .def:
            if let (text, rest) = quoted(raw, line: line, column: column) {
                term.definition = text
                term.definitionXrefs = bracketList(rest)
            }
        case .synonym:
            guard let (text, rest) = quoted(raw, line: line, column: column) else { return }
            // The words between the quoted text and the xref list: scope, then an optional type.
            let bracket = rest.firstIndex(of: UInt8(ascii: "[")) ?? rest.count
            let before = UnsafeBufferPointer(rebasing: rest[..<bracket]).split(separator: 0x20)
                .map { String(decoding: $0, as: UTF8.self) }
            guard let scopeText = before.first, let scope = OBOSynonym.Scope(rawValue: scopeText) else {
                error("synonym scope must be EXACT, BROAD, NARROW or RELATED", line: line, column: column)
                return
            }
            term.synonyms.append(OBOSynonym(
                text: text, scope: scope, type: before.count > 1 ? before[1] : nil, xrefs: bracketList(rest)))
        case .xref: term.xrefs.append(firstWord(raw))
        case .isA:
            term.isA.append(firstWord(raw))
            term.isAPositions.append((line, column))
        case .relationship:
            let parts = plainValue(raw).split(separator: " ").map(String.init)
            if parts.count >= 2 { term.relationships.append((parts[0], parts[1])) } else {
                error("relationship needs a type and a target", line: line, column: column)
            }
        case .altID: term.altIDs.append(firstWord(raw))
        case .isObsolete: term.isObsolete = plainValue(raw) == "true"
        case .replacedBy: term.replacedBy.append(firstWord(raw))
        case .consider: term.consider.append(firstWord(raw))
        case .comment: term.comment = plainValue(raw)
        }
    }

    /// Reads a tag of the ``typedef`` being read into it.
    private mutating func typedefTag(_ tag: TypedefTag, _ raw: UnsafeBufferPointer<UInt8>) {
        switch tag {
        case .id: typedef.id = plainValue(raw)
        case .name: typedef.name = plainValue(raw)
        case .isTransitive: typedef.isTransitive = plainValue(raw) == "true"
        case .isSymmetric: typedef.isSymmetric = plainValue(raw) == "true"
        case .inverseOf: typedef.inverseOf = firstWord(raw)
        case .xref: typedef.xrefs.append(firstWord(raw))
        }
    }

    /// The first word of a value (an id: `is_a: HP:0000118 ! Phenotypic abnormality` → `HP:0000118`).
    private func firstWord(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        plainValue(raw, upToSpace: true)
    }

    /// A value without its `!` comment and trailing `{…}` modifiers, unescaped and trimmed; with
    /// `upToSpace`, only up to its first space.
    func plainValue(_ raw: UnsafeBufferPointer<UInt8>, upToSpace: Bool = false) -> String {
        // Most values (ids, names) have no escape, quote, comment or modifier: made from the bytes
        // as they lie, without the copy of the general reading.
        if let plain = Self.plainSlice(raw, upToSpace: upToSpace) { return String(decoding: plain, as: UTF8.self) }
        return Self.generalValue(raw, upToSpace: upToSpace)
    }

    /// ``plainValue(_:upToSpace:)`` of any value, a byte at a time into a copy.
    static func generalValue(_ raw: UnsafeBufferPointer<UInt8>, upToSpace: Bool) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var index = 0
        var inQuote = false
        while index < raw.count {
            let byte = raw[index]
            if byte == UInt8(ascii: "\\"), index + 1 < raw.count {
                bytes.append(Self.unescape(raw[index + 1]))
                index += 2
                continue
            }
            if byte == UInt8(ascii: "\"") { inQuote.toggle() }
            if byte == UInt8(ascii: "!") && !inQuote { break }
            bytes.append(byte)
            index += 1
        }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "}"), let open = bytes.lastIndex(of: UInt8(ascii: "{")) {
            bytes.removeSubrange(open...)
            while let last = bytes.last, last == 0x20 { bytes.removeLast() }
        }
        if upToSpace, let space = bytes.firstIndex(of: 0x20) { bytes.removeSubrange(space...) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The value of `raw` as ``plainValue(_:upToSpace:)`` makes it, when that is a slice of `raw`
    /// (no backslash, quote, `!`, `{` or `}` before its end or its first space, and no tab just
    /// before that space); else `nil`.
    static func plainSlice(_ raw: UnsafeBufferPointer<UInt8>, upToSpace: Bool) -> UnsafeBufferPointer<UInt8>? {
        var end = raw.count
        while end > 0, raw[end - 1] == 0x20 || raw[end - 1] == 0x09 { end -= 1 }
        for index in 0..<end {
            switch raw[index] {
            case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "!"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                return nil
            case 0x20 where upToSpace:
                // A tab before the space could be trimmed by the general reading (when what
                // follows is a comment): left to it.
                return index > 0 && raw[index - 1] == 0x09 ? nil : UnsafeBufferPointer(rebasing: raw[..<index])
            default:
                continue
            }
        }
        return UnsafeBufferPointer(rebasing: raw[..<end])
    }

    private static func unescape(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "t"): 0x09
        case UInt8(ascii: "W"): 0x20
        default: byte
        }
    }

    /// A leading quoted string (with escapes) and the bytes after it.
    private mutating func quoted(
        _ raw: UnsafeBufferPointer<UInt8>, line: Int, column: Int
    ) -> (String, UnsafeBufferPointer<UInt8>)? {
        guard raw.first == UInt8(ascii: "\"") else {
            error("expected a quoted string", line: line, column: column)
            return nil
        }
        // Without a backslash before the closing quote, the text is the bytes as they lie.
        var close = 1
        while close < raw.count, raw[close] != UInt8(ascii: "\""), raw[close] != UInt8(ascii: "\\") { close += 1 }
        if close < raw.count, raw[close] == UInt8(ascii: "\"") {
            return (String(decoding: UnsafeBufferPointer(rebasing: raw[1..<close]), as: UTF8.self),
                    UnsafeBufferPointer(rebasing: raw[(close + 1)...]))
        }
        var bytes: [UInt8] = []
        var index = 1
        while index < raw.count {
            let byte = raw[index]
            if byte == UInt8(ascii: "\\"), index + 1 < raw.count {
                bytes.append(Self.unescape(raw[index + 1]))
                index += 2
                continue
            }
            if byte == UInt8(ascii: "\"") {
                return (String(decoding: bytes, as: UTF8.self), UnsafeBufferPointer(rebasing: raw[(index + 1)...]))
            }
            bytes.append(byte)
            index += 1
        }
        error("unterminated quoted string", line: line, column: column)
        return nil
    }

    /// The comma-separated items of the first `[…]` list in the bytes.
    private func bracketList(_ raw: UnsafeBufferPointer<UInt8>) -> [String] {
        guard let open = raw.firstIndex(of: UInt8(ascii: "[")) else { return [] }
        var items: [String] = []
        var itemStart = open + 1
        var index = open + 1
        var escaped = false
        func flush(_ end: Int) {
            var start = itemStart, stop = end
            while start < stop, raw[start] == 0x20 { start += 1 }
            while stop > start, raw[stop - 1] == 0x20 { stop -= 1 }
            guard stop > start else { return }
            let slice = UnsafeBufferPointer(rebasing: raw[start..<stop])
            if escaped {
                var bytes: [UInt8] = []
                var i = 0
                while i < slice.count {
                    if slice[i] == UInt8(ascii: "\\"), i + 1 < slice.count { i += 1 }
                    bytes.append(slice[i])
                    i += 1
                }
                items.append(String(decoding: bytes, as: UTF8.self))
            } else {
                items.append(String(decoding: slice, as: UTF8.self))
            }
        }
        while index < raw.count {
            let byte = raw[index]
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index += 2
                continue
            }
            if byte == UInt8(ascii: "]") || byte == UInt8(ascii: ",") {
                flush(index)
                escaped = false
                itemStart = index + 1
                if byte == UInt8(ascii: "]") { break }
            }
            index += 1
        }
        return items
    }
}
