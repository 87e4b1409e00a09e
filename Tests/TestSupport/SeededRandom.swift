import Foundation

/// A deterministic generator (SplitMix64) for property tests: every run tries the same cases,
/// so a failure can be run again; `SYMKB_TEST_SEED=N` tries other ones (failures print the seed).
public struct SeededRandom: RandomNumberGenerator, CustomStringConvertible {
    /// The seed the cases came from.
    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64 = SeededRandom.chosenSeed) {
        self.seed = seed
        state = seed
    }

    /// `$SYMKB_TEST_SEED`, else a fixed seed.
    public static var chosenSeed: UInt64 {
        ProcessInfo.processInfo.environment["SYMKB_TEST_SEED"].flatMap { UInt64($0) } ?? 20_261_129
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public var description: String { "seed \(seed) (run again with SYMKB_TEST_SEED=\(seed))" }
}
