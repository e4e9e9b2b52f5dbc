import MixedModels

/// EMMs and pairwise contrasts as text, grouped by the "by" factors as emmeans prints them
/// (`print(emmeans(m, ~ arm | visit))`, `confint(pairs(…, reverse = TRUE))`), with t tests and
/// intervals in one contrast table.
struct MarginalMeansText {
    let result: MarginalMeansResult
    /// Factors of the fixed part the means average over.
    let averaged: [String]

    var lines: [String] {
        let spec = result.specification
        let dfName = Self.methodName(result.method)
        var lines = ["Estimated marginal means (\(spec.text)), \(dfName) df:"]
        lines += grouped(result.means.map(\.levels), byCount: spec.by.count) { indices in
            meansTable(indices)
        }
        if !averaged.isEmpty {
            lines.append("Results are averaged over the levels of: " + averaged.joined(separator: ", "))
        }
        lines.append("Confidence level used: " + RFormat.column([result.level], digits: 4)[0])
        guard !result.contrasts.isEmpty else { return lines }
        lines.append("")
        lines.append("Pairwise contrasts (later level minus earlier), \(dfName) df:")
        lines += grouped(result.contrasts.map(\.by), byCount: spec.by.count, byOnly: true) { indices in
            contrastsTable(indices)
        }
        switch result.adjustment {
        case .none:
            if result.requestedAdjustment != .none {
                lines.append("No adjustment for multiple comparisons: one comparison per group.")
            } else {
                lines.append("P values and intervals are not adjusted for multiple comparisons.")
            }
        case .tukey:
            lines.append("P value and confidence-level adjustment: tukey method for comparing a family "
                + "of \(result.familySize) estimates")
        }
        return lines
    }

    static func methodName(_ method: DegreesOfFreedomMethod) -> String {
        switch method {
        case .satterthwaite: "Satterthwaite"
        case .kenwardRoger: "Kenward-Roger"
        case .kenwardRogerLinear: "Kenward-Roger (linear)"
        case .residual: "residual"
        }
    }

    /// Splits rows into runs with the same by-factor levels (the last `byCount` levels of each
    /// row, or all of them when `byOnly`) and renders each run under an "x = a, y = b:" header.
    private func grouped(_ levels: [[FactorLevel]], byCount: Int, byOnly: Bool = false,
                         table: ([Int]) -> [String]) -> [String] {
        var lines: [String] = []
        var start = 0
        while start < levels.count {
            let key = byOnly ? levels[start] : Array(levels[start].suffix(byCount))
            var end = start
            while end < levels.count, (byOnly ? levels[end] : Array(levels[end].suffix(byCount))) == key { end += 1 }
            if !key.isEmpty {
                lines.append(key.map { "\($0.factor) = \($0.level)" }.joined(separator: ", ") + ":")
            }
            lines += table(Array(start..<end))
            lines.append("")
            start = end
        }
        return lines
    }

    /// The means table's cells for all rows, formatted together so that every by group shows
    /// the same decimals; `indices` picks one group's rows.
    private func meansTable(_ indices: [Int]) -> [String] {
        let means = result.means
        let shown = result.specification.factors.count
        var columns = (0..<shown).map { position in
            AlignedTable.Column(header: means.first?.levels[position].factor ?? "",
                             cells: means.map { $0.levels[position].level }, alignment: .left)
        }
        columns += [
            number("emmean", means.map(\.estimate)), number("SE", means.map(\.standardError)),
            AlignedTable.Column(header: "df", cells: RFormat.column(means.map(\.degreesOfFreedom), digits: 4, maxDecimals: 1),
                             alignment: .right),
            number("lower.CL", means.map(\.lower)), number("upper.CL", means.map(\.upper)),
        ]
        return AlignedTable(columns.map { $0.selecting(indices) }).lines(indent: " ")
    }

    private func contrastsTable(_ indices: [Int]) -> [String] {
        let rows = result.contrasts
        let columns = [
            AlignedTable.Column(header: "contrast", cells: rows.map(\.name), alignment: .left),
            number("estimate", rows.map(\.estimate)), number("SE", rows.map(\.standardError)),
            AlignedTable.Column(header: "df", cells: RFormat.column(rows.map(\.degreesOfFreedom), digits: 4, maxDecimals: 1),
                             alignment: .right),
            AlignedTable.Column(header: "t.ratio", cells: RFormat.statisticColumn(rows.map(\.tStatistic), digits: 4),
                             alignment: .right),
            AlignedTable.Column(header: "p.value", cells: RFormat.pValues(rows.map(\.pValue), digits: 3), alignment: .right),
            number("lower.CL", rows.map(\.lower)), number("upper.CL", rows.map(\.upper)),
        ]
        return AlignedTable(columns.map { $0.selecting(indices) }).lines(indent: " ")
    }

    private func number(_ header: String, _ values: [Double]) -> AlignedTable.Column {
        AlignedTable.Column(header: header, cells: RFormat.column(values, digits: 4), alignment: .right)
    }
}
