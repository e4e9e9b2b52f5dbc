/// How the denominator degrees of freedom of a t test on fixed effects are found.
public enum DegreesOfFreedomMethod: String, Sendable, Equatable, CaseIterable {
    /// Satterthwaite's approximation exactly as lmerTest computes it (Kuznetsova, Brockhoff &
    /// Christensen 2017, JSS 82(13)); SEs from the usual Var(β̂).
    case satterthwaite
    /// Kenward & Roger (1997) exactly as pbkrtest computes it (Halekoh & Højsgaard 2014, JSS
    /// 59(9)): adjusted covariance Φ_A for the SEs and the KR degrees of freedom. REML fits only.
    case kenwardRoger = "kenward-roger"
    /// Kenward–Roger without the second-derivative term R_ij (mmrm's "Kenward-Roger-Linear";
    /// SAS DDFM=KR(LINEAR)). Identical to `.kenwardRoger` when the covariance is linear in its
    /// parameters (lmer variance components, SAS UN/CS/TOEP); differs for AR(1), CSH, ….
    case kenwardRogerLinear = "kenward-roger-linear"
    /// The residual degrees of freedom n − p, SEs from the usual Var(β̂).
    case residual
}

/// One row of a fixed-effects table: estimate, SE, df, t and the two-sided p-value.
public struct CoefficientRow: Sendable, Equatable {
    /// R's column name, e.g. `(Intercept)` or `armPEER:visitpost`.
    public let term: String
    public let estimate: Double
    public let standardError: Double
    public let degreesOfFreedom: Double
    /// t = estimate / SE.
    public let tStatistic: Double
    /// 2 · P(T_df > |t|).
    public let pValue: Double
}

/// A linear function c = lᵀβ̂ of the fixed effects with its SE, df, t test of c = 0 and a
/// two-sided confidence interval c ± t_{(1+level)/2, df} · SE.
public struct LinearEstimate: Sendable, Equatable {
    public let estimate: Double
    public let standardError: Double
    public let degreesOfFreedom: Double
    public let tStatistic: Double
    public let pValue: Double
    public let lower: Double
    public let upper: Double
    /// The confidence level of [lower, upper].
    public let level: Double
}

/// Why an inference could not be computed. Each case names the quantity at fault and what to do.
public enum InferenceError: Error, CustomStringConvertible, Equatable, Sendable {
    /// pbkrtest's Kenward–Roger adjustment is defined for REML fits only.
    case kenwardRogerNeedsREML
    /// The dense random-effects algebra needed (crossed or several terms) would be too large.
    case randomEffectsTooLarge(randomEffects: Int, limit: Int, method: DegreesOfFreedomMethod)
    /// A contrast vector does not have one entry per fixed effect.
    case contrastLength(expected: Int, actual: Int)
    /// The contrast has zero variance (e.g. all zeros), so no test is possible.
    case degenerateContrast
    /// The confidence level is not strictly between 0 and 1.
    case invalidLevel(Double)
    /// A numerical step failed.
    case numerical(step: String, detail: String)
    /// An estimated-marginal-means specification could not be read.
    case invalidSpecification(spec: String, reason: String)
    /// A name in a specification is not a factor of the fixed effects.
    case unknownFactor(name: String, spec: String, factors: [String])
    /// The fixed-effects design dropped aliased columns, so some grid cells may not be estimable.
    case rankDeficientGrid(dropped: [String])

    public var description: String {
        switch self {
        case .kenwardRogerNeedsREML:
            return "Kenward-Roger's method is only available for REML model fits; refit with REML, "
                + "or use --df satterthwaite."
        case let .randomEffectsTooLarge(q, limit, method):
            let advice = method != .satterthwaite
                ? "use --df satterthwaite (or --df residual) instead"
                : "reduce the number of levels of the crossed grouping factors"
            return "The \(method.rawValue) computation needs a dense \(q)×\(q) random-effects matrix "
                + "(several random-effects terms), above the limit of \(limit)×\(limit); \(advice)."
        case let .contrastLength(expected, actual):
            return "The contrast has \(actual) coefficients but the model has \(expected) fixed effects."
        case .degenerateContrast:
            return "The contrast has zero variance (is it all zeros?); give a non-zero contrast."
        case .invalidLevel(let level):
            return "The confidence level \(level) must be strictly between 0 and 1 (e.g. 0.95)."
        case let .numerical(step, detail):
            return "While \(step): \(detail)."
        case let .invalidSpecification(spec, reason):
            return "The marginal-means specification '\(spec)' \(reason); write it as e.g. 'arm', "
                + "'arm | visit' or 'arm * visit'."
        case let .unknownFactor(name, spec, factors):
            let list = factors.isEmpty ? "the model has no factors in its fixed part"
                : "the factors are \(factors.joined(separator: ", "))"
            return "'\(name)' in the marginal-means specification '\(spec)' is not a factor of the fixed "
                + "effects (\(list)); numeric covariates are held at their mean."
        case .rankDeficientGrid(let dropped):
            return "The fixed-effects matrix is rank deficient (dropped: \(dropped.joined(separator: ", "))), "
                + "so some marginal means are not estimable; remove the aliased terms (e.g. an interaction "
                + "with an empty cell) before asking for marginal means."
        }
    }
}
