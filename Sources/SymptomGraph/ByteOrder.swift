import Foundation

/// Whether two byte runs are the same: lengths first, then runs of up to 16 bytes (most columns
/// and ids) compared in place, longer ones with `memcmp`.
@inlinable
package func sameBytes(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Bool {
    guard left.count == right.count else { return false }
    guard left.count > 16 else {
        for index in 0..<left.count where left[index] != right[index] { return false }
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
