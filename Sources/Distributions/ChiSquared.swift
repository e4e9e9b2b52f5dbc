import CRmath

/// The χ² distribution with k degrees of freedom.
///
/// The sum of k squared independent standard normals, generalised to any real k > 0:
/// a Gamma(shape k/2, scale 2) distribution with density x^(k/2−1) e^(−x/2) / (2^(k/2) Γ(k/2)), x > 0.
/// Used for likelihood-ratio tests. CDF and quantile are R's `pchisq` and `qchisq` (central).
public struct ChiSquared: Sendable, Equatable {
    /// k, the degrees of freedom (finite, > 0).
    public let degreesOfFreedom: Double

    static let name = "chi-squared"

    /// Creates χ²_k.
    /// - Throws: `DistributionError.invalidParameter` unless k is finite and > 0.
    public init(degreesOfFreedom: Double) throws(DistributionError) {
        try ParameterCheck.positive(degreesOfFreedom, "degrees of freedom", of: Self.name, allowInfinity: false)
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// P(X ≤ x) for `.lower` (default) or P(X > x) for `.upper`; R's `pchisq(x, df, lower.tail)`.
    /// - Throws: `DistributionError.argumentNotANumber` if `x` is NaN.
    public func cdf(_ x: Double, tail: Tail = .lower) throws(DistributionError) -> Double {
        try ParameterCheck.number(x, "the quantile x", of: Self.name)
        return pchisq(x, degreesOfFreedom, tail.rFlag, 0)
    }

    /// The x with P(X ≤ x) = p (`.lower`, default) or P(X > x) = p (`.upper`); R's `qchisq`.
    /// - Throws: `DistributionError.probabilityOutOfRange` unless 0 ≤ p ≤ 1.
    public func quantile(_ p: Double, tail: Tail = .lower) throws(DistributionError) -> Double {
        try ParameterCheck.probability(p, of: Self.name)
        return qchisq(p, degreesOfFreedom, tail.rFlag, 0)
    }
}
