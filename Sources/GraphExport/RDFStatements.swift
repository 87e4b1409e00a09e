import SymptomGraph

/// An RDF term.
public enum RDFTerm: Sendable, Equatable {
    /// An IRI.
    case iri(String)
    /// A blank node, by label.
    case blank(String)
    /// A literal with an optional datatype IRI.
    case literal(String, datatype: String? = nil)

    static func boolean(_ value: Bool) -> RDFTerm { .literal(value ? "true" : "false", datatype: xsd + "boolean") }
    static let xsd = "http://www.w3.org/2001/XMLSchema#"
}

/// The RDF statements of an export scope, subject by subject (docs/EXPORT.md describes the mapping).
///
/// Qualifiers and provenance are on **reified statements** (`rdf:Statement` with `rdf:subject`,
/// `rdf:predicate`, `rdf:object`), one per assertion, which every RDF 1.1 store reads; a negated
/// assertion is only stated reified, with `symkb:negated true`, never as a plain triple.
struct RDFStatements {
    let scope: ExportScope

    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let rdfs = "http://www.w3.org/2000/01/rdf-schema#"
    static let owl = "http://www.w3.org/2002/07/owl#"
    static let skos = "http://www.w3.org/2004/02/skos/core#"
    static let dcterms = "http://purl.org/dc/terms/"
    static let oboInOwl = "http://www.geneontology.org/formats/oboInOwl#"
    static let biolink = "https://w3id.org/biolink/vocab/"
    static let symkb = IRIScheme.vocabulary

