/// A small, seeded, platform-independent random generator: reproducible test data, random
/// rooms, training order. Its whole state is one `UInt64`, so it can be checkpointed.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform float in `range`.
    public mutating func nextFloat(in range: ClosedRange<Float>) -> Float {
        Float.random(in: range, using: &self)
    }
}
