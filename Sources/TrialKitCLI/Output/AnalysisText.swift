import Analysis
import Foundation

/// The text rendering of `trialkit analyze`: per outcome the EMMs, the comparison with the
/// control arm and Cohen's d; then the missing-data pattern of each score.
enum AnalysisText {
    static func render(_ result: AnalysisResult, run: AnalysisProvenance) -> String {
        let level = percent(result.confidenceLevel)
        var lines: [String] = []
        let registration = result.registration.map { " (\($0))" } ?? ""
        lines.append("Analysis of trial \(result.trialID)\(registration): \(result.population == "itt" ? "intention to treat" : result.population), "
            + "as randomized, all observed data; \(level) confidence intervals.")
        lines.append("Randomized \(result.consort.randomized): "
            + result.consort.allocated.map { "\($0.arm) \($0.count)" }.joined(separator: ", ") + ".")
        for outcome in result.outcomes {
            lines.append("")
            lines += render(outcome, level: level)
        }
        lines.append("")
        lines.append("Missing data (observed / missing, randomized participants)")
        var rows = [["score", "visit"] + result.arms.map(\.code)]
        for entry in Dictionary(grouping: result.missingData, by: { "\($0.score)\u{0}\($0.visit)" })
            .sorted(by: { order($0.value[0], result) < order($1.value[0], result) }) {
            let first = entry.value[0]
            rows.append([first.score, first.visit] + result.arms.map { arm in
                entry.value.first { $0.arm == arm.code }.map { "\($0.observed) / \($0.missing)" } ?? ""
            })
        }
        lines.append(indent(Console.table(rows)))
        lines.append("")
        lines.append("Recorded as analysis run \(run.runID) by \(run.runBy) at \(run.runAt): protocol version \(run.protocolVersion) "
            + "(SHA-256 \(run.protocolChecksum)), long data SHA-256 \(run.dataHash), \(run.softwareVersion).")
        return lines.joined(separator: "\n")
    }

    private static func order(_ entry: MissingDataPattern, _ result: AnalysisResult) -> (Int, Int) {
        let scores = result.missingData.map(\.score).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return (scores.firstIndex(of: entry.score) ?? 0, result.visits.firstIndex { $0.name == entry.visit } ?? 0)
    }

    private static func render(_ outcome: OutcomeResult, level: String) -> [String] {
        var lines = ["\(outcome.name) (\(outcome.role.rawValue)): \(outcome.score) at \(outcome.visit)"]
        let model = outcome.model
        let kind = model.kind == "mmrm" ? "MMRM, \(model.covariance ?? "") covariance" : "linear mixed model"
        lines.append("  Model: \(model.formula)")
        lines.append("  \(kind), \(model.estimation.uppercased()), \(model.degreesOfFreedomMethod) df, reference arm "
            + "\(model.referenceArm)" + (model.converged ? "" : " (DID NOT CONVERGE)"))
        lines.append("  Analysed: \(outcome.participants) participants ("
            + outcome.participantsByArm.map { "\($0.arm) \($0.count)" }.joined(separator: ", ")
            + "), \(outcome.observations) observations")
        var rows = [["arm", "EMM", "SE", "df", "\(level) CI"]]
        for mean in outcome.means {
            rows.append([mean.arm, f(mean.mean.estimate), f(mean.mean.standardError), f(mean.mean.degreesOfFreedom, 1),
                         "[\(f(mean.mean.lower)), \(f(mean.mean.upper))]"])
        }
        lines.append(indent(Console.table(rows), by: 4))
        for comparison in outcome.comparisons {
            let d = comparison.difference
            lines.append("  \(comparison.label): \(f(d.estimate)) [\(f(d.lower)), \(f(d.upper))], SE \(f(d.standardError)), "
                + "df \(f(d.degreesOfFreedom, 1)), t \(f(comparison.tStatistic)), p \(pValue(comparison.pValue))")
            if let effect = comparison.effectSize {
                lines.append("  Cohen's d \(f(effect.d)) [\(f(effect.lower)), \(f(effect.upper))] "
                    + "(pooled baseline SD \(f(effect.standardizer)), n \(effect.standardizerN))")
            }
        }
        for warning in model.warnings { lines.append("  Warning: \(warning)") }
        return lines
    }

    static func f(_ value: Double, _ decimals: Int = 2) -> String {
        value.isFinite ? String(format: "%.\(decimals)f", value) : "NA"
    }

    /// p with three decimals, "< 0.001" below 0.001 (APA style).
    static func pValue(_ p: Double) -> String {
        guard p.isFinite else { return "NA" }
        if p < 0.001 { return "< 0.001" }
        return String(format: "%.3f", p)
    }

    static func percent(_ level: Double) -> String {
        let value = level * 100
        return (value == value.rounded() ? String(Int(value)) : String(format: "%g", value)) + "%"
    }

    static func indent(_ text: String, by spaces: Int = 2) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
    }
}
