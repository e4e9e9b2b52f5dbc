import CRmath

/// The noncentral t distribution with ν degrees of freedom and noncentrality δ: the law of
/// (Z + δ) / √(V/ν) with Z standard normal and V ~ χ²_ν independent of Z.
///
/// The CDF is R's `pt(t, df, ncp)` (R's standalone math library, `pnt`: Lenth 1989, Applied
/// Statistics AS 243, with R's refinements), so it equals R. It gives the exact power of a
/// two-sided two-sample t test: with δ = Δ / (σ √(1/n₁ + 1/n₂)) and c = t_{1−α/2, ν},
/// power = P(T > c) + P(T < −c) (e.g. R's `power.t.test(strict = TRUE)`).
public struct NoncentralT: Sendable, Equatable {
    /// ν, the degrees of freedom (> 0).
    public let degreesOfFreedom: Double
    /// δ, the noncentrality parameter (finite).
    public let noncentrality: Double

    static let name = "noncentral t"

    /// - Throws: `DistributionError.invalidParameter` unless ν > 0 is finite and δ is finite.
    public init(degreesOfFreedom: Double, noncentrality: Double) throws(DistributionError) {
        try ParameterCheck.positive(degreesOfFreedom, "degrees of freedom", of: Self.name, allowInfinity: false)
        try ParameterCheck.finite(noncentrality, "noncentrality", of: Self.name)
        self.degreesOfFreedom = degreesOfFreedom
        self.noncentrality = noncentrality
    }

    /// P(T ≤ t) for `.lower` (default) or P(T > t) for `.upper`; R's `pt(t, df, ncp, lower.tail)`.
    /// - Throws: `DistributionError.argumentNotANumber` if `t` is NaN.
    public func cdf(_ t: Double, tail: Tail = .lower) throws(DistributionError) -> Double {
        try ParameterCheck.number(t, "the quantile t", of: Self.name)
        return pnt(t, degreesOfFreedom, noncentrality, tail.rFlag, 0)
    }
}
