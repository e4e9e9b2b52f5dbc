import GRDB

/// The audit view of participants and the allocation each holds.
enum ParticipantRecord {
    /// What the audit trail records about a participant: the `participant` row and, once
    /// randomized, which slot they hold, with a salted commitment to that slot's sealed fields
    /// (arm, block fields, code, minimization decision) instead of the arm itself, so that the
    /// audit log never reveals an arm to a blinded reader.
    struct Snapshot: AuditSnapshot {
        static let entity = "participant"
        var id: String
        var protocolVersion: Int?
        var strata: String
        var status: String
        var enrolledAt: String?
        var enrolledBy: String?
        var allocation: Held?

        struct Held: Codable, Equatable, Sendable {
            var listID: Int
            var slot: Int
            var randomizationNumber: Int
            var allocatedAt: String
            var allocatedBy: String
            var slotSHA256: String

            enum CodingKeys: String, CodingKey {
                case slot
                case listID = "list_id", randomizationNumber = "randomization_number"
                case allocatedAt = "allocated_at", allocatedBy = "allocated_by", slotSHA256 = "slot_sha256"
            }
        }

        enum CodingKeys: String, CodingKey {
            case id, strata, status, allocation
            case protocolVersion = "protocol_version", enrolledAt = "enrolled_at", enrolledBy = "enrolled_by"
        }

        static func current(_ db: Database) throws -> [String: Snapshot] {
            try states(db, id: nil)
        }

        static func current(_ db: Database, id: String) throws -> Snapshot? {
            try states(db, id: id)[id]
        }

        /// Participants with their allocation; an allocation naming a participant who does not
        /// exist appears under that ID without participant fields, so it shows as a mismatch.
        private static func states(_ db: Database, id: String?) throws -> [String: Snapshot] {
            let filter = id == nil ? "" : " WHERE p.id = ?"
            let arguments: StatementArguments = id.map { [$0] } ?? []
            var states: [String: Snapshot] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT p.id, p.protocol_version, p.strata, p.status, p.enrolled_at, p.enrolled_by,
                       a.*, l.seal FROM participant p
                LEFT JOIN allocation a ON a.participant_id = p.id LEFT JOIN allocation_list l ON l.id = a.list_id
                """ + filter, arguments: arguments) {
                let participantID: String = row["id"]
                states[participantID] = Snapshot(
                    id: participantID, protocolVersion: row["protocol_version"], strata: row["strata"],
                    status: row["status"], enrolledAt: row["enrolled_at"], enrolledBy: row["enrolled_by"],
                    allocation: held(row))
            }
            let orphanFilter = id == nil ? "" : " AND a.participant_id = ?"
            for row in try Row.fetchAll(db, sql: """
                SELECT a.*, l.seal FROM allocation a LEFT JOIN allocation_list l ON l.id = a.list_id
                WHERE a.participant_id IS NOT NULL AND a.participant_id NOT IN (SELECT id FROM participant)
                """ + orphanFilter, arguments: arguments) {
                let participantID: String = row["participant_id"]
                states[participantID] = Snapshot(id: participantID, protocolVersion: nil, strata: "", status: "missing",
                                                 enrolledAt: nil, enrolledBy: nil, allocation: held(row))
            }
            return states
        }

        private static func held(_ row: Row) -> Held? {
            guard let listID = row["list_id"] as Int?, let number = row["randomization_number"] as Int? else { return nil }
            return Held(listID: listID, slot: row["slot"], randomizationNumber: number,
                        allocatedAt: row["allocated_at"], allocatedBy: row["allocated_by"],
                        slotSHA256: Seal.commitment(seal: row["seal"] ?? "", SlotText.line(row)))
        }
    }
}
