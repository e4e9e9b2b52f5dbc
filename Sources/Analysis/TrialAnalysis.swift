import TrialCore

/// Runs a protocol's whole analysis plan (or one outcome of it) on data read from the store.
public enum TrialAnalysis {
    /// - Parameter outcome: one planned outcome's name, or nil for all.
    /// - Throws: `AnalysisError` (unknown outcome, no participants, a model that cannot be fitted).
    public static func run(_ input: AnalysisInput, outcome: String? = nil) throws -> AnalysisResult {
        let trial = input.trial, plan = trial.analysis
        guard !input.participants.isEmpty else { throw AnalysisError.noParticipants }
        for participant in input.participants where trial.arm(code: participant.arm) == nil {
            throw AnalysisError.unknownArm(participant: participant.id, arm: participant.arm)
        }
        let selected = try selectOutcomes(plan, outcome)
        let long = try LongDataBuilder.build(input, scores: LongDataBuilder.plannedScores(plan))
        var results: [OutcomeResult] = []
        // Outcomes that differ only in the visit of the estimand share one fit (e.g. QPR-15 at
        // post and at follow-up from the same model).
        var fits: [String: (LongData, FittedOutcome)] = [:]
        for planned in selected {
            let specification = OutcomeSpecification(planned, in: trial)
            let key = [planned.score, planned.formula, planned.covariance?.rawValue ?? "",
                       specification.modelsVisits ? "" : planned.visit].joined(separator: "\u{0}")
            if fits[key] == nil {
                let analysed = try OutcomeAnalysis.data(for: specification, from: long)
                fits[key] = (analysed, try OutcomeAnalysis.fit(specification, analysed: analysed))
            }
            let (analysed, fitted) = fits[key]!
            results.append(try OutcomeAnalysis.result(specification, analysed: analysed, fitted: fitted))
        }
        let descriptives = Descriptives(long: long, trial: trial)
        let primary = plan.outcomes.first { $0.role == .primary } ?? plan.outcomes[0]
        let visits = trial.visits.filter { $0.name == long.baselineVisit || long.visits.contains($0.name) }
        return AnalysisResult(
            trialID: trial.id, trialTitle: trial.title, registration: trial.registration,
            population: plan.population.rawValue, confidenceLevel: plan.confidenceLevel,
            arms: trial.arms.map { ArmLabel(code: $0.code, label: $0.label) },
            controlArm: plan.controlArm ?? trial.arms.last?.code ?? "", baselineVisit: long.baselineVisit,
            visits: visits.map { VisitLabel(name: $0.name, label: $0.label, day: $0.day) },
            consort: ConsortCounts(
                randomized: input.participants.count, allocated: descriptives.allocated,
                withData: descriptives.observedCounts(score: primary.score),
                analysed: results.map { OutcomeArmCounts(outcome: $0.name, counts: $0.participantsByArm) }),
            baseline: descriptives.baseline(), outcomes: results,
            missingData: LongDataBuilder.plannedScores(plan).flatMap(descriptives.missingPattern),
            trajectories: descriptives.trajectories(score: primary.score, level: plan.confidenceLevel),
            trajectoryScore: primary.score, software: [])
    }

    /// The long data the run analyses: every planned score, or with `outcome` exactly that
    /// outcome's data (`OutcomeAnalysis.data(for:from:)`); what `trialkit export long` writes.
    public static func longData(_ input: AnalysisInput, outcome: String? = nil, includeArm: Bool = true) throws -> LongData {
        let plan = input.trial.analysis
        guard let outcome else {
            return try LongDataBuilder.build(input, scores: LongDataBuilder.plannedScores(plan), includeArm: includeArm)
        }
        let planned = try selectOutcomes(plan, outcome)[0]
        return try OutcomeAnalysis.data(for: OutcomeSpecification(planned, in: input.trial),
                                        from: LongDataBuilder.build(input, scores: [planned.score], includeArm: includeArm))
    }

    static func selectOutcomes(_ plan: AnalysisPlan, _ name: String?) throws -> [PlannedOutcome] {
        guard let name else { return plan.outcomes }
        guard let outcome = plan.outcomes.first(where: { $0.name == name }) else {
            throw AnalysisError.unknownOutcome(name: name, planned: plan.outcomes.map(\.name))
        }
        return [outcome]
    }
}
