import Foundation
import GRDB
import TrialCore

/// A request to randomize one participant.
public struct AllocationRequest: Sendable, Equatable {
    public var participantID: String
    /// The stratum's label, which names its list, e.g. `municipality=Fredericia` (`all` without factors).
    public var stratum: String
    /// Factor name → level name; stored with the participant.
    public var stratumLevels: [String: String]
    /// When set, the participant's recorded answer to this field must mean yes.
    public var eligibility: EligibilityRequirement?

    public init(participantID: String, stratum: String, stratumLevels: [String: String],
                eligibility: EligibilityRequirement? = nil) {
        self.participantID = participantID; self.stratum = stratum
        self.stratumLevels = stratumLevels; self.eligibility = eligibility
    }
}

/// What a minimization rule sees, inside the transaction that will store its decision.
public struct MinimizationContext: Sendable {
    /// The sealed list seed.
    public let seed: UInt64
    /// 1-based number of this allocation among the trial's minimization allocations.
    public let sequence: Int
    /// The earlier allocations, oldest first.
    public let history: [PastAllocation]
    /// The levels of the participant being allocated.
    public let stratumLevels: [String: String]
}

public struct PastAllocation: Sendable, Equatable {
    public var stratumLevels: [String: String]
    public var arm: String
}

/// The arm a minimization rule chose and its audit details (JSON text, stored with the allocation).
public struct MinimizationOutcome: Sendable, Equatable {
    public var arm: String
    public var decision: String
    public init(arm: String, decision: String) { self.arm = arm; self.decision = decision }
}

/// A participant's allocation.
public struct Allocation: Sendable, Equatable, Codable {
    public var participantID: String
    public var arm: String
    /// The list's stratum label (`all` for minimization).
    public var stratum: String
    public var stratumLevels: [String: String]
    /// 1, 2, 3… in the order participants were randomized, over the whole trial.
    public var randomizationNumber: Int
    public var allocatedAt: String
    public var allocatedBy: String

    enum CodingKeys: String, CodingKey {
        case arm, stratum
        case participantID = "participant_id", stratumLevels = "stratum_levels"
        case randomizationNumber = "randomization_number", allocatedAt = "allocated_at", allocatedBy = "allocated_by"
    }
}

extension TrialStore {
    /// Randomizes one participant in one immediate transaction: checks that they hold no
    /// allocation and (when required) are eligible, records them as enrolled, takes the lowest
    /// free slot of their stratum's list (or, for minimization, stores the arm `minimize` chooses
    /// from the allocations so far), numbers the allocation, and appends the audit event.
    /// Concurrent processes serialize on SQLite's write lock, so no two can take the same slot.
    /// - Throws: `.noAllocationLists`, `.noListForStratum`, `.alreadyRandomized`,
    ///   `.participantNotEnrolled`, `.stratumMismatch`, `.notEligible`, `.listExhausted`; nothing
    ///   is written then.
    public func randomize(_ request: AllocationRequest, actor: String,
                          minimize: ((MinimizationContext) throws -> MinimizationOutcome)? = nil) throws(StoreError) -> Allocation {
        try write(actor: actor, action: AuditAction.participantRandomize, entity: ParticipantRecord.Snapshot.entity,
                  reason: nil) { db, now in
            let id = request.participantID
            let lists = try Row.fetchAll(db, sql: "SELECT id, stratum, method, seed FROM allocation_list ORDER BY id")
            guard !lists.isEmpty else { throw StoreError.noAllocationLists }
            let minimizing = (lists[0]["method"] as String) == "minimization"
            guard let list = minimizing ? lists.first : lists.first(where: { $0["stratum"] == request.stratum }) else {
                throw StoreError.noListForStratum(request.stratum)
            }
            let listID: Int = list["id"]
            let strata = try AuditJSON.encode(request.stratumLevels)
            let before = try ParticipantRecord.Snapshot.current(db, id: id)
            if let before {
                if let allocation = before.allocation {
                    let stratum = try String.fetchOne(db, sql: "SELECT stratum FROM allocation_list WHERE id = ?",
                                                      arguments: [allocation.listID]) ?? "?"
                    throw StoreError.alreadyRandomized(participantID: id, randomizationNumber: allocation.randomizationNumber,
                                                       stratum: stratum, allocatedAt: allocation.allocatedAt,
                                                       allocatedBy: allocation.allocatedBy)
                }
                guard before.status == "enrolled" else { throw StoreError.participantNotEnrolled(participantID: id, status: before.status) }
                guard before.strata == strata else {
                    throw StoreError.stratumMismatch(participantID: id, recorded: Self.label(before.strata), given: request.stratum)
                }
            }
            if let rule = request.eligibility {
                let value = try String.fetchOne(db, sql: """
                    SELECT value FROM crf_value WHERE participant_id = ? AND visit = ? AND form = ? AND field = ?
                    """, arguments: [id, rule.visit, rule.form, rule.field])
                guard EligibilityRequirement.meansYes(value) else {
                    throw StoreError.notEligible(participantID: id, form: rule.form, field: rule.field, visit: rule.visit,
                                                 recorded: value)
                }
            }
            let slot: Int
            if minimizing {
                slot = try Self.storeMinimizedSlot(listID: listID, seed: list["seed"], levels: request.stratumLevels,
                                                   minimize: minimize, db)
            } else {
                guard let free = try Int.fetchOne(db, sql: """
                    SELECT slot FROM allocation WHERE list_id = ? AND participant_id IS NULL ORDER BY slot LIMIT 1
                    """, arguments: [listID]) else {
                    let slots = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM allocation WHERE list_id = ?", arguments: [listID]) ?? 0
                    throw StoreError.listExhausted(stratum: request.stratum, slots: slots)
                }
                slot = free
            }
            if before == nil {
                let version = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM protocol_version") ?? 1
                try db.execute(sql: """
                    INSERT INTO participant (id, protocol_version, strata, status, enrolled_at, enrolled_by)
                    VALUES (?, ?, ?, 'enrolled', ?, ?)
                    """, arguments: [id, version, strata, now, actor])
            }
            let number = (try Int.fetchOne(db, sql: "SELECT MAX(randomization_number) FROM allocation") ?? 0) + 1
            try db.execute(sql: """
                UPDATE allocation SET participant_id = ?, randomization_number = ?, allocated_at = ?, allocated_by = ?
                WHERE list_id = ? AND slot = ?
                """, arguments: [id, number, now, actor, listID, slot])
            let after = try ParticipantRecord.Snapshot.current(db, id: id)
            let allocation = try Self.fetchAllocations(db, participantID: id).first!
            return Change(entityID: id, oldValue: try before.map(AuditJSON.encode),
                          newValue: try AuditJSON.encode(after), result: allocation)
        }
    }

