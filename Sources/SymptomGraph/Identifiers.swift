/// A dense index of an entity inside one ``KnowledgeGraph``.
///
/// Identifiers are only meaningful for the graph that issued them; they make
/// adjacency lists compact (four bytes per reference) and lookups array reads.
public struct EntityID: Hashable, Comparable, Sendable, BitwiseCopyable {
    /// The position of the entity in ``KnowledgeGraph/entities``.
    public let index: Int32

    /// The entity at a position of ``KnowledgeGraph/entities`` (for index structures built on a graph).
    @inlinable public init(_ index: Int) { self.index = Int32(truncatingIfNeeded: index) }

    /// The position as an `Int`, for subscripting.
    @inlinable public var position: Int { Int(index) }

    public static func < (lhs: EntityID, rhs: EntityID) -> Bool { lhs.index < rhs.index }
}

/// A dense index of a relation type inside one ``KnowledgeGraph``.
public struct RelationID: Hashable, Comparable, Sendable, BitwiseCopyable {
    /// The position of the relation in ``KnowledgeGraph/relations``.
    public let index: Int32

    @inlinable init(_ index: Int) { self.index = Int32(truncatingIfNeeded: index) }

    /// The position as an `Int`, for subscripting.
    @inlinable public var position: Int { Int(index) }

    public static func < (lhs: RelationID, rhs: RelationID) -> Bool { lhs.index < rhs.index }
}

/// A dense index of an assertion (an edge) inside one ``KnowledgeGraph``.
public struct AssertionID: Hashable, Comparable, Sendable {
    /// The position of the assertion in ``KnowledgeGraph/assertions``.
    public let index: Int32

    @inlinable init(_ index: Int) { self.index = Int32(truncatingIfNeeded: index) }

    /// The position as an `Int`, for subscripting.
    @inlinable public var position: Int { Int(index) }

    public static func < (lhs: AssertionID, rhs: AssertionID) -> Bool { lhs.index < rhs.index }
}

/// A dense index of an entity kind inside one ``KnowledgeGraph``.
public struct KindID: Hashable, Sendable {
    /// The position of the kind in ``KnowledgeGraph/kinds``.
    public let index: Int32

    @inlinable init(_ index: Int) { self.index = Int32(truncatingIfNeeded: index) }

    /// The position as an `Int`, for subscripting.
    @inlinable public var position: Int { Int(index) }
}
