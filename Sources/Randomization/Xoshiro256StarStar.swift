/// xoshiro256** 1.0 (Blackman & Vigna 2018, "Scrambled linear pseudorandom number generators",
/// arXiv:1805.01407; ACM TOMS 47(4), 2021): a 256-bit-state generator with period 2²⁵⁶ − 1 that
/// passes BigCrush and PractRand.
///
/// Output: `rotl(s1 * 5, 7) * 9`; then `t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
/// s2 ^= t; s3 = rotl(s3, 45)`. Reference output (rand_xoshiro's test, from the C reference
/// implementation): state {1, 2, 3, 4} gives 11520, 0, 1509978240, 1215971899390074240, …
///
/// Allocation code draws only through this type's methods, never through Swift's
/// `RandomNumberGenerator` algorithms, whose mapping may change between toolchains.
public struct Xoshiro256StarStar: Sendable, Equatable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// Seeds the state with four successive SplitMix64 outputs of `seed` (never all zero, since
    /// SplitMix64's output function is a bijection and four successive inputs differ).
    public init(seed: UInt64) {
        var expander = SplitMix64(seed: seed)
        s0 = expander.next(); s1 = expander.next(); s2 = expander.next(); s3 = expander.next()
    }

    /// Sets the raw state; returns nil for the all-zero state, the generator's one fixed point.
    public init?(state: (UInt64, UInt64, UInt64, UInt64)) {
        guard state != (0, 0, 0, 0) else { return nil }
        (s0, s1, s2, s3) = state
    }

    /// The raw state, for audit and for resuming a stream.
    public var state: (UInt64, UInt64, UInt64, UInt64) { (s0, s1, s2, s3) }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.state == rhs.state }

    /// The next 64-bit output.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// A uniform integer in `0 ..< bound` (`bound > 0`), without modulo bias.
    ///
    /// Lemire (2019), "Fast random integer generation in an interval", ACM TOMACS 29(1):3:
    /// with x uniform on [0, 2⁶⁴), m = x·bound as a 128-bit product; the result is ⌊m / 2⁶⁴⌋.
    /// The low word ℓ = m mod 2⁶⁴ is uniform given the result except for the 2⁶⁴ mod bound
    /// values ℓ < (2⁶⁴ − bound) mod bound, which are rejected and redrawn; the division that
    /// computes that threshold only runs when ℓ < bound.
    @inlinable
    public mutating func nextBounded(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0, "nextBounded needs a positive bound")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A uniform integer in `0 ..< bound` for a positive `Int` bound (see ``nextBounded(_:)``).
    @inlinable
    public mutating func nextIndex(below bound: Int) -> Int {
        Int(truncatingIfNeeded: nextBounded(UInt64(bound)))
    }

    /// A uniform double in [0, 1) on the grid k·2⁻⁵³: the top 53 bits of the next output times
    /// 2⁻⁵³ (Vigna, prng.di.unimi.it, "Generating uniform doubles in the unit interval").
    @inlinable
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}

@inlinable
func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
