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
    /// Looser mappings to other vocabularies (close, broad, narrow, related). Unlike ``xrefs``,
    /// which state exact equivalence, these never merge concepts.
    public var mappings: [EntityMapping] = []
    /// The name a patient would use, when the source gives one (the HPO's `layperson` synonym:
    /// "pins and needles" for Paresthesia); it is also among ``synonyms``.
    public var plainLabel: String?
    /// The scope and type of each of ``synonyms``, in the same order, when the source states them
    /// (an OBO ontology); empty means every synonym is an exact one without a type.
    public var synonymForms: [SynonymForm] = []
    /// The entity's own other ids as its source lists them (OBO `alt_id`); importers also list
    /// them among ``xrefs``, which is what merges concepts.
    public var altIDs: [String] = []
    /// The references the ``definition`` cites (OBO `def: "…" [PMID:…]`).
    public var definitionXrefs: [String] = []

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

    /// The entity with looser mappings added.
    public func with(mappings: [EntityMapping]) -> Entity {
        var copy = self
        copy.mappings = mappings
        return copy
    }

    /// The part of the id after the namespace (`lhermittes-sign` for `ms:lhermittes-sign`).
    public var slug: Substring {
        // Found by byte (an ASCII colon is never part of another character), not by Character.
        guard let colon = id.utf8.firstIndex(of: UInt8(ascii: ":")) else { return id[...] }
        return id[id.utf8.index(after: colon)...]
    }
}

/// How a synonym names its entity, as OBO states it: a scope and, optionally, a synonym type.
public struct SynonymForm: Sendable, Equatable, Hashable {
    /// EXACT, BROAD, NARROW or RELATED.
    public enum Scope: String, Sendable, CaseIterable {
        case exact = "EXACT", broad = "BROAD", narrow = "NARROW", related = "RELATED"
    }

    /// The scope.
    public var scope: Scope
    /// A synonym type such as `layperson` or `abbreviation`.
    public var type: String?

    /// Creates a synonym form.
    public init(_ scope: Scope, type: String? = nil) {
        self.scope = scope
        self.type = type
    }

    /// An exact synonym without a type (what a pack's YAML synonyms are).
    public static let exact = SynonymForm(.exact)

    /// "EXACT layperson": the scope and the type, as stored.
    public var text: String { type.map { scope.rawValue + " " + $0 } ?? scope.rawValue }

    /// Reads ``text``.
    public init?(text: String) {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard let first = parts.first, let scope = Scope(rawValue: first) else { return nil }
        self.init(scope, type: parts.count == 2 ? parts[1] : nil)
    }
}

extension Entity {
    /// The form of the synonym at a position (exact and untyped unless the source said otherwise).
    public func synonymForm(at position: Int) -> SynonymForm {
        synonymForms.indices.contains(position) ? synonymForms[position] : .exact
    }
}

/// A mapping that is not an exact equivalence, in SKOS terms.
public struct EntityMapping: Sendable, Equatable, Hashable {
    /// How the target relates to the entity.
    public enum Predicate: String, Sendable, CaseIterable {
        /// `skos:closeMatch`: close enough to use one for the other in some applications.
        case close = "close_match"
        /// `skos:broadMatch`: the target is broader.
        case broad = "broad_match"
        /// `skos:narrowMatch`: the target is narrower.
        case narrow = "narrow_match"
        /// `skos:relatedMatch`: associated.
        case related = "related_match"

        /// The SKOS CURIE of the predicate.
        public var skos: String {
            switch self {
            case .close: "skos:closeMatch"
            case .broad: "skos:broadMatch"
            case .narrow: "skos:narrowMatch"
            case .related: "skos:relatedMatch"
            }
        }
    }

    /// How the target relates to the entity.
    public var predicate: Predicate
    /// The target's id, e.g. `HP:0003394`.
    public var target: String

    /// Creates a mapping.
    public init(_ predicate: Predicate, _ target: String) {
        self.predicate = predicate
        self.target = target
    }
}
