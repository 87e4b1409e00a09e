import SymptomGraph

/// How symkb names its entities, relations and kinds in RDF (documented in docs/EXPORT.md).
///
/// - An ontology id (`HP:0001337`: an upper-case prefix) is its OBO PURL,
///   `http://purl.obolibrary.org/obo/HP_0001337`, except for the few non-OBO vocabularies that
///   have their own resolvers (OMIM, ORPHA, DECIPHER, UMLS, MESH).
/// - A pack id (`ms:lhermittes-sign`) lives under ``base``: `https://w3id.org/symkb/id/ms/lhermittes-sign`.
/// - A relation is named by the Relation Ontology id it declares, else its Biolink predicate, else
///   ``base`` + `relation/NAME`; two relations never share an IRI (the later one keeps its own).
/// - A kind is ``base`` + `kind/NAME`; symkb's own vocabulary (qualifiers, provenance) is ``vocabulary``.
public struct IRIScheme: Sendable {
    /// The base of every IRI symkb mints.
    public static let base = "https://w3id.org/symkb/"
    /// symkb's vocabulary: qualifier and provenance properties.
    public static let vocabulary = base + "vocab/"
    /// The base of pack ids.
    public static let entityBase = base + "id/"
    /// The base of kinds.
    public static let kindBase = base + "kind/"
    /// The base of relations with no external id.
    public static let relationBase = base + "relation/"
    /// The base of the sources packs cite: `source/PACK/ID` (a source id is its pack's own).
    public static let sourceBase = base + "source/"

    /// Prefixes written in Turtle and JSON-LD, and used to shorten IRIs.
    public static let prefixes: [(prefix: String, iri: String)] = [
        ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
        ("owl", "http://www.w3.org/2002/07/owl#"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("dcterms", "http://purl.org/dc/terms/"),
        ("oboInOwl", "http://www.geneontology.org/formats/oboInOwl#"),
        ("obo", "http://purl.obolibrary.org/obo/"),
        ("biolink", "https://w3id.org/biolink/vocab/"),
        ("symkb", vocabulary),
        ("kind", kindBase),
        ("rel", relationBase),
    ]

    /// Vocabularies that are not OBO ontologies, with the IRI their local ids are appended to.
    static let resolvers: [String: String] = [
        "OMIM": "https://omim.org/entry/",
        "ORPHA": "https://www.orpha.net/ORDO/Orphanet_",
        "DECIPHER": "https://www.deciphergenomics.org/syndrome/",
        "UMLS": "http://linkedlifedata.com/resource/umls/id/",
        "MESH": "http://id.nlm.nih.gov/mesh/",
        "MSH": "http://id.nlm.nih.gov/mesh/",
        "SNOMEDCT_US": "http://snomed.info/id/",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "biolink": "https://w3id.org/biolink/vocab/",
        "skos": "http://www.w3.org/2004/02/skos/core#",
    ]

    /// The IRI of each relation, by position.
    public let relationIRIs: [String]

    /// The scheme for a graph's relations.
    public init(graph: KnowledgeGraph) {
        var taken = Set<String>()
        relationIRIs = graph.relations.map { relation in
            for candidate in [relation.relationOntologyID, relation.biolinkID].compactMap({ $0 }) {
                let iri = Self.iri(forCURIE: candidate)
                if taken.insert(iri).inserted { return iri }
            }
            let own = Self.relationBase + Self.escaped(relation.name)
            taken.insert(own)
            return own
        }
    }

    /// A prefixed name (`obo:HP_0001337`) when the IRI is under one of ``prefixes`` and its local
    /// part is plainly safe, else `<IRI>`: valid in Turtle and SPARQL alike.
    public static func shortened(_ iri: String) -> String {
        for (prefix, base) in prefixes where iri.hasPrefix(base) {
            let local = iri.dropFirst(base.count)
            if let first = local.first, first.isASCII, first.isLetter || first.isNumber || first == "_",
               local.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) {
                return prefix + ":" + local
            }
        }
        return "<" + iri + ">"
    }

    /// The IRI of an entity id.
    public static func entity(_ id: String) -> String { iri(forCURIE: id) }

    /// The IRI of a kind.
    public static func kind(_ name: String) -> String { kindBase + escaped(name) }

    /// The IRI of source `id` of pack `pack`.
    public static func source(_ id: String, of pack: String) -> String { sourceBase + escaped(pack) + "/" + escaped(id) }

    /// The IRI of a CURIE: an upper-case (ontology) prefix becomes an OBO PURL or its resolver's
    /// IRI; anything else is a pack id under ``entityBase``.
    public static func iri(forCURIE curie: String) -> String {
        guard let colon = curie.firstIndex(of: ":") else { return entityBase + escaped(curie) }
        let prefix = String(curie[..<colon]), local = String(curie[curie.index(after: colon)...])
        if let resolver = resolvers[prefix] { return resolver + escaped(local) }
        if isOBOPrefix(prefix) { return "http://purl.obolibrary.org/obo/" + prefix + "_" + escaped(local) }
        return entityBase + escaped(prefix) + "/" + escaped(local)
    }

    /// Whether a CURIE names a term of an OBO ontology (`HP:0001251`, `MONDO:0005180`): an
    /// upper-case prefix that is no other vocabulary's (OMIM, ORPHA, UMLS …).
    public static func isOBOTerm(_ curie: String) -> Bool {
        guard let colon = curie.firstIndex(of: ":") else { return false }
        let prefix = String(curie[..<colon])
        return resolvers[prefix] == nil && isOBOPrefix(prefix)
    }

    private static func isOBOPrefix(_ prefix: String) -> Bool {
        prefix.first?.isUppercase == true && prefix.allSatisfy { ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "_" }
    }

    /// Percent-encodes everything but unreserved characters (RFC 3986) and `:`, so an IRI is
    /// valid in Turtle, N-Triples and SPARQL whatever an id holds.
    public static func escaped(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let char = Character(Unicode.Scalar(byte))
            if byte < 0x80, char.isLetter || char.isNumber || "-._~:".contains(char) {
                out.append(char)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// The Biolink category of a kind: its own, else its nearest ancestor's, else `biolink:NamedThing`.
    public static func biolinkCategory(of kind: String, in graph: KnowledgeGraph) -> String {
        graph.kindAndAncestors(of: kind).lazy.compactMap { categories[$0] }.first ?? "biolink:NamedThing"
    }

    static let categories: [String: String] = [
        "condition": "biolink:Disease", "disease": "biolink:Disease",
        "finding": "biolink:PhenotypicFeature", "symptom": "biolink:PhenotypicFeature", "sign": "biolink:PhenotypicFeature",
        "effect": "biolink:PhenotypicFeature", "trigger": "biolink:ExposureEvent",
        "mechanism": "biolink:BiologicalProcess", "body-site": "biolink:AnatomicalEntity",
        "course": "biolink:ClinicalCourse", "advice": "biolink:InformationContentEntity",
        "inheritance": "biolink:GeneticInheritance", "modifier": "biolink:ClinicalModifier",
    ]
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
