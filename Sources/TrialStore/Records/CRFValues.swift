import TrialCore
import GRDB

/// Which data entry pass a value belongs to: the first pass is the value of record; the second
/// pass of double data entry is stored apart (`crf_value_pass2`) until the passes are compared.
public enum EntryPass: Int, Sendable, CaseIterable {
    case first = 1, second = 2

    var table: String { self == .first ? "crf_value" : "crf_value_pass2" }
    var entity: String { table }
}

/// What one CRF write changed.
public struct CRFWriteSummary: Sendable, Equatable, Codable {
    public var records: Int
    /// Values stored for the first time.
    public var created: Int
    /// Stored values replaced by a different value (each needs the reason).
    public var changed: Int
    /// Values equal to the stored ones, left alone.
    public var unchanged: Int
    public var queriesOpened: [Int]

    enum CodingKeys: String, CodingKey {
        case records, created, changed, unchanged
        case queriesOpened = "queries_opened"
    }
}

/// The audit view of one stored value.
struct CRFValueSnapshot: AuditSnapshot {
    static var entity: String { EntryPass.first.entity }
    var participantID: String
    var visit: String
    var form: String
    var field: String
    var value: String?
    var enteredAt: String
    var enteredBy: String

    enum CodingKeys: String, CodingKey {
        case visit, form, field, value
        case participantID = "participant_id", enteredAt = "entered_at", enteredBy = "entered_by"
    }

    var key: String { Self.key(participantID, visit, form, field) }

    /// `participant/visit/form/field`, the audit entity ID of a value.
    static func key(_ participant: String, _ visit: String, _ form: String, _ field: String) -> String {
        "\(participant)/\(visit)/\(form)/\(field)"
    }

    init(participantID: String, visit: String, form: String, field: String, value: String?, enteredAt: String, enteredBy: String) {
        self.participantID = participantID; self.visit = visit; self.form = form; self.field = field
        self.value = value; self.enteredAt = enteredAt; self.enteredBy = enteredBy
    }

    init(row: Row) {
        self.init(participantID: row["participant_id"], visit: row["visit"], form: row["form"], field: row["field"],
                  value: row["value"], enteredAt: row["entered_at"], enteredBy: row["entered_by"])
    }

    static func current(_ db: Database) throws -> [String: CRFValueSnapshot] { try rows(db, table: EntryPass.first.table) }

    static func rows(_ db: Database, table: String) throws -> [String: CRFValueSnapshot] {
        var states: [String: CRFValueSnapshot] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table)") {
            let value = CRFValueSnapshot(row: row)
            states[value.key] = value
        }
        return states
    }
}

/// The audit view of a second-pass value (same fields, its own entity).
struct CRFPass2Snapshot: AuditSnapshot {
    static var entity: String { EntryPass.second.entity }
    var value: CRFValueSnapshot

    init(_ value: CRFValueSnapshot) { self.value = value }
    init(from decoder: any Decoder) throws { value = try CRFValueSnapshot(from: decoder) }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }

    static func current(_ db: Database) throws -> [String: CRFPass2Snapshot] {
        try CRFValueSnapshot.rows(db, table: EntryPass.second.table).mapValues(CRFPass2Snapshot.init)
    }
}

extension TrialStore {
    /// Stores whole records of one form in one immediate transaction, with one audit event per
    /// value created or changed (old and new value) and one per query opened. A value equal to
    /// the stored one is left alone. Replacing a stored value with a different one needs
    /// `reason`; without it nothing is written.
    /// - Throws: `.reasonRequired` (a stored value would change), `.unchanged` (nothing to
    ///   write), `.database` (e.g. a participant who is not enrolled).
    public func storeRecords(_ records: [CRFRecord], pass: EntryPass, queries: [NewQuery], actor: String,
                             reason: String?, action: String) throws(StoreError) -> CRFWriteSummary {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        let hasReason = !(reason ?? "").isEmpty
        return try write(actor: actor, action: action, entity: pass.entity, reason: reason) { db, now in
            var changes: [RecordChange] = []
            var summary = CRFWriteSummary(records: records.count, created: 0, changed: 0, unchanged: 0, queriesOpened: [])
            let select = try db.makeStatement(sql: """
                SELECT * FROM \(pass.table) WHERE participant_id = ? AND visit = ? AND form = ? AND field = ?
                """)
            let upsert = try db.makeStatement(sql: """
                INSERT INTO \(pass.table) (participant_id, visit, form, field, value, entered_at, entered_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (participant_id, visit, form, field)
                DO UPDATE SET value = excluded.value, entered_at = excluded.entered_at, entered_by = excluded.entered_by
                """)
            for record in records {
                for field in record.values.keys.sorted() {
                    let text = record.values[field]!
                    let value: String? = text.isEmpty ? nil : text
                    let before = try Row.fetchOne(select, arguments: [record.participantID, record.visit, record.form, field])
                        .map(CRFValueSnapshot.init(row:))
                    if let before, before.value == value { summary.unchanged += 1; continue }
                    if before != nil {
                        guard hasReason else { throw StoreError.reasonRequired(action: "\(action) (changes stored value \(before!.key))") }
                        summary.changed += 1
                    } else {
                        summary.created += 1
                    }
                    let after = CRFValueSnapshot(participantID: record.participantID, visit: record.visit, form: record.form,
                                                 field: field, value: value, enteredAt: now, enteredBy: actor)
                    try upsert.execute(arguments: [after.participantID, after.visit, after.form, field, value, now, actor])
                    changes.append(RecordChange(entity: pass.entity, entityID: after.key,
                                                oldValue: try before.map(AuditJSON.encode),
                                                newValue: try AuditJSON.encode(after)))
                }
            }
            for query in queries {
                let stored = try Self.insertQuery(query, db, now: now, actor: actor)
                summary.queriesOpened.append(stored.id)
                changes.append(RecordChange(entity: StoredQuery.entity, entityID: String(stored.id), oldValue: nil,
                                            newValue: try AuditJSON.encode(stored)))
            }
            guard let first = changes.first else {
                throw StoreError.unchanged(entity: pass.entity, entityID: records.first.map { "\($0.form)" } ?? "",
                                           detail: "every value equals the stored one")
            }
            return Change(entityID: first.entityID, oldValue: first.oldValue, newValue: first.newValue,
                          result: summary, alsoChanged: Array(changes.dropFirst()))
        }
    }

    /// Every stored record (of `form`, or of every form), ordered by participant, visit and form.
    /// NULL values read back as empty texts.
    public func records(form: String? = nil, pass: EntryPass = .first) throws(StoreError) -> [CRFRecord] {
        try read("read the CRF values") { db in
            var sql = "SELECT participant_id, visit, form, field, value FROM \(pass.table)"
            var arguments = StatementArguments()
            if let form { sql += " WHERE form = ?"; arguments += [form] }
            sql += " ORDER BY participant_id, visit, form"
            var records: [CRFRecord] = []
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                let participant: String = row["participant_id"], visit: String = row["visit"], form: String = row["form"]
                if records.last?.participantID != participant || records.last?.visit != visit || records.last?.form != form {
                    records.append(CRFRecord(participantID: participant, visit: visit, form: form, values: [:]))
                }
                records[records.count - 1].values[row["field"]] = (row["value"] as String?) ?? ""
            }
            return records
        }
    }

    /// The IDs of every participant in the trial.
    public func participantIDs() throws(StoreError) -> Set<String> {
        try read("read the participants") { db in Set(try String.fetchAll(db, sql: "SELECT id FROM participant")) }
    }
}
