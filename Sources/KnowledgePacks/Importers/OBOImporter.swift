import SymptomGraph

/// Imports an OBO ontology: every live term becomes an entity of kind `finding` (id, name,
/// definition, synonyms, xrefs) and every `is_a` an assertion.
///
/// Obsolete terms are not entities; their ids resolve to the live term that replaces them. An
/// `alt_id` resolves to the term that lists it. When an id is both the `alt_id` of a live term and
/// an obsolete term whose `replaced_by` names a different term (38 cases in HPO 2025-01-16), the
/// `alt_id` wins: it is the claim of a term still maintained, while the obsolete stanza is a stub.
/// Synonyms of type `obsolete_synonym` are left out; `relationship` lines other than to known
/// relations are ignored (HPO has none).
public enum OBOImporter: PackImporter {
    public static let format = "obo"
    public static let summary = "OBO 1.4 ontology (e.g. hp.obo)"

    public static func contribute(_ file: ImportedFile, to builder: inout GraphBuilder) -> [Diagnostic] {
        let bytes: [UInt8]
        switch file.bytes() {
        case let .success(read): bytes = read
        case let .failure(diagnostic): return [diagnostic]
        }
        var parser = OBOParser(file: file.path)
        let document = parser.parse(bytes)
        if parser.diagnostics.hasErrors { return parser.diagnostics }
        return add(document, from: file, to: &builder)
    }

    /// Which live term each alias (alt_id or obsolete id) resolves to.
    public static func aliases(in document: OBODocument) -> [String: String] {
        var live = Set<String>()
        for term in document.terms where !term.isObsolete { live.insert(term.id) }
        var aliases: [String: String] = [:]
        for term in document.terms where !term.isObsolete {
            for alt in term.altIDs where !live.contains(alt) { aliases[alt] = term.id }
        }
        for term in document.terms where term.isObsolete && aliases[term.id] == nil {
            if let replacement = term.replacedBy.first, live.contains(replacement) { aliases[term.id] = replacement }
        }
        return aliases
    }

    static func add(_ document: OBODocument, from file: ImportedFile, to builder: inout GraphBuilder) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var aliasesByTerm: [String: [String]] = [:]
        for (alias, target) in aliases(in: document) { aliasesByTerm[target, default: []].append(alias) }
        for term in document.terms where !term.isObsolete {
            let synonyms = term.synonyms.filter { $0.type != "obsolete_synonym" }.map(\.text)
            let entity = Entity(
                id: term.id, kind: "finding", label: term.name ?? term.id, synonyms: synonyms,
                definition: term.definition, xrefs: term.xrefs + (aliasesByTerm[term.id] ?? []).sorted(), pack: file.pack)
            do throws(GraphError) {
                try builder.addEntity(entity)
            } catch {
                diagnostics.append(.error(error.description, at: SourceLocation(file: file.path, line: term.line, column: 1)))
            }
        }
        for (alias, target) in aliases(in: document) {
            if let id = builder.entityID(for: target) { builder.addAlias(alias, for: id) }
        }
        guard let isA = builder.relationID(for: "is_a") else {
            return diagnostics + [.error("the 'is_a' relation is not declared; depend on the core pack", at: file.location)]
        }
        let provenance = Provenance(pack: file.pack, source: file.source)
        for term in document.terms where !term.isObsolete {
            guard let child = builder.entityID(for: term.id) else { continue }
            for parent in term.isA {
                guard let parentID = builder.entityID(for: parent) else {
                    diagnostics.append(.warning("\(term.id) is_a \(parent), which is not a live term",
                                                at: SourceLocation(file: file.path, line: term.line, column: 1)))
                    continue
                }
                builder.addAssertion(subject: child, relation: isA, object: parentID, provenance: provenance)
            }
        }
        return diagnostics
    }
}
