/// An edge: `subject relation object`, with an index into the graph's qualifier and provenance tables.
///
/// Twenty bytes, no strings: the ontologies issue loads hundreds of thousands of these.
public struct Assertion: Hashable, Sendable, BitwiseCopyable {
    /// The subject entity.
    public var subject: EntityID
    /// The relation, read forwards.
    public var relation: RelationID
    /// The object entity.
    public var object: EntityID
    /// Index into ``KnowledgeGraph/qualifierTable``.
    public var qualifierIndex: Int32
    /// Index into ``KnowledgeGraph/provenanceTable``.
    public var provenanceIndex: Int32

    /// Creates an edge.
    public init(subject: EntityID, relation: RelationID, object: EntityID, qualifierIndex: Int32, provenanceIndex: Int32) {
        self.subject = subject
        self.relation = relation
        self.object = object
        self.qualifierIndex = qualifierIndex
        self.provenanceIndex = provenanceIndex
    }
}
