import Foundation

/// Whether two byte runs are the same: lengths first, then runs of up to 16 bytes (most columns
/// and ids) compared in place — from 4 bytes on as two words that overlap, one from each end —
/// longer ones with `memcmp`.
@inlinable
package func sameBytes(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Bool {
    let count = left.count
    guard count == right.count else { return false }
    guard count > 16 else {
        @inline(__always) func same<Word: FixedWidthInteger>(_: Word.Type) -> Bool {
            let tail = count - MemoryLayout<Word>.size
            return left.loadUnaligned(as: Word.self) == right.loadUnaligned(as: Word.self)
                && left.loadUnaligned(fromByteOffset: tail, as: Word.self) == right.loadUnaligned(fromByteOffset: tail, as: Word.self)
        }
        if count >= 8 { return same(UInt64.self) }
        if count >= 4 { return same(UInt32.self) }
        for index in 0..<count where left[index] != right[index] { return false }
        return true
    }
    return compareBytes(left, right) == 0
}

/// The one bytewise order of names and ids in tables read in place: `memcmp` over the common
/// length, then the shorter first. Negative, zero or positive.
@usableFromInline
package func compareBytes(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Int {
    let common = min(left.count, right.count)
    if common > 0, let leftBase = left.baseAddress, let rightBase = right.baseAddress {
        let order = memcmp(leftBase, rightBase, common)
        if order != 0 { return Int(order) }
    }
    return left.count - right.count
}
