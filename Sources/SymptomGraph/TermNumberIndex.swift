/// Entities found by the number in their id (`HP:0001250` → 1250): an open-addressing hash table
/// of numbers. Compact whatever the numbers are (HPO's run past five million while it has twenty
/// thousand terms, so a table indexed by number would take tens of megabytes), and one or two
/// probes per lookup.
public struct TermNumberIndex: Sendable {
    private let numbers: [Int32]
    private let entities: [Int32]
    private let shift: UInt32

    init(_ pairs: [(number: Int32, entity: Int32)]) {
        var bits: UInt32 = 4
        while (1 << bits) < pairs.count * 2 { bits += 1 }
        shift = 32 - bits
        var numbers = [Int32](repeating: -1, count: 1 << bits)
        var entities = [Int32](repeating: -1, count: 1 << bits)
        for (number, entity) in pairs {
            var slot = Self.slot(of: number, shift: shift)
            while numbers[slot] >= 0 && numbers[slot] != number { slot = (slot + 1) & (numbers.count - 1) }
            if numbers[slot] < 0 {  // the first entity with a number keeps it
                numbers[slot] = number
                entities[slot] = entity
            }
        }
        self.numbers = numbers
        self.entities = entities
    }

    @inline(__always)
    private static func slot(of number: Int32, shift: UInt32) -> Int {
        Int((UInt32(bitPattern: number) &* 2_654_435_761) >> shift)
    }

    /// The entity whose id carries `number`, if any.
    public subscript(number: Int) -> EntityID? {
        guard number >= 0, number <= Int(Int32.max) else { return nil }
        let wanted = Int32(number)
        var slot = Self.slot(of: wanted, shift: shift)
        while numbers[slot] >= 0 {
            if numbers[slot] == wanted { return EntityID(Int(entities[slot])) }
            slot = (slot + 1) & (numbers.count - 1)
        }
        return nil
    }
}
