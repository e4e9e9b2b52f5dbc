import Tabular

/// A formula variable evaluated on the used rows.
enum EvaluatedVariable {
    case covariate([Double])
    case factor(FactorCodes)
}

/// The distinct variables of a term list, evaluated, and the coding's view of them.
struct EvaluatedTermVariables {
    var variables: [FormulaVariable] = []
    var evaluated: [EvaluatedVariable] = []
    var coding: [ModelMatrixCoding.Variable] = []
}

/// The table rows a model uses (complete cases over every column the formula reads, like
/// R's `na.omit`), with the variables evaluated on them.
struct FrameData {
    let table: DataTable
    /// Source-table indices of the used rows.
    let rows: [Int]
    let referenceLevels: [String: String]
    private var factors: [String: FactorCodes] = [:]
    /// Columns that were made into factors (for checking `referenceLevels`).
    private(set) var factorColumns: [String] = []

    /// Selects the complete rows for `columns`.
    /// - Throws: `unknownColumn` for a column the table lacks, `noCompleteRows` when no row is complete.
    init(table: DataTable, columns: [String], referenceLevels: [String: String]) throws(ModelFrameError) {
        for name in columns where table.columns[name] == nil {
            throw .unknownColumn(name: name, available: table.columnNames, source: table.source)
        }
        var complete = [Bool](repeating: true, count: table.rowCount)
        var missing: [ModelFrameError.MissingCount] = []
        for name in columns {
            var count = 0
            switch table.columns[name]! {
            case .numeric(let values):
                for (row, value) in values.enumerated() where value == nil {
                    complete[row] = false
                    count += 1
                }
            case .text(let values):
                for (row, value) in values.enumerated() where value == nil {
                    complete[row] = false
                    count += 1
                }
            }
            missing.append(.init(column: name, count: count))
        }
        let rows = complete.indices.filter { complete[$0] }
        guard !rows.isEmpty else {
            throw .noCompleteRows(source: table.source, rowCount: table.rowCount, missing: missing)
        }
        self.table = table
        self.rows = rows
        self.referenceLevels = referenceLevels
    }

    func isText(_ column: String) -> Bool {
        if case .text = table.columns[column]! { return true }
        return false
    }

    /// The column's values on the used rows (the column must be numeric).
    func numbers(_ column: String) -> [Double] {
        guard case .numeric(let values) = table.columns[column]! else { return [] }
        return rows.map { values[$0]! }
    }

    /// The column as a factor over the used rows, with its reference level (if any) first.
    mutating func factor(_ column: String) throws(ModelFrameError) -> FactorCodes {
        if let cached = factors[column] { return cached }
        var codes: FactorCodes
        switch table.columns[column]! {
        case .numeric(let values): codes = FactorCodes(numbers: rows.map { values[$0]! })
        case .text(let values): codes = FactorCodes(text: rows.map { values[$0]! })
        }
        if let reference = referenceLevels[column] {
            guard let index = codes.index(of: reference) else {
                throw .unknownReferenceLevel(column: column, level: reference, validLevels: codes.levels)
            }
            codes = codes.relevel(to: index)
        }
        factors[column] = codes
        factorColumns.append(column)
        return codes
    }

    /// Evaluates a variable: text columns and `factor(x)` become factors, everything else a
    /// numeric covariate, which must be finite on every used row.
    mutating func evaluate(_ variable: FormulaVariable) throws(ModelFrameError) -> EvaluatedVariable {
        switch variable.expression {
        case .factor(let column):
            return .factor(try factor(column))
        case .column(let column) where isText(column):
            try checkNotMostlyNumeric(column)
            return .factor(try factor(column))
        default:
            for column in variable.columns where isText(column) {
                throw .numericFunctionOfText(label: variable.label, column: column)
            }
            let inputs = Dictionary(uniqueKeysWithValues: variable.columns.map { ($0, numbers($0)) })
            var values: [Double] = []
            values.reserveCapacity(rows.count)
            for position in rows.indices {
                let value = variable.expression.evaluate { inputs[$0]![position] }
                guard value.isFinite else {
                    throw .nonFiniteValue(label: variable.label, source: table.source,
                                          line: table.lineNumbers[rows[position]])
                }
                values.append(value)
            }
            return .covariate(values)
        }
    }

    /// A bare text column whose values are mostly numbers is almost always a numeric column
    /// with a typo; R would silently make it a factor with one level per number. Fail and
    /// point at the first non-number instead; `factor(x)` states that a factor is meant.
    private func checkNotMostlyNumeric(_ column: String) throws(ModelFrameError) {
        guard case .text(let values) = table.columns[column]! else { return }
        var distinct: Set<String> = []
        var firstText: (value: String, row: Int)? = nil
        var numeric = 0
        for row in rows {
            guard let value = values[row], distinct.insert(value).inserted else { continue }
            if let number = Double(value), number.isFinite {
                numeric += 1
            } else if firstText == nil {
                firstText = (value, row)
            }
        }
        if let text = firstText, numeric * 2 > distinct.count {
            throw .numericColumnWithText(column: column, value: text.value, source: table.source,
                                         line: table.lineNumbers[text.row])
        }
    }

    /// Evaluates the distinct variables of a term list; factors need at least two levels.
    mutating func codingVariables(for termList: FormulaTermList) throws(ModelFrameError)
        -> EvaluatedTermVariables
    {
        var result = EvaluatedTermVariables()
        for term in termList.terms {
            for variable in term.variables where !result.variables.contains(variable) {
                result.variables.append(variable)
            }
        }
        for variable in result.variables {
            let value = try evaluate(variable)
            result.evaluated.append(value)
            switch value {
            case .covariate:
                result.coding.append(.init(label: variable.label, levels: nil))
            case .factor(let codes):
                guard codes.levels.count >= 2 else {
                    throw .singleLevelFactor(label: variable.label, level: codes.levels.first ?? "")
                }
                result.coding.append(.init(label: variable.label, levels: codes.levels))
            }
        }
        return result
    }
}
