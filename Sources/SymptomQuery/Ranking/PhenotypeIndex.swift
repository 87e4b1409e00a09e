import Foundation
import SymptomGraph

/// What ranking needs from the graph, once per graph: the graph's ``AnnotationTables`` (every
/// term's ancestors along `is_a`, and per disease database the diseases and their annotated terms;
/// adopted from a compiled pack's snapshot when one is loaded), and derived from them the
/// information content of every term and the order of equal scores.
///
/// Information content per database: IC(t) = −ln(n_t / N), where n_t counts the database's
/// diseases annotated with t or a descendant of t (negated annotations left out) and N counts all
/// of the database's diseases; a term no disease reaches has IC 0.
///
/// A disease's profile also holds the terms a curated pack links it to through findings that are
/// not ontology terms (`multiple sclerosis has_symptom MS spasms has_symptom tingling`, with
/// tingling merged into HP:0003401): they count when the disease is compared with findings, but
/// not in the information content, which stays that of the annotation database (so rankings of
/// the imported annotations alone are unchanged).
public final class PhenotypeIndex: Sendable {
    /// One disease database.
    public struct Database: Sendable {
        let tables: AnnotationTables.Database
        /// `OMIM`, `ORPHA`, `DECIPHER`.
        public var name: String { tables.name }
        /// The diseases, by entity position.
        public var diseases: Int32Buffer { tables.diseases }
        /// Each disease's place when the diseases are sorted by id, numerically (`OMIM:609909` before
        /// `OMIM:614672`): how equal scores are ordered. Made on first use, by the interview and
        /// `explain rank`: a ranking orders only the diseases at or above its cut, reading their
        /// ``idKey(ofDisease:)`` instead.
        var idOrder: [Int32] {
            if let made = lazyIDOrder.made { return made }
            return lazyIDOrder.value { PhenotypeIndex.idOrder(of: tables.diseases, in: graph) }
        }
        fileprivate let lazyIDOrder = LazyValue<[Int32]>()
        /// The graph the diseases' ids are read from.
        fileprivate let graph: KnowledgeGraph

        /// What ``idOrder`` sorts by, for one disease (by its index): the number after the id's
        /// prefix, then the id.
        func idKey(ofDisease index: Int) -> (number: Int, id: String) {
            PhenotypeIndex.idKey(of: tables.diseases[index], in: graph)
        }
        /// Why a finding tells none of the database's diseases from another, if it does not: it
        /// and every term above it have no information content (every disease has them, or none
        /// has: a frequency term, whose terms above are "Frequency" and the root), and no disease
        /// reaches it through a curated pack. A term no disease is annotated with but whose terms
        /// above are informative (Lhermitte's sign) still ranks, through them. `nil` for any other.
        func saysNothing(about finding: EntityID) -> String? {
            let position = finding.position
            guard position < tables.counts.count, position < informationContent.count else { return nil }
            if informationContent[position] > 0 { return nil }
            for ancestor in ancestors.ancestors(of: position)
            where Int(ancestor) < informationContent.count && informationContent[Int(ancestor)] > 0 { return nil }
            let annotated = Int(tables.counts[position])
            if annotated >= tables.diseases.count { return "every \(name) disease has it" }
            // A curated pack may link diseases to a term no annotation names: it tells them apart.
            if profile.contains(Int32(position)) { return nil }
            return annotated > 0 ? nil
                : "no \(name) disease is annotated with it, nor with a term above it that tells them apart"
        }

