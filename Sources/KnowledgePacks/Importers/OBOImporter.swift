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
        // One clear error, not one per term, when the vocabulary is missing.
        guard builder.hasKind("finding"), builder.relationID(for: "is_a") != nil else {
            return [.error("the 'finding' kind and the 'is_a' relation are not declared; depend on the core pack", at: file.location)]
        }
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
    ///
    /// Terms are read by index, field by field: iterating `document.terms` would copy every term
    /// (a dozen arrays and strings) on each pass.
    public static func aliases(in document: OBODocument) -> [String: String] {
        let terms = document.terms
        var live = Set<String>(minimumCapacity: terms.count)
        for index in terms.indices where !terms[index].isObsolete { live.insert(terms[index].id) }
        var aliases: [String: String] = [:]
        for index in terms.indices where !terms[index].isObsolete {
            for alt in terms[index].altIDs where !live.contains(alt) { aliases[alt] = terms[index].id }
        }
        for index in terms.indices where terms[index].isObsolete && aliases[terms[index].id] == nil {
            if let replacement = terms[index].replacedBy.first, live.contains(replacement) {
                aliases[terms[index].id] = replacement
            }
        }
        return aliases
    }

    static func add(_ document: OBODocument, from file: ImportedFile, to builder: inout GraphBuilder) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let terms = document.terms
        let aliases = aliases(in: document)
        var aliasesByTerm: [String: [String]] = [:]
        for (alias, target) in aliases { aliasesByTerm[target, default: []].append(alias) }
        // Entity ids by term position, for the is_a pass (no second lookup by text).
        var entityOfTerm = [EntityID?](repeating: nil, count: terms.count)
        builder.reserveEntities(terms.count)
        for index in terms.indices where !terms[index].isObsolete {
            let id = terms[index].id
            let synonyms = terms[index].synonyms.compactMap { $0.type == "obsolete_synonym" ? nil : $0.text }
            let entity = Entity(
                id: id, kind: "finding", label: terms[index].name ?? id, synonyms: synonyms,
                definition: terms[index].definition,
                xrefs: terms[index].xrefs + (aliasesByTerm[id] ?? []).sorted(), pack: file.pack)
            do throws(GraphError) {
                entityOfTerm[index] = try builder.addEntityReturningID(entity)
            } catch {
                diagnostics.append(.error(error.description, at: SourceLocation(file: file.path, line: terms[index].line, column: 1)))
            }
        }
        for (alias, target) in aliases {
            if let id = builder.entityID(for: target) { builder.addAlias(alias, for: id) }
        }
        guard let isA = builder.relationID(for: "is_a") else {
            return diagnostics + [.error("the 'is_a' relation is not declared; depend on the core pack", at: file.location)]
        }
        let provenance = builder.internProvenance(Provenance(pack: file.pack, source: file.source))
        let none = builder.internQualifiers(.none)
        for index in terms.indices {
            guard let child = entityOfTerm[index] else { continue }
            for parent in terms[index].isA {
                guard let parentID = builder.entityID(for: parent) else {
                    diagnostics.append(.warning("\(terms[index].id) is_a \(parent), which is not a live term",
                                                at: SourceLocation(file: file.path, line: terms[index].line, column: 1)))
                    continue
                }
                builder.addAssertion(subject: child, relation: isA, object: parentID, qualifierIndex: none, provenanceIndex: provenance)
            }
        }
        return diagnostics
    }
}
