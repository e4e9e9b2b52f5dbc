import CRmath

/// The normal distribution N(μ, σ²).
///
/// Density f(x) = exp(−(x − μ)² / (2σ²)) / (σ√(2π)). CDF and quantile are R's `pnorm` and
/// `qnorm` (Wichura's AS 241 algorithm for the quantile), accurate far into both tails,
/// e.g. P(Z ≤ −30) ≈ 4.9e-198.
public struct Normal: Sendable, Equatable {
    /// μ, the mean (finite).
    public let mean: Double
    /// σ, the standard deviation (finite, > 0).
    public let standardDeviation: Double

    static let name = "normal"

    /// The standard normal N(0, 1).
    public static let standard = Normal(validatedMean: 0, standardDeviation: 1)

    /// Creates N(μ, σ²).
    /// - Throws: `DistributionError.invalidParameter` unless μ is finite and σ is finite and > 0.
    public init(mean: Double, standardDeviation: Double) throws(DistributionError) {
        try ParameterCheck.finite(mean, "mean", of: Self.name)
        try ParameterCheck.positive(standardDeviation, "standard deviation", of: Self.name, allowInfinity: false)
        self.init(validatedMean: mean, standardDeviation: standardDeviation)
    }

    private init(validatedMean: Double, standardDeviation: Double) {
        self.mean = validatedMean
        self.standardDeviation = standardDeviation
    }

    /// P(X ≤ x) for `.lower` (default) or P(X > x) for `.upper`; R's `pnorm(x, mean, sd, lower.tail)`.
    /// - Throws: `DistributionError.argumentNotANumber` if `x` is NaN.
    public func cdf(_ x: Double, tail: Tail = .lower) throws(DistributionError) -> Double {
        try ParameterCheck.number(x, "the quantile x", of: Self.name)
        return pnorm5(x, mean, standardDeviation, tail.rFlag, 0)
    }

    /// The x with P(X ≤ x) = p (`.lower`, default) or P(X > x) = p (`.upper`); R's `qnorm`.
    /// - Throws: `DistributionError.probabilityOutOfRange` unless 0 ≤ p ≤ 1.
    public func quantile(_ p: Double, tail: Tail = .lower) throws(DistributionError) -> Double {
        try ParameterCheck.probability(p, of: Self.name)
        return qnorm5(p, mean, standardDeviation, tail.rFlag, 0)
    }
}
