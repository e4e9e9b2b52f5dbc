import TrialCore

/// An estimate with its standard error, degrees of freedom and two-sided confidence interval.
public struct IntervalEstimate: Sendable, Equatable, Codable {
    public var estimate: Double
    public var standardError: Double
    public var degreesOfFreedom: Double
    public var lower: Double
    public var upper: Double
    public init(estimate: Double, standardError: Double, degreesOfFreedom: Double, lower: Double, upper: Double) {
        self.estimate = estimate; self.standardError = standardError; self.degreesOfFreedom = degreesOfFreedom
        self.lower = lower; self.upper = upper
    }
}

/// The estimated marginal mean of one arm at the outcome's visit (emmeans, equal weights over
/// the other factors, numeric covariates at their mean).
public struct ArmMean: Sendable, Equatable, Codable {
    public var arm: String
    public var mean: IntervalEstimate
}

/// One arm compared with the control arm at the outcome's visit: the difference of EMMs (arm −
/// control) with its t test, and the standardized difference.
public struct ArmComparison: Sendable, Equatable, Codable {
    public var arm: String
    public var control: String
    /// emmeans' contrast label, e.g. `PEER - SAU`.
    public var label: String
    public var difference: IntervalEstimate
    public var tStatistic: Double
    /// Two-sided, unadjusted.
    public var pValue: Double
    /// Cohen's d with the interval of the difference divided by the standardiser.
    public var effectSize: StandardizedDifference?
}

/// d = difference / s, s = the pooled SD of the score at baseline,
/// s² = Σ_a (n_a − 1) s_a² / (Σ_a n_a − A) over the randomized participants with a baseline score
/// (Cohen 1988, §2.2, pooled within-group SD; with the baseline as the reference metric as in
/// Feingold 2009, Psychological Methods 14(1):43–53). The interval is [lower/s, upper/s], the
/// model-based interval of the difference in SD units, treating s as known (Feingold 2015, J
/// Consult Clin Psychol 83(1):157–168): it ignores the sampling error of s.
public struct StandardizedDifference: Sendable, Equatable, Codable {
    public var d: Double
    public var lower: Double
    public var upper: Double
    /// The standardiser s and the number of participants it pools.
    public var standardizer: Double
    public var standardizerN: Int
    public var standardizerMethod: String
}

/// How the model was fitted and whether it converged.
public struct ModelDetails: Sendable, Equatable, Codable {
    public var formula: String
    /// `lmm` (random effects, lme4) or `mmrm` (structured residual covariance, SAS REPEATED).
    public var kind: String
    public var covariance: String?
    public var estimation: String
    public var degreesOfFreedomMethod: String
    public var referenceArm: String
    /// The EMM specification, e.g. `arm | visit`.
    public var marginalMeans: String
    public var converged: Bool
    public var logLikelihood: Double
    public var warnings: [String]
    /// The `trialkit fit` command that reproduces these numbers on `trialkit export long --outcome NAME`.
    public var fitCommand: String
}

/// The result of one planned outcome.
public struct OutcomeResult: Sendable, Equatable, Codable {
    public var name: String
    public var role: PlannedOutcome.Role
    public var score: String
    public var visit: String
    public var model: ModelDetails
    /// Participants and observations in the model (rows with every model variable observed).
    public var participants: Int
    public var observations: Int
    /// Participants in the model, per arm (protocol order).
    public var participantsByArm: [ArmCount]
    /// EMMs by arm at `visit`, protocol arm order.
    public var means: [ArmMean]
    /// Every other arm against the control arm at `visit`, protocol arm order.
    public var comparisons: [ArmComparison]
    public var confidenceLevel: Double
}

/// A count for one arm.
public struct ArmCount: Sendable, Equatable, Codable {
    public var arm: String
    public var count: Int
}
