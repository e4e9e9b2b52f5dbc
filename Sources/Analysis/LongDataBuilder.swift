import TrialCore

/// Builds `LongData` from randomized participants and their stored CRF records (pure: no store).
///
/// - Rows: every randomized participant (intention to treat: analysed in the arm allocated,
///   whether or not they have data) × every visit after the baseline visit that collects the
///   form of at least one requested score, participants in ID order, visits in schedule order.
///   A score not observed at a visit is an empty cell; the model drops such rows, so all
///   observed data are used (likelihood-based, valid under missing at random).
/// - Scores are computed from the item values by the protocol's scoring rules.
/// - The baseline visit is the plan's `baseline_visit`, else the visit on day 0.
public enum LongDataBuilder {
    /// - Parameters:
    ///   - scores: score names (a form's total or a subscore), in column order.
    ///   - includeArm: false to leave out the arm column (a blinded role's export).
    /// - Throws: `AnalysisError.unknownScore`, `.noBaselineVisit`.
    public static func build(_ input: AnalysisInput, scores: [String], includeArm: Bool = true) throws -> LongData {
        let trial = input.trial
        let table = try ScoreTable(scores: scores, records: input.records, trial: trial)
        guard let baseline = baselineVisit(trial) else {
            throw AnalysisError.noBaselineVisit(score: scores.first ?? "")
        }
        let forms = try Set(scores.map { score -> String in
            guard let form = ScoreTable.form(computing: score, in: trial) else { throw AnalysisError.unknownScore(name: score) }
            return form.name
        })
        let visits = trial.visits.filter { $0.day > baseline.day && !forms.isDisjoint(with: $0.forms) }.map(\.name)
        let strata = trial.stratification.map(\.name)
        var rows: [LongData.Row] = []
        for participant in input.participants.sorted(by: { $0.id < $1.id }) {
            let baselines = scores.map { table.value($0, participant: participant.id, visit: baseline.name) }
            for visit in visits {
                rows.append(LongData.Row(
                    participantID: participant.id, arm: includeArm ? participant.arm : nil,
                    strata: strata.map { participant.strata[$0] ?? "" }, visit: visit,
                    values: scores.map { table.value($0, participant: participant.id, visit: visit) },
                    baselines: baselines))
            }
        }
        return LongData(scores: scores, strata: strata, includesArm: includeArm, baselineVisit: baseline.name,
                        visits: visits, rows: rows)
    }

    /// The distinct scores of the plan's outcomes, in plan order.
    public static func plannedScores(_ plan: AnalysisPlan) -> [String] {
        var result: [String] = []
        for outcome in plan.outcomes where !result.contains(outcome.score) { result.append(outcome.score) }
        return result
    }

    /// The plan's `baseline_visit`, else the first visit on day 0.
    public static func baselineVisit(_ trial: TrialProtocol) -> Visit? {
        if let name = trial.analysis.baselineVisit { return trial.visit(named: name) }
        return trial.visits.first { $0.day == 0 }
    }
}