        /// IC by entity position (0 for anything that is not an annotated term).
        public let informationContent: [Double]
        /// Sum of IC over each term's ancestors (itself included), by entity position: made on
        /// first use (graph IC reads it; Resnik, the default, does not).
        var ancestorICSum: [Double] {
            if let made = lazyAncestorICSum.made { return made }
            return lazyAncestorICSum.value {
                var sums = [Double](repeating: 0, count: informationContent.count)
                for node in sums.indices {
                    var sum = 0.0
                    for ancestor in ancestors.ancestors(of: node) { sum += informationContent[Int(ancestor)] }
                    sums[node] = sum
                }
                return sums
            }
        }
        fileprivate let lazyAncestorICSum = LazyValue<[Double]>()
        /// The tables whose ancestor lists ``ancestorICSum`` sums over.
        fileprivate let ancestors: AnnotationTables
        /// The distinct terms annotated to any disease, and each entity's index among them (−1 if none).
        let usedTerms: [Int32]
        let usedIndex: [Int32]

        /// Each disease's terms, own and reached through curated findings together, sorted by
        /// position (the first best match of equal scores is shown): ``AnnotationTables/Database/profile``,
        /// the tables' terms themselves when they are in the ranking form or no disease reaches
        /// terms through curated findings.
        let profile: Int32Buffer

        @inline(__always)
        func terms(ofDisease index: Int) -> Slice<Int32Buffer> {
            profile[Int(tables.termOffsets[index])..<Int(tables.termOffsets[index + 1])]
        }

        /// Where a disease's terms lie in ``profile``.
        @inline(__always)
        func range(ofDisease index: Int) -> Range<Int> {
            Int(tables.termOffsets[index])..<Int(tables.termOffsets[index + 1])
        }

        @inline(__always)
        func negatedTerms(ofDisease index: Int) -> Slice<Int32Buffer> { tables.negatedTerms(ofDisease: index) }

        /// Calls `body` with each disease's terms (as ``terms(ofDisease:)``) and negated terms, read
        /// without counting references, for a loop over every disease.
        @inline(__always)
        func withDiseaseRows<Result>(_ body: (_ terms: Int32Buffer.Rows, _ negated: Int32Buffer.Rows) -> Result) -> Result {
            Int32Buffer.withRows(offsets: tables.termOffsets, values: profile) { terms in
                Int32Buffer.withRows(offsets: tables.negatedOffsets, values: tables.negated) { negated in body(terms, negated) }
            }
        }
    }

    let graph: KnowledgeGraph
    let isA: RelationID
    let tables: AnnotationTables
    /// The databases found, by name (each derived on first use: a ranking against OMIM does not
    /// pay for ORPHA's).
    public let databases: Databases

    /// The databases of an index, derived from the tables when first asked for.
    public struct Databases: Sendable {
        private let derived: [String: LazyValue<Database?>]
        private let tables: AnnotationTables
        private let graph: KnowledgeGraph

        init(tables: AnnotationTables, graph: KnowledgeGraph) {
            derived = Dictionary(uniqueKeysWithValues: tables.databaseNames.map { ($0, LazyValue()) })
            self.tables = tables
            self.graph = graph
        }

        /// The name a database is known by, for one given in any case: queries write `omim` or
        /// `OMIM`, and a pack's own diseases form a database named by its (lowercase) namespace.
        public func name(matching given: String) -> String? {
            if derived[given] != nil { return given }
            let folded = given.uppercased()
            return tables.databaseNames.first { $0.uppercased() == folded }
        }

        /// The database with a name (`OMIM`, in any case), derived now if it was not yet.
        public subscript(given: String) -> Database? {
            guard let name = name(matching: given), let lazy = derived[name] else { return nil }
            if let made = lazy.made { return made }
            return lazy.value { tables.database(named: name).map { PhenotypeIndex.derive($0, tables: tables, graph: graph) } }
        }

        /// The names of the databases, sorted.
        public var keys: [String] { tables.databaseNames }
    }
    /// Likelihood-ratio models, by database name, made on first use.
    private let likelihoodModels: [String: LazyValue<LikelihoodRatioModel>]

    /// The likelihood-ratio model of a database (built on first use: frequencies and background).
    public func likelihoodModel(of given: String) -> LikelihoodRatioModel? {
        guard let name = databases.name(matching: given), let database = databases[name], let lazy = likelihoodModels[name]
        else { return nil }
        return lazy.value { LikelihoodRatioModel(database: database, index: self) }
    }

