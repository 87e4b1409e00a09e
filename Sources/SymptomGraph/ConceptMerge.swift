/// Which entities of different packs denote one concept, and the card that stands for each merged concept.
///
/// ## The rules
/// - Two entities are **one concept** when they share an identifier: one's id (or an `alt_id`,
///   which importers list among the xrefs) is the other's cross-reference, or both list the same
///   cross-reference. Packs declare exact equivalences as `xrefs` or `same_as`; broad, narrow and
///   related mappings and synonyms never merge.
/// - A pack's own entities are distinct by definition: an equivalence that would put two entities
///   of one pack into one concept is refused and reported in ``conflicts``.
/// - A merged concept shows the **id** of the member the others point to (the ontology term:
///   `ms:tremor` names `HP:0001337`, so the concept is `HP:0001337`), else of the first member in
///   load order, and the **label**, kind and definition of the first member that points to another
///   (the curated pack's words), else of the id member. Its synonyms and xrefs are the union of
///   every member's names and ids. It is of every kind any member has.
public struct ConceptMerge: Sendable {
    /// For each entity position, the position of its concept's representative; empty when nothing merged.
    public let representative: [Int32]
    /// The members of each merged concept (representative first), keyed by the representative's position.
    public let members: [Int32: [EntityID]]
    /// The cards shown for merged concepts, keyed by the representative's position.
    public let cards: [Int32: Entity]
    /// Equivalences refused because both sides belong to one pack.
    public let conflicts: [Conflict]

    /// An equivalence that was not applied.
    public struct Conflict: Sendable, Equatable {
        /// The entity whose identifier pointed elsewhere.
        public let entity: EntityID
        /// The entity it would have merged with.
        public let other: EntityID
        /// The shared identifier.
        public let identifier: String
        /// The pack that defines both sides (directly or through another member).
        public let pack: String
    }

    /// Nothing merged.
    static let none = ConceptMerge(representative: [], members: [:], cards: [:], conflicts: [])

    private init(representative: [Int32], members: [Int32: [EntityID]], cards: [Int32: Entity], conflicts: [Conflict]) {
        self.representative = representative
        self.members = members
        self.cards = cards
        self.conflicts = conflicts
    }

