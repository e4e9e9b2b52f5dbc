import CRFExport
import TrialStore

extension TrialContext {
    /// The stored records (values of record, entry pass 1) and every randomized participant's
    /// stratum levels, with the arm only when the protocol does not blind the user's role.
    func exportDataset() throws -> ExportDataset {
        let records = try store.records()
        let subjects = try store.allocations().map {
            ExportSubject(participantID: $0.participantID, arm: armsBlinded ? nil : $0.arm, strata: $0.stratumLevels)
        }
        return ExportDataset(trial: spec, records: records, subjects: subjects, armsVisible: !armsBlinded)
    }
}
