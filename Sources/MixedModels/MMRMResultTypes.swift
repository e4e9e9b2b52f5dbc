import LinearAlgebra

/// One covariance parameter as SAS's "Covariance Parameter Estimates" table shows it.
public struct CovarianceParameterEstimate: Sendable, Equatable {
    /// SAS's "Cov Parm", e.g. "UN(2,1)", "AR(1)", "Residual", "Var(3)", "(Intercept)".
    public let name: String
    /// SAS's "Subject": the subject column (R-side) or the random-effects grouping factor.
    public let subject: String
    /// SAS's "Group": the group level this parameter belongs to (`nil` when common).
    public let group: String?
    public let estimate: Double
    /// √ of the diagonal of 2H⁻¹ (H the observed Hessian of −2 log L; SAS COVTEST); `nil` for a
    /// parameter fixed on its boundary or when H is not positive definite.
    public let standardError: Double?
}

/// The estimated covariance: the R-side matrix of each group over the visits, SAS's parameters,
/// and the G-side covariance of each random-effects term.
public struct EstimatedCovariance: Sendable, Equatable {
    public let structure: CovarianceStructure
    public let grouping: CovarianceGrouping
    public let subject: String
    public let time: String
    /// Visit levels in covariance order.
    public let visits: [String]
    /// The group column, if any.
    public let groupVariable: String?
    /// Group levels (one empty name when there is no group column).
    public let groups: [String]
    /// Σ_g (m × m, rows and columns in `visits` order), one per group.
    public let matrices: [Matrix]
    /// R-side parameters, then G-side.
    public let parameters: [CovarianceParameterEstimate]
    /// G_t of each random-effects term (`VarianceComponent` with the term's grouping and columns).
    public let randomEffects: [VarianceComponent]
}

/// Convergence facts a careful user checks before trusting a fit.
public struct MMRMConvergence: Sendable, Equatable {
    public let converged: Bool
    public let message: String
    /// Newton / scoring iterations and likelihood evaluations.
    public let iterations: Int
    public let evaluations: Int
    /// gᵀH⁻¹g / |−2 log L| at the end (SAS's relative Hessian criterion), H observed.
    public let relativeHessianCriterion: Double
    /// max |∂(−2 log L)/∂φ| over the free parameters.
    public let maxAbsoluteGradient: Double
    /// Whether the observed Hessian of −2 log L in φ is positive definite (free parameters).
    public let hessianPositiveDefinite: Bool
    /// Whether every Σ_g and every G_t is positive definite.
    public let covariancePositiveDefinite: Bool
    /// The smallest eigenvalue of each Σ_g, then of each G_t.
    public let smallestEigenvalues: [Double]
    /// Parameters fixed on their boundary (random-effects variances at zero).
    public let boundaryParameters: [String]
    public let warnings: [String]
}

/// A Type III F test of one model term (SAS "Type 3 Tests of Fixed Effects"); NaN values and
/// 0 numerator df when the term is not estimable.
public struct TermTest: Sendable, Equatable {
    public let term: String
    public let numeratorDegreesOfFreedom: Int
    public let denominatorDegreesOfFreedom: Double
    public let fStatistic: Double
    public let pValue: Double
}
