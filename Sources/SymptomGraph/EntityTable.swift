/// A graph's entities as shown: each entity as its pack defines it, except that the representative
/// of a merged concept shows the concept's card (see ``ConceptMerge``).
///
/// The cards lie beside the stated entities instead of in a copy of them, so a graph of a large
/// ontology and a few curated packs that merge with it does not copy the ontology's entities.
public struct EntityTable: RandomAccessCollection, Sendable {
    /// The entities as their packs define them.
    let stated: EntityStore
    /// Cards of merged concepts, by their representative's position.
    let cards: [Int32: Entity]

    init(stated: EntityStore, cards: [Int32: Entity]) {
        self.stated = stated
        self.cards = cards
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { stated.count }

    @inlinable public func index(after position: Int) -> Int { position + 1 }
    @inlinable public func index(before position: Int) -> Int { position - 1 }

    /// The entity at a position: the concept's card for a merged concept's representative.
    public subscript(position: Int) -> Entity {
        if !cards.isEmpty, let card = cards[Int32(position)] { return card }
        return stated[position]
    }

    /// The id shown for the entity at a position (not decoding the rest of a stored record).
    public func id(at position: Int) -> String {
        if !cards.isEmpty, let card = cards[Int32(position)] { return card.id }
        return stated.id(at: position)
    }

    /// The label shown for the entity at a position (not decoding the rest of a stored record).
    public func label(at position: Int) -> String {
        if !cards.isEmpty, let card = cards[Int32(position)] { return card.label }
        return stated.label(at: position)
    }
}
