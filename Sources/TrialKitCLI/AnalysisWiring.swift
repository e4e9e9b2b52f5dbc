import Analysis
import TrialStore

/// Reads what the analysis needs from the store: every randomized participant with the arm
/// allocated and the strata recorded at randomization, and every first-pass CRF record.
enum AnalysisWiring {
    static func input(_ context: TrialContext) throws -> AnalysisInput {
        let participants = try context.store.allocations().map {
            AnalysisParticipant(id: $0.participantID, arm: $0.arm, strata: $0.stratumLevels)
        }
        let records = try context.store.records()
        return AnalysisInput(trial: context.spec, participants: participants, records: records)
    }
}
