import Foundation
import SymptomGraph

/// The part of a GA4GH Phenopacket (schema v2) that symkb reads and writes: the subject, the
/// phenotypic features (present or excluded, with their onset), interpretations (a differential)
/// and the metadata. Decoding ignores the rest of a phenopacket (genes, variants, biosamples, …);
/// encoding writes the protobuf JSON form (`camelCase` keys) the schema's tools parse.
public struct Phenopacket: Codable, Sendable, Equatable {
    public struct OntologyClass: Codable, Sendable, Equatable {
        public var id: String
        public var label: String

        public init(id: String, label: String) {
            self.id = id
            self.label = label
        }
    }

    /// When a feature began: an age (ISO 8601 duration) or an onset term, as the schema's TimeElement.
    public struct TimeElement: Codable, Sendable, Equatable {
        public struct Age: Codable, Sendable, Equatable {
            public var iso8601duration: String
        }

        public var age: Age?
        public var ontologyClass: OntologyClass?
        public var timestamp: String?
    }

    public struct PhenotypicFeature: Codable, Sendable, Equatable {
        public var type: OntologyClass
        public var excluded: Bool?
        public var onset: TimeElement?
        public var description: String?

        public init(type: OntologyClass, excluded: Bool? = nil) {
            self.type = type
            self.excluded = excluded
        }
    }

    public struct Individual: Codable, Sendable, Equatable {
        public var id: String
        public var sex: String?
    }

    public struct Diagnosis: Codable, Sendable, Equatable {
        public var disease: OntologyClass
    }

    public struct Interpretation: Codable, Sendable, Equatable {
        public var id: String
        public var progressStatus: String
        public var diagnosis: Diagnosis?
        public var summary: String?
    }

    public struct Resource: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var url: String
        public var version: String
        public var namespacePrefix: String
        public var iriPrefix: String
    }

    public struct MetaData: Codable, Sendable, Equatable {
        public var created: String?
        public var createdBy: String?
        public var resources: [Resource]?
        public var phenopacketSchemaVersion: String?
    }

    public var id: String
    public var subject: Individual?
    public var phenotypicFeatures: [PhenotypicFeature]?
    public var interpretations: [Interpretation]?
    public var metaData: MetaData?

    /// The ids of the features present and of those excluded, in order.
    public var findings: (present: [String], excluded: [String]) {
        let features = phenotypicFeatures ?? []
        return (features.filter { $0.excluded != true }.map(\.type.id), features.filter { $0.excluded == true }.map(\.type.id))
    }

    /// A phenopacket of findings (and a differential, when given) about entities of a graph.
    ///
    /// - Parameters:
    ///   - created: the creation time written in the metadata (ISO 8601).
    /// `versions` are the releases of the loaded resources by namespace prefix (`HP`: the HPO
    /// release the loaded pack was imported from); the others are "unknown".
    public static func of(
        id: String, present: [EntityID], excluded: [EntityID], differential: [(disease: EntityID, summary: String)],
        graph: KnowledgeGraph, created: String, versions: [String: String] = [:]
    ) -> Phenopacket {
        // The id's own label (Paresthesia for HP:0003401), not a curated member's (Tingling) that a
        // merged concept shows: a phenopacket's ontology class is read against the ontology.
        func term(_ entity: EntityID) -> OntologyClass {
            let id = graph[entity].id
            return OntologyClass(id: id, label: graph.members(of: entity).first { $0.id == id }?.label ?? graph[entity].label)
        }
        let features = present.map { PhenotypicFeature(type: term($0)) }
            + excluded.map { PhenotypicFeature(type: term($0), excluded: true) }
        let interpretations = differential.enumerated().map { rank, row in
            Interpretation(id: "\(id)-\(rank + 1)", progressStatus: "IN_PROGRESS",
                           diagnosis: Diagnosis(disease: term(row.disease)), summary: row.summary)
        }
        let prefixes = Set((present + excluded + differential.map(\.disease)).map { graph[$0].id.prefix { $0 != ":" } })
        return Phenopacket(
            id: id, subject: Individual(id: "\(id)-subject", sex: nil), phenotypicFeatures: features,
            interpretations: interpretations.isEmpty ? nil : interpretations,
            metaData: MetaData(
                created: created, createdBy: "symkb",
                resources: prefixes.sorted().compactMap { prefix in
                    Resource.known[String(prefix)].map { resource in
                        var resource = resource
                        resource.version = versions[resource.namespacePrefix] ?? resource.version
                        return resource
                    }
                },
                phenopacketSchemaVersion: "2.0"))
    }
}

extension Phenopacket {
    /// The time to record as created: now, or `$SOURCE_DATE_EPOCH` when set (reproducible output).
    public static func now(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let epoch = environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init)
        return ISO8601DateFormatter().string(from: epoch.map { Date(timeIntervalSince1970: $0) } ?? Date())
    }

    /// Reads a phenopacket from JSON; the error names what is wrong.
    public static func decode(_ data: Data) throws -> Phenopacket {
        try JSONDecoder().decode(Phenopacket.self, from: data)
    }

    /// The phenopacket as pretty JSON with sorted keys.
    public func encoded() -> Data { Data(JSONText.encode(self, pretty: true).utf8) }
}

extension Phenopacket.Resource {
    /// The resources of the prefixes symkb writes (version: "unknown" unless a loaded pack says).
    static let known: [String: Phenopacket.Resource] = [
        "HP": .init(id: "hp", name: "human phenotype ontology", url: "http://purl.obolibrary.org/obo/hp.owl",
                    version: "unknown", namespacePrefix: "HP", iriPrefix: "http://purl.obolibrary.org/obo/HP_"),
        "OMIM": .init(id: "omim", name: "Online Mendelian Inheritance in Man", url: "https://www.omim.org",
                      version: "unknown", namespacePrefix: "OMIM", iriPrefix: "https://omim.org/entry/"),
        "ORPHA": .init(id: "orpha", name: "Orphanet Rare Disease Ontology", url: "https://www.orpha.net",
                       version: "unknown", namespacePrefix: "ORPHA", iriPrefix: "http://www.orpha.net/ORDO/Orphanet_"),
        "DECIPHER": .init(id: "decipher", name: "DECIPHER", url: "https://www.deciphergenomics.org",
                          version: "unknown", namespacePrefix: "DECIPHER", iriPrefix: "https://www.deciphergenomics.org/syndrome/"),
    ]
}

extension String {
    /// FNV-1a of the UTF-8 bytes: the same in every process (Swift's `hashValue` is seeded per process).
    public var stableHash: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
