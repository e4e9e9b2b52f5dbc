import CRFExport
import TrialStore

extension TrialContext {
    /// The stored records (values of record, entry pass 1) and every randomized participant's
    /// stratum levels, with the arm only when the protocol does not blind the user's role.
    func exportDataset() throws -> ExportDataset {
        let records = try store.records().map {
            ExportRecord(participantID: $0.participantID, visit: $0.visit, form: $0.form, values: $0.values)
        }
        let subjects = try store.allocations().map {
            ExportSubject(participantID: $0.participantID, arm: armsBlinded ? nil : $0.arm, strata: $0.stratumLevels)
        }
        return ExportDataset(trial: spec, records: records, subjects: subjects, armsVisible: !armsBlinded)
    }
}
