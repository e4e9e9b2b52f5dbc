import Foundation
import LinearAlgebra

/// A fitted linear mixed model y = Xβ + Zb + ε, b ~ N(0, σ²ΛΛᵀ), ε ~ N(0, σ²I), estimated as
/// lme4's `lmer` does: θ by BOBYQA on the profiled REML criterion or ML deviance, β̂ and σ̂ profiled
/// out (Bates et al. 2015, JSS 67(1)). Terms and θ are in lme4's order (most levels first).
public struct LinearMixedModel: Sendable {
    public let criterion: EstimationCriterion
    public let responseName: String
    public let fixedEffectNames: [String]
    /// β̂.
    public let fixedEffects: [Double]
    /// √diag Var(β̂).
    public let standardErrors: [Double]
    /// Var(β̂) = σ̂² R_X⁻¹ R_X⁻ᵀ.
    public let vcov: Matrix
    /// θ̂: each term's Λ non-zeros, column by column.
    public let theta: [Double]
    /// σ̂, the residual standard deviation.
    public let sigma: Double
    /// One entry per random-effects term (lme4 order).
    public let varianceComponents: [VarianceComponent]
    /// For REML fits the REML log-likelihood, as lme4's `logLik`.
    public let logLikelihood: Double
    /// REML criterion (`.reml`) or deviance −2 log L (`.ml`) at θ̂.
    public let objective: Double
    /// Number of parameters: p + #θ + 1.
    public let parameterCount: Int
    public let observationCount: Int
    public let groups: [GroupingFactorSummary]
    /// b̃ per term, when requested.
    public let conditionalModes: [ConditionalModes]?
    public let summary: FitSummary
    /// The deviance machinery, kept for inference (Satterthwaite, Kenward–Roger) in this module.
    let profiledDeviance: ProfiledDeviance

    public var residualVariance: Double { sigma * sigma }
    /// AIC = −2 log L + 2 · parameterCount.
    public var aic: Double { -2 * logLikelihood + 2 * Double(parameterCount) }
    /// BIC = −2 log L + log(n) · parameterCount.
    public var bic: Double { -2 * logLikelihood + log(Double(observationCount)) * Double(parameterCount) }

    /// lme4's wording for a boundary fit.
    public static let singularWarning = "boundary (singular) fit: see help('isSingular')"

    /// Fits the model in `frame`.
    public static func fit(_ frame: ModelFrame, options: LinearMixedModelOptions = .init()) throws -> LinearMixedModel {
        let deviance = try ProfiledDeviance(frame: frame, criterion: options.criterion)
        let layout = deviance.layout
        let start = options.startTheta ?? StartingValues.lme4Default(layout: layout, response: frame.response)
        guard start.count == layout.thetaCount else {
            throw MixedModelError.thetaLength(expected: layout.thetaCount, actual: start.count)
        }
        var workspace = deviance.makeWorkspace()
        let settings = BoundedMinimizer.Settings(
            xtolAbs: options.optimizer.xtolAbs, ftolAbs: options.optimizer.ftolAbs,
            xtolRel: options.optimizer.xtolRel, ftolRel: options.optimizer.ftolRel,
            maxEvaluations: options.optimizer.maxEvaluations)
        let result = try LmerOptimization.run(start: start, lower: layout.lowerBounds, settings: settings,
                                              computeDerivatives: options.checkConvergence) { theta in
            deviance.objective(try deviance.evaluate(theta: theta, workspace: &workspace))
        }
        return try LinearMixedModel(deviance: deviance, frame: frame, result: result, start: start, options: options)
    }

    private init(deviance: ProfiledDeviance, frame: ModelFrame, result: LmerOptimization.Result,
                 start: [Double], options: LinearMixedModelOptions) throws {
        let layout = deviance.layout
        // Per-level blocks at the optimum only when the conditional modes (L₁₁, L_X1) are wanted.
        var workspace = deviance.makeWorkspace(perLevel: options.computeConditionalModes)
        let evaluation = try deviance.evaluate(theta: result.theta, workspace: &workspace)
        let sigma = deviance.sigma(evaluation)
        let objective = deviance.objective(evaluation)
        criterion = options.criterion
        responseName = frame.responseName
        fixedEffectNames = frame.fixedNames
        fixedEffects = deviance.fixedEffects(workspace: workspace)
        vcov = try deviance.vcovBeta(workspace: workspace, sigma: sigma)
        standardErrors = vcov.diagonal.map { $0.squareRoot() }
        theta = result.theta
        self.sigma = sigma
        self.objective = objective
        logLikelihood = -objective / 2
        parameterCount = deviance.fixedCount + layout.thetaCount + 1
        observationCount = deviance.observationCount
        groups = layout.terms.map { GroupingFactorSummary(name: $0.groupingName, levelCount: $0.levelCount) }
        varianceComponents = layout.terms.enumerated().map { t, term in
            VarianceComponent(groupingName: term.groupingName, columnNames: term.columnNames,
                              lambda: layout.templates[t].lambda(theta: result.theta), sigma: sigma)
        }
        if options.computeConditionalModes {
            let modes = try deviance.conditionalModes(workspace: workspace, beta: fixedEffects)
            conditionalModes = zip(layout.terms, modes).map { term, values in
                ConditionalModes(groupingName: term.groupingName, levels: term.levels,
                                 columnNames: term.columnNames, values: values)
            }
        } else {
            conditionalModes = nil
        }
        let singular = zip(result.theta, layout.isDiagonalTheta).contains { $1 && $0 < options.singularTolerance }
        var converged = !(result.status < 0 || result.status == 5)
        var warnings: [String] = []
        if !converged {
            warnings.append("convergence code \(result.status) from nloptwrap: \(BoundedMinimizer.statusMessage(result.status))")
        }
        if singular {
            warnings.append(Self.singularWarning)
        } else if let derivatives = result.derivatives {
            // lme4 checkConv skips the derivative checks for singular fits.
            let check = ConvergenceCheck.messages(for: derivatives)
            warnings += check.messages
            if check.failed { converged = false }
        }
        summary = FitSummary(
            optimizer: "nloptwrap (NLOPT_LN_BOBYQA)", criterion: options.criterion, settings: options.optimizer,
            thetaStart: start, thetaFinal: result.theta, evaluations: result.evaluations, objective: objective,
            status: result.statusName, statusCode: result.status, converged: converged, singular: singular,
            restartedFromBoundary: result.restarted, gradient: result.derivatives?.gradient,
            hessian: result.derivatives?.hessian, warnings: warnings)
        profiledDeviance = deviance
    }
}
