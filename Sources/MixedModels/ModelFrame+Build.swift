import LinearAlgebra
import Tabular

extension ModelFrame {
    /// Builds the model frame for a formula written as text; see `build(formula:table:referenceLevels:)`.
    /// - Throws: `ModelFrameError.formula` when the formula does not parse.
    public static func build(formula text: String, table: DataTable,
                             referenceLevels: [String: String] = [:]) throws(ModelFrameError) -> ModelFrame {
        let formula: Formula
        do {
            formula = try Formula.parse(text)
        } catch {
            throw .formula(error)
        }
        return try build(formula: formula, table: table, referenceLevels: referenceLevels)
    }

    /// Builds `y`, `X` and the random-effects terms of a formula from a table, as lme4's
    /// `lFormula` does (Bates et al. 2015, J. Stat. Softw. 67(1), §2):
    /// 1. rows with a missing value in any column the formula uses are dropped (`na.omit`);
    /// 2. text columns and `factor(x)` become factors, levels in R's order (`LevelCollation`,
    ///    numeric levels numerically), `referenceLevels` (column → level) moved to the front;
    /// 3. `X` is coded with treatment contrasts and named as R's `model.matrix`
    ///    (`ModelMatrixCoding`); aliased columns are dropped as lme4's `chkRank.drop.cols`
    ///    (`RankDeficiency`) and listed in `aliasedNames`;
    /// 4. each random-effects term gets its own model matrix and grouping factor; grouping
    ///    factors need at least 2 levels and fewer levels than observations (lme4's checks).
    /// - Throws: `ModelFrameError` naming the column or term.
    public static func build(formula: Formula, table: DataTable,
                             referenceLevels: [String: String] = [:]) throws(ModelFrameError) -> ModelFrame {
        var data = try FrameData(table: table, columns: formula.columns, referenceLevels: referenceLevels)
        let n = data.rows.count

        guard case .covariate(let response) = try data.evaluate(formula.response) else {
            throw .nonNumericResponse(label: formula.response.label, column: formula.response.columns[0])
        }

        let fixed = try data.codingVariables(for: formula.fixed)
        let coding = ModelMatrixCoding(termList: formula.fixed, variables: fixed.coding) { variable in
            fixed.variables.firstIndex(of: variable)!
        }
        let fullX = coding.buildMatrix(fixed.evaluated, rows: n)
        let kept = RankDeficiency.keptColumns(of: fullX)
        var fixedX = Matrix(rows: n, columns: kept.count)
        for (target, source) in kept.enumerated() {
            for row in 0..<n { fixedX[row, target] = fullX[row, source] }
        }
        let aliased = coding.columnNames.indices.filter { !kept.contains($0) }.map { coding.columnNames[$0] }

        let randomTerms = try buildRandomTerms(formula.random, data: &data)
        try checkReferenceLevels(referenceLevels, data: data)

        var frame = ModelFrame(
            response: response, responseName: formula.response.label, fixed: fixedX,
            fixedNames: kept.map { coding.columnNames[$0] }, aliasedNames: aliased,
            randomTerms: randomTerms, usedRows: data.rows, droppedRowCount: table.rowCount - n)
        frame.design = makeDesign(coding: coding, termList: formula.fixed, fixed: fixed, kept: kept,
                                  data: data)
        return frame
    }

    private static func makeDesign(
        coding: ModelMatrixCoding, termList: FormulaTermList, fixed: EvaluatedTermVariables,
        kept: [Int], data: FrameData
    ) -> FixedEffectsDesign {
        var factors: [String: FactorCodes] = [:]
        for (variable, value) in zip(fixed.variables, fixed.evaluated) {
            if case .factor(let codes) = value { factors[variable.columns[0]] = codes }
        }
        // Means of the raw columns read by numeric terms (for log(x), the mean of x).
        var means: [String: Double] = [:]
        for variable in fixed.variables {
            for column in variable.columns where factors[column] == nil && means[column] == nil {
                let values = data.numbers(column)
                means[column] = values.reduce(0, +) / Double(values.count)
            }
        }
        return FixedEffectsDesign(coding: coding, termList: termList, codedVariables: fixed.variables,
                                  kept: kept, factors: factors, means: means)
    }

    private static func checkReferenceLevels(_ referenceLevels: [String: String],
                                             data: FrameData) throws(ModelFrameError) {
        for column in referenceLevels.keys.sorted() where !data.factorColumns.contains(column) {
            throw .referenceNotAFactor(column: column, factors: data.factorColumns)
        }
    }
}