    /// Computes the concepts of `entities` (in load order); `position` finds an entity by id.
    ///
    /// Cost: identifiers of every pack but the largest go into a table. The largest pack's
    /// identifiers are matched against it: where a compiled name table covers them (`xrefTables`,
    /// except entities another pack `extended`), by looking the table's keys up in that table, so
    /// an ontology of 30,000 terms next to small curated packs costs a few hundred binary
    /// searches and decodes none of its terms; elsewhere by reading every identifier.
    static func compute(
        entities: EntityStore, position entityIndex: (String) -> EntityID?,
        xrefTables: [(table: NameTable, entities: Range<Int>)] = [], extended: Set<Int32> = []
    ) -> ConceptMerge {
        guard entities.count > 1 else { return .none }
        // Pack numbers and sizes.
        let (packNames, packOf) = entities.ordinals(ofPacks: true)
        var sizes = [Int](repeating: 0, count: packNames.count)
        for pack in packOf { sizes[Int(pack)] += 1 }
        guard sizes.count > 1 else { return .none }
        let largest = Int32(sizes.indices.max { sizes[$0] < sizes[$1] } ?? 0)

        var union = UnionFind(count: entities.count, packOf: packOf)
        var conflicts: [Conflict] = []
        var referenced = Set<Int32>()
        func link(_ from: Int, _ to: Int, _ identifier: String, pointsTo: Bool) {
            guard from != to, packOf[from] != packOf[to] else { return }
            if union.union(from, to) {
                if pointsTo { referenced.insert(Int32(to)) }
            } else if union.find(from) != union.find(to) {
                conflicts.append(Conflict(
                    entity: EntityID(from), other: EntityID(to), identifier: identifier,
                    pack: packNames[Int(union.sharedPack(from, to) ?? packOf[from])]))
            } else if pointsTo {
                referenced.insert(Int32(to))
            }
        }
        // Only the small packs' entities are walked in full; the largest pack's xrefs are looked up.
        let small = (0..<entities.count).filter { packOf[$0] != largest }
        // 1. A cross-reference that is another pack's id.
        for position in small {
            for xref in entities[position].xrefs {
                if let target = entityIndex(xref) { link(position, target.position, xref, pointsTo: true) }
            }
        }
        // 2. Shared cross-references (and alt ids) between packs.
        var smallIDs: [String: Int] = [:]
        var smallXrefs: [String: Int] = [:]
        for position in small {
            smallIDs[entities.id(at: position)] = position
            for xref in entities[position].xrefs {
                if let first = smallXrefs[xref] {
                    link(position, first, xref, pointsTo: false)
                } else {
                    smallXrefs[xref] = position
                }
            }
        }
        if !smallIDs.isEmpty || !smallXrefs.isEmpty {
            // Most of the largest pack's xrefs cannot match: skip those of a length no small key has
            // (a count of UTF-8 bytes is free, a hash is not).
            var lengths = [Bool](repeating: false, count: 257)
            for key in smallIDs.keys { lengths[min(key.utf8.count, 256)] = true }
            for key in smallXrefs.keys { lengths[min(key.utf8.count, 256)] = true }
            for position in largestPositions(
                entities: entities, packOf: packOf, largest: largest, keys: Array(smallIDs.keys) + Array(smallXrefs.keys),
                xrefTables: xrefTables, extended: extended
            ) {
                let xrefs = entities[position].xrefs
                guard !xrefs.isEmpty else { continue }
                for xref in xrefs where lengths[min(xref.utf8.count, 256)] {
                    if let small = smallIDs[xref] { link(position, small, xref, pointsTo: true) }
                    // An xref of the term with the term's own prefix is one of its alt_ids: the small
                    // entity names the term, so the term's id represents the concept.
                    if let small = smallXrefs[xref] {
                        let isAltID = entities.id(at: position).prefix { $0 != ":" } == xref.prefix { $0 != ":" }
                        link(small, position, xref, pointsTo: isAltID)
                    }
                }
            }
        }
        guard union.merged else { return ConceptMerge(representative: [], members: [:], cards: [:], conflicts: conflicts) }

        // Classes, in load order.
        var classes: [Int32: [EntityID]] = [:]
        for position in union.touched.sorted() {
            classes[Int32(union.find(Int(position))), default: []].append(EntityID(Int(position)))
        }
        var representative = (0..<entities.count).map { Int32($0) }
        var members: [Int32: [EntityID]] = [:]
        var cards: [Int32: Entity] = [:]
        for (_, group) in classes where group.count > 1 {
            let ordered = group.sorted()
            let rep = ordered[0].index
            for member in ordered { representative[member.position] = rep }
            members[rep] = ordered
            let idMember = ordered.first { referenced.contains($0.index) } ?? ordered[0]
            let pointing = ordered.first { member in
                entities[member.position].xrefs.contains { xref in
                    entityIndex(xref).map { $0 != member && ordered.contains($0) } ?? false
                }
            }
            let labelMember = pointing ?? idMember
            cards[rep] = card(for: ordered, id: entities.id(at: idMember.position), label: labelMember, in: entities)
        }
        return ConceptMerge(representative: representative, members: members, cards: cards, conflicts: conflicts)
    }

    /// The positions of the largest pack whose identifiers may match `keys`, in order: those a
    /// name table covers only when its cross-reference tier lists a key for them, the rest all.
    private static func largestPositions(
        entities: EntityStore, packOf: [Int32], largest: Int32, keys: [String],
        xrefTables: [(table: NameTable, entities: Range<Int>)], extended: Set<Int32>
    ) -> [Int] {
        var covered = [Bool](repeating: false, count: entities.count)
        var found = Set<Int>()
        for placement in xrefTables where placement.entities.upperBound <= entities.count {
            for position in placement.entities { covered[position] = true }
            for key in keys {
                for local in placement.table.positions(for: key.uppercased(), in: .xref) {
                    found.insert(placement.entities.lowerBound + Int(local))
                }
            }
        }
        for position in extended where Int(position) < covered.count { covered[Int(position)] = false }
        return (0..<entities.count).filter { packOf[$0] == largest && (!covered[$0] || found.contains($0)) }
    }

