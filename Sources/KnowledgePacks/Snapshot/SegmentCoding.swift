import Dispatch
import Foundation
import SymptomGraph

/// Writes and reads a ``GraphSegment`` in the snapshot format.
///
/// Layout: the entity count and the kinds and pack ids they use, the entities in chunks (a table of
/// chunk sizes, then each chunk; kind and pack as numbers into that list), the entity ids again
/// as one list, then aliases, relation names, qualifier and provenance tables, and the assertions
/// as one block of 20-byte records, the segment's name table (six tier buffers, read in place) and its ranking tables (``AnnotationTables``) as raw
/// arrays when it has them. Chunks and the id list can be decoded independently, so reading
/// spreads over the machine's cores: the ids (hashed into the index the builder adopts), the tables
/// and assertions (with the checksum), and each chunk of entities are separate tasks.
enum SegmentCoding {
    /// Entities per chunk are balanced over this many chunks.
    static let chunkCount = 4

    static func write(_ segment: GraphSegment, to writer: inout BinaryWriter) {
        let entities = segment.entities
        // Kinds and pack ids repeat on every entity: written once, referred to by number.
        var sharedNames: [String] = [], sharedIndex: [String: UInt32] = [:]
        for entity in entities {
            for name in [entity.kind, entity.pack] where sharedIndex[name] == nil {
                sharedIndex[name] = UInt32(sharedNames.count)
                sharedNames.append(name)
            }
        }
        let perChunk = (entities.count + chunkCount - 1) / chunkCount
        let chunks = stride(from: 0, to: max(entities.count, 1), by: max(perChunk, 1)).map { start in
            var chunk = BinaryWriter()
            let slice = entities[start..<min(start + perChunk, entities.count)]
            for entity in slice { writeEntity(entity, names: sharedIndex, to: &chunk) }
            return (count: slice.count, bytes: chunk.bytes)
        }
        writer.write(UInt32(entities.count))
        writer.write(sharedNames)
        writer.write(UInt32(chunks.count))
        for chunk in chunks {
            writer.write(UInt32(chunk.count))
            writer.write(UInt32(chunk.bytes.count))
        }
        for chunk in chunks { writer.writeBytes(chunk.bytes) }
        var ids = BinaryWriter()
        ids.write(entities.map(\.id))
        writer.write(UInt32(ids.bytes.count))
        writer.writeBytes(ids.bytes)
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
        writer.writeRaw(segment.assertions)
        writeTables(segment.annotationTables, to: &writer)
        writer.write(segment.nameTable != nil)
        for buffer in segment.nameTable?.buffers ?? [] {
            writer.write(UInt32(buffer.count))
            writer.writeBytes([UInt8](buffer))
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

    private static func readTables(_ reader: inout BinaryReader, entityCount: Int) throws(SnapshotError) -> AnnotationTables? {
        guard try reader.bool() else { return nil }
        let offsets = try reader.raw(Int32.self), list = try reader.raw(Int32.self)
        let databaseCount = try reader.count(minimumBytesEach: 32)
        var databases: [AnnotationTables.Database] = []
        for _ in 0..<databaseCount {
            let name = try reader.string()
            var arrays: [[Int32]] = []
            for _ in 0..<7 { arrays.append(try reader.raw(Int32.self)) }
            databases.append(AnnotationTables.Database(
                name: name, diseases: arrays[0], termOffsets: arrays[1], terms: arrays[2], ownEnds: arrays[3],
                negatedOffsets: arrays[4], negated: arrays[5], counts: arrays[6]))
        }
        let tables = AnnotationTables(ancestorOffsets: offsets, ancestorList: list, databases: databases)
        if let problem = tables.inconsistency(entityCount: entityCount) { throw .corrupt(problem) }
        return tables
    }

    private static func writeEntity(_ entity: Entity, names: [String: UInt32], to writer: inout BinaryWriter) {
        writer.write(entity.id)
        writer.write(names[entity.kind] ?? 0)
        writer.write(entity.label)
        writer.write(entity.synonyms)
        writer.write(entity.definition)
        writer.write(entity.xrefs)
        writer.write(names[entity.pack] ?? 0)
        writer.write(entity.mappings.map { $0.predicate.rawValue + " " + $0.target })
        writer.write(entity.plainLabel)
        writer.write(entity.synonymForms.map(\.text))
        writer.write(entity.definitionXrefs)
        writer.write(entity.altIDs)
    }

    /// What the id task decodes: the ids in order, and each id's position.
    private struct IDs {
        var list: [String] = []
        var index: [String: Int32] = [:]
    }

    /// What the tables task decodes.
    private struct Tables {
        var aliases: [GraphSegment.Alias] = []
        var retired: [GraphSegment.Retired] = []
        var relationNames: [String] = []
        var qualifiers: [Qualifiers] = []
        var provenances: [Provenance] = []
        var assertions: [Assertion] = []
        var annotationTables: AnnotationTables?
        /// The name table's tier buffers, where they lie in the snapshot.
        var nameBuffers: [UnsafeRawBufferPointer]?
    }

    /// Reads a segment; `alongside` runs in parallel with the decoding (the payload checksum) and
    /// its error, if any, wins over everything else. `storage` makes the name tables' buffers
    /// (slices of a mapped file) and is handed each part of the file once it has been read.
    static func read(
        from reader: inout BinaryReader, storage: SnapshotStorage, alongside: @escaping @Sendable () -> SnapshotError?
    ) throws(SnapshotError) -> GraphSegment {
        let entityCount = try reader.count(minimumBytesEach: 28)
        let sharedNames = try reader.strings()
        let chunkCount = try reader.count(minimumBytesEach: 8)
        var chunks: [(start: Int, count: Int, reader: BinaryReader)] = []  // read-only once the tasks start
        var start = 0
        var layout: [(count: Int, bytes: Int)] = []
        for _ in 0..<chunkCount { layout.append((Int(try reader.uint32()), Int(try reader.uint32()))) }
        for (count, bytes) in layout {
            chunks.append((start, count, try reader.section(bytes)))
            start += count
        }
        guard start == entityCount else { throw .corrupt("the entity chunks hold \(start) entities, not \(entityCount)") }
        nonisolated(unsafe) var idsReader = try reader.section(Int(try reader.uint32()))
        nonisolated(unsafe) let chunkList = chunks

        // Tasks: 0 hashes the id list into the index, 1 runs `alongside` and decodes the tables and
        // the assertions, 2… decode one entity chunk each into its range of the array (the longest
        // tasks first, so that two cores finish together). Each task reports in its own slot of
        // `outcomes` (raw memory, one element per task) and writes only its own variables.
        struct Outcome {
            var failure: SnapshotError?
            var initialized = 0
        }
        let firstChunkTask = 2
        let taskCount = firstChunkTask + chunkList.count
        let outcomes = UnsafeMutableBufferPointer<Outcome>.allocate(capacity: taskCount)
        outcomes.initialize(repeating: Outcome())
        defer {
            outcomes.deinitialize()
            outcomes.deallocate()
        }
        nonisolated(unsafe) let slots = outcomes
        nonisolated(unsafe) var ids = IDs()
        nonisolated(unsafe) var tables = Tables()
        nonisolated(unsafe) var restReader = reader
        let entities = [Entity](unsafeUninitializedCapacity: entityCount) { buffer, initialized in
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: taskCount) { task in
                var done = 0
                do throws(SnapshotError) {
                    switch task {
                    case 0:
                        try readIDIndex(&idsReader, count: entityCount, into: &ids)
                        storage.release(idsReader.buffer)
                    case 1:
                        if let problem = alongside() { throw problem }
                        let tablesStart = restReader.offset
                        try readTables(&restReader, into: &tables)
                        tables.annotationTables = try readTables(&restReader, entityCount: entityCount)
                        storage.release(restReader.bytesRead(since: tablesStart))
                        if try restReader.bool() {
                            var buffers: [UnsafeRawBufferPointer] = []
                            for _ in NameTable.Tier.allCases { buffers.append(try restReader.bytes(Int(try restReader.uint32()))) }
                            tables.nameBuffers = buffers
                        }
                        if let problem = GraphSegment.inconsistency(
                            entityCount: entityCount, relationCount: tables.relationNames.count,
                            qualifierCount: tables.qualifiers.count, provenanceCount: tables.provenances.count,
                            assertions: tables.assertions, aliases: tables.aliases
                        ) { throw .corrupt(problem) }
                    default:
                        let chunk = chunkList[task - firstChunkTask]
                        var chunkReader = chunk.reader
                        for offset in 0..<chunk.count {
                            (output.baseAddress.unsafelyUnwrapped + chunk.start + offset).initialize(
                                to: try readEntity(&chunkReader, names: sharedNames))
                            done = offset + 1
                        }
                        guard chunkReader.isAtEnd else { throw .corrupt("entity chunk \(task - firstChunkTask) has bytes left over") }
                        storage.release(chunkReader.buffer)
                    }
                    slots[task] = Outcome(failure: nil, initialized: done)
                } catch {
                    slots[task] = Outcome(failure: error, initialized: done)
                }
            }
            if outcomes.allSatisfy({ $0.failure == nil }) {
                initialized = entityCount
            } else {
                for (chunk, outcome) in zip(chunkList, outcomes[firstChunkTask...]) {
                    (buffer.baseAddress.unsafelyUnwrapped + chunk.start).deinitialize(count: outcome.initialized)
                }
                initialized = 0
            }
        }
        if let failure = outcomes[1].failure { throw failure }  // the checksum's verdict first
        if let failure = outcomes.lazy.compactMap(\.failure).first { throw failure }
        reader = restReader
        // The index was built from the id list: it is the entities' only if the ids agree, one by one.
        for (entity, id) in zip(entities, ids.list) where entity.id != id {
            throw .corrupt("entity '\(entity.id)' is listed as '\(id)'")
        }
        var segment = GraphSegment(
            entities: entities, aliases: tables.aliases, relationNames: tables.relationNames,
            assertions: tables.assertions, qualifiers: tables.qualifiers, provenances: tables.provenances,
            idIndex: ids.index)
        segment.retired = tables.retired
        segment.annotationTables = tables.annotationTables
        if let buffers = tables.nameBuffers {
            switch NameTable.validated(buffers.map(storage.data), entityCount: entityCount, checked: { storage.release(buffers[$0]) }) {
            case let .success(table): segment.nameTable = table
            case let .failure(problem): throw .corrupt(problem.description)
            }
        }
        return segment  // its references were checked by the tables task
    }

    private static func readEntity(_ reader: inout BinaryReader, names: [String]) throws(SnapshotError) -> Entity {
        let id = try reader.string(), kind = try shared(try reader.uint32(), in: names), label = try reader.string()
        let synonyms = try reader.strings(), definition = try reader.optionalString()
        let xrefs = try reader.strings(), pack = try shared(try reader.uint32(), in: names)
        var mappings: [EntityMapping] = []
        for text in try reader.strings() {
            let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2, let predicate = EntityMapping.Predicate(rawValue: parts[0]) else {
                throw .corrupt("an entity mapping reads '\(text)'")
            }
            mappings.append(EntityMapping(predicate, parts[1]))
        }
        var entity = Entity(id: id, kind: kind, label: label, synonyms: synonyms, definition: definition, xrefs: xrefs, pack: pack)
            .with(mappings: mappings)
        entity.plainLabel = try reader.optionalString()
        var forms: [SynonymForm] = []
        for text in try reader.strings() {
            guard let form = SynonymForm(text: text) else { throw .corrupt("a synonym form reads '\(text)'") }
            forms.append(form)
        }
        guard forms.isEmpty || forms.count == synonyms.count else { throw .corrupt("entity \(id) has \(forms.count) synonym forms for \(synonyms.count) synonyms") }
        entity.synonymForms = forms
        entity.definitionXrefs = try reader.strings()
        entity.altIDs = try reader.strings()
        return entity
    }

    private static func shared(_ index: UInt32, in names: [String]) throws(SnapshotError) -> String {
        guard Int(index) < names.count else { throw .corrupt("a kind or pack number \(index) is out of range") }
        return names[Int(index)]
    }

    private static func readIDIndex(_ reader: inout BinaryReader, count: Int, into ids: inout IDs) throws(SnapshotError) {
        guard try reader.count(minimumBytesEach: 4) == count else { throw .corrupt("the id list does not match the entities") }
        ids.list.reserveCapacity(count)
        ids.index.reserveCapacity(count)
        for position in 0..<count {
            let id = try reader.string()
            guard ids.index.updateValue(Int32(position), forKey: id) == nil else {
                throw .corrupt("entity '\(id)' appears twice")
            }
            ids.list.append(id)
        }
    }

    private static func readTables(_ reader: inout BinaryReader, into tables: inout Tables) throws(SnapshotError) {
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
        tables.qualifiers.reserveCapacity(qualifierCount)
        for _ in 0..<qualifierCount {
            let certainty = try certainty(try reader.uint8())
            let frequency = try reader.optionalString(), severity = try reader.optionalString()
            let onset = try reader.optionalString(), negated = try reader.bool(), context = try reader.optionalString()
            tables.qualifiers.append(Qualifiers(
                certainty: certainty, frequency: frequency, severity: severity, onset: onset,
                isNegated: negated, context: context))
        }
        let provenanceCount = try reader.count(minimumBytesEach: 12)
        tables.provenances.reserveCapacity(provenanceCount)
        for _ in 0..<provenanceCount {
            let pack = try reader.string(), source = try reader.string(), locator = try reader.optionalString()
            tables.provenances.append(Provenance(pack: pack, source: source, locator: locator))
        }
        tables.assertions = try reader.raw(Assertion.self)
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
