/// Where an assertion comes from: the pack, the source document, and the place in it.
public struct Provenance: Hashable, Sendable {
    /// The id of the pack that made the assertion.
    public var pack: String
    /// The id of the source, as declared in the pack's manifest.
    public var source: String
    /// The place in the source, e.g. `p2.s3` (paragraph 2, sentence 3).
    public var locator: String?

    /// Creates a provenance record.
    public init(pack: String, source: String, locator: String? = nil) {
        self.pack = pack
        self.source = source
        self.locator = locator
    }
}

/// The provenance records of a graph or a segment, by index: records in memory, and runs of
/// records that a reader decodes one at a time when asked for (a compiled snapshot's: a query
/// reads a handful of the HPO's 10^4, and opening the snapshot makes none). A run read more
/// than a few hundred times (an export, a filter on every assertion) is decoded whole, once,
/// and read from then on as an array.
public struct ProvenanceTable: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    /// Runs of records before `tail`, in index order.
    private var runs: [Run] = []
    private var runsCount = 0
    /// The records added one by one (or given) after the runs.
    private var tail: [Provenance] = []

    private struct Run: Sendable {
        let start: Int
        let count: Int
        let read: @Sendable (Int) -> Provenance
        /// Every record, once the run has been read more than ``readsBeforeDecoding`` times.
        let decoded = LazyValue<[Provenance]>()
        let reads = UseCounter()

        func record(_ local: Int) -> Provenance {
            if let all = decoded.made { return all[local] }
            guard reads.next() > ProvenanceTable.readsBeforeDecoding else { return read(local) }
            return decoded.value { (0..<count).map(read) }[local]
        }
    }

    /// Single reads of a run before it is decoded whole.
    private static let readsBeforeDecoding = 256

    public init() {}

    public init(_ records: [Provenance]) { tail = records }

    public init(arrayLiteral records: Provenance...) { tail = records }

    /// `count` records that `read` returns by index (from 0), when asked for.
    public init(count: Int, read: @escaping @Sendable (Int) -> Provenance) {
        if count > 0 { runs = [Run(start: 0, count: count, read: read)] }
        runsCount = count
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { runsCount + tail.count }

    public subscript(index: Int) -> Provenance {
        if index >= runsCount { return tail[index - runsCount] }
        precondition(index >= 0, "ProvenanceTable index out of range")
        var low = 0, high = runs.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if runs[middle].start <= index { low = middle } else { high = middle - 1 }
        }
        return runs[low].record(index - runs[low].start)
    }

    /// Adds a record after the others.
    public mutating func append(_ record: Provenance) { tail.append(record) }

    /// Adds another table's records after these (its runs are not decoded).
    public mutating func append(contentsOf other: ProvenanceTable) {
        if !tail.isEmpty {
            let records = tail
            runs.append(Run(start: runsCount, count: records.count) { records[$0] })
            runsCount += records.count
            tail = []
        }
        for run in other.runs {
            runs.append(Run(start: runsCount + run.start, count: run.count, read: run.read))
        }
        runsCount += other.runsCount
        tail = other.tail
    }

    public mutating func reserveCapacity(_ count: Int) { tail.reserveCapacity(count - runsCount) }

    public static func == (left: ProvenanceTable, right: ProvenanceTable) -> Bool {
        left.count == right.count && left.elementsEqual(right)
    }
}
