import LinearAlgebra

/// The estimated covariance of one random-effects term, as lme4's `VarCorr` reports it:
/// Σ_t = σ² Λ_t Λ_tᵀ, with variances on the diagonal, their square roots, and correlations.
public struct VarianceComponent: Sendable, Equatable {
    /// The grouping factor, e.g. `Subject`.
    public let groupingName: String
    /// The term's columns, e.g. `["(Intercept)", "Days"]`.
    public let columnNames: [String]
    /// Σ_t (k × k).
    public let covariance: Matrix

    public var variances: [Double] { covariance.diagonal }
    public var standardDeviations: [Double] { variances.map { $0.squareRoot() } }

    /// Correlations Σ_ij / (sd_i sd_j); 1 on the diagonal, NaN where a standard deviation is 0
    /// (R prints `NaN` there too).
    public var correlations: Matrix {
        let sd = standardDeviations
        var result = Matrix(rows: sd.count, columns: sd.count)
        for i in sd.indices {
            for j in sd.indices {
                result[i, j] = i == j ? 1 : covariance[i, j] / (sd[i] * sd[j])
            }
        }
        return result
    }

    /// Σ_t = σ² Λ Λᵀ from the term's Λ (column-major k × k lower triangle).
    init(groupingName: String, columnNames: [String], lambda: [Double], sigma: Double) {
        let k = columnNames.count
        var covariance = Matrix(rows: k, columns: k)
        for i in 0..<k {
            for j in 0..<k {
                var sum = 0.0
                for c in 0...min(i, j) { sum += lambda[i + c * k] * lambda[j + c * k] }
                covariance[i, j] = sigma * sigma * sum
            }
        }
        self.groupingName = groupingName
        self.columnNames = columnNames
        self.covariance = covariance
    }
}

/// The conditional modes b̃ of one term's random effects (lme4 `ranef`): one row per level.
public struct ConditionalModes: Sendable, Equatable {
    public let groupingName: String
    public let levels: [String]
    public let columnNames: [String]
    /// levels × k.
    public let values: Matrix
}

/// A grouping factor and its number of sampled levels (lme4's `ngrps`).
public struct GroupingFactorSummary: Sendable, Equatable {
    public let name: String
    public let levelCount: Int
}
