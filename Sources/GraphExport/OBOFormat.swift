import SymptomGraph

/// OBO 1.4 of one pack: its entities (for a pack that imported an ontology, the ontology's terms,
/// not the diseases an annotation file added) as `[Term]` stanzas (name, definition with its references,
/// synonyms with scope and type, xrefs, alt_ids, `is_a`) and its obsolete terms (`is_obsolete`,
/// `replaced_by`, `consider`). Importing the file again gives the same graph (a test checks this
/// on the HPO release).
struct OBOFormat: ExportFormat {
    let name = "obo"
    let summary = "OBO 1.4 of one pack (--only), e.g. an imported ontology"
    let files = ["ontology.obo"]

    func refusal(for scope: ExportScope) -> ExportError? {
        guard scope.pack == nil else { return nil }
        let ontologies = scope.graph.packs.filter { pack in scope.graph.statedEntities.contains { $0.pack == pack && !$0.altIDs.isEmpty } }
        return ExportError("OBO holds one ontology: choose a pack with --only"
            + (ontologies.isEmpty ? "" : " (imported ontologies here: " + ontologies.joined(separator: ", ") + ")"))
    }

    /// OBO has `is_a` only: the pack's other assertions (and negated ones) are left out, said so.
    func leftOut(of scope: ExportScope) -> (assertions: Int, nodes: Int, message: String)? {
        let graph = scope.graph
        let isA = graph.isARelation
        // Written: the is_a edges of the terms written (a disease an annotation file added to an
        // ontology is no term, and its annotations are left out with the rest).
        let written = Set(terms(of: scope).map(\.entity.id))
        var relations: [String] = []
        var count = 0
        for assertion in scope.assertions {
            if graph[assertion].relation == isA, !graph.isNegated(assertion), written.contains(scope.id(of: graph[assertion].subject)) { continue }
            count += 1
            let name = graph.relations[graph[assertion].relation.position].name
            if !relations.contains(name) { relations.append(name) }
        }
        let nodes = scope.nodes.count - written.count
        guard count > 0 || nodes > 0 else { return nil }
        let shown = relations.prefix(3).joined(separator: ", ") + (relations.count > 3 ? ", …" : "")
        // Said for what they are: other packs' entities the pack refers to, and (in an imported
        // ontology's pack) the diseases its annotations added.
        let references = scope.nodes.filter { $0.isReference && !written.contains($0.entity.id) }.count
        let others = nodes - references
        let entities = [
            references > 0 ? "\(references) entit\(references == 1 ? "y" : "ies") of other packs it refers to" : "",
            others > 0 ? "\(others) entit\(others == 1 ? "y" : "ies") that \(others == 1 ? "is" : "are") no ontology term (diseases)" : "",
        ].filter { !$0.isEmpty }.joined(separator: " and ")
        let assertions = count > 0 ? "\(count) assertion\(count == 1 ? "" : "s") (\(shown))" : ""
        return (count, nodes, [entities, assertions].filter { !$0.isEmpty }.joined(separator: " and ")
            + (count + nodes == 1 ? " has no place in OBO, which holds terms and is_a only, and is left out; turtle, ntriples, jsonld, kgx, neo4j and csv keep it"
                : " have no place in OBO, which holds terms and is_a only, and are left out; turtle, ntriples, jsonld, kgx, neo4j and csv keep them"))
    }

    /// The pack's obsolete terms, written as `is_obsolete` stanzas beside its terms.
    func alsoWritten(of scope: ExportScope) -> String? {
        guard let pack = scope.pack else { return nil }
        let count = scope.graph.obsoleteTerms.filter { $0.pack == pack }.count
        return count == 0 ? nil : "\(count) obsolete term\(count == 1 ? "" : "s")"
    }

