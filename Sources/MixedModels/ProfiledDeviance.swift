import Foundation
import LinearAlgebra

/// Which likelihood the variance parameters maximise.
public enum EstimationCriterion: String, Sendable, Equatable, CaseIterable {
    /// Restricted maximum likelihood (lme4's default, `REML = TRUE`).
    case reml = "REML"
    /// Maximum likelihood (`REML = FALSE`).
    case ml = "ML"
}

/// The pieces of one evaluation of the penalized least-squares problem at θ.
struct PLSEvaluation: Sendable {
    /// log |L_θ|² (lme4 `ldL2`).
    var logDetL2: Double
    /// log |R_X|² (lme4 `ldRX2`).
    var logDetRX2: Double
    /// Penalized weighted residual sum of squares r²(θ) = ‖y − Xβ̂ − ZΛũ‖² + ‖ũ‖².
    var pwrss: Double
}

/// The profiled deviance of a linear mixed model and everything computed from the same blocked
/// Cholesky factor (Bates et al. 2015, JSS 67(1), eqs. 34 and 41; lme4 `lmer.Rnw`):
///
///     ML:   d(θ)   = log|L_θ|² + n [1 + log(2π r²(θ)/n)]
///     REML: d_R(θ) = log|L_θ|² + log|R_X|² + (n − p) [1 + log(2π r²(θ)/(n − p))]
///
/// The sufficient statistics are formed once (`CrossProductBlocks`), so each evaluation costs
/// O(levels · k³ + levels · k · (p + 1)²) for a single grouping factor, whatever n is.
struct ProfiledDeviance: Sendable {
    let layout: RandomEffectsLayout
    let blocks: CrossProductBlocks
    let criterion: EstimationCriterion
    let fixedNames: [String]
    /// The first term's levels grouped by Z_lᵀZ_l, when that pays off (one term, few patterns):
    /// evaluations then cost O(patterns), independent of the number of levels.
    let patterns: LevelPatterns?

    var observationCount: Int { blocks.observationCount }
    var fixedCount: Int { blocks.width - 1 }
    /// n for ML, n − p for REML: the residual degrees of freedom of σ̂².
    var residualDegrees: Int { criterion == .reml ? observationCount - fixedCount : observationCount }

    init(frame: ModelFrame, criterion: EstimationCriterion) throws {
        let layout = try RandomEffectsLayout(frame: frame)
        guard frame.fixedNames.count == frame.fixed.columns else {
            throw MixedModelError.inconsistentFrame(
                detail: "\(frame.fixedNames.count) fixed-effect names for \(frame.fixed.columns) columns")
        }
        if frame.observationCount <= frame.fixed.columns {
            throw MixedModelError.tooFewObservations(observations: frame.observationCount,
                                                     fixedEffects: frame.fixed.columns)
        }
        self.layout = layout
        self.blocks = try CrossProductBlocks(frame: frame, layout: layout)
        self.criterion = criterion
        self.fixedNames = frame.fixedNames
        self.patterns = LevelPatterns(blocks: blocks)
    }

    /// A factor workspace for this model (reuse it across evaluations). With `perLevel` (needed
    /// for the conditional modes) the first term is factorised level by level even when level
    /// patterns are available; otherwise the patterns are used when there are any.
    func makeWorkspace(perLevel: Bool = false) -> BlockedCholesky {
        BlockedCholesky(blocks: blocks, layout: layout, patterns: perLevel ? nil : patterns)
    }

    /// Factorises at θ into `workspace` and returns log-determinants and r².
    func evaluate(theta: [Double], workspace: inout BlockedCholesky) throws -> PLSEvaluation {
        do {
            try workspace.update(theta: theta, blocks: blocks, layout: layout)
        } catch MixedModelError.rankDeficientFixedEffects(let position) {
            let index = (Int(position) ?? 1) - 1
            let name = fixedNames.indices.contains(index) ? fixedNames[index] : position
            throw MixedModelError.rankDeficientFixedEffects(column: name)
        }
        let p = fixedCount
        var logDetRX2 = 0.0
        for i in 0..<p { logDetRX2 += 2 * log(workspace.lxx[i, i]) }
        let r = workspace.lxx[p, p]
        return PLSEvaluation(logDetL2: workspace.logDetL2, logDetRX2: logDetRX2, pwrss: r * r)
    }

    /// The profiled criterion (REML criterion or ML deviance) from one evaluation.
    func objective(_ e: PLSEvaluation) -> Double {
        let dof = Double(residualDegrees)
        let base = e.logDetL2 + dof * (1 + log(2 * Double.pi * e.pwrss / dof))
        return criterion == .reml ? base + e.logDetRX2 : base
    }

    /// The profiled deviance at θ (REML criterion for `.reml`, −2 log-likelihood for `.ml`).
    func deviance(theta: [Double], perLevel: Bool = false) throws -> Double {
        var workspace = makeWorkspace(perLevel: perLevel)
        return objective(try evaluate(theta: theta, workspace: &workspace))
    }

    /// The deviance at θ and a fixed σ, not profiled over σ — lmerTest's `devfun_vp`, whose
    /// Hessian in (θ, σ) gives the Satterthwaite degrees of freedom:
    ///
    ///     ML:   log|L_θ|² + r²/σ² + n log(2πσ²)
    ///     REML: the ML value + log|R_X|² − p log(2πσ²)
    func deviance(theta: [Double], sigma: Double) throws -> Double {
        var workspace = makeWorkspace()
        let e = try evaluate(theta: theta, workspace: &workspace)
        let sigma2 = sigma * sigma, n = Double(observationCount), p = Double(fixedCount)
        let ml = e.logDetL2 + e.pwrss / sigma2 + n * log(2 * Double.pi * sigma2)
        return criterion == .reml ? ml + e.logDetRX2 - p * log(2 * Double.pi * sigma2) : ml
    }

    /// Var(β̂) = σ² R_X⁻¹ R_X⁻ᵀ at θ, with R_Xᵀ the leading p × p block of L_XX.
    func vcovBeta(theta: [Double], sigma: Double) throws -> Matrix {
        var workspace = makeWorkspace()
        _ = try evaluate(theta: theta, workspace: &workspace)
        return try vcovBeta(workspace: workspace, sigma: sigma)
    }

    /// Var(β̂) from a factor already computed at the θ of interest.
    func vcovBeta(workspace: BlockedCholesky, sigma: Double) throws -> Matrix {
        let p = fixedCount
        var rxt = Matrix(rows: p, columns: p)
        for j in 0..<p { for i in j..<p { rxt[i, j] = workspace.lxx[i, j] } }
        do {
            var inverse = try Cholesky(lowerFactor: rxt).inverse()
            for e in inverse.storage.indices { inverse.storage[e] *= sigma * sigma }
            return inverse
        } catch let error as LinearAlgebraError {
            throw MixedModelError.linearAlgebra(step: "inverting R_X for Var(β̂)", underlying: error)
        }
    }

    /// σ̂² = r²/(n − p) for REML, r²/n for ML.
    func sigma(_ e: PLSEvaluation) -> Double { (e.pwrss / Double(residualDegrees)).squareRoot() }
}
