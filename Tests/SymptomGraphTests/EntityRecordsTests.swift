import Foundation
import Testing
@testable import SymptomGraph

@Suite struct EntityRecordsTests {
    static let entities: [Entity] = {
        var full = Entity(id: "HP:0001337", kind: "finding", label: "Tremor", synonyms: ["Trembling", "Shakes"],
                          definition: "An \u{1B}[31mescaped\u{1B}[0m définition", xrefs: ["UMLS:C0040822", "HP:0000001"], pack: "hpo")
        full.mappings = [EntityMapping(.broad, "MESH:D014202"), EntityMapping(.related, "X:1")]
        full.plainLabel = "Shakes"
        full.synonymForms = [SynonymForm(.exact, type: "layperson"), SynonymForm(.related)]
        full.definitionXrefs = ["PMID:1"]
        full.altIDs = ["HP:0000001"]
        return [
            Entity(id: "b:2", kind: "sign", label: "", pack: "other"),
            full,
            Entity(id: "a:1", kind: "finding", label: "Some label that is longer than fifteen bytes", pack: "hpo"),
        ]
    }()

    @Test func recordsDecodeToTheEntitiesTheyEncode() throws {
        let records = EntityRecords(encoding: Self.entities)
        #expect(records.count == 3)
        #expect((0..<3).map { records[$0] } == Self.entities)
        #expect((0..<3).map { records.id(at: $0) } == Self.entities.map(\.id))
        #expect((0..<3).map { records.kind(at: $0) } == ["sign", "finding", "finding"])
        #expect((0..<3).map { records.pack(at: $0) } == ["other", "hpo", "hpo"])
        #expect((0..<3).map { records.label(at: $0) } == Self.entities.map(\.label))
    }

    @Test func idsAreFoundExactlyByBinarySearch() {
        let records = EntityRecords(encoding: Self.entities)
        #expect(records.position(ofID: "a:1") == 2)
        #expect(records.position(ofID: "b:2") == 0)
        #expect(records.position(ofID: "HP:0001337") == 1)
        #expect(records.position(ofID: "hp:0001337") == nil)
        #expect(records.position(ofID: "a:") == nil)
        #expect(records.position(ofID: "") == nil)
        #expect(EntityRecords(encoding: [Entity]()).position(ofID: "a:1") == nil)
    }

    @Test func adoptedBuffersAreCheckedAndDamageIsRefused() throws {
        let records = EntityRecords(encoding: Self.entities)
        func adopt(count: Int = 3, kinds: [String]? = nil, _ buffer: Data) -> EntityRecords? {
            try? EntityRecords.validated(count: count, kindNames: kinds ?? records.kindNames, packNames: records.packNames, buffer: buffer).get()
        }
        #expect(adopt(records.buffer) == records)
        // Another count, a truncated buffer, an offset past the records, a kind number out of range.
        #expect(adopt(count: 2, records.buffer) == nil && adopt(count: 4, records.buffer) == nil)
        #expect(adopt(records.buffer.prefix(20)) == nil && adopt(Data()) == nil)
        var offsets = records.buffer
        offsets.replaceSubrange(4..<8, with: [0xFF, 0xFF, 0xFF, 0x7F])
        #expect(adopt(offsets) == nil)
        #expect(adopt(kinds: [], records.buffer) == nil)
    }

