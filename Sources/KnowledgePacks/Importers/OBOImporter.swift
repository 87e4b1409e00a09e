import SymptomGraph

/// Imports an OBO ontology: every live term becomes an entity of kind `finding` (id, name,
/// definition, synonyms, xrefs) and every `is_a` an assertion.
///
/// Obsolete terms are not entities. An obsolete id resolves to the live term its `replaced_by`
/// names (following a chain of obsolete terms to a live one); where an id is both an obsolete term
/// replaced by one term and the `alt_id` of another, `replaced_by` wins, as the explicit
/// curation (2 such ids in HPO 2025-01-16). Other `alt_id`s resolve to the term that lists them.
/// An obsolete term with no replacement is retired: a query that names it is refused, with its
/// `consider:` terms; `replaced_by` links that loop are a warning and retire their terms.
/// Synonyms of type `obsolete_synonym` are left out; `relationship` lines other than to known
/// relations are ignored (HPO has none).
public enum OBOImporter: PackImporter {
    public static let format = "obo"
    public static let summary = "OBO 1.4 ontology (e.g. hp.obo)"

    public static func prepare(_ file: ImportedFile) -> PreparedImport {
        // Read a block at a time (no page fault per page of a 10 MB file).
        var parser = OBOParser(file: file.path)
        let problem = file.forEachBlockOfLines { block, _ in parser.parse(lines: block) }
        let parsed: Result<(OBODocument, [Diagnostic]), Diagnostic> = if let problem { .failure(problem) } else {
            .success((parser.finish(), parser.diagnostics))
        }
        return PreparedImport { builder in
            // One clear error, not one per term, when the vocabulary is missing.
            guard builder.hasKind("finding"), builder.relationID(for: "is_a") != nil else {
                return [.error(.importNeedsCore, "the 'finding' kind and the 'is_a' relation are not declared; depend on the core pack", at: file.location)]
            }
            switch parsed {
            case let .failure(diagnostic): return [diagnostic]
            case let .success((_, diagnostics)) where diagnostics.hasErrors: return diagnostics
            case let .success((document, warnings)) where document.terms.isEmpty:
                return warnings + [.warning(.oboNoTerms, "the file defines no terms (no [Term] stanza): is it an OBO ontology?",
                                            at: SourceLocation(file: file.path, line: 1, column: 1))]
            case let .success((document, warnings)): return warnings + add(document, from: file, to: &builder)
            }
        }
    }

    /// How the ids that are not live terms resolve.
    public struct Resolution: Sendable {
        /// Which live term each alias (alt_id or replaced obsolete id) names.
        public var aliases: [String: String] = [:]
        /// Obsolete ids with no live replacement, with the ids to consider instead, in file order.
        public var retired: [(id: String, consider: [String])] = []
        /// `replaced_by` loops: the obsolete ids of each, and the line of the first term's stanza.
        public var cycles: [(ids: [String], line: Int)] = []
    }

    /// Which live term each alias (alt_id or obsolete id) resolves to.
    public static func aliases(in document: OBODocument) -> [String: String] { resolve(document).aliases }

