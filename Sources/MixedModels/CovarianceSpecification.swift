/// A residual (R-side) covariance structure over the visits of one subject, with SAS PROC MIXED's
/// `REPEATED / TYPE=` names and mmrm's keywords (SAS/STAT User's Guide, "MIXED: REPEATED
/// Statement", Table "Covariance Structures"; mmrm vignette "Covariance structures").
///
/// m = number of visits (levels of the time variable); σ_i² the variance at visit i.
///
/// | keyword | SAS      | Σ_ij                                   | parameters (SAS names, order)          |
/// |---------|----------|----------------------------------------|----------------------------------------|
/// | `us`    | UN       | free                                   | UN(1,1), UN(2,1), UN(2,2), UN(3,1), …  |
/// | `cs`    | CS       | σ₁ + σ² 1[i=j]                         | CS, Residual                           |
/// | `csh`   | CSH      | σ_iσ_j (ρ + (1−ρ) 1[i=j])              | Var(1)…Var(m), CSH                     |
/// | `ar1`   | AR(1)    | σ² ρ^|i−j|                             | AR(1), Residual                        |
/// | `ar1h`  | ARH(1)   | σ_iσ_j ρ^|i−j|                         | Var(1)…Var(m), ARH(1)                  |
/// | `toep`  | TOEP     | σ_{|i−j|} (σ₀ = Residual)              | TOEP(2)…TOEP(m), Residual              |
/// | `toeph` | TOEPH    | σ_iσ_j ρ_{|i−j|} (ρ₀ = 1)              | Var(1)…Var(m), TOEPH(1)…TOEPH(m−1)     |
///
/// |i − j| is the distance between the visits' positions in the time variable's level order
/// (SAS positions the R matrix by the levels of the REPEATED effect).
public enum CovarianceStructure: String, Sendable, Equatable, CaseIterable {
    case unstructured = "us"
    case compoundSymmetry = "cs"
    case heterogeneousCompoundSymmetry = "csh"
    case autoregressive = "ar1"
    case heterogeneousAutoregressive = "ar1h"
    case toeplitz = "toep"
    case heterogeneousToeplitz = "toeph"

    /// SAS's `TYPE=` name.
    public var sasName: String {
        switch self {
        case .unstructured: "UN"
        case .compoundSymmetry: "CS"
        case .heterogeneousCompoundSymmetry: "CSH"
        case .autoregressive: "AR(1)"
        case .heterogeneousAutoregressive: "ARH(1)"
        case .toeplitz: "TOEP"
        case .heterogeneousToeplitz: "TOEPH"
        }
    }

    /// True when each visit has its own variance.
    public var isHeterogeneous: Bool {
        switch self {
        case .unstructured, .heterogeneousCompoundSymmetry, .heterogeneousAutoregressive, .heterogeneousToeplitz: true
        case .compoundSymmetry, .autoregressive, .toeplitz: false
        }
    }
}

/// How a `group` variable splits the covariance.
public enum CovarianceGrouping: String, Sendable, Equatable, CaseIterable {
    /// Each group level has its own complete set of parameters (SAS `REPEATED / GROUP=`,
    /// mmrm `us(visit | arm / id)`).
    case separate
    /// Each group level has its own variances, the correlation parameters are common to all
    /// groups (what nlme expresses with `weights = varIdent(~ 1 | visit * group)` and one
    /// `corStruct`). Unstructured correlations are then reported as SAS's UNR parameters
    /// Var(i) and Corr(i,j).
    case sharedCorrelation = "shared-correlation"
}

/// Where the visits of a subject come from and which structure their covariance has.
public struct CovarianceSpecification: Sendable, Equatable {
    public var structure: CovarianceStructure
    /// The subject identifier column (SAS `SUBJECT=`).
    public var subject: String
    /// The visit column (SAS's REPEATED effect); its levels, in R's sorted order (numerically
    /// for a numeric column), are the positions of the covariance matrix.
    public var time: String
    /// An optional column whose levels get their own covariance (SAS `GROUP=`).
    public var group: String?
    public var grouping: CovarianceGrouping
    /// The visits in their time order, when the sorted order is not it (e.g. "baseline", "post",
    /// "followup"); must list every level of the time column. `nil` = sorted order.
    public var timeOrder: [String]?

    public init(structure: CovarianceStructure, subject: String, time: String, group: String? = nil,
                grouping: CovarianceGrouping = .separate, timeOrder: [String]? = nil) {
        self.structure = structure
        self.subject = subject
        self.time = time
        self.group = group
        self.grouping = grouping
        self.timeOrder = timeOrder
    }
}

/// How the covariance parameters are optimised.
public enum MMRMAlgorithm: String, Sendable, Equatable, CaseIterable {
    /// SAS PROC MIXED's path: MIVQUE0 starting values (structures linear in their parameters),
    /// then Newton–Raphson on SAS's own parameters (covariance elements, ρ, …) with step halving
    /// to keep V positive definite. With SAS's default criterion it stops where SAS stops, so
    /// estimates agree with SAS's printed digits. Falls back to `.unconstrained` if it fails.
    case newtonRaphson = "newton-raphson"
    /// Newton / Fisher scoring on an unconstrained parametrisation (log-Cholesky for UN, log
    /// variances, tanh / logistic / partial-autocorrelation maps for correlations), starting from
    /// the empirical covariance of OLS residuals (mmrm's `emp_start`).
    case unconstrained
}

/// Settings of an MMRM / GLS fit.
public struct MMRMOptions: Sendable, Equatable {
    /// REML (default, SAS `METHOD=REML`) or ML.
    public var criterion: EstimationCriterion = .reml
    /// Starting values of the covariance parameters in the reported (SAS) parametrisation and
    /// order (SAS `PARMS`): R-side parameters first (group by group), then the random-effects
    /// covariance elements term by term. `nil` = MIVQUE0 or empirical starting values.
    public var start: [Double]? = nil
    public var algorithm: MMRMAlgorithm = .newtonRaphson
    /// Largest number of Newton / Fisher-scoring iterations.
    public var maxIterations: Int = 100
    /// Convergence when gᵀH⁻¹g ≤ tolerance · |−2 log L| (SAS's relative Hessian criterion, CONVH,
    /// default 1e-8 as in SAS). Use e.g. 1e-14 to go to the optimum to machine precision
    /// (nlme / mmrm comparisons).
    public var tolerance: Double = 1e-8

    public static let sasTolerance = 1e-8
    public static let strictTolerance = 1e-14

    public init(criterion: EstimationCriterion = .reml, start: [Double]? = nil,
                algorithm: MMRMAlgorithm = .newtonRaphson, maxIterations: Int = 100, tolerance: Double = 1e-8) {
        self.criterion = criterion
        self.start = start
        self.algorithm = algorithm
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }
}
