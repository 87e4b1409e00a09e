import Foundation
import Testing
@testable import SymptomGraph

/// Tables read from a file are checked before a graph adopts them: anything that could index
/// outside the graph, or overflow when other packs' diseases are counted in or out, is refused.
@Suite struct AnnotationTablesTests {
    /// Two entities: a term (0) and a disease (1) annotated with it.
    func tables(counts: Int32Buffer = [1, 0], ancestors: Int32Buffer = [0, 1], diseases: Int32Buffer = [1]) -> AnnotationTables {
        AnnotationTables(
            ancestorOffsets: [0, 1, 2], ancestorList: ancestors,
            databases: [AnnotationTables.Database(
                name: "OMIM", diseases: diseases, termOffsets: [0, 1], terms: [0], ownEnds: [1],
                negatedOffsets: [0, 0], negated: [], counts: counts)])
    }

    /// As a ranking reads a database: each disease's own terms and those reached through curated
    /// findings sorted together, all counted as its own, with the same counts and negated terms;
    /// a database where no disease reaches a term is itself.
    @Test func aDatabaseForRankingSortsEachRowWhole() {
        let mixed = AnnotationTables.Database(
            name: "OMIM", diseases: [4, 5, 6], termOffsets: [0, 3, 5, 8], terms: [1, 5, 3, 0, 2, 2, 1, 3], ownEnds: [2, 5, 6],
            negatedOffsets: [0, 1, 1, 1], negated: [0], counts: [1, 2, 3, 1, 0, 0, 0])
        let ranked = mixed.forRanking()
        #expect(Array(ranked.terms) == [1, 3, 5, 0, 2, 1, 2, 3])
        #expect(Array(ranked.ownEnds) == [3, 5, 8])
        #expect(ranked.profile == mixed.profile)
        #expect(Array(mixed.profile) == [1, 3, 5, 0, 2, 1, 2, 3])
        #expect((ranked.diseases, ranked.termOffsets, ranked.negatedOffsets, ranked.negated, ranked.counts)
            == (mixed.diseases, mixed.termOffsets, mixed.negatedOffsets, mixed.negated, mixed.counts))
        #expect(Array(mixed.terms) == [1, 5, 3, 0, 2, 2, 1, 3], "the database itself is left as it is")
        #expect(ranked.forRanking() == ranked)
        let own = tables().databases[0]
        #expect(own.forRanking() == own)
        #expect(own.profile == own.terms)
        #expect(tables().forRanking() == tables())
    }

    @Test func consistentTablesPass() {
        #expect(tables().inconsistency(entityCount: 2) == nil)
    }

    @Test func damagedTablesAreRefused() {
        #expect(tables(counts: [Int32.min, 0]).inconsistency(entityCount: 2) == "the counts of database 'OMIM' are out of range")
        #expect(tables(counts: [2, 0]).inconsistency(entityCount: 2) == "the counts of database 'OMIM' are out of range")
        #expect(tables(counts: [1]).inconsistency(entityCount: 2) == "the tables of database 'OMIM' have the wrong size")
        #expect(tables(ancestors: [0, 7]).inconsistency(entityCount: 2) == "the ancestor table refers outside the graph")
        #expect(tables(diseases: [-1]).inconsistency(entityCount: 2) == "the disease table refers outside the graph")
        #expect(tables().inconsistency(entityCount: 3) == "the ancestor table has the wrong shape")
    }

    /// The arrays tables are made of: a copy, or values read where they lie in someone else's
    /// memory (a mapped snapshot), equal to the same values in an array, sliced as arrays are.
    @Test func int32BuffersReadLikeArrays() throws {
        let values: [Int32] = [7, -1, Int32.max, 0, 42]
        let copy = Int32Buffer(values)
        #expect(Array(copy) == values && copy.count == 5 && copy == [7, -1, Int32.max, 0, 42])
        #expect(copy != [7, -1, Int32.max, 0] && copy != [7, -1, Int32.max, 0, 41])
        let bytes = values.withUnsafeBytes { Data([0xFF] + $0) }  // one byte in: the values lie unaligned
        let inPlace = bytes.withUnsafeBytes { Int32Buffer(inPlace: UnsafeRawBufferPointer(rebasing: $0[1...]), of: bytes) }
        #expect(inPlace == copy && Array(inPlace) == values)
        let slice = inPlace[1..<3]
        #expect(slice.startIndex == 1 && Array(slice) == [-1, Int32.max])
        #expect(Int32Buffer([]) == [] && Int32Buffer(copying: UnsafeRawBufferPointer(start: nil, count: 0)).isEmpty)
        #expect(copy.description == values.description)
        #expect(copy.copiedToArray == values && inPlace.copiedToArray == values && Int32Buffer([]).copiedToArray.isEmpty)
    }
}
