import GRDB

extension TrialStore {
    /// Recomputes the audit chain and compares the data with it; returns the first problem.
    ///
    /// Checks, in order: seq runs 1, 2, 3... without gaps; each event's hash equals
    /// SHA-256(prev_hash ‖ canonical text); each prev_hash equals the hash of the event before
    /// (64 zeros for event 1); the head row names the last event; every audited record
    /// (users, protocol versions, allocation lists with their sealed slots, participants with
    /// the slot each holds, unblindings) equals the `new_value` of its last event.
    public func verifyAudit() throws(StoreError) -> AuditVerification {
        try read("verify the audit trail") { db in try AuditVerifier.verify(db) }
    }
}

enum AuditVerifier {
    static func verify(_ db: Database) throws -> AuditVerification {
        let events = try Row.fetchAll(db, sql: "SELECT \(AuditEvent.columns) FROM audit_event ORDER BY seq")
            .map(AuditEvent.init(row:))
        let head = try AuditChain.head(db)
        var problem = chainProblem(events, head: head)
        if problem == nil { problem = try recordProblem(events, db) }
        return AuditVerification(eventCount: events.count, headSeq: head?.seq, headHash: head?.hash, problem: problem)
    }

    /// The first break in the chain or its head, walking events in seq order.
    static func chainProblem(_ events: [AuditEvent], head: AuditChain.Head?) -> AuditProblem? {
        var expectedSeq = 1
        var expectedPrev = AuditEvent.genesisHash
        let highestSeq = max(events.last?.seq ?? 0, head?.seq ?? 0)
        for event in events {
            if event.seq != expectedSeq {
                let which = event.seq - expectedSeq == 1 ? "event \(expectedSeq) is" : "events \(expectedSeq)-\(event.seq - 1) are"
                return AuditProblem(kind: .missing, seq: expectedSeq,
                                    detail: "Audit \(which) missing (deleted): the chain jumps from event \(expectedSeq - 1) to event \(event.seq).")
            }
            if event.computedHash != event.hash {
                if let written = writtenPosition(of: event, highestSeq: highestSeq) {
                    return AuditProblem(kind: .reordered, seq: event.seq,
                                        detail: "Audit event \(event.seq) (\(label(event))) was written as event \(written): the events were reordered or renumbered.")
                }
                return AuditProblem(kind: .edited, seq: event.seq,
                                    detail: "Audit event \(event.seq) (\(label(event))) was edited: its contents no longer match its hash.")
            }
            if event.prevHash != expectedPrev {
                if expectedSeq == 1 {
                    return AuditProblem(kind: .unlinked, seq: 1,
                                        detail: "Audit event 1 (\(label(event))) does not start the chain: its prev_hash is not 64 zeros, so earlier events were removed or it was replaced.")
                }
                return AuditProblem(kind: .unlinked, seq: expectedSeq - 1,
                                    detail: "Audit event \(expectedSeq - 1) was altered and its hash recomputed: event \(event.seq) records a different hash for it.")
            }
            expectedSeq += 1
            expectedPrev = event.hash
        }
        return headProblem(lastSeq: expectedSeq - 1, lastHash: expectedPrev, head: head)
    }

    private static func headProblem(lastSeq: Int, lastHash: String, head: AuditChain.Head?) -> AuditProblem? {
        guard let head else {
            if lastSeq == 0 { return nil }
            return AuditProblem(kind: .head, seq: lastSeq,
                                detail: "The audit_head row is missing, so events deleted from the end cannot be ruled out; the chain ends at event \(lastSeq).")
        }
        if head.seq > lastSeq {
            let which = head.seq - lastSeq == 1 ? "event \(head.seq) is" : "events \(lastSeq + 1)-\(head.seq) are"
            return AuditProblem(kind: .missing, seq: lastSeq + 1,
                                detail: "Audit \(which) missing from the end of the trail (deleted): the head records event \(head.seq) as the last, but the chain ends at event \(lastSeq).")
        }
        if head.seq != lastSeq || head.hash != lastHash {
            return AuditProblem(kind: .head, seq: lastSeq,
                                detail: "The audit_head row (event \(head.seq), hash \(head.hash.prefix(12))…) does not match the last event \(lastSeq) (hash \(lastHash.prefix(12))…): the head was edited.")
        }
        return nil
    }

    /// The seq at which `event` was written, when its hash matches its contents at another seq.
    private static func writtenPosition(of event: AuditEvent, highestSeq: Int) -> Int? {
        var moved = event
        for candidate in 1...max(1, highestSeq + 1) where candidate != event.seq {
            moved.seq = candidate
            if moved.computedHash == event.hash { return candidate }
        }
        return nil
    }

    private static func label(_ event: AuditEvent) -> String {
        "\(event.action) \(event.entity) \(event.entityID) by \(event.actor) at \(event.occurredAt)"
    }

    /// The first record that differs from its last audit event.
    private static func recordProblem(_ events: [AuditEvent], _ db: Database) throws -> AuditProblem? {
        var lastEvents: [String: [String: LastEvent]] = [:]
        for event in events {
            lastEvents[event.entity, default: [:]][event.entityID] = LastEvent(seq: event.seq, newValue: event.newValue)
        }
        for kind in auditedRecordKinds {
            if let problem = try AuditReconciliation.firstProblem(kind, lastEvents: lastEvents[kind.entity] ?? [:], db) {
                return problem
            }
        }
        return nil
    }
}
