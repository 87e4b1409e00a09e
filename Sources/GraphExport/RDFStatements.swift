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
/// assertion is only stated reified, with `symkb:negated true`, never as a plain triple, and so is
/// one of frequency zero (``KnowledgeGraph/statesAbsence(_:)``), with its `symkb:frequency`.
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
    // The predicates, made once.
    static let dctermsIdentifier = dcterms + "identifier"
    static let dctermsSource = dcterms + "source"
    static let dctermsTitle = dcterms + "title"
    static let dctermsBibliographicCitation = dcterms + "bibliographicCitation"
    static let dctermsBibliographicResource = dcterms + "BibliographicResource"
    static let oboInOwlHasDbXref = oboInOwl + "hasDbXref"
    static let owlObjectProperty = owl + "ObjectProperty"
    static let owlSymmetricProperty = owl + "SymmetricProperty"
    static let owlTransitiveProperty = owl + "TransitiveProperty"
    static let rdfStatement = rdf + "Statement"
    static let rdfObject = rdf + "object"
    static let rdfPredicate = rdf + "predicate"
    static let rdfSubject = rdf + "subject"
    static let rdfType = rdf + "type"
    static let rdfsClass = rdfs + "Class"
    static let rdfsComment = rdfs + "comment"
    static let rdfsLabel = rdfs + "label"
    static let skosAltLabel = skos + "altLabel"
    static let skosDefinition = skos + "definition"
    static let skosExactMatch = skos + "exactMatch"
    static let symkbCategory = symkb + "category"
    static let symkbCertainty = symkb + "certainty"
    static let symkbContext = symkb + "context"
    static let symkbFrequency = symkb + "frequency"
    static let symkbInverseName = symkb + "inverseName"
    static let symkbLocator = symkb + "locator"
    static let symkbName = symkb + "name"
    static let symkbNegated = symkb + "negated"
    static let symkbOnset = symkb + "onset"
    static let symkbPack = symkb + "pack"
    static let symkbParentKind = symkb + "parentKind"
    static let symkbSeverity = symkb + "severity"

    /// Calls `group` with each subject and its predicate-object pairs.
    func forEachSubject(_ group: (RDFTerm, [(predicate: String, object: RDFTerm)]) -> Void) {
        let graph = scope.graph
        let type = Self.rdfType
        // The vocabulary: kinds and relations.
        for kind in graph.kinds {
            var pairs: [(String, RDFTerm)] = [(type, .iri(Self.rdfsClass)), (Self.rdfsLabel, .literal(kind.label)),
                                             (Self.symkbName, .literal(kind.name)),
                                             (Self.symkbCategory, .iri(IRIScheme.iri(forCURIE: IRIScheme.biolinkCategory(of: kind.name, in: graph))))]
            if let parent = kind.parent { pairs.append((Self.symkbParentKind, .iri(IRIScheme.kind(parent)))) }
            if let description = kind.description { pairs.append((Self.rdfsComment, .literal(description))) }
            group(.iri(IRIScheme.kind(kind.name)), pairs)
        }
        for (position, relation) in graph.relations.enumerated() {
            var pairs: [(String, RDFTerm)] = [(type, .iri(Self.owlObjectProperty)), (Self.rdfsLabel, .literal(relation.label)),
                                             (Self.symkbName, .literal(relation.name))]
            if let inverse = relation.inverseName { pairs.append((Self.symkbInverseName, .literal(inverse))) }
            if relation.isTransitive { pairs.append((type, .iri(Self.owlTransitiveProperty))) }
            if relation.isSymmetric { pairs.append((type, .iri(Self.owlSymmetricProperty))) }
            for curie in [relation.relationOntologyID, relation.biolinkID].compactMap({ $0 }) {
                let iri = IRIScheme.iri(forCURIE: curie)
                if iri != scope.iris.relationIRIs[position] { pairs.append((Self.skosExactMatch, .iri(iri))) }
            }
            group(.iri(scope.iris.relationIRIs[position]), pairs)
        }
        // Entities. The rdf:type pairs of each combination of kinds are made once.
        var typeCache: [[String]: [(String, RDFTerm)]] = [:]
        func typePairs(of node: ExportScope.Node) -> [(String, RDFTerm)] {
            if let known = typeCache[node.kinds] { return known }
            let pairs = scope.kindChain(of: node).map { (type, RDFTerm.iri(IRIScheme.kind($0))) }
                + scope.categories(of: node).map { (type, RDFTerm.iri(IRIScheme.iri(forCURIE: $0))) }
            typeCache[node.kinds] = pairs
            return pairs
        }
        for node in scope.nodes {
            let entity = node.entity
            var pairs = typePairs(of: node)
            pairs.append((Self.rdfsLabel, .literal(entity.label)))
            pairs.append((Self.dctermsIdentifier, .literal(entity.id)))
            if !node.isReference {
                for pack in node.packs { pairs.append((Self.symkbPack, .literal(pack))) }
                for synonym in entity.synonyms { pairs.append((Self.skosAltLabel, .literal(synonym))) }
                if let definition = entity.definition { pairs.append((Self.skosDefinition, .literal(definition))) }
                for xref in entity.xrefs { pairs.append((Self.oboInOwlHasDbXref, .literal(xref))) }
                for other in node.sameAs { pairs.append((Self.skosExactMatch, .iri(IRIScheme.entity(other)))) }
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
        let provenances = Array(graph.provenanceTable)  // each record decoded once, not once per assertion
        // A triple several assertions state (an annotation file's rows that differ only in their
        // reference) is written once; each assertion keeps its statement.
        struct Triple: Hashable { let subject: Int32, relation: Int, object: Int32 }
        var written = Set<Triple>()
        for assertion in scope.assertions {
            let edge = graph[assertion]
            let subject = iri(edge.subject), object = iri(edge.object)
            let predicate = scope.iris.relationIRIs[edge.relation.position]
            let qualifiers = graph.qualifiers(of: assertion)
            // One that states absence (NOT, or a frequency of zero: `0/9`) is no plain triple,
            // as symkb's own questions do not take it as one; its statement keeps what was written.
            if !graph.statesAbsence(assertion),
               written.insert(Triple(subject: edge.subject.index, relation: edge.relation.position, object: edge.object.index)).inserted {
                group(subject, [(predicate, object)])
            }
            var pairs: [(String, RDFTerm)] = [
                (type, .iri(Self.rdfStatement)), (Self.rdfSubject, subject),
                (Self.rdfPredicate, .iri(predicate)), (Self.rdfObject, object),
            ]
            // As in KGX and Neo4j: a frequency of none states absence as NOT does (the frequency is kept).
            if qualifiers.statesAbsence { pairs.append((Self.symkbNegated, .boolean(true))) }
            if let certainty = qualifiers.certainty { pairs.append((Self.symkbCertainty, .literal(certainty.rawValue))) }
            if let frequency = qualifiers.frequency {
                pairs.append((Self.symkbFrequency, frequency.hasPrefix("HP:") ? .iri(IRIScheme.entity(frequency)) : .literal(frequency)))
            }
            if let severity = qualifiers.severity { pairs.append((Self.symkbSeverity, .literal(severity))) }
            if let onset = qualifiers.onset {
                pairs.append((Self.symkbOnset, onset.hasPrefix("HP:") ? .iri(IRIScheme.entity(onset)) : .literal(onset)))
            }
            if let context = qualifiers.context { pairs.append((Self.symkbContext, .literal(context))) }
            let provenance = provenances[Int(graph.assertions[assertion.position].provenanceIndex)]
            pairs.append((Self.symkbPack, .literal(provenance.pack)))
            if !provenance.source.isEmpty { pairs.append((Self.dctermsSource, .iri(IRIScheme.source(provenance.source, of: provenance.pack)))) }
            if let locator = provenance.locator { pairs.append((Self.symkbLocator, .literal(locator))) }
            group(.blank("a\(assertion.index)"), pairs)
        }
        // The sources cited: their pack's id for them, and what the pack says of them.
        for source in scope.citedSources {
            var pairs: [(String, RDFTerm)] = [
                (type, .iri(Self.dctermsBibliographicResource)), (Self.dctermsIdentifier, .literal(source.id)),
                (Self.symkbPack, .literal(source.pack)),
            ]
            if !source.title.isEmpty { pairs.append((Self.dctermsTitle, .literal(source.title))) }
            if let citation = source.citation { pairs.append((Self.dctermsBibliographicCitation, .literal(citation))) }
            group(.iri(IRIScheme.source(source.id, of: source.pack)), pairs)
        }
    }
}
