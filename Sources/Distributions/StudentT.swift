import CRmath

/// Student's t distribution with ν degrees of freedom.
///
/// Density f(t) = Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) · (1 + t²/ν)^(−(ν+1)/2), for ν > 0 (ν need not be
/// an integer; ν = +∞ is the standard normal). The CDF and quantile are R's `pt` and `qt`
/// (R's standalone math library), so they equal R to the last few bits, far tails included.
public struct StudentT: Sendable, Equatable {
    /// ν, the degrees of freedom (> 0, possibly +∞).
    public let degreesOfFreedom: Double

    static let name = "t"

    /// Creates the t distribution with `degreesOfFreedom` ν.
    /// - Throws: `DistributionError.invalidParameter` unless ν > 0 (ν = +∞ is allowed).
    public init(degreesOfFreedom: Double) throws(DistributionError) {
        try ParameterCheck.positive(degreesOfFreedom, "degrees of freedom", of: Self.name, allowInfinity: true)
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// P(T ≤ t) for `.lower` (default) or P(T > t) for `.upper`; R's `pt(t, df, lower.tail)`.
    /// - Throws: `DistributionError.argumentNotANumber` if `t` is NaN.
    public func cdf(_ t: Double, tail: Tail = .lower) throws(DistributionError) -> Double {
        try ParameterCheck.number(t, "the quantile t", of: Self.name)
        return pt(t, degreesOfFreedom, tail.rFlag, 0)
    }

    /// The t with P(T ≤ t) = p (`.lower`, default) or P(T > t) = p (`.upper`); R's `qt(p, df, lower.tail)`.
    /// p = 0 and p = 1 give ±∞.
    /// - Throws: `DistributionError.probabilityOutOfRange` unless 0 ≤ p ≤ 1.
    public func quantile(_ p: Double, tail: Tail = .lower) throws(DistributionError) -> Double {
        try ParameterCheck.probability(p, of: Self.name)
        return qt(p, degreesOfFreedom, tail.rFlag, 0)
    }

    /// The two-sided p-value of a t statistic: 2 · P(T > |t|), computed from the upper tail so small
    /// p-values keep full precision. Equals R's `2 * pt(abs(t), df, lower.tail = FALSE)`, the form
    /// lmerTest and emmeans use.
    public func twoSidedPValue(_ t: Double) throws(DistributionError) -> Double {
        try ParameterCheck.number(t, "the t statistic", of: Self.name)
        return 2 * pt(Swift.abs(t), degreesOfFreedom, Tail.upper.rFlag, 0)
    }

    /// The critical value q = t_{1−α/2, ν} for a two-sided confidence interval of level 1 − α,
    /// i.e. estimate ± q · SE. Equals R's `qt(1 - (1 - level) / 2, df)`, computed as the
    /// upper-tail quantile `qt((1 - level) / 2, df, lower.tail = FALSE)`.
    /// - Throws: `DistributionError.confidenceLevelOutOfRange` unless 0 < level < 1.
    public func intervalCriticalValue(confidenceLevel level: Double) throws(DistributionError) -> Double {
        guard level > 0 && level < 1 else { throw .confidenceLevelOutOfRange(value: level) }
        return qt((1 - level) / 2, degreesOfFreedom, Tail.upper.rFlag, 0)
    }

    /// Two-sided p-value 2 · P(T_ν > |t|) in one call; see `twoSidedPValue(_:)`.
    public static func twoSidedPValue(t: Double, degreesOfFreedom: Double) throws(DistributionError) -> Double {
        try StudentT(degreesOfFreedom: degreesOfFreedom).twoSidedPValue(t)
    }

    /// Critical value t_{1−α/2, ν} for a two-sided interval of level 1 − α; see
    /// `intervalCriticalValue(confidenceLevel:)`.
    public static func intervalCriticalValue(
        confidenceLevel: Double, degreesOfFreedom: Double
    ) throws(DistributionError) -> Double {
        try StudentT(degreesOfFreedom: degreesOfFreedom).intervalCriticalValue(confidenceLevel: confidenceLevel)
    }
}
