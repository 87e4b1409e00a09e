import SymptomGraph

/// A drawing of part of the graph: entities and the assertions between them, as Graphviz DOT,
/// Mermaid, or an indented tree.
///
/// Nodes are styled by kind (with a legend of the kinds drawn), edges are labelled by relation
/// with their qualifiers ("may", a frequency), and negated assertions are dashed.
public struct GraphPicture: Sendable {
    /// The graph drawn from.
    public let graph: KnowledgeGraph
    /// The entities drawn, in order of first appearance.
    public private(set) var nodes: [EntityID] = []
    /// The assertions drawn.
    public private(set) var edges: [AssertionID] = []
    /// Entities drawn with emphasis (what was asked about).
    public var focus: Set<EntityID> = []
    /// Entities reached but left out to keep the picture readable.
    public var omitted = 0
    /// Text from packs goes through this before it is written (e.g. terminal escaping).
    public var clean: @Sendable (String) -> String = { $0 }

    /// A picture of some assertions (for instance the evidence of an answer).
    public init(graph: KnowledgeGraph, assertions: [AssertionID], focus: [EntityID] = []) {
        self.graph = graph
        self.focus = Set(focus)
        var seenNodes = Set<EntityID>(), seenEdges = Set<AssertionID>()
        for entity in focus where seenNodes.insert(entity).inserted { nodes.append(entity) }
        for assertion in assertions where seenEdges.insert(assertion).inserted {
            edges.append(assertion)
            for end in [graph[assertion].subject, graph[assertion].object] where seenNodes.insert(end).inserted { nodes.append(end) }
        }
    }

    /// The neighbourhood of an entity: every assertion (negated ones included) within `depth`
    /// steps, over `relations` only when given, with at most `maxNodes` entities.
    public static func neighbourhood(
        of center: EntityID, in graph: KnowledgeGraph, depth: Int, relations: Set<RelationID>? = nil, maxNodes: Int = 60
    ) -> GraphPicture {
        var picture = GraphPicture(graph: graph, assertions: [], focus: [center])
        var seen: Set<EntityID> = [center], frontier = [center], edges = Set<AssertionID>()
        var omitted = Set<EntityID>()
        for _ in 0..<max(0, depth) {
            var next: [EntityID] = []
            for entity in frontier {
                for (_, neighbour, assertion) in graph.allNeighbours(of: entity, includeNegated: true)
                where relations?.contains(graph[assertion].relation) ?? true {
                    if seen.contains(neighbour) {
                        edges.insert(assertion)
                    } else if seen.count < maxNodes {
                        seen.insert(neighbour)
                        next.append(neighbour)
                        edges.insert(assertion)
                    } else {
                        omitted.insert(neighbour)
                    }
                }
            }
            frontier = next
        }
        var drawn: Set<EntityID> = [center]
        for assertion in edges.sorted() {
            picture.edges.append(assertion)
            for end in [graph[assertion].subject, graph[assertion].object] where drawn.insert(end).inserted { picture.nodes.append(end) }
        }
        picture.omitted = omitted.count
        return picture
    }

    // MARK: Styles

    /// How a kind is drawn: a Graphviz shape and a fill colour.
    struct Style {
        let shape: String
        let fill: String
    }

    static let styles: [String: Style] = [
        "condition": Style(shape: "box", fill: "#f4cccc"), "finding": Style(shape: "ellipse", fill: "#cfe2f3"),
        "trigger": Style(shape: "hexagon", fill: "#fff2cc"), "mechanism": Style(shape: "diamond", fill: "#d9ead3"),
        "effect": Style(shape: "note", fill: "#ead1dc"), "body-site": Style(shape: "house", fill: "#d0e0e3"),
        "course": Style(shape: "parallelogram", fill: "#fce5cd"), "advice": Style(shape: "component", fill: "#eeeeee"),
    ]

    /// The style kind of an entity: the nearest kind (itself or above) that has a style.
    func styleKind(of entity: EntityID) -> String {
        for kind in graph.kindAndAncestors(of: graph[entity].kind) where Self.styles[kind] != nil { return kind }
        return "other"
    }

    func style(_ kind: String) -> Style { Self.styles[kind] ?? Style(shape: "ellipse", fill: "#ffffff") }

    func edgeLabel(_ assertion: AssertionID) -> String {
        let relation = graph.relations[graph[assertion].relation.position]
        // What states absence (NOT, or a frequency of none) is drawn and said in the negative.
        let (label, notes) = QualifierText.labelled(relation.label, graph.qualifiers(of: assertion), in: graph)
        return label + (notes.isEmpty ? "" : " (\(notes))")
    }

    var kindsDrawn: [String] {
        var kinds: [String] = []
        for node in nodes { let kind = styleKind(of: node); if !kinds.contains(kind) { kinds.append(kind) } }
        return kinds
    }

    // MARK: DOT

