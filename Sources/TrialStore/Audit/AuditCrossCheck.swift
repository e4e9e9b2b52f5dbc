import GRDB

/// The audit trail read against the data, event by event.
///
/// ``AuditVerifier`` proves the chain is unbroken and that every record equals its *last* event.
/// This cross-check adds what a data-integrity review (21 CFR 11.10(e): "record changes shall
/// not obscure previously recorded information") asks of the history in between: for every
/// record kind TrialKit audits, each event's `old_value` is the `new_value` of the record's
/// previous event (nothing before the first), so no change happened between two events
/// without an event of its own, and no event claims a change to a record that the history
/// does not lead to. Together with the reconciliation of the last events, every audit event
/// matches a data change and every data change has its audit event.
enum AuditCrossCheck {
    /// The first event whose `old_value` does not continue the record's history, if any.
    static func firstProblem(_ events: [AuditEvent]) -> AuditProblem? {
        let kinds = Dictionary(uniqueKeysWithValues: auditedRecordKinds.map { ($0.entity, $0) })
        var latest: [String: [String: AuditEvent]] = [:]
        for event in events {
            guard let kind = kinds[event.entity] else { continue }
            let previous = latest[event.entity]?[event.entityID]
            if !continues(kind, previous: previous?.newValue, with: event.oldValue) {
                let before = previous.map { "event \($0.seq) left it as \($0.newValue ?? "removed")" }
                    ?? "no earlier event created it"
                return AuditProblem(kind: .history, seq: event.seq,
                                    detail: "Audit event \(event.seq) (\(event.action) \(event.entity) \(event.entityID)) says the record was \(event.oldValue ?? "absent") before the change, but \(before): a change was made without an audit event.")
            }
            latest[event.entity, default: [:]][event.entityID] = event
        }
        return nil
    }

    /// True when `old` (an event's old value) equals `previous` (the last new value), compared as
    /// the record kind's snapshot so that key order or number spelling cannot matter.
    private static func continues<Snapshot: AuditSnapshot>(_ kind: Snapshot.Type, previous: String?, with old: String?) -> Bool {
        switch (previous, old) {
        case (nil, nil): return true
        case let (previous?, old?):
            if previous == old { return true }
            guard let a = AuditJSON.decode(Snapshot.self, from: previous), let b = AuditJSON.decode(Snapshot.self, from: old) else {
                return false
            }
            return a == b
        default: return false
        }
    }
}
