import Foundation

/// The one bytewise order of names and ids in tables read in place: `memcmp` over the common
/// length, then the shorter first. Negative, zero or positive.
package func compareBytes(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Int {
    let common = min(left.count, right.count)
    if common > 0, let leftBase = left.baseAddress, let rightBase = right.baseAddress {
        let order = memcmp(leftBase, rightBase, common)
        if order != 0 { return Int(order) }
    }
    return left.count - right.count
}
