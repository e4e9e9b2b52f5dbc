import LinearAlgebra

extension FixedEffectsDesign {
    /// One L matrix per model term (the intercept excluded) for SAS's Type III tests (SAS/STAT
    /// "The Four Types of Estimable Functions"; Searle 1987 §12): the hypothesis that the term's
    /// component of the model is zero when the model is written with sum-to-zero contrasts —
    /// what `car::Anova(type = 3)` with `contr.sum`, lmerTest's `anova(type = 3)` and SAS compute
    /// when no cell is empty.
    ///
    /// The L rows come from the model's own X rows, so they work for any coding: over the grid of
    /// all factor levels (cells c), for a term with factors F_T and numeric variables N_T,
    ///
    ///     l = Σ_c Π_{f∈F_T} C_f[c_f, j_f] · Π_{f∉F_T} (1/n_f) · Δ_{N_T} x(c),
    ///
    /// with C_f[·, j] = e_j − e_ref (each non-reference level against the reference level, the
    /// first in model order), Δ_{N_T} x the mixed difference of the X row over the coded numeric
    /// variables of the term (each at 1 or 0, all others 0), one row per combination of the j_f.
    /// Numeric variables are thereby tested at 0 of the others (as SAS). The F statistic does not
    /// depend on the basis of the rows, but the multi-df Satterthwaite and Kenward–Roger df do:
    /// this basis is SAS's (its Type III rows contrast each level with the last level, which is
    /// the `ref=` level), so SAS `CLASS x(ref='…')` with the same reference gives the same df.
    /// A term whose hypothesis involves a column dropped as aliased is not estimable (`l == nil`;
    /// SAS prints ".").
    /// - Throws: `InferenceError.invalidSpecification` when the grid would exceed a million cells.
    func typeIIIHypotheses() throws -> [(term: String, l: Matrix?)] {
        let variables = coding.variables
        let factorIndices = variables.indices.filter { variables[$0].levels != nil }
        let cellCount = factorIndices.reduce(1) { $0 * variables[$1].levels!.count }
        guard cellCount <= 1_000_000 else {
            throw InferenceError.invalidSpecification(spec: "type III tests", reason: "needs \(cellCount) grid cells")
        }
        let keptSet = Set(kept)
        var result: [(term: String, l: Matrix?)] = []
        for (t, term) in coding.terms.enumerated() {
            let inTerm = Set(term.map(\.variable))
            let termFactors = factorIndices.filter { inTerm.contains($0) }
            let termNumbers = variables.indices.filter { variables[$0].levels == nil && inTerm.contains($0) }
            let contrastCounts = termFactors.map { variables[$0].levels!.count - 1 }
            let rowCount = contrastCounts.reduce(1, *)
            var rows = [[Double]](repeating: [Double](repeating: 0, count: coding.columnNames.count), count: rowCount)
            let difference = mixedDifference(termNumbers)
            for cell in Self.cells(factorIndices.map { variables[$0].levels!.count }) {
                var level: [Int: Int] = [:]
                for (position, f) in factorIndices.enumerated() { level[f] = cell[position] }
                var average = 1.0
                for f in factorIndices where !inTerm.contains(f) { average /= Double(variables[f].levels!.count) }
                let x = difference(level)
                for (r, contrast) in Self.cells(contrastCounts).enumerated() {
                    var weight = average
                    for (position, f) in termFactors.enumerated() {
                        let l = level[f]!, j = contrast[position] + 1
                        weight *= l == j ? 1 : (l == 0 ? -1 : 0)
                    }
                    if weight == 0 { continue }
                    for column in x.indices { rows[r][column] += weight * x[column] }
                }
            }
            let label = termLabels[t]
            let estimable = rows.allSatisfy { row in
                row.indices.allSatisfy { keptSet.contains($0) || abs(row[$0]) <= 1e-10 }
            }
            guard estimable else {
                result.append((label, nil))
                continue
            }
            var l = Matrix(rows: rowCount, columns: kept.count)
            for (r, row) in rows.enumerated() { for (target, source) in kept.enumerated() { l[r, target] = row[source] } }
            result.append((label, l))
        }
        return result
    }

    /// x(cell) differenced over the numeric variables `numbers`: Σ_{S⊆N} (−1)^{|N|−|S|} x(cell, S = 1).
    private func mixedDifference(_ numbers: [Int]) -> ([Int: Int]) -> [Double] {
        { level in
            var total = [Double](repeating: 0, count: coding.columnNames.count)
            for mask in 0..<(1 << numbers.count) {
                let ones = Set(numbers.indices.filter { mask & (1 << $0) != 0 }.map { numbers[$0] })
                let sign: Double = (numbers.count - ones.count) % 2 == 0 ? 1 : -1
                let x = coding.encode { index in
                    if let l = level[index] { return .level(l) }
                    return .number(ones.contains(index) ? 1 : 0)
                }
                for column in x.indices { total[column] += sign * x[column] }
            }
            return total
        }
    }

    /// Every combination of 0..<counts[i] (first index fastest); one empty combination for none.
    static func cells(_ counts: [Int]) -> [[Int]] {
        var result: [[Int]] = [[]]
        for count in counts {
            var next: [[Int]] = []
            for value in 0..<count { for prefix in result { next.append(prefix + [value]) } }
            result = next
        }
        return result.map { $0 }
    }
}
