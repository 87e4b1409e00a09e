/// A self-contained slice of a graph: what one pack's importers added to a ``GraphBuilder``.
///
/// Entity, relation, qualifier and provenance references inside a segment are local (positions in
/// the segment's own arrays; relations by name), so a segment can be stored on its own (a compiled
/// pack snapshot) and appended to another builder, whatever that builder held before.
///
/// ```swift
/// let mark = builder.startSegment()
/// // … an importer adds terms and edges …
/// let segment = try builder.segment(since: mark)
/// var other = GraphBuilder()  // with the same kinds and relations declared
/// try other.append(segment)
/// ```
public struct GraphSegment: Sendable, Equatable {
    /// The entities, in the order they were added (values, or a compiled snapshot's records).
    public var entities: EntityStore
    /// Other ids that name an entity (alt_ids, obsolete ids), with the entity's position in ``entities``.
    public var aliases: [Alias]
    /// Obsolete ids: those that name nothing any more (with the ids to consider instead) and those
    /// replaced by a live term.
    public var retired: [Retired] = []
    /// The relation names the assertions use; an assertion's relation is a position in this list.
    public var relationNames: [String]
    /// The edges, with subject and object as positions in ``entities``, relation as a position in
    /// ``relationNames``, and qualifier and provenance indexes into the tables below.
    public var assertions: AssertionTable
    /// Distinct qualifier sets.
    public var qualifiers: [Qualifiers]
    /// Distinct provenance records.
    public var provenances: ProvenanceTable
    /// The ranking tables of this segment alone (local positions), when a compiled snapshot carries
    /// them; the graph the segment is appended to adopts them (``AnnotationTables/of(_:)``) instead of
    /// computing its own from scratch. A snapshot's are decoded, and checked, when first read.
    public var annotationTables: AnnotationTables.Stored?
    /// The ranking tables of the whole graph the segment was compiled beside (the packs a load
    /// puts with it), taken as they are by a graph with the same context.
    public var graphTables: AnnotationTables.Precomputed?
    /// The names of ``entities`` (local positions), when a compiled snapshot carries them; the
    /// graph looks names up in it where it lies instead of indexing the entities again.
    public var nameTable: NameTable?

    /// One alias.
    public struct Alias: Sendable, Equatable {
        /// The other id.
        public var alias: String
        /// The position of the entity it names in ``GraphSegment/entities``.
        public var entity: Int32

        /// Creates an alias.
        public init(alias: String, entity: Int32) {
            self.alias = alias
            self.entity = entity
        }
    }

    /// An obsolete term, as its source states it. When an alias resolves its id (a live term
    /// replaces it, see ``aliases``), it names that term; otherwise it is retired and names nothing.
    public struct Retired: Sendable, Equatable {
        /// The obsolete id.
        public var id: String
        /// The ids its curators suggest instead (OBO `consider:`), possibly none.
        public var consider: [String]
        /// Its name, e.g. "obsolete Tremor of the hands".
        public var label: String?
        /// The term its source says replaces it (OBO `replaced_by:`), if any.
        public var replacedBy: String?
        /// The pack that declared it.
        public var pack: String

        /// Creates a record.
        public init(id: String, consider: [String], label: String? = nil, replacedBy: String? = nil, pack: String = "") {
            self.id = id
            self.consider = consider
            self.label = label
            self.replacedBy = replacedBy
            self.pack = pack
        }
    }

    /// Creates a segment; ``GraphBuilder/segment(since:)`` makes them from what was added.
    public init(
        entities: EntityStore, aliases: [Alias], relationNames: [String], assertions: AssertionTable,
        qualifiers: [Qualifiers], provenances: ProvenanceTable
    ) {
        self.entities = entities
        self.aliases = aliases
        self.relationNames = relationNames
        self.assertions = assertions
        self.qualifiers = qualifiers
        self.provenances = provenances
    }

    /// A segment with nothing in it.
    public static let empty = GraphSegment(
        entities: [], aliases: [], relationNames: [], assertions: [], qualifiers: [], provenances: [])

    /// Checks that every local reference is in range; a segment read from a file must pass this
    /// before it is appended. Returns what is wrong, or `nil`.
    public func inconsistency() -> String? {
        if let problem = Self.inconsistency(
            entityCount: entities.count, relationCount: relationNames.count, qualifierCount: qualifiers.count,
            provenanceCount: provenances.count, assertions: assertions, aliases: aliases
        ) { return problem }
        return nil
    }

    /// The reference checks of ``inconsistency()`` on the parts of a segment, for readers that
    /// check the tables while the entities are still being decoded.
    public static func inconsistency(
        entityCount: Int, relationCount: Int, qualifierCount: Int, provenanceCount: Int,
        assertions: AssertionTable, aliases: [Alias]
    ) -> String? {
        let entityCount = Int32(entityCount), relationCount = Int32(relationCount)
        let qualifierCount = Int32(qualifierCount), provenanceCount = Int32(provenanceCount)
        let outside = assertions.firstOutside(
            entities: entityCount, relations: relationCount, qualifiers: qualifierCount, provenances: provenanceCount)
        if let outside { return "assertion \(outside) refers outside the segment" }
        for alias in aliases where alias.entity < 0 || alias.entity >= entityCount {
            return "alias '\(alias.alias)' refers outside the segment"
        }
        return nil
    }
}
