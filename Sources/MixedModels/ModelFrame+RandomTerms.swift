import LinearAlgebra

extension ModelFrame {
    /// Builds each random-effects term: its own model matrix (lme4's `mkBlist`:
    /// `model.matrix(~ lhs)`) and its grouping factor (R's `factor(g1:g2)` over the used rows).
    ///
    /// Terms keep formula order (lme4 reorders by decreasing number of levels for its
    /// internal storage; the fit does not depend on the order). Repeated grouping names, as
    /// from `(x || g)`, get R's `make.unique` suffixes as lme4 prints them: `g`, `g.1`, ….
    static func buildRandomTerms(_ specs: [RandomEffectsSpec],
                                 data: inout FrameData) throws(ModelFrameError) -> [RandomTerm] {
        let n = data.rows.count
        var terms: [RandomTerm] = []
        var usedNames: [String: Int] = [:]
        for spec in specs {
            let variables = try data.codingVariables(for: spec.effects)
            let coding = ModelMatrixCoding(termList: spec.effects, variables: variables.coding) { variable in
                variables.variables.firstIndex(of: variable)!
            }
            let columns = coding.buildMatrix(variables.evaluated, rows: n)
            var parts: [FactorCodes] = []
            for column in spec.grouping.columns { parts.append(try data.factor(column)) }
            let grouping = FactorCodes.interaction(parts)
            let name = spec.grouping.name
            guard grouping.levels.count >= 2 else { throw .groupingSingleLevel(grouping: name) }
            guard grouping.levels.count < n else {
                throw .tooManyGroupingLevels(grouping: name, levels: grouping.levels.count, observations: n)
            }
            let repeatCount = usedNames[name, default: 0]
            usedNames[name] = repeatCount + 1
            terms.append(RandomTerm(
                groupingName: repeatCount == 0 ? name : "\(name).\(repeatCount)",
                levels: grouping.levels, levelIndex: grouping.codes.map { Int32($0) },
                columnNames: coding.columnNames, columns: columns))
        }
        return terms
    }
}