    /// Resolves alt_ids and obsolete ids (see the type's documentation for the rules).
    ///
    /// Terms are read by index, field by field: iterating `document.terms` would copy every term
    /// (a dozen arrays and strings) on each pass.
    public static func resolve(_ document: OBODocument) -> Resolution {
        let terms = document.terms
        var live = Set<String>(minimumCapacity: terms.count)
        var obsolete: [String: Int] = [:]
        var altOwner: [String: String] = [:]
        for index in terms.indices {
            if terms[index].isObsolete { obsolete[terms[index].id] = index } else { live.insert(terms[index].id) }
        }
        for index in terms.indices where !terms[index].isObsolete {
            for alt in terms[index].altIDs where !live.contains(alt) { altOwner[alt] = terms[index].id }
        }
        var resolution = Resolution()
        var inCycle = Set<String>()
        for index in terms.indices where terms[index].isObsolete {
            let id = terms[index].id
            // Follow replaced_by through obsolete terms to a live one.
            var chain = [id], current = index
            var target: String?
            while let next = terms[current].replacedBy.first {
                if live.contains(next) { target = next; break }
                if let owner = altOwner[next] { target = owner; break }
                guard let nextIndex = obsolete[next] else { break }
                if let start = chain.firstIndex(of: next) {
                    let loop = Array(chain[start...])
                    if !loop.contains(where: inCycle.contains) {
                        resolution.cycles.append((loop, terms[obsolete[loop[0]] ?? index].line))
                        inCycle.formUnion(loop)
                    }
                    break
                }
                chain.append(next)
                current = nextIndex
            }
            if let target {
                resolution.aliases[id] = target
            } else if let owner = altOwner[id] {
                resolution.aliases[id] = owner
            } else {
                resolution.retired.append((id, terms[index].consider))
            }
        }
        for (alt, owner) in altOwner where resolution.aliases[alt] == nil && obsolete[alt] == nil {
            resolution.aliases[alt] = owner
        }
        return resolution
    }

    /// How many terms refused for one reason are located; the others are counted in one finding.
    static let locatedRefusals = 20

