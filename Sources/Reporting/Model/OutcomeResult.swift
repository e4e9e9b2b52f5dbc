/// A point estimate with an optional confidence interval (95% unless the analysis says otherwise).
public struct Estimate: Sendable, Equatable {
    public var estimate: Double
    public var lower: Double?
    public var upper: Double?

    public init(_ estimate: Double, lower: Double? = nil, upper: Double? = nil) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
    }
}

/// The result of one outcome of the analysis plan at its analysis visit.
public struct OutcomeResult: Sendable, Equatable {
    /// Variable name, e.g. "qpr15".
    public var name: String
    /// Human label, e.g. "QPR-15 (personal recovery)".
    public var label: String
    public var role: Role
    /// Label of the visit the contrast is estimated at, e.g. "Week 26".
    public var visit: String
    /// Estimated marginal mean per arm, in the order of ``ReportDocument/armNames``.
    public var marginalMeans: [Estimate]
    /// Difference between arms (as the analysis plan defines it, e.g. PEER − SAU), with CI.
    public var difference: Estimate
    /// Text naming the contrast, e.g. "PEER − SAU".
    public var contrast: String
    /// Two-sided p-value of the difference.
    public var pValue: Double
    /// Standardized effect (Cohen's d): the difference divided by ``standardiser``, with CI if known.
    public var cohenD: Estimate
    /// What the difference was divided by, e.g. "pooled baseline SD (10.9)".
    public var standardiser: String
    /// Model formula in lme4 syntax.
    public var formula: String
    /// Residual covariance structure for MMRM fits (e.g. "unstructured"), nil for random-effects models.
    public var covariance: String?
    /// Denominator degrees of freedom method, e.g. "Kenward–Roger".
    public var dfMethod: String
    /// Denominator degrees of freedom of the contrast, if the method gives one.
    public var degreesOfFreedom: Double?
    /// Participants and observations in the model.
    public var participants: Int
    public var observations: Int
    /// Decimals for means, differences and their CIs (Cohen's d always has two).
    public var decimals: Int

    public enum Role: String, Sendable, Equatable {
        case primary, secondary, exploratory
    }

    public init(
        name: String, label: String, role: Role, visit: String, marginalMeans: [Estimate],
        difference: Estimate, contrast: String, pValue: Double, cohenD: Estimate, standardiser: String,
        formula: String, covariance: String?, dfMethod: String, degreesOfFreedom: Double?,
        participants: Int, observations: Int, decimals: Int = 1
    ) {
        self.name = name
        self.label = label
        self.role = role
        self.visit = visit
        self.marginalMeans = marginalMeans
        self.difference = difference
        self.contrast = contrast
        self.pValue = pValue
        self.cohenD = cohenD
        self.standardiser = standardiser
        self.formula = formula
        self.covariance = covariance
        self.dfMethod = dfMethod
        self.degreesOfFreedom = degreesOfFreedom
        self.participants = participants
        self.observations = observations
        self.decimals = decimals
    }
}

/// Mean trajectories of one outcome per arm over visits.
public struct Trajectory: Sendable, Equatable {
    /// The outcome's label, used as the y-axis title.
    public var outcomeLabel: String
    /// What the points are, e.g. "Estimated marginal mean (95% CI)" or "Observed mean (95% CI)".
    public var pointDescription: String
    /// Visit labels in time order; the x axis places them evenly.
    public var visits: [String]
    /// One series per arm, in arm order.
    public var arms: [[Point]]

    public init(outcomeLabel: String, pointDescription: String, visits: [String], arms: [[Point]]) {
        self.outcomeLabel = outcomeLabel
        self.pointDescription = pointDescription
        self.visits = visits
        self.arms = arms
    }

    /// A mean at one visit. Visits without data in an arm are simply absent.
    public struct Point: Sendable, Equatable {
        /// Label of the visit (one of ``Trajectory/visits``).
        public var visit: String
        public var mean: Double
        public var lower: Double
        public var upper: Double
        /// Participants contributing.
        public var n: Int

        public init(visit: String, mean: Double, lower: Double, upper: Double, n: Int) {
            self.visit = visit
            self.mean = mean
            self.lower = lower
            self.upper = upper
            self.n = n
        }
    }
}
