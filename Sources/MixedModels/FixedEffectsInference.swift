import Distributions
import LinearAlgebra

/// t-based inference for linear functions lᵀβ of a fitted model's fixed effects, with the
/// expensive part (the deviance Hessian, or the Kenward–Roger adjustment) computed once.
///
/// - `.satterthwaite`: SE² = lᵀΦl, ν from `Satterthwaite` (lmerTest `contest1D`).
/// - `.kenwardRoger`: SE² = lᵀΦ_A l, ν from `KenwardRoger.degreesOfFreedom` (lmerTest
///   `get_KR1D` = pbkrtest `vcovAdj` + `Lb_ddf`; emmeans `lmer.df = "kenward-roger"`).
/// - `.residual`: SE² = lᵀΦl, ν = n − p.
///
/// t = lᵀβ̂ / SE, p = 2 P(T_ν > |t|), interval lᵀβ̂ ± t_{(1+level)/2, ν} SE (lmerTest `waldCI`).
public struct FixedEffectsInference: Sendable {
    public let method: DegreesOfFreedomMethod
    public let names: [String]
    public let estimates: [Double]
    /// The covariance used for SEs: Var(β̂), or Φ_A for Kenward–Roger.
    public let covariance: Matrix
    /// Diagnostics a careful lmerTest user would see (e.g. Hessian eigenvalues near zero).
    public let warnings: [String]

    enum Engine: Sendable {
        case satterthwaite(Satterthwaite)
        case kenwardRoger(KenwardRoger)
        case residual(Double)
    }

    let engine: Engine

    /// Estimate, SE, df, t, p and a two-sided interval for lᵀβ.
    public func estimate(_ l: [Double], level: Double = 0.95) throws -> LinearEstimate {
        guard l.count == estimates.count else {
            throw InferenceError.contrastLength(expected: estimates.count, actual: l.count)
        }
        guard level > 0, level < 1 else { throw InferenceError.invalidLevel(level) }
        let value = zip(l, estimates).reduce(0) { $0 + $1.0 * $1.1 }
        let variance = Satterthwaite.quadraticForm(l, covariance)
        guard variance > 0, variance.isFinite else { throw InferenceError.degenerateContrast }
        let df: Double
        switch engine {
        case .satterthwaite(let s): df = s.degreesOfFreedom(l)
        case .kenwardRoger(let k): df = try k.degreesOfFreedom(Matrix(rows: 1, columns: l.count, columnMajor: l))
        case .residual(let nu): df = nu
        }
        let se = variance.squareRoot(), t = value / se
        var p = Double.nan, critical = Double.nan
        if df > 0, let distribution = try? StudentT(degreesOfFreedom: df) {
            p = (try? distribution.twoSidedPValue(t)) ?? .nan
            critical = (try? distribution.intervalCriticalValue(confidenceLevel: level)) ?? .nan
        }
        return LinearEstimate(estimate: value, standardError: se, degreesOfFreedom: df, tStatistic: t,
                              pValue: p, lower: value - critical * se, upper: value + critical * se, level: level)
    }

    /// One row per fixed effect (lᵀ = unit vectors), as `summary(lmerTest fit, ddf = …)`.
    public func coefficients() throws -> [CoefficientRow] {
        try names.indices.map { j in
            var l = [Double](repeating: 0, count: names.count)
            l[j] = 1
            let e = try estimate(l)
            return CoefficientRow(term: names[j], estimate: e.estimate, standardError: e.standardError,
                                  degreesOfFreedom: e.degreesOfFreedom, tStatistic: e.tStatistic, pValue: e.pValue)
        }
    }
}

/// How the Satterthwaite derivatives are obtained (exact unless the algebra is too large).
enum SatterthwaiteDerivativeSource: Sendable {
    case automatic, exact, numeric
}

extension LinearMixedModel {
    /// Inference for the fixed effects with the given degrees-of-freedom method.
    /// - Throws: `InferenceError.kenwardRogerNeedsREML` for Kenward–Roger on an ML fit (as
    ///   lmerTest), `.randomEffectsTooLarge` for Kenward–Roger when several random-effects terms
    ///   need a dense algebra above `MarginalAlgebra.denseLimit`.
    public func inference(method: DegreesOfFreedomMethod) throws -> FixedEffectsInference {
        try inference(method: method, derivatives: .automatic)
    }

    /// The fixed-effects table (estimate, SE, df, t, p) for a method.
    public func coefficientTable(method: DegreesOfFreedomMethod) throws -> [CoefficientRow] {
        try inference(method: method).coefficients()
    }

    func inference(method: DegreesOfFreedomMethod, derivatives: SatterthwaiteDerivativeSource,
                   denseLimit: Int = MarginalAlgebra.denseLimit) throws -> FixedEffectsInference {
        let deviance = profiledDeviance
        switch method {
        case .residual:
            let nu = Double(observationCount - fixedEffects.count)
            return FixedEffectsInference(method: method, names: fixedEffectNames, estimates: fixedEffects,
                                         covariance: vcov, warnings: [], engine: .residual(nu))
        case .kenwardRoger, .kenwardRogerLinear:
            // pbkrtest's parametrisation (variances, covariances, σ²) is linear: no R_ij term.
            guard criterion == .reml else { throw InferenceError.kenwardRogerNeedsREML }
            let algebra = try MarginalAlgebra(deviance: deviance, theta: theta, method: method, denseLimit: denseLimit)
            let kr = try KenwardRoger(algebra: algebra, layout: deviance.layout, sigma: sigma)
            return FixedEffectsInference(method: method, names: fixedEffectNames, estimates: fixedEffects,
                                         covariance: kr.adjustedVcov, warnings: [], engine: .kenwardRoger(kr))
        case .satterthwaite:
            var source = derivatives
            var algebra: MarginalAlgebra?
            if source != .numeric {
                do {
                    algebra = try MarginalAlgebra(deviance: deviance, theta: theta, method: method, denseLimit: denseLimit)
                } catch InferenceError.randomEffectsTooLarge where source == .automatic {
                    source = .numeric
                }
            }
            let parts = try algebra.map {
                try SatterthwaiteDerivatives.exact(algebra: $0, layout: deviance.layout, criterion: criterion,
                                                   sigma: sigma)
            } ?? SatterthwaiteDerivatives.numeric(deviance: deviance, theta: theta, sigma: sigma)
            let s = try Satterthwaite(vcov: vcov, hessian: parts.hessian, jacobians: parts.jacobians)
            return FixedEffectsInference(method: method, names: fixedEffectNames, estimates: fixedEffects,
                                         covariance: vcov, warnings: s.warnings, engine: .satterthwaite(s))
        }
    }
}
