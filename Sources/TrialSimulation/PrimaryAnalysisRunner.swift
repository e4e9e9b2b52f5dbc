import Analysis
import MixedModels
import TrialCore

/// The test of one arm against the control arm at the primary outcome's visit.
struct PrimaryTest: Sendable, Equatable {
    var arm: String
    /// Arm minus control, score units.
    var estimate: Double
    var standardError: Double
    var degreesOfFreedom: Double
    var pValue: Double
}

/// The protocol's PRIMARY planned analysis on simulated data, run by the same code as
/// `trialkit analyze`: the simulated scores become the `Analysis` module's long data
/// (`participant_id, arm, <strata>, visit, <score>, <score>_baseline`, one row per participant ×
/// post-baseline visit, missing values kept as missing) and `OutcomeAnalysis.run` fits the
/// planned model and takes the EMM contrast arm − control at the outcome's visit with the plan's
/// degrees of freedom. Power counts two-sided p < α = 1 − confidence level.
struct PrimaryAnalysisRunner: Sendable {
    let trial: TrialProtocol
    let outcome: PlannedOutcome
    let specification: OutcomeSpecification
    /// The formula, parsed once (its variables feed the power approximation).
    let formula: Formula
    let method: DegreesOfFreedomMethod
    let alpha: Double
    let control: String
    let baselineVisit: String
    let postBaselineVisits: [String]

    init(trial: TrialProtocol, control: String) throws {
        guard let outcome = trial.analysis.outcomes.first(where: { $0.role == .primary }) else {
            throw SimulationError.noPrimaryOutcome
        }
        guard outcome.score == outcome.form else {
            throw SimulationError.invalidSetting(option: "--power", value: outcome.name,
                                                 requirement: "a primary outcome on its form's total score (the simulator scores totals, not subscores)")
        }
        guard let baseline = LongDataBuilder.baselineVisit(trial) else {
            throw SimulationError.invalidSetting(option: "--power", value: outcome.name,
                                                 requirement: "a protocol with a baseline visit (analysis.baseline_visit or a visit on day 0)")
        }
        self.trial = trial; self.outcome = outcome; self.control = control
        var specification = OutcomeSpecification(outcome, in: trial)
        specification.controlArm = control
        self.specification = specification
        formula = try Formula.parse(outcome.formula)
        method = switch trial.analysis.degreesOfFreedom {
        case .kenwardRoger: .kenwardRoger
        case .satterthwaite: .satterthwaite
        case .residual: .residual
        }
        alpha = 1 - trial.analysis.confidenceLevel
        baselineVisit = baseline.name
        postBaselineVisits = specification.visits
        let supported = Set(LongLayout.columns(score: outcome.score, strata: trial.stratification.map(\.name)))
        if let unknown = formula.columns.first(where: { !supported.contains($0) }) {
            throw SimulationError.invalidSetting(option: "--power", value: outcome.formula,
                                                 requirement: "a formula over \(supported.sorted().joined(separator: ", ")) (the simulated primary data have no column \(unknown))")
        }
    }

    /// The long data of the primary score: `scores[participant][visit]` for every participant.
    func longData(participants: [SimulatedParticipant], scores: [[String: Double]]) -> LongData {
        var rows: [LongData.Row] = []
        rows.reserveCapacity(participants.count * postBaselineVisits.count)
        for (index, participant) in participants.enumerated() {
            let strata = participant.levels.enumerated().map { trial.stratification[$0.offset].levels[$0.element] }
            let baseline = scores[index][baselineVisit]
            for visit in postBaselineVisits {
                rows.append(LongData.Row(participantID: participant.id, arm: trial.arms[participant.arm].code,
                                         strata: strata, visit: visit, values: [scores[index][visit]], baselines: [baseline]))
            }
        }
        return LongData(scores: [outcome.score], strata: trial.stratification.map(\.name), baselineVisit: baselineVisit,
                        visits: postBaselineVisits, rows: rows)
    }

    /// Fits the planned model and returns one test per non-control arm.
    func run(participants: [SimulatedParticipant], scores: [[String: Double]]) throws -> [PrimaryTest] {
        let result = try OutcomeAnalysis.run(specification, data: longData(participants: participants, scores: scores))
        return result.comparisons.map { comparison in
            PrimaryTest(arm: comparison.arm, estimate: comparison.difference.estimate,
                        standardError: comparison.difference.standardError,
                        degreesOfFreedom: comparison.difference.degreesOfFreedom, pValue: comparison.pValue)
        }
    }
}