    @Test func aDamagedRecordDecodesToItsIdNotACrash() throws {
        let records = EntityRecords(encoding: Self.entities)
        var buffer = records.buffer
        // Record 1's label length says it runs past the end of the record.
        let recordsStart = 4 * 4 + 3 * 4 + 3 * 4
        let labelAt = recordsStart + 4 + "HP:0001337".utf8.count + Int(buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 4, as: UInt32.self) })
        buffer.replaceSubrange(labelAt..<(labelAt + 4), with: [0xF0, 0xFF, 0xFF, 0x0F])
        let damaged = try EntityRecords.validated(count: 3, kindNames: records.kindNames, packNames: records.packNames, buffer: buffer).get()
        #expect(damaged[1].id == "HP:0001337" && damaged[1].synonyms.isEmpty)
        #expect(damaged.label(at: 1) == damaged[1].label)
        #expect(damaged[0] == Self.entities[0] && damaged[2] == Self.entities[2])
    }

    @Test func aStoreMixesValuesAndRecordsAndKeepsChanges() {
        var store = EntityStore([Self.entities[0]])
        store.append(contentsOf: EntityStore(records: EntityRecords(encoding: Self.entities.suffix(2))))
        store.append(Entity(id: "c:3", kind: "sign", label: "C", pack: "late"))
        #expect(store.map(\.id) == ["b:2", "HP:0001337", "a:1", "c:3"])
        #expect(store.recordPosition(ofID: "a:1") == 2 && store.recordPosition(ofID: "c:3") == nil)
        store.modify(at: 1) { $0.synonyms.append("Tremblement") }
        store.modify(at: 3) { $0.label = "Changed" }
        #expect(store[1].synonyms == ["Trembling", "Shakes", "Tremblement"])
        #expect(store[3].label == "Changed" && store.id(at: 1) == "HP:0001337" && store.pack(at: 3) == "late")
        #expect(store.indices.map(store.label(at:)) == store.map(\.label))
        store.modify(at: 2) { $0.label = "Changed record" }
        #expect(store.label(at: 2) == "Changed record")
        var copy = EntityStore()
        copy.append(contentsOf: store)
        #expect(copy == store)
    }

    /// Each entity in order, with its position, as the subscript reads it: values, records, and
    /// records changed since.
    @Test func forEachEntityPassesWhatTheSubscriptReads() {
        var store = EntityStore([Self.entities[0]])
        store.append(contentsOf: EntityStore(records: EntityRecords(encoding: Self.entities.suffix(2))))
        store.append(Entity(id: "c:3", kind: "sign", label: "C", pack: "late"))
        store.modify(at: 2) { $0.label = "Changed record" }
        var seen: [(Int, Entity)] = []
        store.forEachEntity { seen.append(($0, copy $1)) }
        #expect(seen.map(\.0) == Array(store.indices))
        #expect(seen.map(\.1) == Array(store))
        #expect(seen[2].1.label == "Changed record")
        for first in 0...store.count {
            var positions: [Int] = []
            store.forEachEntity(from: first) { position, _ in positions.append(position) }
            #expect(positions == Array(first..<store.count))
        }
    }

    /// A long run of another store's values is shared as a part of its own; appending and
    /// changing after it leaves the other store as it was, and positions stay in order.
    @Test func aLongRunIsSharedAndStaysAValue() {
        let many = (0..<600).map { Entity(id: "m:\($0)", kind: "finding", label: "M \($0)", pack: "m") }
        let other = EntityStore(many)
        var store = EntityStore([Self.entities[0]])
        store.append(contentsOf: other)
        store.append(Entity(id: "c:3", kind: "sign", label: "C", pack: "late"))
        store.modify(at: 1) { $0.label = "Changed" }
        #expect(store.count == 602 && store.map(\.id) == ["b:2"] + many.map(\.id) + ["c:3"])
        #expect(store[1].label == "Changed" && store.label(at: 1) == "Changed" && store[600].id == "m:599")
        #expect(other == EntityStore(many))
    }

    /// The entities from a position on: shared parts when one begins there, a copy otherwise;
    /// either way the same entities, numbered from 0, with changes kept.
    @Test func aSuffixHoldsTheEntitiesFromAPosition() {
        var store = EntityStore(Array(Self.entities.prefix(1)))
        store.beginPart()
        store.beginPart()  // twice in a row, with nothing appended between
        for number in 0..<5 { store.append(Entity(id: "s:\(number)", kind: "sign", label: "S\(number)", pack: "s")) }
        store.append(contentsOf: EntityStore(records: EntityRecords(encoding: Self.entities.suffix(2))))
        store.modify(at: 6) { $0.label = "Changed record" }
        let expected = Array(store.dropFirst())
        #expect(Array(store.suffix(from: 1)) == expected)
        #expect(store.suffix(from: 1)[5].label == "Changed record")
        #expect(Array(store.suffix(from: 3)) == Array(store.dropFirst(3)))
        #expect(store.suffix(from: store.count).isEmpty)
        var suffix = store.suffix(from: 1)
        suffix.append(Entity(id: "t:1", kind: "sign", label: "T", pack: "t"))
        #expect(store.count == 8 && suffix.count == 8 && suffix.id(at: 7) == "t:1")
    }

    /// Records appended right after a part was begun (an empty part, then records at the same
    /// position) are found at their positions, and a suffix from there shares them.
    @Test func recordsAfterAnEmptyPartAreFound() {
        var store = EntityStore([Self.entities[0]])
        store.beginPart()
        store.append(contentsOf: EntityStore(records: EntityRecords(encoding: Self.entities.suffix(2))))
        #expect(store.count == 3 && store[1] == Self.entities[1] && store.id(at: 2) == "a:1" && store.kind(at: 1) == "finding")
        #expect(Array(store.suffix(from: 1)) == Array(Self.entities.suffix(2)))
        #expect(store.recordPosition(ofID: "HP:0001337") == 1)
    }
}