    func write(_ scope: ExportScope, file: String, to out: inout some TextOutputStream) throws(ExportError) {
        if let refusal = refusal(for: scope) { throw refusal }
        let graph = scope.graph
        guard let pack = scope.pack else { return }
        let (nodes, imported) = terms(of: scope, pack: pack)
        var types: [String] = []
        for node in nodes { for form in node.entity.synonymForms { if let type = form.type, !types.contains(type) { types.append(type) } } }
        out.write("format-version: 1.4\n")
        if let dataVersion = scope.dataVersion { out.write("data-version: \(Self.plain(dataVersion))\n") }
        // The ontology's name is its id space in lower case (hp for HP:…), as OBO files write it.
        let idSpace = nodes.first.flatMap { $0.entity.id.split(separator: ":").first.map { $0.lowercased() } }
        out.write("ontology: \(Self.plain(imported ? idSpace ?? pack : pack))\n")
        for type in types { out.write("synonymtypedef: \(Self.plain(type)) \"\(Self.quoted(type))\"\n") }
        out.write("remark: exported by symkb from the pack '\(Self.plain(pack))'\n")
        // is_a parents by subject id, in assertion order.
        var parents: [String: [String]] = [:]
        if let isA = graph.step(named: "is_a")?.relation {
            for assertion in scope.assertions where graph[assertion].relation == isA && !graph.isNegated(assertion) {
                parents[scope.id(of: graph[assertion].subject), default: []].append(scope.id(of: graph[assertion].object))
            }
        }
        let labels = Dictionary(nodes.map { ($0.entity.id, $0.entity.label) }, uniquingKeysWith: { first, _ in first })
        let obsoleteIDs = Set(graph.obsoleteTerms.map(\.id))
        for node in nodes {
            let entity = node.entity
            out.write("\n[Term]\nid: \(Self.plain(entity.id))\nname: \(Self.plain(entity.label))\n")
            for alt in entity.altIDs { out.write("alt_id: \(Self.plain(alt))\n") }
            if let definition = entity.definition {
                out.write("def: \"\(Self.quoted(definition))\" [\(entity.definitionXrefs.map(Self.xref).joined(separator: ", "))]\n")
            }
            for (position, synonym) in entity.synonyms.enumerated() {
                let form = entity.synonymForm(at: position)
                out.write("synonym: \"\(Self.quoted(synonym))\" \(form.scope.rawValue)\(form.type.map { " " + Self.plain($0) } ?? "") []\n")
            }
            // Importers list alt_ids and replaced obsolete ids among the xrefs (that is what merges concepts); they are written as such above.
            let own = Set(entity.altIDs)
            for xref in entity.xrefs where !own.contains(xref) && !obsoleteIDs.contains(xref) { out.write("xref: \(Self.plain(xref))\n") }
            for parent in parents[entity.id] ?? [] {
                out.write("is_a: \(Self.plain(parent))" + (labels[parent].map { " ! " + Self.comment($0) } ?? "") + "\n")
            }
        }
        for term in graph.obsoleteTerms where term.pack == pack {
            out.write("\n[Term]\nid: \(Self.plain(term.id))\n")
            if let label = term.label { out.write("name: \(Self.plain(label))\n") }
            out.write("is_obsolete: true\n")
            if let replacement = term.replacedBy { out.write("replaced_by: \(Self.plain(replacement))\n") }
            for other in term.consider { out.write("consider: \(Self.plain(other))\n") }
        }
    }

    /// The terms written, and whether the pack imported an ontology. A pack that imported one
    /// (it has alt_ids or obsolete terms) holds the ontology's terms (kind finding, as the OBO
    /// importer makes them) and maybe the diseases an annotation file added: only the terms are
    /// the ontology.
    private func terms(of scope: ExportScope, pack: String) -> (nodes: [ExportScope.Node], imported: Bool) {
        let graph = scope.graph
        let ownNodes = scope.nodes.filter { !$0.isReference }
        let imported = graph.obsoleteTerms.contains { $0.pack == pack } || ownNodes.contains { !$0.entity.altIDs.isEmpty }
        return (imported ? ownNodes.filter { graph.kindAndAncestors(of: $0.entity.kind).contains("finding") } : ownNodes, imported)
    }

    private func terms(of scope: ExportScope) -> [ExportScope.Node] {
        scope.pack.map { terms(of: scope, pack: $0).nodes } ?? []
    }

    /// An unquoted value: backslash escapes for what would end or change it (`!`, `{`, line breaks).
    static func plain(_ text: String) -> String {
        var out = ""
        for char in text {
            switch char {
            case "\\": out += "\\\\"
            case "!": out += "\\!"
            case "{": out += "\\{"
            case "\n", "\r\n", "\r": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(char)
            }
        }
        return out
    }

    /// The body of a quoted string.
    static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\n")
    }

    /// A reference inside `[…]`: commas and brackets escaped.
    static func xref(_ text: String) -> String {
        plain(text).replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "]", with: "\\]")
    }

    /// A trailing `! comment`: one line.
    static func comment(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: " ") }
}