    static func add(_ document: OBODocument, from file: ImportedFile, to builder: inout GraphBuilder) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let terms = document.terms
        let resolution = resolve(document)
        let aliases = resolution.aliases
        for (ids, line) in resolution.cycles {
            diagnostics.append(.warning(.replacementCycle,
                "replaced_by links loop (\((ids + [ids[0]]).joined(separator: " -> "))): no live term replaces them, so they are retired",
                at: SourceLocation(file: file.path, line: line, column: 1)))
        }
        // Every obsolete term is recorded as written (exports state them); the graph retires those
        // that no alias resolves (``KnowledgeGraph/retirement(of:)``).
        for index in terms.indices where terms[index].isObsolete {
            let term = terms[index]
            builder.addObsolete(GraphSegment.Retired(
                id: term.id, consider: term.consider, label: term.name, replacedBy: term.replacedBy.first, pack: file.pack))
        }
        var aliasesByTerm: [String: [String]] = [:]
        for (alias, target) in aliases { aliasesByTerm[target, default: []].append(alias) }
        // Entity ids by term position, for the is_a pass (no second lookup by text).
        var entityOfTerm = [EntityID?](repeating: nil, count: terms.count)
        // Terms that cannot be added, by problem: the first few located, the rest counted (an
        // ontology a second pack imports again would otherwise give an error per term).
        var refused: [DiagnosticID: FindingCap] = [:]
        var refusedOrder: [DiagnosticID] = []
        builder.reserveEntities(terms.count)
        // The entity of a live term, made as a value the builder takes (moved in, not copied).
        // No array is made that most terms leave empty (19,000 terms, ~10^5 names).
        func entity(ofTermAt index: Int) -> Entity {
            let id = terms[index].id
            // One pass over the synonyms: their texts, and their forms only when one is not an
            // exact untyped synonym (copies of the parsed synonyms would retain three values each).
            var texts: [String] = [], forms: [SynonymForm] = [], formed = false
            texts.reserveCapacity(terms[index].synonyms.count)
            for number in terms[index].synonyms.indices where terms[index].synonyms[number].type != "obsolete_synonym" {
                let (text, scope, type) = (terms[index].synonyms[number].text, terms[index].synonyms[number].scope,
                                           terms[index].synonyms[number].type)
                let form = SynonymForm(scope.form, type: type)
                if form != .exact, !formed { formed = true; forms = Array(repeating: .exact, count: texts.count) }
                if formed { forms.append(form) }
                texts.append(text)
            }
            // An exact layperson synonym names the term; a related one ("Epilepsy" of Seizure) does
            // not. (Looked for among all synonyms, as written.)
            var layperson: (exact: String?, other: String?) = (nil, nil)
            for number in terms[index].synonyms.indices where terms[index].synonyms[number].type == "layperson" {
                let scope = terms[index].synonyms[number].scope
                if scope == .exact { layperson.exact = terms[index].synonyms[number].text; break }
                if scope != .related, layperson.other == nil { layperson.other = terms[index].synonyms[number].text }
            }
            var entity = Entity(
                id: id, kind: "finding", label: terms[index].name ?? id, synonyms: texts,
                definition: terms[index].definition,
                xrefs: aliasesByTerm[id].map { terms[index].xrefs + $0.sorted() } ?? terms[index].xrefs, pack: file.pack)
            entity.plainLabel = layperson.exact ?? layperson.other
            entity.synonymForms = forms
            entity.definitionXrefs = terms[index].definitionXrefs
            entity.altIDs = terms[index].altIDs
            return entity
        }
        for index in terms.indices where !terms[index].isObsolete {
            do throws(GraphError) {
                entityOfTerm[index] = try builder.addEntityReturningID(entity(ofTermAt: index))
            } catch {
                let location = SourceLocation(file: file.path, line: terms[index].line, column: 1)
                if refused[error.diagnosticID] == nil { refusedOrder.append(error.diagnosticID) }
                if refused[error.diagnosticID, default: FindingCap(limit: Self.locatedRefusals)].admits(at: location) {
                    diagnostics.append(.error(error.diagnosticID, error.description, at: location))
                }
            }
        }
        for id in refusedOrder {
            if let more = refused[id]?.summary(.error, id, at: file.location, { "\($0) more term\($0 == 1 ? " is" : "s are") not added, for the same reason" }) {
                diagnostics.append(more)
            }
        }
        for (alias, target) in aliases {
            if let id = builder.entityID(for: target) { builder.addAlias(alias, for: id) }
        }
        guard let isA = builder.relationID(for: "is_a") else {
            return diagnostics + [.error(.importNeedsCore, "the 'is_a' relation is not declared; depend on the core pack", at: file.location)]
        }
        let provenance = builder.internProvenance(Provenance(pack: file.pack, source: file.source))
        let none = builder.internQualifiers(.none)
        // Links to terms that are not live: the first few located, the rest counted (a file cut
        // short at a line's end names hundreds of terms it no longer defines).
        var unknownParents = FindingCap(limit: Self.locatedRefusals)
        var obsoleteIDs: Set<String>?
        for index in terms.indices {
            guard let child = entityOfTerm[index] else { continue }
            for (number, parent) in terms[index].isA.enumerated() {
                guard let parentID = builder.entityID(for: parent) else {
                    let positions = terms[index].isAPositions
                    let (line, column) = number < positions.count ? positions[number] : (terms[index].line, 1)
                    let location = SourceLocation(file: file.path, line: line, column: column)
                    guard unknownParents.admits(at: location) else { continue }
                    if obsoleteIDs == nil { obsoleteIDs = Set(terms.indices.lazy.filter { terms[$0].isObsolete }.map { terms[$0].id }) }
                    let why = obsoleteIDs?.contains(parent) == true ? "an obsolete term" : "a term the file does not define"
                    diagnostics.append(.warning(.unknownTerm, "\(terms[index].id) is_a \(parent), \(why); the link is left out", at: location))
                    continue
                }
                builder.addAssertion(subject: child, relation: isA, object: parentID, qualifierIndex: none, provenanceIndex: provenance)
            }
        }
        if let more = unknownParents.summary(.warning, .unknownTerm, at: file.location, {
            "\($0) more is_a link\($0 == 1 ? "" : "s") name\($0 == 1 ? "s" : "") terms that are not live and are left out (is the file complete?)"
        }) {
            diagnostics.append(more)
        }
        return diagnostics
    }
}

extension OBOSynonym.Scope {
    /// The same scope in the graph's terms.
    var form: SynonymForm.Scope {
        switch self {
        case .exact: .exact
        case .broad: .broad
        case .narrow: .narrow
        case .related: .related
        }
    }
}
