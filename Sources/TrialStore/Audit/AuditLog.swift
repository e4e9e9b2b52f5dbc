import GRDB

/// Which events `auditEvents(matching:)` returns; nil fields match everything.
public struct AuditFilter: Sendable, Equatable {
    /// Kind of record, e.g. `user`.
    public var entity: String?
    /// Key of the record, e.g. `alice` (usually with `entity`).
    public var entityID: String?
    /// Who made the change.
    public var actor: String?
    /// Events at or after this UTC time, in the store's form (see ``UTCTimestamp/normalize(_:)``).
    public var since: String?

    public init(entity: String? = nil, entityID: String? = nil, actor: String? = nil, since: String? = nil) {
        self.entity = entity; self.entityID = entityID; self.actor = actor; self.since = since
    }
}

extension TrialStore {
    /// The audit events that match `filter`, oldest first.
    public func auditEvents(matching filter: AuditFilter = AuditFilter()) throws(StoreError) -> [AuditEvent] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let entity = filter.entity { conditions.append("entity = ?"); arguments += [entity] }
        if let entityID = filter.entityID { conditions.append("entity_id = ?"); arguments += [entityID] }
        if let actor = filter.actor { conditions.append("actor = ?"); arguments += [actor] }
        if let since = filter.since { conditions.append("occurred_at >= ?"); arguments += [since] }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT \(AuditEvent.columns) FROM audit_event\(whereClause) ORDER BY seq"
        return try read("read the audit trail") { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map(AuditEvent.init(row:))
        }
    }
}
