import Foundation
import TrialStore

extension TrialContext {
    /// Hands out an export: to `file` (through ``OutputFile``: temporary name, then renamed;
    /// an existing file only with `force`) or, when `file` is nil, to standard output. The export
    /// is recorded in the audit trail (`data.export`) once the bytes are in place, or just before
    /// they go to standard output. Returns true when a file was written.
    @discardableResult
    func deliverExport(_ bytes: Data, record: DataExportRecord, to file: String?, force: Bool) throws -> Bool {
        guard let file else {
            try store.recordDataExport(record, actor: user)
            FileHandle.standardOutput.write(bytes)
            return false
        }
        try OutputFile.write(bytes, to: file, force: force)
        try store.recordDataExport(record, actor: user)
        return true
    }
}
