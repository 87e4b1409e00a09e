/// A relation type declared by a pack: its name, its inverse's name and its logical properties.
///
/// Relation types are data. Asking with the ``inverseName`` walks the same edges backwards:
/// `triggered_by`'s inverse is `triggers`, so "what does neck movement trigger" needs no extra edges.
public struct RelationType: Sendable, Equatable {
    /// The name used in packs and queries, e.g. `triggered_by`.
    public var name: String
    /// The name of the same relation read from object to subject, e.g. `triggers`.
    public var inverseName: String?
    /// A human-readable label, e.g. "triggered by".
    public var label: String
    /// The label of the inverse reading, e.g. "triggers".
    public var inverseLabel: String?
    /// Whether `a r b` and `b r c` imply `a r c`.
    public var isTransitive: Bool
    /// Whether `a r b` implies `b r a`.
    public var isSymmetric: Bool
    /// The Relation Ontology id, when one exists (e.g. `RO:0002452`).
    public var relationOntologyID: String?
    /// The Biolink predicate, when one exists (e.g. `biolink:has_phenotype`).
    public var biolinkID: String?
    /// Kinds expected as subject (empty: any).
    public var domain: [String]
    /// Kinds expected as object (empty: any).
    public var range: [String]
    /// What the relation means.
    public var description: String?
    /// The pack that declared the relation.
    public var pack: String

    /// Creates a relation type.
    public init(
        name: String, inverseName: String? = nil, label: String? = nil, inverseLabel: String? = nil,
        isTransitive: Bool = false, isSymmetric: Bool = false,
        relationOntologyID: String? = nil, biolinkID: String? = nil,
        domain: [String] = [], range: [String] = [], description: String? = nil, pack: String
    ) {
        self.name = name
        self.inverseName = inverseName
        // Underscores read as spaces, character by character: Foundation's `replacingOccurrences`
        // bridges through NSString (~100 k instructions for a process's first call).
        func spaced(_ name: String) -> String { String(name.map { $0 == "_" ? " " : $0 }) }
        self.label = label ?? spaced(name)
        self.inverseLabel = inverseLabel ?? inverseName.map(spaced)
        self.isTransitive = isTransitive
        self.isSymmetric = isSymmetric
        self.relationOntologyID = relationOntologyID
        self.biolinkID = biolinkID
        self.domain = domain
        self.range = range
        self.description = description
        self.pack = pack
    }
}

/// One relation read in one direction: the unit that queries and traversals walk.
public struct RelationStep: Hashable, Sendable {
    /// The relation walked.
    public var relation: RelationID
    /// `true` when walking from object to subject.
    public var isInverse: Bool

    /// Creates a step.
    public init(relation: RelationID, isInverse: Bool = false) {
        self.relation = relation
        self.isInverse = isInverse
    }

    /// The same relation walked the other way.
    public var reversed: RelationStep { RelationStep(relation: relation, isInverse: !isInverse) }
}
