import LinearAlgebra

/// The numerical ingredients of a linear mixed model, built from a formula and a table.
///
/// `y = X β + Σ_t Z_t b_t + ε`, where each random-effects term `t` has `k_t` columns per level of
/// its grouping factor and an unstructured `k_t × k_t` covariance (lme4's `(x | g)`).
/// Uncorrelated terms `(x || g)` and nested terms `(1 | a/b)` are expanded by the formula layer
/// into several `RandomTerm`s, exactly as lme4 does.
public struct ModelFrame: Sendable {
    /// The response `y`, one value per used row.
    public var response: [Double]
    public var responseName: String
    /// The fixed-effects model matrix `X` (n × p), aliased columns already removed.
    public var fixed: Matrix
    /// Column names of `X` as R's `model.matrix` names them, e.g. `(Intercept)`, `SexMale`.
    public var fixedNames: [String]
    /// Names of columns dropped because `X` was rank deficient (lme4's message lists them).
    public var aliasedNames: [String]
    /// Random-effects terms in formula order.
    public var randomTerms: [RandomTerm]
    /// Indices of the source table rows used (after dropping rows with missing values).
    public var usedRows: [Int]
    /// Number of source rows dropped because a used column was missing (like `na.omit`).
    public var droppedRowCount: Int
    /// How `X` was coded, to build new rows of `X` (EMMs); `nil` for hand-built frames.
    public var design: FixedEffectsDesign? = nil

    public var observationCount: Int { response.count }

    public init(response: [Double], responseName: String, fixed: Matrix, fixedNames: [String],
                aliasedNames: [String] = [], randomTerms: [RandomTerm], usedRows: [Int],
                droppedRowCount: Int = 0) {
        self.response = response
        self.responseName = responseName
        self.fixed = fixed
        self.fixedNames = fixedNames
        self.aliasedNames = aliasedNames
        self.randomTerms = randomTerms
        self.usedRows = usedRows
        self.droppedRowCount = droppedRowCount
    }
}

/// One random-effects term `(columns | grouping)` with an unstructured covariance.
public struct RandomTerm: Sendable {
    /// The grouping factor's name as lme4 prints it, e.g. `Subject` or `cask:batch`.
    public var groupingName: String
    /// Level names of the grouping factor, in R's sorted order.
    public var levels: [String]
    /// For each observation, the index of its level in `levels`.
    public var levelIndex: [Int32]
    /// Names of the term's columns, e.g. `["(Intercept)", "Days"]`.
    public var columnNames: [String]
    /// The term's raw model matrix (n × k): row i holds observation i's covariates.
    public var columns: Matrix

    public var columnCount: Int { columnNames.count }
    public var levelCount: Int { levels.count }

    public init(groupingName: String, levels: [String], levelIndex: [Int32],
                columnNames: [String], columns: Matrix) {
        self.groupingName = groupingName
        self.levels = levels
        self.levelIndex = levelIndex
        self.columnNames = columnNames
        self.columns = columns
    }
}
