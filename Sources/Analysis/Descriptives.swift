import Distributions
import TrialCore

/// Counts and observed summaries from the long data (all planned scores, every randomized
/// participant): one score value per participant and visit, the baseline taken once per participant.
struct Descriptives {
    let long: LongData
    let trial: TrialProtocol
    let arms: [String]
    /// Participant → arm, in ID order.
    let participants: [(id: String, arm: String, strata: [String])]

    init(long: LongData, trial: TrialProtocol) {
        self.long = long; self.trial = trial
        arms = trial.arms.map(\.code)
        var seen = Set<String>()
        participants = long.rows.compactMap { row in
            seen.insert(row.participantID).inserted ? (row.participantID, row.arm ?? "", row.strata) : nil
        }
    }

    var allocated: [ArmCount] {
        arms.map { arm in ArmCount(arm: arm, count: participants.filter { $0.arm == arm }.count) }
    }

    /// Values of `score` at `visit` (baseline included) per participant ID (nil = missing).
    func values(score: String, visit: String) -> [String: Double?] {
        guard let index = long.scores.firstIndex(of: score) else { return [:] }
        var result: [String: Double?] = [:]
        for row in long.rows {
            if visit == long.baselineVisit {
                if result[row.participantID] == nil { result[row.participantID] = .some(row.baselines[index]) }
            } else if row.visit == visit {
                result[row.participantID] = .some(row.values[index])
            }
        }
        return result
    }

    var allVisits: [String] { [long.baselineVisit] + long.visits }

    func observedCounts(score: String) -> [VisitArmCount] {
        missingPattern(score: score).map { VisitArmCount(visit: $0.visit, arm: $0.arm, count: $0.observed) }
    }

    func missingPattern(score: String) -> [MissingDataPattern] {
        allVisits.flatMap { visit -> [MissingDataPattern] in
            let values = self.values(score: score, visit: visit)
            return arms.map { arm in
                let members = participants.filter { $0.arm == arm }
                let observed = members.filter { (values[$0.id] ?? nil) != nil }.count
                return MissingDataPattern(score: score, visit: visit, arm: arm, observed: observed,
                                          missing: members.count - observed)
            }
        }
    }

    func baseline() -> BaselineCharacteristics {
        let scores = long.scores.map { score -> BaselineScore in
            let values = self.values(score: score, visit: long.baselineVisit)
            let byArm = (arms + ["all"]).map { arm -> Summary in
                let xs = participants.filter { arm == "all" || $0.arm == arm }.compactMap { values[$0.id] ?? nil }
                let (mean, sd) = Self.meanSD(xs)
                return Summary(arm: arm, n: xs.count, mean: mean, sd: sd)
            }
            return BaselineScore(score: score, byArm: byArm)
        }
        let strata = trial.stratification.enumerated().map { index, factor in
            StratumDistribution(factor: factor.name, levels: factor.levels.map { level in
                LevelCount(level: level, byArm: arms.map { arm in
                    let members = participants.filter { $0.arm == arm }
                    let count = members.filter { index < $0.strata.count && $0.strata[index] == level }.count
                    return CountPercent(arm: arm, count: count,
                                        percent: members.isEmpty ? 0 : 100 * Double(count) / Double(members.count))
                })
            })
        }
        return BaselineCharacteristics(scores: scores, strata: strata)
    }

    func trajectories(score: String, level: Double) -> [TrajectoryPoint] {
        arms.flatMap { arm in
            allVisits.map { visit -> TrajectoryPoint in
                let values = self.values(score: score, visit: visit)
                let xs = participants.filter { $0.arm == arm }.compactMap { values[$0.id] ?? nil }
                let (mean, sd) = Self.meanSD(xs)
                var lower: Double?, upper: Double?
                if let mean, let sd, xs.count >= 2,
                   let t = try? StudentT.intervalCriticalValue(confidenceLevel: level, degreesOfFreedom: Double(xs.count - 1)) {
                    let half = t * sd / Double(xs.count).squareRoot()
                    lower = mean - half; upper = mean + half
                }
                return TrajectoryPoint(arm: arm, visit: visit, n: xs.count, mean: mean, sd: sd, lower: lower, upper: upper)
            }
        }
    }

    static func meanSD(_ xs: [Double]) -> (Double?, Double?) {
        guard !xs.isEmpty else { return (nil, nil) }
        let mean = xs.reduce(0, +) / Double(xs.count)
        guard xs.count >= 2 else { return (mean, nil) }
        let ss = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (mean, (ss / Double(xs.count - 1)).squareRoot())
    }
}
