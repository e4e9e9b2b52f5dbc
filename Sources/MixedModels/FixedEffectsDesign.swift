/// A value of a design variable: a factor level or a number.
public enum DesignValue: Sendable, Hashable {
    case level(String)
    case number(Double)
}

/// The fixed-effects part of a model frame, kept so that new rows of `X` can be built for
/// chosen variable values (estimated marginal means, predictions, contrasts).
///
/// Variables are table columns as used in the fixed terms: a **factor** (a text column or
/// `factor(x)`) with its levels in model order (reference first), or a **numeric** covariate
/// with its mean over the used rows (emmeans' default reference value). A row is built with
/// the same coding as `X`, and aliased columns are left out, so `row(values:)` has
/// `columnNames.count` entries matching `ModelFrame.fixedNames`.
public struct FixedEffectsDesign: Sendable {
    /// A variable of the fixed effects.
    public enum Variable: Sendable, Equatable {
        case numeric(name: String, mean: Double)
        case factor(name: String, levels: [String])

        public var name: String {
            switch self {
            case .numeric(let name, _), .factor(let name, _): name
            }
        }
    }

    /// The variables in order of first appearance in the fixed terms.
    public let variables: [Variable]
    public let hasIntercept: Bool
    /// The fixed terms' labels, e.g. `["age", "Sex", "age:Sex"]`.
    public let termLabels: [String]
    /// Column names of `X` after dropping aliased columns (= `ModelFrame.fixedNames`).
    public let columnNames: [String]
    /// All column names before dropping aliased ones.
    public let allColumnNames: [String]
    /// For each kept column, 0 for the intercept or the 1-based index into `termLabels`
    /// (R's `assign` attribute), for tests of whole terms.
    public let assign: [Int]

    let coding: ModelMatrixCoding
    let codedVariables: [FormulaVariable]
    let kept: [Int]
    let factors: [String: FactorCodes]
    let means: [String: Double]

    init(coding: ModelMatrixCoding, termList: FormulaTermList, codedVariables: [FormulaVariable],
         kept: [Int], factors: [String: FactorCodes], means: [String: Double]) {
        self.coding = coding
        self.codedVariables = codedVariables
        self.kept = kept
        self.factors = factors
        self.means = means
        self.hasIntercept = termList.hasIntercept
        self.termLabels = termList.labels
        self.allColumnNames = coding.columnNames
        self.columnNames = kept.map { coding.columnNames[$0] }
        let assign = coding.assign
        self.assign = kept.map { assign[$0] }
        var variables: [Variable] = []
        for variable in codedVariables {
            for column in variable.columns where !variables.contains(where: { $0.name == column }) {
                if let factor = factors[column] {
                    variables.append(.factor(name: column, levels: factor.levels))
                } else {
                    variables.append(.numeric(name: column, mean: means[column] ?? 0))
                }
            }
        }
        self.variables = variables
    }

    /// One row of `X` for the given values.
    ///
    /// Every factor needs a value (`.level`, or `.number` for a `factor(x)` of a numeric
    /// column); a numeric covariate without a value takes its mean over the used rows.
    /// - Throws: `ModelFrameError` naming an unknown variable or level, a missing factor
    ///   value, or a level given for a numeric covariate.
    public func row(values: [String: DesignValue]) throws(ModelFrameError) -> [Double] {
        let names = variables.map(\.name)
        for name in values.keys.sorted() where !names.contains(name) {
            throw .unknownDesignVariable(name: name, available: names)
        }
        var coded: [ModelMatrixCoding.Value] = []
        for (index, variable) in codedVariables.enumerated() {
            if coding.variables[index].levels != nil {
                let column = variable.columns[0]
                coded.append(.level(try levelIndex(column, values[column])))
            } else {
                var inputs: [String: Double] = [:]
                for column in variable.columns { inputs[column] = try number(column, values[column]) }
                coded.append(.number(variable.expression.evaluate { inputs[$0]! }))
            }
        }
        let full = coding.encode { coded[$0] }
        return kept.map { full[$0] }
    }

    private func levelIndex(_ column: String, _ value: DesignValue?) throws(ModelFrameError) -> Int {
        let factor = factors[column]!
        switch value {
        case nil:
            throw .missingDesignValue(variable: column, levels: factor.levels)
        case .level(let level):
            guard let index = factor.index(of: level) else {
                throw .unknownDesignLevel(variable: column, level: level, validLevels: factor.levels)
            }
            return index
        case .number(let number):
            let label = RNumberFormat.string(number)
            guard factor.numericLevels != nil, let index = factor.index(of: label) else {
                throw .unknownDesignLevel(variable: column, level: label, validLevels: factor.levels)
            }
            return index
        }
    }

    /// A numeric input: the given number, the covariate's mean, or the numeric value of a
    /// level when the column is also used as `factor(x)`.
    private func number(_ column: String, _ value: DesignValue?) throws(ModelFrameError) -> Double {
        if let factor = factors[column] {
            let index = try levelIndex(column, value)
            return factor.numericLevels?[index] ?? .nan
        }
        switch value {
        case .number(let number): return number
        case nil: return means[column] ?? .nan
        case .level: throw .designValueNotNumeric(variable: column)
        }
    }
}
