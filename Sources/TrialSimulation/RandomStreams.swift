import Foundation
import Randomization

/// Named random streams of one simulation: each stream is the Randomization module's
/// xoshiro256** generator seeded by `seed XOR FNV-1a(key)` (``StreamKey``), so a participant's
/// data depend only on (seed, participant ID, form, visit), never on the order of simulation.
struct RandomStreams: Sendable {
    let seed: UInt64

    func generator(_ components: String...) -> Xoshiro256StarStar {
        StreamKey(["trial-simulation"] + components).generator(seed: seed)
    }

    /// The seed of replicate `run` of a power simulation (SplitMix64's output function of
    /// seed + run · golden ratio, a bijection, so runs never share a seed).
    static func replicateSeed(_ seed: UInt64, run: Int) -> UInt64 {
        SplitMix64.mix(seed &+ UInt64(run + 1) &* 0x9E37_79B9_7F4A_7C15)
    }
}

extension Xoshiro256StarStar {
    /// A standard normal deviate by Marsaglia's polar method (Marsaglia & Bray 1964, SIAM Rev.
    /// 6:260): u, v uniform on (−1, 1) until s = u² + v² ∈ (0, 1); then u·√(−2 ln s / s).
    /// (The second deviate of the pair is discarded so that each call uses its own draws.)
    mutating func nextGaussian() -> Double {
        while true {
            let u = 2 * nextUnitDouble() - 1, v = 2 * nextUnitDouble() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * log(s) / s).squareRoot() }
        }
    }

    /// `value` rounded down or up at random so that the expected result equals `value`
    /// (stochastic rounding): ⌊value⌋ + 1 with probability value − ⌊value⌋.
    mutating func stochasticRound(_ value: Double) -> Int {
        let low = value.rounded(.down)
        return Int(low) + (nextUnitDouble() < value - low ? 1 : 0)
    }
}
