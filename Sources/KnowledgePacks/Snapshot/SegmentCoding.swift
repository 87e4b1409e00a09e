import Foundation
import SymptomGraph

/// Writes and reads a ``GraphSegment`` in the snapshot format.
///
/// Layout: the entities as ``EntityRecords`` (count, kind and pack names, then one buffer read
/// in place: offsets, kind and pack codes, id order, records), then aliases, obsolete terms,
/// relation names, qualifier and provenance tables, the assertions as one block of 20-byte
/// records, their positions grouped by relation (``AssertionTable/RelationGroups``) and by
/// entity, as subject and as object (``AssertionTable/EndLists``, read in place), the
/// segment's ranking tables (``AnnotationTables``) as raw arrays when it has them, its name table
/// (seven tier buffers, read in place), and last the ranking tables of the graph it was compiled
/// beside (``AnnotationTables/Precomputed``: a digest, an entity count, the tables) when it has
/// them. Opening decodes no entity and copies no assertion: the records, the assertions, their
/// lists, the ranking tables and the name table stay in the mapped file (the assertions' references are checked once); the payload
/// checksum is summed on a thread of its own meanwhile (``SnapshotChecksum/Pending``).
enum SegmentCoding {
    /// A segment's assertions grouped by relation and listed by entity, as the file stores them.
    struct AssertionIndexes: Sendable {
        let groups: (offsets: [Int32], positions: [Int32])
        let lists: AssertionTable.EndLists

        init(of segment: GraphSegment) {
            groups = AssertionTable.RelationGroups.of(segment.assertions, relationCount: segment.relationNames.count)
            lists = AssertionTable.EndLists(of: segment.assertions, entityCount: segment.entities.count)
        }

    }