    /// Calls `group` with each subject and its predicate-object pairs.
    func forEachSubject(_ group: (RDFTerm, [(predicate: String, object: RDFTerm)]) -> Void) {
        let graph = scope.graph
        let type = Self.rdf + "type"
        // The vocabulary: kinds and relations.
        for kind in graph.kinds {
            var pairs: [(String, RDFTerm)] = [(type, .iri(Self.rdfs + "Class")), (Self.rdfs + "label", .literal(kind.label)),
                                             (Self.symkb + "name", .literal(kind.name)),
                                             (Self.symkb + "category", .iri(IRIScheme.iri(forCURIE: IRIScheme.biolinkCategory(of: kind.name, in: graph))))]
            if let parent = kind.parent { pairs.append((Self.symkb + "parentKind", .iri(IRIScheme.kind(parent)))) }
            if let description = kind.description { pairs.append((Self.rdfs + "comment", .literal(description))) }
            group(.iri(IRIScheme.kind(kind.name)), pairs)
        }
        for (position, relation) in graph.relations.enumerated() {
            var pairs: [(String, RDFTerm)] = [(type, .iri(Self.owl + "ObjectProperty")), (Self.rdfs + "label", .literal(relation.label)),
                                             (Self.symkb + "name", .literal(relation.name))]
            if let inverse = relation.inverseName { pairs.append((Self.symkb + "inverseName", .literal(inverse))) }
            if relation.isTransitive { pairs.append((type, .iri(Self.owl + "TransitiveProperty"))) }
            if relation.isSymmetric { pairs.append((type, .iri(Self.owl + "SymmetricProperty"))) }
            for curie in [relation.relationOntologyID, relation.biolinkID].compactMap({ $0 }) {
                let iri = IRIScheme.iri(forCURIE: curie)
                if iri != scope.iris.relationIRIs[position] { pairs.append((Self.skos + "exactMatch", .iri(iri))) }
            }
            group(.iri(scope.iris.relationIRIs[position]), pairs)
        }
        // Entities. The rdf:type pairs of each combination of kinds are made once.
        var typeCache: [[String]: [(String, RDFTerm)]] = [:]
        func typePairs(of nodeKinds: [String]) -> [(String, RDFTerm)] {
            if let known = typeCache[nodeKinds] { return known }
            var kinds: [String] = [], categories: [String] = []
            for kind in nodeKinds {
                for name in IRIScheme.kindAndAncestors(kind, in: graph) where !kinds.contains(name) { kinds.append(name) }
                let category = IRIScheme.biolinkCategory(of: kind, in: graph)
                if !categories.contains(category) { categories.append(category) }
            }
            let pairs = kinds.map { (type, RDFTerm.iri(IRIScheme.kind($0))) } + categories.map { (type, RDFTerm.iri(IRIScheme.iri(forCURIE: $0))) }
            typeCache[nodeKinds] = pairs
            return pairs
        }
        for node in scope.nodes {
            let entity = node.entity
            var pairs = typePairs(of: node.kinds)
            pairs.append((Self.rdfs + "label", .literal(entity.label)))
            pairs.append((Self.dcterms + "identifier", .literal(entity.id)))
            if !node.isReference {
                pairs.append((Self.symkb + "pack", .literal(entity.pack)))
                for synonym in entity.synonyms { pairs.append((Self.skos + "altLabel", .literal(synonym))) }
                if let definition = entity.definition { pairs.append((Self.skos + "definition", .literal(definition))) }
                for xref in entity.xrefs { pairs.append((Self.oboInOwl + "hasDbXref", .literal(xref))) }
                for other in node.sameAs { pairs.append((Self.skos + "exactMatch", .iri(IRIScheme.entity(other)))) }
                for mapping in entity.mappings {
                    let predicate = Self.skos + mapping.predicate.skos.dropFirst("skos:".count)
                    pairs.append((predicate, .iri(IRIScheme.entity(mapping.target))))
                }
            }
            group(.iri(IRIScheme.entity(entity.id)), pairs)
        }
        // Assertions: the triple (unless negated), then the statement with qualifiers and provenance.
        // Each end's IRI is made once (an ontology's terms are the ends of many annotations).
        var iris: [Int32: RDFTerm] = [:]
        func iri(_ entity: EntityID) -> RDFTerm {
            if let known = iris[entity.index] { return known }
            let made = RDFTerm.iri(IRIScheme.entity(scope.id(of: entity)))
            iris[entity.index] = made
            return made
        }
        for assertion in scope.assertions {
            let edge = graph[assertion]
            let subject = iri(edge.subject), object = iri(edge.object)
            let predicate = scope.iris.relationIRIs[edge.relation.position]
            let qualifiers = graph.qualifiers(of: assertion)
            if !qualifiers.isNegated { group(subject, [(predicate, object)]) }
            var pairs: [(String, RDFTerm)] = [
                (type, .iri(Self.rdf + "Statement")), (Self.rdf + "subject", subject),
                (Self.rdf + "predicate", .iri(predicate)), (Self.rdf + "object", object),
            ]
            if qualifiers.isNegated { pairs.append((Self.symkb + "negated", .boolean(true))) }
            if let certainty = qualifiers.certainty { pairs.append((Self.symkb + "certainty", .literal(certainty.rawValue))) }
            if let frequency = qualifiers.frequency {
                pairs.append((Self.symkb + "frequency", frequency.hasPrefix("HP:") ? .iri(IRIScheme.entity(frequency)) : .literal(frequency)))
            }
            if let severity = qualifiers.severity { pairs.append((Self.symkb + "severity", .literal(severity))) }
            if let onset = qualifiers.onset {
                pairs.append((Self.symkb + "onset", onset.hasPrefix("HP:") ? .iri(IRIScheme.entity(onset)) : .literal(onset)))
            }
            if let context = qualifiers.context { pairs.append((Self.symkb + "context", .literal(context))) }
            let provenance = graph.provenance(of: assertion)
            pairs.append((Self.symkb + "pack", .literal(provenance.pack)))
            if !provenance.source.isEmpty { pairs.append((Self.dcterms + "source", .literal(provenance.source))) }
            if let locator = provenance.locator { pairs.append((Self.symkb + "locator", .literal(locator))) }
            group(.blank("a\(assertion.index)"), pairs)
        }
    }
}
