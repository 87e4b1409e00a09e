import SymptomGraph

/// Writes and reads a ``GraphSegment`` in the snapshot format: strings length-prefixed, the
/// assertions as one block of 20-byte records.
enum SegmentCoding {
    static func write(_ segment: GraphSegment, to writer: inout BinaryWriter) {
        writer.write(UInt32(segment.entities.count))
        for entity in segment.entities {
            writer.write(entity.id)
            writer.write(entity.kind)
            writer.write(entity.label)
            writer.write(entity.synonyms)
            writer.write(entity.definition)
            writer.write(entity.xrefs)
            writer.write(entity.pack)
        }
        writer.write(UInt32(segment.aliases.count))
        for alias in segment.aliases {
            writer.write(alias.alias)
            writer.write(UInt32(bitPattern: alias.entity))
        }
        writer.write(segment.relationNames)
        writer.write(UInt32(segment.qualifiers.count))
        for qualifiers in segment.qualifiers {
            writer.write(certaintyCode(qualifiers.certainty))
            writer.write(qualifiers.frequency)
            writer.write(qualifiers.severity)
            writer.write(qualifiers.onset)
            writer.write(qualifiers.isNegated)
            writer.write(qualifiers.context)
        }
        writer.write(UInt32(segment.provenances.count))
        for provenance in segment.provenances {
            writer.write(provenance.pack)
            writer.write(provenance.source)
            writer.write(provenance.locator)
        }
        writer.writeRaw(segment.assertions)
    }

    static func read(from reader: inout BinaryReader) throws(SnapshotError) -> GraphSegment {
        let entityCount = try reader.count(minimumBytesEach: 28)
        var entities: [Entity] = []
        entities.reserveCapacity(entityCount)
        for _ in 0..<entityCount {
            let id = try reader.string(), kind = try reader.string(), label = try reader.string()
            let synonyms = try reader.strings(), definition = try reader.optionalString()
            let xrefs = try reader.strings(), pack = try reader.string()
            entities.append(Entity(
                id: id, kind: kind, label: label, synonyms: synonyms, definition: definition, xrefs: xrefs, pack: pack))
        }
        let aliasCount = try reader.count(minimumBytesEach: 8)
        var aliases: [GraphSegment.Alias] = []
        aliases.reserveCapacity(aliasCount)
        for _ in 0..<aliasCount {
            let alias = try reader.string()
            aliases.append(GraphSegment.Alias(alias: alias, entity: Int32(bitPattern: try reader.uint32())))
        }
        let relationNames = try reader.strings()
        let qualifierCount = try reader.count(minimumBytesEach: 18)
        var qualifiers: [Qualifiers] = []
        qualifiers.reserveCapacity(qualifierCount)
        for _ in 0..<qualifierCount {
            let certainty = try certainty(try reader.uint8())
            let frequency = try reader.optionalString(), severity = try reader.optionalString()
            let onset = try reader.optionalString(), negated = try reader.bool(), context = try reader.optionalString()
            qualifiers.append(Qualifiers(
                certainty: certainty, frequency: frequency, severity: severity, onset: onset,
                isNegated: negated, context: context))
        }
        let provenanceCount = try reader.count(minimumBytesEach: 12)
        var provenances: [Provenance] = []
        provenances.reserveCapacity(provenanceCount)
        for _ in 0..<provenanceCount {
            let pack = try reader.string(), source = try reader.string(), locator = try reader.optionalString()
            provenances.append(Provenance(pack: pack, source: source, locator: locator))
        }
        let assertions = try reader.raw(Assertion.self)
        let segment = GraphSegment(
            entities: entities, aliases: aliases, relationNames: relationNames, assertions: assertions,
            qualifiers: qualifiers, provenances: provenances)
        if let problem = segment.inconsistency() { throw .corrupt(problem) }
        return segment
    }

    private static func certaintyCode(_ certainty: Certainty?) -> UInt8 {
        switch certainty {
        case nil: 0
        case .always: 1
        case .often: 2
        case .may: 3
        }
    }

    private static func certainty(_ code: UInt8) throws(SnapshotError) -> Certainty? {
        switch code {
        case 0: nil
        case 1: .always
        case 2: .often
        case 3: .may
        default: throw .corrupt("bad certainty code \(code)")
        }
    }
}
