import Analysis
import Foundation
import Reporting
import TrialCore

/// Maps an analysis (`AnalysisResult` plus its recorded run) onto the report's plain input model.
///
/// Presentation choices made here, and only here:
/// - arms appear in the protocol's order under their codes (short column heads; the model details
///   list each code's label); a form's label is cut at its first " – " ("QPR-15 – Questionnaire…" → "QPR-15");
///   each arm-versus-control comparison of
///   an outcome is one row of the outcome table and one line of the forest plot;
/// - the CONSORT "with data" boxes count participants with the primary score observed at each
///   post-baseline visit; "analysed" is the primary outcome's model sample per arm;
/// - the trajectory shows the observed means of the primary score with t intervals (not model
///   estimates), so a reader sees the raw data beside the model's EMMs;
/// - the baseline table gives n and mean (SD) of every planned score at the baseline visit and
///   n (%) for every stratification level.
enum AnalysisReportDocument {
    static func make(_ result: AnalysisResult, trial: TrialProtocol, provenance: AnalysisProvenance,
                     generatedAt: String) throws -> ReportDocument {
        let armCodes = result.arms.map(\.code)
        let armNames = armCodes  // short column heads; the labels are in the model details
        let visitLabel = Dictionary(result.visits.map { ($0.name, $0.label) }, uniquingKeysWith: { first, _ in first })
        func label(visit: String) -> String { visitLabel[visit] ?? visit }
        func armIndex(_ code: String) -> Int? { armCodes.firstIndex(of: code) }
        let primary = result.outcomes.first { $0.role == .primary } ?? result.outcomes.first
        let primaryScore = primary?.score ?? result.trajectoryScore
        let postBaseline = result.visits.filter { $0.name != result.baselineVisit }.map(\.name)

        let consort = ConsortFlow(
            assessed: nil, excludedAtScreening: nil, randomized: result.consort.randomized,
            arms: armCodes.map { code in
                let allocated = result.consort.allocated.first { $0.arm == code }?.count ?? 0
                let visits = postBaseline.compactMap { visit -> ConsortFlow.VisitCount? in
                    guard let count = result.consort.withData.first(where: { $0.visit == visit && $0.arm == code }) else { return nil }
                    return ConsortFlow.VisitCount(visit: label(visit: visit), withData: count.count)
                }
                let analysed = result.consort.analysed.first { $0.outcome == primary?.name }?
                    .counts.first { $0.arm == code }?.count ?? 0
                return ConsortFlow.Arm(allocated: allocated, visits: visits, analysed: analysed)
            })

        var baselineRows: [BaselineTable.Row] = []
        if !result.baseline.scores.isEmpty {
            baselineRows.append(.init(label: "Scores at \(label(visit: result.baselineVisit)), mean (SD)", values: [], kind: .header))
        }
        for score in result.baseline.scores {
            func cell(_ summary: Summary?) -> String {
                guard let summary, let mean = summary.mean else { return "–" }
                let sd = summary.sd.map { String(format: "%.1f", $0) } ?? "–"
                return String(format: "%.1f", mean) + " (\(sd)); n = \(summary.n)"
            }
            baselineRows.append(.init(label: scoreLabel(score.score, trial: trial),
                                      values: armCodes.map { code in cell(score.byArm.first { $0.arm == code }) },
                                      total: cell(score.byArm.first { $0.arm == "all" })))
        }
        for stratum in result.baseline.strata {
            let factorLabel = trial.stratification.first { $0.name == stratum.factor }?.label ?? stratum.factor
            baselineRows.append(.init(label: "\(factorLabel), n (%)", values: [], kind: .header))
            for level in stratum.levels {
                let values = armCodes.map { code -> String in
                    guard let cell = level.byArm.first(where: { $0.arm == code }) else { return "–" }
                    return "\(cell.count) (" + String(format: "%.1f", cell.percent) + "%)"
                }
                let total = level.byArm.filter { armIndex($0.arm) != nil }.map(\.count).reduce(0, +)
                let all = result.consort.randomized
                let totalText = all > 0 ? "\(total) (" + String(format: "%.1f", 100 * Double(total) / Double(all)) + "%)" : "\(total)"
                baselineRows.append(.init(label: level.level, values: values, total: totalText))
            }
        }

        var outcomes: [Reporting.OutcomeResult] = []
        for outcome in result.outcomes {
            let means = armCodes.map { code -> Estimate in
                guard let mean = outcome.means.first(where: { $0.arm == code })?.mean else { return Estimate(.nan) }
                return Estimate(mean.estimate, lower: mean.lower, upper: mean.upper)
            }
            for comparison in outcome.comparisons {
                guard let effect = comparison.effectSize else {
                    throw CLIError.usage("--html: outcome \(outcome.name) has no standardized effect (no baseline SD of \(outcome.score)); the forest plot needs one. Run without --html, or record baseline data.")
                }
                outcomes.append(Reporting.OutcomeResult(
                    name: outcome.name, label: scoreLabel(outcome.score, trial: trial), role: role(outcome.role),
                    visit: label(visit: outcome.visit), marginalMeans: means,
                    difference: Estimate(comparison.difference.estimate, lower: comparison.difference.lower,
                                         upper: comparison.difference.upper),
                    contrast: comparison.label, pValue: comparison.pValue,
                    cohenD: Estimate(effect.d, lower: effect.lower, upper: effect.upper),
                    standardiser: "pooled baseline SD (" + String(format: "%.1f", effect.standardizer) + ")",
                    formula: outcome.model.formula, covariance: outcome.model.covariance,
                    dfMethod: dfLabel(outcome.model.degreesOfFreedomMethod),
                    degreesOfFreedom: comparison.difference.degreesOfFreedom,
                    participants: outcome.participants, observations: outcome.observations))
            }
        }

        var trajectory: Trajectory?
        let trajectoryVisits = result.visits.map(\.name).filter { visit in
            result.trajectories.contains { $0.visit == visit && $0.mean != nil }
        }
        if !trajectoryVisits.isEmpty {
            let arms = armCodes.map { code in
                trajectoryVisits.compactMap { visit -> Trajectory.Point? in
                    guard let point = result.trajectories.first(where: { $0.arm == code && $0.visit == visit }),
                          let mean = point.mean, let lower = point.lower, let upper = point.upper else { return nil }
                    return Trajectory.Point(visit: label(visit: visit), mean: mean, lower: lower, upper: upper, n: point.n)
                }
            }
            trajectory = Trajectory(outcomeLabel: scoreLabel(result.trajectoryScore, trial: trial),
                                    pointDescription: "Observed mean (\(percent(result.confidenceLevel)) CI)",
                                    visits: trajectoryVisits.map { label(visit: $0) }, arms: arms)
        }

        let missingness = result.missingData.filter { $0.score == primaryScore && postBaseline.contains($0.visit) }
            .compactMap { pattern -> MissingnessCell? in
                guard let arm = armIndex(pattern.arm) else { return nil }
                return MissingnessCell(arm: arm, visit: label(visit: pattern.visit), observed: pattern.observed, missing: pattern.missing)
            }

        var details = [
            LabelledText(label: "Population", text: result.population == "itt"
                ? "intention to treat: every randomized participant in the arm allocated, all observed data" : result.population),
            LabelledText(label: "Arms", text: result.arms.map { "\($0.code): \($0.label)" }.joined(separator: "; ")),
            LabelledText(label: "Estimation", text: primary?.model.estimation.uppercased() ?? "REML"),
            LabelledText(label: "Control arm", text: result.arms.first { $0.code == result.controlArm }?.label ?? result.controlArm),
            LabelledText(label: "Missing data", text: "likelihood-based: all observed values used, valid when data are missing at random"),
            LabelledText(label: "Confidence level", text: percent(result.confidenceLevel)),
        ]
        if let primary { details.append(LabelledText(label: "Reproduce the primary fit", text: primary.model.fitCommand)) }
        details.append(LabelledText(label: "Analysis run", text: "#\(provenance.runID) at \(provenance.runAt) by \(provenance.runBy)"))

        return ReportDocument(
            title: result.trialTitle, registrationID: result.registration ?? result.trialID, generatedAt: generatedAt,
            protocolChecksum: provenance.protocolChecksum, dataSnapshotHash: provenance.dataHash,
            armNames: armNames, consort: consort, baseline: BaselineTable(rows: baselineRows), outcomes: outcomes,
            trajectory: trajectory, missingness: missingness, modelDetails: details,
            software: result.software.map { SoftwareVersion(name: $0.name, version: $0.version) })
    }

    /// The form's short label for a score (a subscore adds its own name), e.g. "QPR-15" or "SHS: agency".
    static func scoreLabel(_ score: String, trial: TrialProtocol) -> String {
        func short(_ label: String) -> String {
            label.range(of: " – ").map { String(label[..<$0.lowerBound]) } ?? label
        }
        if let form = trial.forms.first(where: { $0.score != nil && $0.name == score }) { return short(form.label) }
        for form in trial.forms {
            if let sub = form.score?.subscores.first(where: { $0.name == score }) { return "\(short(form.label)): \(sub.name)" }
        }
        return score
    }

    static func role(_ role: PlannedOutcome.Role) -> Reporting.OutcomeResult.Role {
        switch role {
        case .primary: return .primary
        case .secondary: return .secondary
        case .exploratory: return .exploratory
        }
    }

    static func dfLabel(_ method: String) -> String {
        switch method {
        case "kenward-roger": return "Kenward–Roger"
        case "satterthwaite": return "Satterthwaite"
        case "residual": return "residual"
        default: return method
        }
    }

    static func percent(_ level: Double) -> String {
        let value = level * 100
        return value == value.rounded() ? "\(Int(value))%" : String(format: "%.1f%%", value)
    }
}
