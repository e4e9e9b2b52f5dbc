import CRmath

/// The studentized range distribution: Q = (max − min of k independent N(μ, σ²)) / s, with
/// ν s²/σ² ~ χ²_ν independent of the means. Used for Tukey's honestly-significant-difference
/// adjustment of all pairwise comparisons of k means (Tukey 1953; emmeans `adjust = "tukey"`:
/// p = P(Q > √2 |t|), interval half-width q_{level}/√2 · SE).
///
/// The CDF and quantile are R's `ptukey` and `qtukey` (Copenhaver & Holland 1988 algorithm in
/// R's standalone math library), so values equal R's; R computes them by numerical integration,
/// with about 8–9 correct digits.
public struct StudentizedRange: Sendable, Equatable {
    /// k, the number of means in the family (≥ 2).
    public let means: Double
    /// ν, the degrees of freedom of the variance estimate (> 0, possibly +∞).
    public let degreesOfFreedom: Double

    static let name = "studentized range"

    /// - Throws: `DistributionError.invalidParameter` unless k ≥ 2 and ν > 0.
    public init(means: Double, degreesOfFreedom: Double) throws(DistributionError) {
        guard means >= 2, means.isFinite else {
            throw .invalidParameter(distribution: Self.name, parameter: "number of means", value: means,
                                    requirement: "finite and at least 2")
        }
        try ParameterCheck.positive(degreesOfFreedom, "degrees of freedom", of: Self.name, allowInfinity: true)
        self.means = means
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// P(Q ≤ q) (`.lower`) or P(Q > q) (`.upper`); R's `ptukey(q, nmeans, df, lower.tail = …)`.
    public func cdf(_ q: Double, tail: Tail = .lower) throws(DistributionError) -> Double {
        try ParameterCheck.number(q, "the quantile q", of: Self.name)
        return ptukey(q, 1, means, degreesOfFreedom, tail.rFlag, 0)
    }

    /// The q with P(Q ≤ q) = p (`.lower`) or P(Q > q) = p (`.upper`); R's `qtukey`.
    public func quantile(_ p: Double, tail: Tail = .lower) throws(DistributionError) -> Double {
        try ParameterCheck.probability(p, of: Self.name)
        return qtukey(p, 1, means, degreesOfFreedom, tail.rFlag, 0)
    }
}
