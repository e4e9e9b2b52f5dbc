import CRmath

/// Fisher's F distribution with ν₁ (numerator) and ν₂ (denominator) degrees of freedom.
///
/// F = (U₁/ν₁) / (U₂/ν₂) for independent χ² variables U₁, U₂ with ν₁, ν₂ degrees of freedom;
/// ν₁, ν₂ > 0, not necessarily integers; ν₂ = +∞ gives χ²_{ν₁}/ν₁. Used for the F tests of
/// fixed-effect terms (Satterthwaite / Kenward–Roger denominator df). CDF and quantile are
/// R's `pf` and `qf`.
public struct FisherF: Sendable, Equatable {
    /// ν₁, the numerator degrees of freedom (> 0, possibly +∞).
    public let numeratorDegreesOfFreedom: Double
    /// ν₂, the denominator degrees of freedom (> 0, possibly +∞).
    public let denominatorDegreesOfFreedom: Double

    static let name = "F"

    /// Creates F(ν₁, ν₂).
    /// - Throws: `DistributionError.invalidParameter` unless ν₁ > 0 and ν₂ > 0 (+∞ allowed).
    public init(numeratorDegreesOfFreedom: Double, denominatorDegreesOfFreedom: Double) throws(DistributionError) {
        try ParameterCheck.positive(
            numeratorDegreesOfFreedom, "numerator degrees of freedom", of: Self.name, allowInfinity: true)
        try ParameterCheck.positive(
            denominatorDegreesOfFreedom, "denominator degrees of freedom", of: Self.name, allowInfinity: true)
        self.numeratorDegreesOfFreedom = numeratorDegreesOfFreedom
        self.denominatorDegreesOfFreedom = denominatorDegreesOfFreedom
    }

    /// P(F ≤ x) for `.lower` (default) or P(F > x) for `.upper`; R's `pf(x, df1, df2, lower.tail)`.
    /// The upper tail is the p-value of an F statistic x.
    /// - Throws: `DistributionError.argumentNotANumber` if `x` is NaN.
    public func cdf(_ x: Double, tail: Tail = .lower) throws(DistributionError) -> Double {
        try ParameterCheck.number(x, "the quantile x", of: Self.name)
        return pf(x, numeratorDegreesOfFreedom, denominatorDegreesOfFreedom, tail.rFlag, 0)
    }

    /// The x with P(F ≤ x) = p (`.lower`, default) or P(F > x) = p (`.upper`); R's `qf`.
    /// - Throws: `DistributionError.probabilityOutOfRange` unless 0 ≤ p ≤ 1.
    public func quantile(_ p: Double, tail: Tail = .lower) throws(DistributionError) -> Double {
        try ParameterCheck.probability(p, of: Self.name)
        return qf(p, numeratorDegreesOfFreedom, denominatorDegreesOfFreedom, tail.rFlag, 0)
    }
}
