/// The statistical analysis plan: one entry per outcome, and the estimation settings they share.
public struct AnalysisPlan: Sendable, Equatable, Codable {
    /// Likelihood criterion for the mixed models.
    public enum Estimation: String, Sendable, Codable, CaseIterable { case reml, ml }
    /// Denominator degrees of freedom for tests and intervals of fixed effects.
    public enum DegreesOfFreedom: String, Sendable, Codable, CaseIterable {
        case satterthwaite
        case kenwardRoger = "kenward-roger"
        case residual
    }
    /// Who is analysed. `itt`: every randomized participant in the arm allocated, with all of
    /// their observed data (no imputation; likelihood-based analysis valid under MAR).
    public enum Population: String, Sendable, Codable, CaseIterable { case itt }
    /// The standardiser of the standardized mean difference (Cohen's d).
    public enum EffectSize: String, Sendable, Codable, CaseIterable {
        /// d = (model-based arm difference) / (pooled SD of the score at baseline), with the
        /// interval limits of the difference divided by the same SD (Feingold 2009).
        case pooledBaselineSD = "pooled-baseline-sd"
    }
    public var outcomes: [PlannedOutcome]
    public var estimation: Estimation
    public var degreesOfFreedom: DegreesOfFreedom
    /// Two-sided confidence level of reported intervals, e.g. 0.95.
    public var confidenceLevel: Double
    public var population: Population
    /// The arm every other arm is compared with; nil: the protocol's last arm.
    public var controlArm: String?
    /// The visit whose score is the baseline covariate; nil: the visit on day 0.
    public var baselineVisit: String?
    public var effectSize: EffectSize
    public init(outcomes: [PlannedOutcome], estimation: Estimation = .reml,
                degreesOfFreedom: DegreesOfFreedom = .kenwardRoger, confidenceLevel: Double = 0.95,
                population: Population = .itt, controlArm: String? = nil, baselineVisit: String? = nil,
                effectSize: EffectSize = .pooledBaselineSD) {
        self.outcomes = outcomes; self.estimation = estimation
        self.degreesOfFreedom = degreesOfFreedom; self.confidenceLevel = confidenceLevel
        self.population = population; self.controlArm = controlArm; self.baselineVisit = baselineVisit
        self.effectSize = effectSize
    }
}

/// One planned outcome: a score at a visit, the model it is analysed with, and its place in
/// the hierarchy of outcomes.
public struct PlannedOutcome: Sendable, Equatable, Codable {
    public enum Role: String, Sendable, Codable, CaseIterable { case primary, secondary, exploratory }
    /// A structured residual covariance over visits (an MMRM, as SAS `REPEATED / TYPE=`).
    public enum Covariance: String, Sendable, Codable, CaseIterable {
        case us, cs, csh, ar1, ar1h, toep, toeph
    }
    public var name: String
    public var role: Role
    /// The form whose score is the outcome.
    public var form: String
    /// The score analysed: the form's total (named after the form) or one of its subscores.
    public var score: String
    /// The visit at which the estimand is evaluated.
    public var visit: String
    /// Model formula in R/lme4 syntax, written in the long data's column names.
    public var formula: String
    /// Residual covariance over visits; nil fits the formula's random effects with independent
    /// residuals (lme4's model).
    public var covariance: Covariance?
    public init(name: String, role: Role, form: String, score: String? = nil, visit: String, formula: String,
                covariance: Covariance? = nil) {
        self.name = name; self.role = role; self.form = form; self.score = score ?? form; self.visit = visit
        self.formula = formula; self.covariance = covariance
    }
}
