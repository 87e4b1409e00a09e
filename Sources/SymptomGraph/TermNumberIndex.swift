/// Entities found by the number in their id (`HP:0001250` → 1250): two sorted arrays searched by
/// bisection. Compact whatever the numbers are (HPO's run past five million while it has twenty
/// thousand terms, so a table indexed by number would take tens of megabytes).
public struct TermNumberIndex: Sendable {
    private let numbers: [Int32]
    private let entities: [Int32]

    init(_ pairs: [(number: Int32, entity: Int32)]) {
        let sorted = pairs.sorted { $0.number < $1.number }
        numbers = sorted.map(\.number)
        entities = sorted.map(\.entity)
    }

    /// The entity whose id carries `number`, if any.
    public subscript(number: Int) -> EntityID? {
        guard number >= 0, number <= Int(Int32.max) else { return nil }
        let wanted = Int32(number)
        var low = 0, high = numbers.count
        while low < high {
            let middle = (low + high) / 2
            if numbers[middle] < wanted { low = middle + 1 } else { high = middle }
        }
        return low < numbers.count && numbers[low] == wanted ? EntityID(Int(entities[low])) : nil
    }
}
