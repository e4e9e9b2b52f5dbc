import GRDB

/// Appends events to the hash chain. Called only from `TrialStore.write`.
enum AuditChain {
    /// The last event's position and hash, kept in `audit_head` in the same transaction as every
    /// append. The head lets `verifyAudit` notice events deleted from the end of the chain, which
    /// the chain itself cannot reveal.
    struct Head: Equatable {
        var seq: Int
        var hash: String
    }

    static func head(_ db: Database) throws -> Head? {
        try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_head WHERE id = 1").map {
            Head(seq: $0["seq"], hash: $0["hash"])
        }
    }

    /// Builds the next event after the head, stores it and moves the head.
    ///
    /// The new event's `prevHash` is the head's hash (64 zeros when the trail is empty) and its
    /// `seq` the head's `seq + 1`. A trail with events but no head is damaged; appending to it
    /// would hide the damage, so this throws instead.
    @discardableResult
    static func append(_ db: Database, occurredAt: String, actor: String, action: String,
                       entity: String, entityID: String, oldValue: String?, newValue: String?,
                       reason: String?) throws -> AuditEvent {
        let previous: Head
        if let head = try head(db) {
            previous = head
        } else {
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event") ?? 0
            guard count == 0 else {
                throw StoreError.auditTrailDamaged(detail: "the audit_head row is missing although \(count) events exist")
            }
            previous = Head(seq: 0, hash: AuditEvent.genesisHash)
        }
        var event = AuditEvent(
            seq: previous.seq + 1, occurredAt: occurredAt, actor: actor, action: action,
            entity: entity, entityID: entityID, oldValue: oldValue, newValue: newValue,
            reason: reason, prevHash: previous.hash, hash: "")
        event.hash = event.computedHash
        try event.insert(db)
        try db.execute(sql: "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", arguments: [event.seq, event.hash])
        if db.changesCount == 0 {
            try db.execute(sql: "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)", arguments: [event.seq, event.hash])
        }
        return event
    }
}
