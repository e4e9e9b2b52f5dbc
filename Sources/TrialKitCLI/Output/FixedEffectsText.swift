import MixedModels

/// Text shared by `fit` and `fit --covariance`: lmerTest's coefficient table and the note on
/// rows dropped for missing values.
enum FixedEffectsText {
    /// lmerTest's "Fixed effects:" table (Estimate, Std. Error, df, t value, Pr(>|t|), stars),
    /// a note when the standard errors are Kenward–Roger adjusted, and R's significance legend.
    static func lines(_ rows: [CoefficientRow], digits: Int, kenwardRoger: Bool) -> [String] {
        let formatted = RFormat.coefficientColumns(
            [rows.map(\.estimate), rows.map(\.standardError), rows.map(\.degreesOfFreedom)], digits: digits)
        let table = AlignedTable([
            AlignedTable.Column(header: "", cells: rows.map(\.term), alignment: .left),
            AlignedTable.Column(header: "Estimate", cells: formatted[0], alignment: .right),
            AlignedTable.Column(header: "Std. Error", cells: formatted[1], alignment: .right),
            AlignedTable.Column(header: "df", cells: formatted[2], alignment: .right),
            AlignedTable.Column(header: "t value", cells: RFormat.statisticColumn(rows.map(\.tStatistic), digits: digits),
                             alignment: .right),
            AlignedTable.Column(header: "Pr(>|t|)", cells: RFormat.pValues(rows.map(\.pValue), digits: 3), alignment: .right),
            AlignedTable.Column(header: "", cells: rows.map { RFormat.stars($0.pValue) }, alignment: .left),
        ])
        var lines = ["Fixed effects:"] + table.lines()
        if kenwardRoger { lines.append("(Std. Error from the Kenward-Roger adjusted covariance.)") }
        return lines + ["---", RFormat.starsLegend]
    }

    /// "N rows with missing values were dropped (M rows in the file).", or nil when none were.
    static func droppedRows(_ dropped: Int, of source: Int) -> String? {
        guard dropped > 0 else { return nil }
        return "\(dropped) row\(dropped == 1 ? "" : "s") with missing values "
            + "\(dropped == 1 ? "was" : "were") dropped (\(source) rows in the file)."
    }
}
