import Foundation
import GRDB

/// One revelation of a participant's arm to an unblinder, with the reason given.
public struct Unblinding: Sendable, Equatable, Codable {
    public var id: Int
    public var participantID: String
    public var unblindedAt: String
    public var unblindedBy: String
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case id, reason
        case participantID = "participant_id", unblindedAt = "unblinded_at", unblindedBy = "unblinded_by"
    }

    init(row: Row) {
        self.init(id: row["id"], participantID: row["participant_id"], unblindedAt: row["unblinded_at"],
                  unblindedBy: row["unblinded_by"], reason: row["reason"])
    }

    init(id: Int, participantID: String, unblindedAt: String, unblindedBy: String, reason: String) {
        self.id = id; self.participantID = participantID; self.unblindedAt = unblindedAt
        self.unblindedBy = unblindedBy; self.reason = reason
    }

    /// The audit trail records the unblinding as stored: who, whom, when and why, never the arm.
    struct Snapshot: AuditSnapshot {
        static let entity = "unblinding"
        var id: Int
        var participantID: String
        var unblindedAt: String
        var unblindedBy: String
        var reason: String

        enum CodingKeys: String, CodingKey {
            case id, reason
            case participantID = "participant_id", unblindedAt = "unblinded_at", unblindedBy = "unblinded_by"
        }

        static func current(_ db: Database) throws -> [String: Snapshot] {
            var states: [String: Snapshot] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM unblinding") {
                let record = Unblinding(row: row)
                states[String(record.id)] = record.snapshot
            }
            return states
        }
    }

    var snapshot: Snapshot {
        Snapshot(id: id, participantID: participantID, unblindedAt: unblindedAt, unblindedBy: unblindedBy, reason: reason)
    }
}

extension TrialStore {
    /// Records that `actor` learns the arm of `participantID`, and why; returns the record and
    /// the allocation it reveals. A reason is required; each unblinding is its own record.
    /// - Throws: `.reasonRequired`, `.notRandomized`.
    public func unblind(participantID: String, actor: String, reason: String?) throws(StoreError) -> (Unblinding, Allocation) {
        try requireReason(reason, action: AuditAction.participantUnblind)
        let reason = reason!.trimmingCharacters(in: .whitespacesAndNewlines)
        return try write(actor: actor, action: AuditAction.participantUnblind, entity: Unblinding.Snapshot.entity,
                         reason: reason) { db, now in
            guard let allocation = try Self.fetchAllocations(db, participantID: participantID).first else {
                throw StoreError.notRandomized(participantID: participantID)
            }
            let id = (try Int.fetchOne(db, sql: "SELECT MAX(id) FROM unblinding") ?? 0) + 1
            let record = Unblinding(id: id, participantID: participantID, unblindedAt: now, unblindedBy: actor, reason: reason)
            try db.execute(sql: "INSERT INTO unblinding (id, participant_id, unblinded_at, unblinded_by, reason) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, participantID, now, actor, reason])
            return Change(entityID: String(id), oldValue: nil, newValue: try AuditJSON.encode(record.snapshot),
                          result: (record, allocation))
        }
    }

    /// Every unblinding, oldest first.
    public func unblindings() throws(StoreError) -> [Unblinding] {
        try read("read the unblindings") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM unblinding ORDER BY id").map(Unblinding.init(row:))
        }
    }
}