    /// Computes and stores the next minimization allocation as a new, unassigned slot; returns its number.
    private static func storeMinimizedSlot(listID: Int, seed: String?, levels: [String: String],
                                           minimize: ((MinimizationContext) throws -> MinimizationOutcome)?,
                                           _ db: Database) throws -> Int {
        guard let minimize, let seed = seed.flatMap(UInt64.init) else {
            throw StoreError.invalidAllocationHistory(detail: "the minimization list has no rule or no seed")
        }
        let history = try Row.fetchAll(db, sql: """
            SELECT p.strata, a.arm FROM allocation a JOIN participant p ON p.id = a.participant_id
            WHERE a.list_id = ? ORDER BY a.slot
            """, arguments: [listID]).map { row in
            PastAllocation(stratumLevels: AuditJSON.decode([String: String].self, from: row["strata"]) ?? [:], arm: row["arm"])
        }
        let sequence = (try Int.fetchOne(db, sql: "SELECT MAX(slot) FROM allocation WHERE list_id = ?", arguments: [listID]) ?? 0) + 1
        let outcome = try minimize(MinimizationContext(seed: seed, sequence: sequence, history: history, stratumLevels: levels))
        try db.execute(sql: "INSERT INTO allocation (list_id, slot, arm, decision) VALUES (?, ?, ?, ?)",
                       arguments: [listID, sequence, outcome.arm, outcome.decision])
        return sequence
    }

    /// Every allocation so far, in randomization order. Future slots are never included.
    public func allocations() throws(StoreError) -> [Allocation] {
        try read("read the allocations") { db in try Self.fetchAllocations(db, participantID: nil) }
    }

    /// The allocation of one participant, or nil when they have not been randomized.
    public func allocation(of participantID: String) throws(StoreError) -> Allocation? {
        try read("read the allocation of \(participantID)") { db in try Self.fetchAllocations(db, participantID: participantID).first }
    }

    static func fetchAllocations(_ db: Database, participantID: String?) throws -> [Allocation] {
        var sql = """
            SELECT a.participant_id, a.arm, a.randomization_number, a.allocated_at, a.allocated_by, l.stratum, p.strata
            FROM allocation a JOIN allocation_list l ON l.id = a.list_id JOIN participant p ON p.id = a.participant_id
            """
        var arguments = StatementArguments()
        if let participantID { sql += " WHERE a.participant_id = ?"; arguments += [participantID] }
        sql += " ORDER BY a.randomization_number"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            Allocation(participantID: row["participant_id"], arm: row["arm"], stratum: row["stratum"],
                       stratumLevels: AuditJSON.decode([String: String].self, from: row["strata"]) ?? [:],
                       randomizationNumber: row["randomization_number"], allocatedAt: row["allocated_at"],
                       allocatedBy: row["allocated_by"])
        }
    }

    /// `{"a":"x","b":"y"}` as `a=x;b=y`, for messages.
    static func label(_ strata: String) -> String {
        let levels = AuditJSON.decode([String: String].self, from: strata) ?? [:]
        return levels.isEmpty ? "all" : levels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
    }
}
