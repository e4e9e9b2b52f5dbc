import GRDB

extension AuditAction {
    /// Stored CRF data were exported (`export csv`, `export long`, `export odm`): a disclosure, recorded
    /// although nothing changes, as REDCap logs every data export.
    public static let dataExport = "data.export"
}

/// What one data export handed out: its kind (`csv`, `long` or `odm`), the form (csv) or outcome (long, when one), how many
/// rows or records, whether arms were included, the output file (nil: standard output) and the
/// SHA-256 of the bytes written.
public struct DataExportRecord: Sendable, Equatable, Encodable {
    public var kind: String
    public var form: String?
    public var rows: Int
    public var arms: Bool
    public var file: String?
    public var sha256: String

    public init(kind: String, form: String?, rows: Int, arms: Bool, file: String?, sha256: String) {
        self.kind = kind; self.form = form; self.rows = rows; self.arms = arms; self.file = file; self.sha256 = sha256
    }
}

extension TrialStore {
    /// Records a data export in the audit trail (entity `data_export`, numbered 1, 2, 3…).
    public func recordDataExport(_ export: DataExportRecord, actor: String) throws(StoreError) {
        try write(actor: actor, action: AuditAction.dataExport, entity: "data_export", reason: nil) { db, _ in
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event WHERE action = ?",
                                         arguments: [AuditAction.dataExport]) ?? 0
            return Change(entityID: String(count + 1), oldValue: nil, newValue: try AuditJSON.encode(export), result: ())
        }
    }
}