    /// The segment up to its last part, the graph tables (``writeGraphTables(_:to:)``), with its
    /// assertion indexes (``AssertionIndexes/init(of:)``, made by the compile beside the segment).
    static func writeAllButGraphTables(_ segment: GraphSegment, indexes: AssertionIndexes, to writer: inout BinaryWriter) {
        let stored = segment.entities.recordRuns
        let records = stored.count == 1 && stored[0].records.count == segment.entities.count && !segment.entities.hasChanges
            ? stored[0].records : EntityRecords(encoding: segment.entities)
        writer.write(UInt32(records.count))
        writer.write(records.kindNames)
        writer.write(records.packNames)
        writer.write(UInt64(records.buffer.count))
        writer.writeStored(records.buffer)
        writer.write(UInt32(segment.aliases.count))
        for alias in segment.aliases {
            writer.write(alias.alias)
            writer.write(UInt32(bitPattern: alias.entity))
        }
        writer.write(UInt32(segment.retired.count))
        for term in segment.retired {
            writer.write(term.id)
            writer.write(term.consider)
            writer.write(term.label)
            writer.write(term.replacedBy)
            writer.write(term.pack)
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
        writer.writeRaw(segment.assertions.contiguous)
        writer.writeRaw(indexes.groups.offsets)
        writer.writeRaw(indexes.groups.positions)
        let lists = indexes.lists
        for array in [lists.subjectOffsets, lists.subjectPositions, lists.objectOffsets, lists.objectPositions] {
            writer.writeRaw(array)
        }
        writeTables(segment.annotationTables?.tables, to: &writer)
        writer.write(segment.nameTable != nil)
        for buffer in segment.nameTable?.buffers ?? [] {
            writer.write(UInt32(buffer.count))
            writer.writeStored(buffer)
        }
    }

    /// The last part of a segment: the ranking tables of the graph it was compiled beside, if any.
    static func writeGraphTables(_ graphTables: AnnotationTables.Precomputed?, to writer: inout BinaryWriter) {
        writer.write(graphTables != nil)
        if let graphTables {
            writer.write(graphTables.digest)
            writer.write(UInt32(graphTables.entityCount))
            writeTables(graphTables.stored.tables, to: &writer)
        }
    }

    /// The ranking tables: a flag, then the ancestor rows and each database's rows as raw arrays.
    private static func writeTables(_ tables: AnnotationTables?, to writer: inout BinaryWriter) {
        guard let tables else {
            writer.write(false)
            return
        }
        writer.write(true)
        writer.writeRaw(tables.ancestorOffsets)
        writer.writeRaw(tables.ancestorList)
        writer.write(UInt32(tables.databases.count))
        for database in tables.databases {
            writer.write(database.name)
            for array in [database.diseases, database.termOffsets, database.terms, database.ownEnds,
                          database.negatedOffsets, database.negated, database.counts] {
                writer.writeRaw(array)
            }
        }
    }

    /// Steps over stored ranking tables, checking only their lengths; returns whether there are any.
    private static func skipTables(_ reader: inout BinaryReader) throws(SnapshotError) -> Bool {
        guard try reader.bool() else { return false }
        func skipArray() throws(SnapshotError) {
            let count = try reader.count(minimumBytesEach: 4)
            _ = try reader.bytes(count * 4)
        }
        try skipArray()
        try skipArray()
        let databaseCount = try reader.count(minimumBytesEach: 32)
        for _ in 0..<databaseCount {
            _ = try reader.string()
            for _ in 0..<7 { try skipArray() }
        }
        return true
    }

    /// The tables, their arrays read where they lie in a mapped `storage` (copied from memory).
    private static func readTables(
        _ reader: inout BinaryReader, storage: SnapshotStorage, entityCount: Int
    ) throws(SnapshotError) -> AnnotationTables? {
        guard try reader.bool() else { return nil }
        let offsets = storage.int32s(try reader.rawBytes(Int32.self)), list = storage.int32s(try reader.rawBytes(Int32.self))
        let databaseCount = try reader.count(minimumBytesEach: 32)
        var databases: [AnnotationTables.Database] = []
        for _ in 0..<databaseCount {
            let name = try reader.string()
            var arrays: [Int32Buffer] = []
            for _ in 0..<7 { arrays.append(storage.int32s(try reader.rawBytes(Int32.self))) }
            databases.append(AnnotationTables.Database(
                name: name, diseases: arrays[0], termOffsets: arrays[1], terms: arrays[2], ownEnds: arrays[3],
                negatedOffsets: arrays[4], negated: arrays[5], counts: arrays[6]))
        }
        let tables = AnnotationTables(ancestorOffsets: offsets, ancestorList: list, databases: databases)
        if let problem = tables.inconsistency(entityCount: entityCount) { throw .corrupt(problem) }
        return tables
    }

    /// What the tables task decodes.
    private struct Tables {
        var aliases: [GraphSegment.Alias] = []
        var retired: [GraphSegment.Retired] = []
        var relationNames: [String] = []
        var qualifiers: [Qualifiers] = []
        var provenances = ProvenanceTable()
        var assertions = AssertionTable()
        var annotationTables: AnnotationTables.Stored?
    }

    /// Reads a segment. `storage` makes the buffers kept in place (slices of a mapped file) and is
    /// handed each part of the file once it has been read.
    static func read(from reader: inout BinaryReader, storage: SnapshotStorage) throws(SnapshotError) -> GraphSegment {
        let entityCount = try reader.count(minimumBytesEach: 16)
        let kindNames = try reader.strings(), packNames = try reader.strings()
        let length = try reader.uint64()
        guard length <= UInt64(Int.max) else { throw .corrupt("the entity records claim \(length) bytes") }
        let buffer = storage.data(try reader.bytes(Int(length)))
        let records: EntityRecords
        switch EntityRecords.validated(count: entityCount, kindNames: kindNames, packNames: packNames, buffer: buffer) {
        case let .success(valid): records = valid
        case let .failure(problem): throw .corrupt(problem.description)
        }
        var tables = Tables()
        let tablesStart = reader.offset
        try readTables(&reader, into: &tables, storage: storage)
        storage.release(reader.bytesRead(since: tablesStart))  // copied out, or read again when asked for
        // The assertions stay where they lie in a mapping (a graph reads them through its shifts).
        let assertionBytes = try reader.rawBytes(Assertion.self)
        let groupOffsets = try reader.raw(Int32.self), groupPositions = try reader.rawBytes(Int32.self)
        // Both read whole by the checks below.
        storage.populate(assertionBytes)
        storage.populate(groupPositions)
        let groups = AssertionTable.RelationGroups(offsets: groupOffsets, positions: groupPositions)
        // Each entity's assertions, read in place and checked as they are read (not now).
        var listArrays: [Int32Buffer] = []
        for _ in 0..<4 { listArrays.append(storage.int32s(try reader.rawBytes(Int32.self))) }
        let lists = AssertionTable.EndLists(
            subjectOffsets: listArrays[0], subjectPositions: listArrays[1], objectOffsets: listArrays[2], objectPositions: listArrays[3])
        if let mapping = storage.keptMapping {
            tables.assertions = AssertionTable(inPlace: assertionBytes, keptAliveBy: mapping, groups: groups, lists: lists)
        } else {
            // Bytes in memory (a fuzzer's, a test's) do not outlive the decoding: the assertions
            // are copied into memory of their own, and read with their lists as a mapping's are.
            let copy = MappedFile.ownedCopy(assertionBytes)
            tables.assertions = copy.withUnsafeBytes { AssertionTable(inPlace: $0, keptAliveBy: copy, lists: lists) }
        }
        tables.annotationTables = try storedTables(&reader, storage: storage, entityCount: entityCount)
        // The two checks that read every assertion (the relation groups', and every reference's),
        // side by side: ~13 M instructions of the ~95 M of a cold query. Nothing has read the
        // assertions through the groups or the references yet.
        let relationCount = tables.relationNames.count
        let (qualifierCount, provenanceCount) = (tables.qualifiers.count, tables.provenances.count)
        let (assertions, aliases) = (tables.assertions, tables.aliases)
        let (groupProblem, referenceProblem) = parallelPair {
            groups.inconsistency(assertions: assertionBytes, relationCount: relationCount)
        } _: {
            GraphSegment.inconsistency(
                entityCount: entityCount, relationCount: relationCount, qualifierCount: qualifierCount,
                provenanceCount: provenanceCount, assertions: assertions, aliases: aliases)
        }
        if let problem = groupProblem ?? referenceProblem { throw .corrupt(problem) }
        var segment = GraphSegment(
            entities: EntityStore(records: records), aliases: tables.aliases, relationNames: tables.relationNames,
            assertions: tables.assertions, qualifiers: tables.qualifiers, provenances: tables.provenances)
        segment.retired = tables.retired
        segment.annotationTables = tables.annotationTables
        if try reader.bool() {
            var buffers: [UnsafeRawBufferPointer] = []
            for _ in NameTable.Tier.allCases { buffers.append(try reader.bytes(Int(try reader.uint32()))) }
            switch NameTable.validated(buffers.map(storage.data), entityCount: entityCount) {
            case let .success(table): segment.nameTable = table
            case let .failure(problem): throw .corrupt(problem.description)
            }
        }
        if try reader.bool() {
            let digest = try reader.uint64(), graphEntityCount = Int(try reader.uint32())
            if let stored = try storedTables(&reader, storage: storage, entityCount: graphEntityCount) {
                segment.graphTables = AnnotationTables.Precomputed(digest: digest, entityCount: graphEntityCount, stored: stored)
            }
        }
        return segment
    }

    /// Ranking tables that stay where they lie until a query ranks: their lengths are checked now,
    /// their contents then (`nil` then if they do not fit `entityCount` entities, and the graph
    /// makes its own).
    private static func storedTables(
        _ reader: inout BinaryReader, storage: SnapshotStorage, entityCount: Int
    ) throws(SnapshotError) -> AnnotationTables.Stored? {
        let start = reader.offset
        guard try skipTables(&reader) else { return nil }
        let stored = storage.data(reader.bytesRead(since: start))
        return AnnotationTables.Stored {
            stored.withUnsafeBytes { bytes in
                var tablesReader = BinaryReader(bytes)
                return (try? readTables(&tablesReader, storage: storage, entityCount: entityCount)) ?? nil
            }
        }
    }

    private static func readTables(_ reader: inout BinaryReader, into tables: inout Tables, storage: SnapshotStorage) throws(SnapshotError) {
        let aliasCount = try reader.count(minimumBytesEach: 8)
        tables.aliases.reserveCapacity(aliasCount)
        for _ in 0..<aliasCount {
            let alias = try reader.string()
            tables.aliases.append(GraphSegment.Alias(alias: alias, entity: Int32(bitPattern: try reader.uint32())))
        }
        let retiredCount = try reader.count(minimumBytesEach: 8)
        tables.retired.reserveCapacity(retiredCount)
        for _ in 0..<retiredCount {
            let id = try reader.string()
            let consider = try reader.strings(), label = try reader.optionalString()
            let replacedBy = try reader.optionalString(), pack = try reader.string()
            tables.retired.append(GraphSegment.Retired(id: id, consider: consider, label: label, replacedBy: replacedBy, pack: pack))
        }
        tables.relationNames = try reader.strings()
        let qualifierCount = try reader.count(minimumBytesEach: 18)
        // With room for the packs loaded after this one to intern their few sets: at capacity,
        // the first would copy the whole table into a buffer twice its size (~70 page faults
        // of fresh memory for the HPO's sets, at every load).
        tables.qualifiers.reserveCapacity(qualifierCount + 1024)
        for _ in 0..<qualifierCount {
            let certainty = try certainty(try reader.uint8())
            let frequency = try reader.optionalString(), severity = try reader.optionalString()
            let onset = try reader.optionalString(), negated = try reader.bool(), context = try reader.optionalString()
            tables.qualifiers.append(Qualifiers(
                certainty: certainty, frequency: frequency, severity: severity, onset: onset,
                isNegated: negated, context: context))
        }
        // Provenance records (10^4 for the HPO): only where each starts is read now, its lengths
        // checked; a record is decoded when a query asks for it.
        let provenanceCount = try reader.count(minimumBytesEach: 12)
        let provenanceStart = reader.offset
        let starts = try reader.recordStarts(count: provenanceCount, fields: 3)  // pack, source, locator?
        let section = storage.data(reader.bytesRead(since: provenanceStart))
        tables.provenances = ProvenanceTable(count: provenanceCount) { [starts] index in
            section.withUnsafeBytes { bytes in
                var record = BinaryReader(bytes, offset: starts[index])
                return Provenance(
                    pack: (try? record.string()) ?? "", source: (try? record.string()) ?? "",
                    locator: (try? record.optionalString()) ?? nil)
            }
        }
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
