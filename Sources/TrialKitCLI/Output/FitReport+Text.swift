import Foundation
import MixedModels

/// The human-readable form of `trialkit fit`, laid out like `summary()` of an lmerTest fit
/// (lme4 `print.summary.merMod`, digits = 4), followed by EMMs and contrasts when asked for.
extension FitReport {
    static let digits = 4

    var text: String {
        var lines: [String] = []
        lines.append(title)
        lines.append("Formula: \(request.formula)")
        lines.append("   Data: \(request.dataPath)")
        lines.append("")
        lines += criterionLines
        if residualQuantiles.count == 5 {
            lines.append("")
            lines.append("Scaled residuals:")
            // lme4 `.prt.resids`: zapsmall(quantiles, digits + 1), printed with `digits`.
            let values = RFormat.column(RFormat.zapsmall(residualQuantiles, digits: Self.digits + 1), digits: Self.digits)
            // R prints a named vector with every column as wide as the widest.
            let width = (values + ["Median"]).map(\.count).max() ?? 0
            func pad(_ text: String) -> String { String(repeating: " ", count: width - text.count) + text }
            lines.append(["Min", "1Q", "Median", "3Q", "Max"].map(pad).joined(separator: " "))
            lines.append(values.map(pad).joined(separator: " "))
        }
        lines.append("")
        lines += randomEffectsLines
        lines += dataLines
        lines.append("")
        lines += fixedEffectsLines
        if let means = marginalMeans {
            lines.append("")
            lines += MarginalMeansText(result: means, averaged: averagedFactors).lines
        }
        let messages = warnings
        if !messages.isEmpty {
            // lme4 `.prt.warn`: the optimizer's code, then every message.
            lines.append("")
            lines.append("optimizer (nloptwrap) convergence code: \(model.summary.statusCode) (\(model.summary.status))")
            lines.append(contentsOf: messages)
        }
        return lines.joined(separator: "\n")
    }

    private var title: String {
        let method: String
        switch request.dfMethod {
        case .satterthwaite: method = "Satterthwaite's method"
        case .kenwardRoger, .kenwardRogerLinear: method = "Kenward-Roger's method"
        case .residual: method = "residual degrees of freedom (n - p)"
        }
        let fit = model.criterion == .reml ? "REML" : "maximum likelihood"
        return "Linear mixed model fit by \(fit). t-tests use \(method)."
    }

    private var criterionLines: [String] {
        switch model.criterion {
        case .reml:
            return ["REML criterion at convergence: " + RFormat.fixed(model.objective, decimals: 1)]
        case .ml:
            let residualDF = Double(model.observationCount - model.parameterCount)
            let values = [model.aic, model.bic, model.logLikelihood, model.objective, residualDF]
            return AlignedTable(zip(["AIC", "BIC", "logLik", "deviance", "df.resid"], values).map { header, value in
                AlignedTable.Column(header: header, cells: [RFormat.fixed(value, decimals: header == "df.resid" ? 0 : 1)],
                                 alignment: .right)
            }).lines(indent: " ")
        }
    }

    /// lme4 `formatVC`: Groups, Name, Variance, Std.Dev. and, for terms with several columns,
    /// the lower triangle of their correlations.
    private var randomEffectsLines: [String] {
        var groups: [String] = [], names: [String] = [], variances: [Double] = [], sds: [Double] = []
        var correlations: [[String]] = []
        let maxColumns = model.varianceComponents.map(\.columnNames.count).max() ?? 1
        for component in model.varianceComponents {
            let k = component.columnNames.count
            for i in 0..<k {
                groups.append(i == 0 ? component.groupingName : "")
                names.append(component.columnNames[i])
                variances.append(component.variances[i])
                sds.append(component.standardDeviations[i])
                correlations.append((0..<(maxColumns - 1)).map { j in
                    j < i ? RFormat.fixed(component.correlations[i, j], decimals: 2) : ""
                })
            }
        }
        groups.append("Residual"); names.append(""); variances.append(model.residualVariance)
        sds.append(model.sigma); correlations.append([])
        var columns = [
            AlignedTable.Column(header: "Groups", cells: groups, alignment: .left),
            AlignedTable.Column(header: "Name", cells: names, alignment: .left),
            // R left-aligns these columns of equally wide numbers under their headers.
            AlignedTable.Column(header: "Variance", cells: Self.rightJustified(RFormat.column(variances, digits: Self.digits)),
                             alignment: .left),
            AlignedTable.Column(header: "Std.Dev.", cells: Self.rightJustified(RFormat.column(sds, digits: Self.digits)),
                             alignment: .left),
        ]
        if maxColumns > 1 {
            for j in 0..<(maxColumns - 1) {
                columns.append(AlignedTable.Column(header: j == 0 ? "Corr" : "", cells: correlations.map {
                    j < $0.count ? $0[j] : ""
                }, alignment: .right))
            }
        }
        return ["Random effects:"] + AlignedTable(columns).lines(indent: " ")
    }

    private static func rightJustified(_ cells: [String]) -> [String] {
        let width = cells.map(\.count).max() ?? 0
        return cells.map { String(repeating: " ", count: width - $0.count) + $0 }
    }

    /// "Number of obs: 180, groups:  Subject, 18", then what was dropped on the way.
    private var dataLines: [String] {
        let groups = groupingFactors.map { "\($0.name), \($0.levelCount)" }.joined(separator: "; ")
        var lines = ["Number of obs: \(model.observationCount), groups:  \(groups)"]
        if let dropped = FixedEffectsText.droppedRows(droppedRowCount, of: sourceRowCount) { lines.append(dropped) }
        return lines
    }

    /// lmerTest's coefficient table: Estimate, Std. Error, df, t value, Pr(>|t|) and stars.
    private var fixedEffectsLines: [String] {
        FixedEffectsText.lines(coefficients, digits: Self.digits,
                               kenwardRoger: request.dfMethod == .kenwardRoger || request.dfMethod == .kenwardRogerLinear)
    }
}