    /// Graphviz DOT.
    public func dot() -> String {
        var lines = ["digraph symkb {", "  rankdir=LR;", "  node [style=filled, fontname=\"Helvetica\", fontsize=11];",
                     "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];"]
        for (index, node) in nodes.enumerated() {
            let style = style(styleKind(of: node))
            let entity = graph[node]
            let label = clean(entity.label) + "\n" + clean(entity.id)
            lines.append("  n\(index) [label=\(Self.dotString(label)), shape=\(style.shape), fillcolor=\"\(style.fill)\""
                         + (focus.contains(node) ? ", penwidth=2.5" : "") + "];")
        }
        let position = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1, $0) })
        for edge in edges {
            guard let from = position[graph[edge].subject], let to = position[graph[edge].object] else { continue }
            lines.append("  n\(from) -> n\(to) [label=\(Self.dotString(clean(edgeLabel(edge))))"
                         + (graph.statesAbsence(edge) ? ", style=dashed, color=\"#cc0000\", fontcolor=\"#cc0000\"" : "") + "];")
        }
        lines.append("  subgraph cluster_legend {")
        lines.append("    label=\"legend\"; style=dashed; color=\"#999999\"; fontname=\"Helvetica\"; fontsize=10;")
        for kind in kindsDrawn {
            let style = style(kind)
            lines.append("    legend_\(Self.identifier(kind)) [label=\(Self.dotString(kind)), shape=\(style.shape), fillcolor=\"\(style.fill)\"];")
        }
        var note = "arrows: subject → object, labelled by relation\\ndashed red: negated (does not hold)"
        if omitted > 0 { note += "\\n\(omitted) more entities not drawn (use --depth or --relations)" }
        lines.append("    legend_note [shape=plaintext, style=\"\", label=\"\(note)\"];")
        lines.append("  }")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    static func dotString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    static func identifier(_ text: String) -> String { String(text.map { $0.isLetter || $0.isNumber ? $0 : "_" }) }

    // MARK: Mermaid

    /// A Mermaid flowchart.
    public func mermaid() -> String {
        var lines = ["flowchart LR"]
        for kind in kindsDrawn {
            let style = style(kind)
            lines.append("  classDef \(Self.identifier(kind)) fill:\(style.fill),stroke:#555555")
        }
        for (index, node) in nodes.enumerated() {
            let entity = graph[node]
            let text = Self.mermaidString(clean(entity.label)) + "<br/><small>" + Self.mermaidString(clean(entity.id)) + "</small>"
            let shape = styleKind(of: node) == "condition" ? ("[\"", "\"]") : ("([\"", "\"])")
            lines.append("  n\(index)\(shape.0)\(text)\(shape.1):::\(Self.identifier(styleKind(of: node)))")
        }
        let position = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1, $0) })
        for edge in edges {
            guard let from = position[graph[edge].subject], let to = position[graph[edge].object] else { continue }
            let arrow = graph.statesAbsence(edge) ? "-.->" : "-->"
            lines.append("  n\(from) \(arrow)|\"\(Self.mermaidString(clean(edgeLabel(edge))))\"| n\(to)")
        }
        for node in focus.compactMap({ position[$0] }).sorted() { lines.append("  style n\(node) stroke-width:3px") }
        lines.append("  subgraph legend [\"legend (dotted: negated)\"]")
        for kind in kindsDrawn { lines.append("    legend_\(Self.identifier(kind))[\"\(Self.mermaidString(kind))\"]:::\(Self.identifier(kind))") }
        if omitted > 0 { lines.append("    legend_more[\"\(omitted) more not drawn\"]") }
        lines.append("  end")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text inside a quoted Mermaid label: entity codes for what would end it or be read as markup.
    static func mermaidString(_ text: String) -> String {
        var out = ""
        for char in text {
            switch char {
            case "\"": out += "#quot;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "#": out += "#35;"
            case "\n": out += " "
            default: out.append(char)
            }
        }
        return out
    }

    // MARK: Tree

    /// An indented tree from `root`: without `relations`, the is_a ancestry of a term that has
    /// parents and is not a condition (to the top, whatever `depth`); otherwise every relation (or
    /// those given) in both directions to `depth`. An entity met again is not expanded twice.
    public static func tree(
        of root: EntityID, in graph: KnowledgeGraph, depth: Int, relations: Set<RelationID>? = nil,
        clean: (String) -> String = { $0 }
    ) -> String {
        let isA = graph.step(named: "is_a")
        // A condition's tree is its causes and effects; another term's, its ancestry.
        let ancestry = relations == nil && !graph.entity(root, isOfKind: "condition")
            && isA.map { !graph.neighbours(of: root, by: $0).isEmpty } == true
        func children(of entity: EntityID) -> [(label: String, entity: EntityID, assertion: AssertionID)] {
            if ancestry, let isA {
                return graph.neighbours(of: entity, by: isA).map { ("is a", $0.entity, $0.assertion) }
            }
            return graph.allNeighbours(of: entity, includeNegated: true)
                .filter { relations?.contains($0.step.relation) ?? true }
                .map { (graph.label(of: $0.step), $0.entity, $0.assertion) }
        }
        func name(_ entity: EntityID) -> String { clean(graph[entity].label) + " (" + clean(graph[entity].id) + ")" }
        var lines = [name(root)]
        var expanded: Set<EntityID> = [root]
        func walk(_ entity: EntityID, via: AssertionID?, prefix: String, level: Int) {
            let kids = children(of: entity).filter { $0.assertion != via }
            for (index, child) in kids.enumerated() {
                let last = index == kids.count - 1
                let (label, notes) = QualifierText.labelled(child.label, graph.qualifiers(of: child.assertion), in: graph)
                let again = expanded.contains(child.entity)
                lines.append(prefix + (last ? "└─ " : "├─ ") + label + " " + name(child.entity)
                             + (notes.isEmpty ? "" : " [" + clean(notes) + "]") + (again ? " (shown above)" : ""))
                if !again, ancestry || level + 1 < depth {
                    expanded.insert(child.entity)
                    walk(child.entity, via: child.assertion, prefix: prefix + (last ? "   " : "│  "), level: level + 1)
                }
            }
        }
        walk(root, via: nil, prefix: "", level: 0)
        return lines.joined(separator: "\n") + "\n"
    }
}
