import SymptomGraph

/// What an export covers: the whole graph as a user sees it (merged concepts as one node), or
/// the entities and assertions of one pack as that pack states them.
public struct ExportScope: Sendable {
    /// The graph.
    public let graph: KnowledgeGraph
    /// The pack exported, or `nil` for everything.
    public let pack: String?
    /// The nodes, in definition order: every concept (or the pack's entities), then the entities of
    /// other packs that the exported assertions point to (``Node/isReference``).
    public let nodes: [Node]
    /// The exported assertions (negated ones included: writers state the negation).
    public let assertions: [AssertionID]
    /// The IRIs of relations.
    public let iris: IRIScheme
    /// What the packs say of the sources their assertions cite (title, citation), which the
    /// graph does not hold: the caller adds them from the packs' manifests. A source cited but
    /// not described here is written with its id only.
    public var sources: [Source] = []
    /// The release of the ontology a pack imported (`hp/releases/2025-01-16`), which its
    /// manifest records: OBO writes it as `data-version`, so that importing the file again names
    /// the same release.
    public var dataVersion: String?

    /// A source a pack declares. Its id is the pack's own: two packs may each cite a `review`.
    public struct Source: Sendable, Equatable {
        public var pack: String
        public var id: String
        public var title: String
        public var citation: String?

        public init(pack: String, id: String, title: String, citation: String?) {
            (self.pack, self.id, self.title, self.citation) = (pack, id, title, citation)
        }
    }

    /// The sources the exported assertions cite, each once, in the order first cited, with what
    /// ``sources`` says of them.
    public var citedSources: [Source] {
        let described = Dictionary(sources.map { ("\($0.pack)\u{0}\($0.id)", $0) }, uniquingKeysWith: { first, _ in first })
        var seen = Set<Int32>(), cited: [Source] = [], keys = Set<String>()
        for assertion in assertions {
            let index = graph.assertions[assertion.position].provenanceIndex
            guard seen.insert(index).inserted else { continue }
            let provenance = graph.provenanceTable[Int(index)]
            guard !provenance.source.isEmpty else { continue }
            let key = "\(provenance.pack)\u{0}\(provenance.source)"
            guard keys.insert(key).inserted else { continue }
            cited.append(described[key] ?? Source(pack: provenance.pack, id: provenance.source, title: "", citation: nil))
        }
        return cited
    }

    /// One node.
    public struct Node: Sendable {
        /// The entity as shown: a merged concept's card for the whole graph, the pack's own entity for a pack.
        public var entity: Entity
        /// Its kinds (a merged concept has every member's kind), first the entity's own.
        public var kinds: [String]
        /// For a merged concept, the ids of the other members (stated as exact matches).
        public var sameAs: [String]
        /// Whether the node is only there because an exported assertion points to it.
        public var isReference: Bool
        /// The packs that define it: a merged concept's every member's, the shown entity's first.
        public var packs: [String] = []

        /// The entity's cross-references and the other members' ids, each once.
        public var identifiers: [String] {
            var seen = Set<String>()
            return (entity.xrefs + sameAs).filter { seen.insert($0).inserted }
        }
    }

    /// The scope of a graph, or of one pack of it. Returns `nil` when no pack has that id.
    public init?(graph: KnowledgeGraph, pack: String? = nil) {
        self.graph = graph
        self.pack = pack
        iris = IRIScheme(graph: graph)
        if let pack, !graph.packs.contains(pack) { return nil }
        var nodes: [Node] = []
        if let pack {
            var exported = Set<Int>()
            for position in graph.statedEntities.indices where graph.statedEntities[position].pack == pack {
                exported.insert(position)
                nodes.append(Node(entity: graph.statedEntities[position], kinds: [graph.statedEntities[position].kind], sameAs: [], isReference: false,
                                  packs: [pack]))
            }
            let packOf = graph.provenanceTable.map(\.pack)  // each record decoded once
            assertions = graph.assertionIDs.filter { packOf[Int(graph.assertions[$0.position].provenanceIndex)] == pack }
            var referenced = Set<String>(nodes.map(\.entity.id))
            for assertion in assertions {
                for end in [graph[assertion].subject, graph[assertion].object] {
                    let entity = Self.member(of: end, in: pack, graph: graph)
                    if referenced.insert(entity.id).inserted {
                        nodes.append(Node(entity: entity, kinds: [entity.kind], sameAs: [], isReference: true, packs: [entity.pack]))
                    }
                }
            }
        } else {
            assertions = graph.assertionIDs
            for id in graph.entityIDs {
                let members = graph.members(of: id)
                var kinds = [graph[id].kind]
                for member in members where !kinds.contains(member.kind) { kinds.append(member.kind) }
                let card = graph[id]
                var packs = [card.pack]
                for member in members where !packs.contains(member.pack) { packs.append(member.pack) }
                nodes.append(Node(entity: card, kinds: kinds, sameAs: members.count > 1 ? members.map(\.id).filter { $0 != card.id } : [],
                                  isReference: false, packs: packs))
            }
        }
        self.nodes = nodes
    }

    /// The id an assertion's end is exported under: in a pack's export, that pack's own member of
    /// the concept when it has one; otherwise the concept's id.
    public func id(of entity: EntityID) -> String {
        guard let pack else { return graph[entity].id }
        return Self.member(of: entity, in: pack, graph: graph).id
    }

    private static func member(of entity: EntityID, in pack: String, graph: KnowledgeGraph) -> Entity {
        let members = graph.members(of: entity)
        return members.first { $0.pack == pack } ?? graph[entity]
    }

    /// A node's kinds and every kind above them, without repeats (`sign`, `finding`).
    public func kindChain(of node: Node) -> [String] {
        var chain: [String] = []
        for kind in node.kinds { for name in graph.kindAndAncestors(of: kind) where !chain.contains(name) { chain.append(name) } }
        return chain
    }

    /// A node's Biolink categories, one per kind it has, without repeats.
    public func categories(of node: Node) -> [String] {
        var categories: [String] = []
        for kind in node.kinds {
            let category = IRIScheme.biolinkCategory(of: kind, in: graph)
            if !categories.contains(category) { categories.append(category) }
        }
        return categories
    }

    /// The relation of an assertion.
    public func relation(of assertion: AssertionID) -> RelationType { graph.relations[graph[assertion].relation.position] }

    /// One exported assertion, as the tabular writers need it.
    public struct Edge {
        /// The assertion.
        public var assertion: AssertionID
        /// The subject's and object's exported ids (``ExportScope/id(of:)``).
        public var subject: String, object: String
        /// The relation, its qualifiers, and where it comes from.
        public var relation: RelationType, qualifiers: Qualifiers, provenance: Provenance
    }

    /// Calls `body` with every exported assertion, in order.
    public func forEachEdge(_ body: (Edge) -> Void) {
        for assertion in assertions {
            let edge = graph[assertion]
            body(Edge(assertion: assertion, subject: id(of: edge.subject), object: id(of: edge.object), relation: relation(of: assertion),
                      qualifiers: graph.qualifiers(of: assertion), provenance: graph.provenance(of: assertion)))
        }
    }
}
