import Foundation
import MixedModels

/// The human-readable form of `trialkit fit --covariance …`, with SAS PROC MIXED's tables
/// ("Covariance Parameter Estimates", "Fit Statistics", "Type 3 Tests of Fixed Effects") and the
/// lmerTest-style coefficient table and EMMs of `trialkit fit`.
extension MMRMReport {
    static let digits = 4

    var text: String {
        var lines = [title, "Formula: \(request.formula)", "   Data: \(request.dataPath)", ""]
        lines += covarianceLines
        lines.append("")
        lines += fitStatisticsLines
        lines.append("")
        lines += dataLines
        lines.append("")
        lines += fixedEffectsLines
        lines.append("")
        lines += typeIIILines
        if let means = marginalMeans {
            lines.append("")
            lines += MarginalMeansText(result: means, averaged: averagedFactors).lines
        }
        if !warnings.isEmpty {
            lines.append("")
            lines += warnings
        }
        return lines.joined(separator: "\n")
    }

    private var title: String {
        let fit = model.criterion == .reml ? "REML" : "maximum likelihood"
        return "Mixed model for repeated measures fit by \(fit). t-tests use "
            + MarginalMeansText.methodName(request.dfMethod) + " degrees of freedom."
    }

    /// "Covariance: UN over AVISIT (VIS1, …) within USUBJID", then SAS's parameter table.
    private var covarianceLines: [String] {
        let c = model.covariance
        var header = "Covariance: \(c.structure.sasName) (\(c.structure.rawValue)) over \(c.time) ("
            + c.visits.joined(separator: ", ") + ") within \(c.subject)"
        if let group = c.groupVariable {
            header += ", by \(group)" + (c.grouping == .sharedCorrelation ? " (common correlations)" : "")
        }
        let parameters = c.parameters
        var columns = [
            AlignedTable.Column(header: "Cov Parm", cells: parameters.map(\.name), alignment: .left),
            AlignedTable.Column(header: "Subject", cells: parameters.map(\.subject), alignment: .left),
        ]
        if parameters.contains(where: { $0.group != nil }) {
            columns.append(AlignedTable.Column(header: "Group", cells: parameters.map { $0.group ?? "" }, alignment: .left))
        }
        // SAS prints covariance parameters with 4 decimals.
        columns.append(AlignedTable.Column(header: "Estimate", cells: parameters.map { RFormat.fixed($0.estimate, decimals: 4) },
                                        alignment: .right))
        columns.append(AlignedTable.Column(header: "Std. Error", cells: parameters.map { parameter in
            parameter.standardError.map { RFormat.fixed($0, decimals: 4) } ?? "."
        }, alignment: .right))
        return [header, "Covariance parameter estimates:"] + AlignedTable(columns).lines(indent: " ")
    }

    /// SAS "Fit Statistics" and the convergence facts.
    private var fitStatisticsLines: [String] {
        let label = model.criterion == .reml ? "-2 Res Log Likelihood" : "-2 Log Likelihood"
        let values: [(String, Double, Int)] = [
            (label, model.minus2LogLikelihood, 8), ("AIC", model.aic, 1), ("AICC", model.aicc, 1), ("BIC", model.bic, 1),
        ]
        let c = model.convergence
        var lines = values.map { name, value, decimals in "\(name): " + RFormat.fixed(value, decimals: decimals) }
        lines = [lines.joined(separator: "   ")]
        let status = c.converged ? "converged" : "did NOT converge"
        lines.append("Convergence: \(status) after \(c.iterations) iterations (\(c.evaluations) likelihood evaluations); "
            + "relative Hessian criterion " + RFormat.scientific(c.relativeHessianCriterion, significant: 2)
            + "; Hessian " + (c.hessianPositiveDefinite ? "positive definite" : "NOT positive definite")
            + "; covariance " + (c.covariancePositiveDefinite ? "positive definite" : "NOT positive definite") + ".")
        return lines
    }

    private var dataLines: [String] {
        var groups = ["\(model.covariance.subject), \(model.subjectCount)"]
        groups += groupingFactors.map { "\($0.name), \($0.levels)" }
        var lines = ["Number of obs: \(model.observationCount), subjects and groups:  " + groups.joined(separator: "; ")]
        if let dropped = FixedEffectsText.droppedRows(droppedRowCount, of: sourceRowCount) { lines.append(dropped) }
        return lines
    }

    private var fixedEffectsLines: [String] {
        FixedEffectsText.lines(coefficients, digits: Self.digits,
                               kenwardRoger: request.dfMethod == .kenwardRoger || request.dfMethod == .kenwardRogerLinear)
    }

    /// SAS "Type 3 Tests of Fixed Effects".
    /// A term that is not estimable (aliased columns) shows "." as SAS does.
    private var typeIIILines: [String] {
        func cell(_ test: TermTest, _ text: String) -> String { test.fStatistic.isNaN ? "." : text }
        let table = AlignedTable([
            AlignedTable.Column(header: "Effect", cells: typeIII.map(\.term), alignment: .left),
            AlignedTable.Column(header: "Num DF", cells: typeIII.map { cell($0, String($0.numeratorDegreesOfFreedom)) },
                             alignment: .right),
            AlignedTable.Column(header: "Den DF", cells: typeIII.map { cell($0, RFormat.fixed($0.denominatorDegreesOfFreedom, decimals: 2)) },
                             alignment: .right),
            AlignedTable.Column(header: "F value", cells: typeIII.map { cell($0, RFormat.fixed($0.fStatistic, decimals: 4)) },
                             alignment: .right),
            AlignedTable.Column(header: "Pr(>F)", cells: zip(typeIII, RFormat.pValues(typeIII.map(\.pValue), digits: 3)).map {
                cell($0, $1)
            }, alignment: .right),
        ])
        return ["Type 3 tests of fixed effects:"] + table.lines(indent: " ")
    }
}
