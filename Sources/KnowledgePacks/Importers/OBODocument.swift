/// An OBO 1.4 ontology as read from a file: header tags, terms and typedefs.
public struct OBODocument: Sendable {
    /// Header tag-value pairs in file order.
    public var header: [(tag: String, value: String)] = []
    /// `[Term]` stanzas, live and obsolete.
    public var terms: [OBOTerm] = []
    /// `[Typedef]` stanzas.
    public var typedefs: [OBOTypedef] = []

    /// The first value of a header tag (`format-version`, `data-version`, `default-namespace`, `ontology`).
    public func headerValue(_ tag: String) -> String? { header.first { $0.tag == tag }?.value }
}

/// A synonym with its scope, type and cross-references.
public struct OBOSynonym: Sendable, Equatable {
    /// EXACT, BROAD, NARROW or RELATED.
    public enum Scope: String, Sendable { case exact = "EXACT", broad = "BROAD", narrow = "NARROW", related = "RELATED" }

    public var text: String
    public var scope: Scope
    /// A synonym type such as `layperson` or `abbreviation`, if given.
    public var type: String?
    public var xrefs: [String]
}

/// One `[Term]` stanza.
public struct OBOTerm: Sendable {
    public var id: String = ""
    public var name: String?
    public var definition: String?
    public var definitionXrefs: [String] = []
    public var synonyms: [OBOSynonym] = []
    public var xrefs: [String] = []
    public var isA: [String] = []
    /// Where each `is_a` value starts (line and column, in `isA`'s order), for the findings
    /// about it (a parent that is not a live term).
    public var isAPositions: [(line: Int, column: Int)] = []
    public var relationships: [(type: String, target: String)] = []
    public var altIDs: [String] = []
    public var isObsolete = false
    public var replacedBy: [String] = []
    public var consider: [String] = []
    public var comment: String?
    /// The line of the stanza's `[Term]` header.
    public var line: Int = 0
}

/// One `[Typedef]` stanza.
public struct OBOTypedef: Sendable {
    public var id: String = ""
    public var name: String?
    public var isTransitive = false
    public var isSymmetric = false
    public var inverseOf: String?
    public var xrefs: [String] = []
    public var line: Int = 0
}