    private static func card(for members: [EntityID], id: String, label labelMember: EntityID, in entities: EntityStore) -> Entity {
        let main = entities[labelMember.position]
        // Each name once (any case), as its first member writes it, with what its source says it
        // is: a plain exact synonym ("tremors") takes the form another member gives the same name
        // ("Tremors", EXACT plural_form). The label is no synonym (nil: no position).
        var synonyms: [String] = [], forms: [SynonymForm] = []
        var positionOfName: [String: Int?] = [main.label.lowercased(): nil]
        var xrefs: [String] = []
        var seenIDs: Set<String> = [id]
        for member in [labelMember] + members.filter({ $0 != labelMember }) {
            let entity = entities[member.position]
            let memberForms = entity.synonymForms.count == entity.synonyms.count ? entity.synonymForms : []
            for (offset, name) in ([entity.label] + entity.synonyms).enumerated() {
                let form = offset > 0 && offset - 1 < memberForms.count ? memberForms[offset - 1] : .exact
                let key = name.lowercased()
                if let seen = positionOfName[key] {
                    if let position = seen, forms[position] == .exact { forms[position] = form }
                    continue
                }
                positionOfName[key] = synonyms.count
                synonyms.append(name)
                forms.append(form)
            }
            for other in [entity.id] + entity.xrefs where seenIDs.insert(other).inserted { xrefs.append(other) }
        }
        let definition = main.definition ?? members.lazy.compactMap { entities[$0.position].definition }.first
        var mappings: [EntityMapping] = []
        for member in members { for mapping in entities[member.position].mappings where !mappings.contains(mapping) { mappings.append(mapping) } }
        var card = Entity(
            id: id, kind: main.kind, label: main.label, synonyms: synonyms, definition: definition,
            xrefs: xrefs, pack: main.pack).with(mappings: mappings)
        card.plainLabel = main.plainLabel ?? members.lazy.compactMap { entities[$0.position].plainLabel }.first
        card.synonymForms = forms.allSatisfy { $0 == .exact } ? [] : forms
        var altIDs: [String] = []
        for member in members { for alt in entities[member.position].altIDs where !altIDs.contains(alt) { altIDs.append(alt) } }
        card.altIDs = altIDs
        return card
    }
}

/// Union–find over entity positions that refuses to join two sets holding entities of one pack.
private struct UnionFind {
    private var parent: [Int32]
    private let packOf: [Int32]
    /// The packs of each set with more than one member, keyed by its root.
    private var packs: [Int32: Set<Int32>] = [:]
    private(set) var touched: Set<Int32> = []
    private(set) var merged = false

    init(count: Int, packOf: [Int32]) {
        parent = (0..<count).map { Int32($0) }
        self.packOf = packOf
    }

    mutating func find(_ node: Int) -> Int {
        var root = node
        while Int(parent[root]) != root { root = Int(parent[root]) }
        var current = node
        while Int(parent[current]) != root {
            let next = Int(parent[current])
            parent[current] = Int32(root)
            current = next
        }
        return root
    }

    private func packsOf(root: Int) -> Set<Int32> { packs[Int32(root)] ?? [packOf[root]] }

    /// Joins the sets of `a` and `b`; `false` when they share a pack (or are one set already).
    mutating func union(_ a: Int, _ b: Int) -> Bool {
        let rootA = find(a), rootB = find(b)
        guard rootA != rootB else { return false }
        let packsA = packsOf(root: rootA), packsB = packsOf(root: rootB)
        guard packsA.isDisjoint(with: packsB) else { return false }
        let (root, child) = rootA < rootB ? (rootA, rootB) : (rootB, rootA)
        parent[child] = Int32(root)
        packs[Int32(root)] = packsA.union(packsB)
        packs[Int32(child)] = nil
        touched.insert(Int32(a))
        touched.insert(Int32(b))
        touched.insert(Int32(rootA))
        touched.insert(Int32(rootB))
        merged = true
        return true
    }

    /// A pack both sets hold (for conflict reports).
    mutating func sharedPack(_ a: Int, _ b: Int) -> Int32? {
        packsOf(root: find(a)).intersection(packsOf(root: find(b))).min()
    }
}
