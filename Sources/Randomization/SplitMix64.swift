/// SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators",
/// OOPSLA), used only to expand a 64-bit seed into xoshiro256**'s state, as Blackman & Vigna
/// recommend.
///
/// Step: `state += 0x9E3779B97F4A7C15`; output = `mix(state)` where
/// `z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) * 0x94D049BB133111EB; z ^ (z >> 31)`.
/// Reference output (Rosetta Code "Pseudo-random numbers/Splitmix64"): seed 1234567 gives
/// 6457827717110365317, 3203168211198807973, …
public struct SplitMix64: Sendable, Equatable {
    /// The Weyl-sequence state.
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// Advances the state and returns the next output.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 output function (Stafford's "Mix13" finalizer), a bijection on 64-bit words.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
