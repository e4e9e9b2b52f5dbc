import GRDB

/// A record kind whose current rows can be compared with the audit trail.
///
/// Each write stores the record's snapshot as the event's `new_value`. ``TrialStore/verifyAudit()``
/// decodes the last `new_value` per record and compares it with the row as it is now, so a
/// change made to the table behind TrialKit's back shows up even when the chain is intact.
protocol AuditSnapshot: Codable, Equatable, Sendable {
    /// The `entity` of this record kind's audit events.
    static var entity: String { get }
    /// Every row now in the table, keyed by the audit `entity_id`.
    static func current(_ db: Database) throws -> [String: Self]
}

/// Record kinds `verifyAudit` reconciles. Add each new audited table here.
let auditedRecordKinds: [any AuditSnapshot.Type] = [
    User.Snapshot.self, StoredProtocol.Snapshot.self, AllocationListRecord.Snapshot.self,
    ParticipantRecord.Snapshot.self, Unblinding.Snapshot.self, CRFValueSnapshot.self, CRFPass2Snapshot.self,
    StoredQuery.self, AnalysisRun.Snapshot.self,
]

/// The last audit event of one record.
struct LastEvent {
    var seq: Int
    var newValue: String?
}

enum AuditReconciliation {
    /// The first difference between the rows of `kind` and their last audit events, if any.
    static func firstProblem<Snapshot: AuditSnapshot>(
        _ kind: Snapshot.Type, lastEvents: [String: LastEvent], _ db: Database
    ) throws -> AuditProblem? {
        let rows = try Snapshot.current(db)
        let keys = Set(rows.keys).union(lastEvents.keys).sorted()
        for key in keys {
            let row = rows[key]
            guard let event = lastEvents[key] else {
                let shown = row.flatMap { try? AuditJSON.encode($0) } ?? "?"
                return AuditProblem(kind: .unaudited, seq: nil,
                                    detail: "\(Snapshot.entity) \(key) exists (\(shown)) but no audit event created it, so it was written outside TrialKit.")
            }
            let recorded = event.newValue.flatMap { AuditJSON.decode(Snapshot.self, from: $0) }
            if recorded == row { continue }
            let now = row.flatMap { try? AuditJSON.encode($0) } ?? "no row"
            let then = event.newValue ?? "removed"
            return AuditProblem(kind: .recordMismatch, seq: event.seq,
                                detail: "\(Snapshot.entity) \(key) was changed outside TrialKit: event \(event.seq) recorded \(then) but the table holds \(now).")
        }
        return nil
    }
}
