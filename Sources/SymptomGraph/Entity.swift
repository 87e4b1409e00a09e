/// A node of the graph: a condition, symptom, sign, trigger, mechanism, effect, body site, ….
///
/// ```swift
/// let sign = Entity(id: "ms:lhermittes-sign", kind: "sign", label: "Lhermitte's sign",
///                   synonyms: ["Lhermitte sign"], xrefs: ["HP:0032504"], pack: "multiple-sclerosis")
/// ```
public struct Entity: Sendable, Equatable {
    /// The stable, pack-qualified id, `namespace:slug` (e.g. `ms:lhermittes-sign`).
    public var id: String
    /// The name of the entity's ``EntityKind``.
    public var kind: String
    /// The preferred human-readable name.
    public var label: String
    /// Other names the entity is known by.
    public var synonyms: [String]
    /// A short definition, in the pack's own words.
    public var definition: String?
    /// Identifiers of the same thing in other vocabularies, e.g. `HP:0032504`.
    public var xrefs: [String]
    /// The pack that defined the entity.
    public var pack: String

    /// Creates an entity.
    public init(
        id: String, kind: String, label: String, synonyms: [String] = [],
        definition: String? = nil, xrefs: [String] = [], pack: String
    ) {
        self.id = id
        self.kind = kind
        self.label = label
        self.synonyms = synonyms
        self.definition = definition
        self.xrefs = xrefs
        self.pack = pack
    }

    /// The part of the id after the namespace (`lhermittes-sign` for `ms:lhermittes-sign`).
    public var slug: Substring {
        guard let colon = id.firstIndex(of: ":") else { return id[...] }
        return id[id.index(after: colon)...]
    }
}
