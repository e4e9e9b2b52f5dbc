import LinearAlgebra

/// How a fit went: the optimizer and its settings, where it started and stopped, how many
/// deviance evaluations it used, and every warning a careful lme4 user would see.
public struct FitSummary: Sendable, Equatable {
    /// e.g. `nloptwrap (NLOPT_LN_BOBYQA)`.
    public let optimizer: String
    public let criterion: EstimationCriterion
    public let settings: OptimizerSettings
    public let thetaStart: [Double]
    public let thetaFinal: [Double]
    public let evaluations: Int
    /// The criterion at `thetaFinal` (REML criterion or ML deviance).
    public let objective: Double
    /// NLopt's result name, e.g. `NLOPT_XTOL_REACHED`, and code.
    public let status: String
    public let statusCode: Int
    /// lme4's rule: not converged when the NLopt code is negative or 5 (maximum evaluations).
    public let converged: Bool
    /// Some diagonal θ element of a term's template is below the singular tolerance (lme4 `isSingular`).
    public let singular: Bool
    /// lme4 `restart_edge`: BOBYQA was restarted because a bounded θ could still decrease the criterion.
    public let restartedFromBoundary: Bool
    /// Finite-difference gradient and Hessian of the criterion at the optimum (lme4 `deriv12`), when computed.
    public let gradient: [Double]?
    public let hessian: Matrix?
    public let warnings: [String]
}

/// The optimizer's stopping rules, lme4's `nloptwrap` defaults unless changed.
public struct OptimizerSettings: Sendable, Equatable {
    public var xtolAbs: Double = 1e-8
    public var ftolAbs: Double = 1e-8
    /// nloptr's default, which lme4 does not override.
    public var xtolRel: Double = 1e-4
    /// 0 = off (nloptr's default, kept by lme4).
    public var ftolRel: Double = 0
    public var maxEvaluations: Int = 100_000

    public init() {}
}

/// Options of `LinearMixedModel.fit`.
public struct LinearMixedModelOptions: Sendable, Equatable {
    public var criterion: EstimationCriterion = .reml
    public var optimizer = OptimizerSettings()
    /// θ to start from (lme4 order); nil = lme4's start (identity templates).
    public var startTheta: [Double]?
    /// lme4 `isSingular` tolerance.
    public var singularTolerance: Double = 1e-4
    /// lme4 `calc.derivs` + `checkConv`: finite-difference gradient and Hessian at θ̂ (2·#θ² extra
    /// evaluations) and lme4's convergence warnings.
    public var checkConvergence = true
    /// Compute b̃ (cheap: one back substitution).
    public var computeConditionalModes = true

    public init(criterion: EstimationCriterion = .reml) {
        self.criterion = criterion
    }
}
