import MixedModels
import TrialCore

/// The estimand read from the EMMs: each arm's mean at the outcome's visit and each arm minus
/// the control arm there.
struct Estimand {
    var means: [ArmMean]
    var comparisons: [ArmComparison]

    static func extract(_ specification: OutcomeSpecification, means result: MarginalMeansResult) throws -> Estimand {
        let name = specification.outcome.name, visit = specification.outcome.visit
        func atVisit(_ levels: [FactorLevel]) -> Bool {
            !specification.modelsVisits || levels.contains { $0.factor == LongLayout.visit && $0.level == visit }
        }
        var means: [ArmMean] = []
        for arm in specification.arms {
            guard let mean = result.means.first(where: { row in
                atVisit(row.levels) && row.levels.contains { $0.factor == LongLayout.arm && $0.level == arm }
            }) else {
                throw AnalysisError.estimandMissing(outcome: name, detail: "the model has no estimated mean for arm "
                    + "\(arm) at visit \(visit); is any participant of that arm observed there?")
            }
            means.append(ArmMean(arm: arm, mean: IntervalEstimate(
                estimate: mean.estimate, standardError: mean.standardError, degreesOfFreedom: mean.degreesOfFreedom,
                lower: mean.lower, upper: mean.upper)))
        }
        var comparisons: [ArmComparison] = []
        for arm in specification.arms where arm != specification.controlArm {
            let label = "\(contrastLabel(arm)) - \(contrastLabel(specification.controlArm))"
            guard let contrast = result.contrasts.first(where: { $0.name == label && atVisit($0.by) }) else {
                throw AnalysisError.estimandMissing(outcome: name, detail: "the model gives no contrast \(label) at visit \(visit)")
            }
            comparisons.append(ArmComparison(
                arm: arm, control: specification.controlArm, label: label,
                difference: IntervalEstimate(estimate: contrast.estimate, standardError: contrast.standardError,
                                             degreesOfFreedom: contrast.degreesOfFreedom,
                                             lower: contrast.lower, upper: contrast.upper),
                tStatistic: contrast.tStatistic, pValue: contrast.pValue, effectSize: nil))
        }
        return Estimand(means: means, comparisons: comparisons)
    }

    /// emmeans' label of a level in a contrast name: wrapped in parentheses when it contains
    /// `-`, `+`, `/` or `*` (emmeans option `parens`).
    static func contrastLabel(_ level: String) -> String {
        level.contains(where: { "-+/*".contains($0) }) ? "(\(level))" : level
    }
}

/// The pooled within-arm SD of the baseline score (one value per participant with a baseline
/// score): s² = Σ_a (n_a − 1) s_a² / (Σ_a n_a − A) (Cohen 1988, eq. 2.2.2 generalised to A arms).
struct BaselineStandardizer {
    var sd: Double
    var count: Int

    /// Nil when the data has no arm column or fewer than two participants per arm.
    init?(_ data: LongData) {
        var seen = Set<String>()
        var byArm: [String: [Double]] = [:]
        for row in data.rows where seen.insert(row.participantID).inserted {
            guard let arm = row.arm else { return nil }
            if let baseline = row.baselines.first ?? nil { byArm[arm, default: []].append(baseline) }
        }
        var sum = 0.0, n = 0
        for values in byArm.values {
            guard values.count >= 2 else { return nil }
            let mean = values.reduce(0, +) / Double(values.count)
            sum += values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            n += values.count
        }
        guard n > byArm.count, sum > 0 else { return nil }
        sd = (sum / Double(n - byArm.count)).squareRoot()
        count = n
    }

    func standardize(_ difference: IntervalEstimate) -> StandardizedDifference {
        StandardizedDifference(d: difference.estimate / sd, lower: difference.lower / sd, upper: difference.upper / sd,
                               standardizer: sd, standardizerN: count, standardizerMethod: "pooled-baseline-sd")
    }
}