    /// Builds the index; `nil` when the graph has no `is_a` relation.
    public init?(graph: KnowledgeGraph) {
        guard let isA = graph.step(named: "is_a"), !isA.isInverse, let tables = graph.annotationTables else { return nil }
        self.graph = graph
        self.isA = isA.relation
        self.tables = tables
        databases = Databases(tables: tables, graph: graph)
        likelihoodModels = Dictionary(uniqueKeysWithValues: tables.databaseNames.map { ($0, LazyValue()) })
    }

    /// The ancestors of an entity along `is_a`, itself included (an array slice: no copy, no search).
    @inline(__always)
    public func ancestors(of entity: EntityID) -> Slice<Int32Buffer> { tables.ancestors(of: entity.position) }

    /// Whether an entity takes part in `is_a` (is an ontology term).
    public func isTerm(_ entity: EntityID) -> Bool {
        !graph.assertionsLookingUp(entity, outgoing: true, relation: isA).isEmpty
            || !graph.assertionsLookingUp(entity, outgoing: false, relation: isA).isEmpty
    }

    /// Each disease's rank among `diseases` sorted by the number after the prefix, then by id.
    fileprivate static func idOrder(of diseases: Int32Buffer, in graph: KnowledgeGraph) -> [Int32] {
        let keys = diseases.map { idKey(of: $0, in: graph) }
        let sorted = keys.indices.sorted { keys[$0] < keys[$1] }
        var order = [Int32](repeating: 0, count: diseases.count)
        for (rank, index) in sorted.enumerated() { order[index] = Int32(rank) }
        return order
    }

    /// What equal scores are ordered by, for a disease (by entity position): the number after its
    /// id's prefix, then the id.
    fileprivate static func idKey(of disease: Int32, in graph: KnowledgeGraph) -> (number: Int, id: String) {
        let id = graph.id(of: EntityID(Int(disease)))
        return (number(afterPrefixOf: id), id)
    }

    /// The number after the first `:` of an id, read as `Int(_:)` reads it (an optional sign, then
    /// digits), or `Int.max` when there is none or it overflows; by byte, as ranking reads thousands.
    /// (The colon is found by byte: a colon followed by a combining mark counts as one here.)
    static func number(afterPrefixOf id: String) -> Int {
        let bytes = id.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return .max }
        var rest = bytes[bytes.index(after: colon)...]
        var negative = false
        if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty else { return .max }
        var value = 0
        for byte in rest {
            guard byte >= 0x30, byte <= 0x39 else { return .max }
            let digit = Int(byte - 0x30)
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAgain) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflow, !overflowAgain else { return .max }
            value = next
        }
        return value
    }

    fileprivate static func derive(_ database: AnnotationTables.Database, tables: AnnotationTables, graph: KnowledgeGraph) -> Database {
        let count = database.counts.count
        let total = Double(database.diseases.count)
        // −ln(n/N), without −0; counts repeat (at most N + 1 distinct), so each logarithm is taken once.
        var logarithms = [Double](repeating: .nan, count: database.diseases.count + 1)
        let ic = database.counts.withView { counts in
            counts.map { count -> Double in
                guard count > 0 else { return 0 }
                // Counts merged from several packs are not checked against N again.
                guard Int(count) < logarithms.count else { return log(total / Double(count)) }
                if logarithms[Int(count)].isNaN { logarithms[Int(count)] = log(total / Double(count)) }
                return logarithms[Int(count)]
            }
        }
        var used = [Int32](repeating: -1, count: count)
        var usedTerms: [Int32] = []
        database.terms.withView { terms in
            for term in terms where used[Int(term)] < 0 {
                used[Int(term)] = Int32(usedTerms.count)
                usedTerms.append(term)
            }
        }
        let profile = database.profile
        return Database(
            tables: database, graph: graph, informationContent: ic, ancestors: tables, usedTerms: usedTerms,
            usedIndex: used, profile: profile)
    }
}
