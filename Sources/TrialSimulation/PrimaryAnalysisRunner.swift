import MixedModels
import Tabular
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

/// The protocol's PRIMARY planned analysis on long data, and the only place that knows how the
/// primary test is computed: the outcome's formula fitted by `LinearMixedModel` with the plan's
/// criterion, then the EMM contrast arm − control at the outcome's visit (`arm | visit`, no
/// multiplicity adjustment) with the plan's degrees of freedom (Kenward–Roger, Satterthwaite or
/// residual), two-sided at α = 1 − confidence level. (When the `Analysis` module's
/// `OutcomeAnalysis` is merged, this file is the one to switch to it.)
struct PrimaryAnalysisRunner: Sendable {
    let trial: TrialProtocol
    let outcome: PlannedOutcome
    let formula: Formula
    let method: DegreesOfFreedomMethod
    let options: LinearMixedModelOptions
    let alpha: Double
    let control: String

    init(trial: TrialProtocol, control: String) throws {
        guard let outcome = trial.analysis.outcomes.first(where: { $0.role == .primary }) else {
            throw SimulationError.noPrimaryOutcome
        }
        self.trial = trial; self.outcome = outcome; self.control = control
        formula = try Formula.parse(outcome.formula)
        method = switch trial.analysis.degreesOfFreedom {
        case .kenwardRoger: .kenwardRoger
        case .satterthwaite: .satterthwaite
        case .residual: .residual
        }
        var options = LinearMixedModelOptions(criterion: trial.analysis.estimation == .ml ? .ml : .reml)
        options.checkConvergence = false
        options.computeConditionalModes = false
        self.options = options
        alpha = 1 - trial.analysis.confidenceLevel
        let supported = Set(LongData.columns(trial: trial, outcome: outcome))
        if let unknown = formula.columns.first(where: { !supported.contains($0) }) {
            throw SimulationError.invalidSetting(option: "--power", value: outcome.formula,
                                                 requirement: "a formula over \(supported.sorted().joined(separator: ", ")) (the simulated primary data have no column \(unknown))")
        }
    }

    /// Fits the model and returns one test per non-control arm.
    func run(_ table: DataTable) throws -> [PrimaryTest] {
        let frame = try ModelFrame.build(formula: formula, table: table)
        let model = try LinearMixedModel.fit(frame, options: options)
        guard let design = frame.design else { throw SimulationError.analysisFailed(run: 0, detail: "no design") }
        let byVisit = formula.columns.contains("visit")
        let means = try model.marginalMeans(byVisit ? "arm | visit" : "arm", design: design, method: method,
                                            adjustment: .none, level: trial.analysis.confidenceLevel)
        var tests: [PrimaryTest] = []
        for arm in trial.arms.map(\.code) where arm != control {
            for contrast in means.contrasts where !byVisit || contrast.by.first?.level == outcome.visit {
                let sign: Double
                if contrast.name == "\(arm) - \(control)" { sign = 1 } else if contrast.name == "\(control) - \(arm)" { sign = -1 } else { continue }
                tests.append(PrimaryTest(arm: arm, estimate: sign * contrast.estimate, standardError: contrast.standardError,
                                         degreesOfFreedom: contrast.degreesOfFreedom, pValue: contrast.pValue))
            }
        }
        return tests
    }
}

/// The primary outcome's data in long format, one row per participant and visit after the
/// reference visit: participant_id, arm, visit, the stratification factors, the score (named
/// after the form) and `<form>_baseline`, the score at the reference visit (the visit named
/// `baseline` when it collects the form, else the first visit that does).
enum LongData {
    static func columns(trial: TrialProtocol, outcome: PlannedOutcome) -> [String] {
        ["participant_id", "arm", "visit"] + trial.stratification.map(\.name) + [outcome.form, outcome.form + "_baseline"]
    }

    static func baselineVisit(trial: TrialProtocol, form: String) -> Visit? {
        let collecting = trial.visits.filter { $0.forms.contains(form) }
        return collecting.first { $0.name == "baseline" } ?? collecting.first
    }

    /// `scores[participant][visit]` → the long table (rows without a score or baseline score dropped).
    static func table(trial: TrialProtocol, outcome: PlannedOutcome, participants: [SimulatedParticipant],
                      scores: [[String: Double]]) -> DataTable {
        let reference = baselineVisit(trial: trial, form: outcome.form)?.name
        let visits = trial.visits.filter { $0.forms.contains(outcome.form) && $0.name != reference }.map(\.name)
        var ids: [String?] = [], arms: [String?] = [], visitColumn: [String?] = [], y: [Double?] = [], base: [Double?] = []
        var factors = [[String?]](repeating: [], count: trial.stratification.count)
        for (index, participant) in participants.enumerated() {
            guard let reference, let baseline = scores[index][reference] else { continue }
            for visit in visits {
                guard let value = scores[index][visit] else { continue }
                ids.append(participant.id); arms.append(trial.arms[participant.arm].code); visitColumn.append(visit)
                y.append(value); base.append(baseline)
                for (f, level) in participant.levels.enumerated() { factors[f].append(trial.stratification[f].levels[level]) }
            }
        }
        var table: [String: DataTable.Column] = [
            "participant_id": .text(ids), "arm": .text(arms), "visit": .text(visitColumn),
            outcome.form: .numeric(y), outcome.form + "_baseline": .numeric(base),
        ]
        for (f, factor) in trial.stratification.enumerated() { table[factor.name] = .text(factors[f]) }
        return DataTable(source: "simulated \(outcome.form) data", columnNames: columns(trial: trial, outcome: outcome),
                         columns: table, lineNumbers: Array(2..<(2 + ids.count)))
    }
}
