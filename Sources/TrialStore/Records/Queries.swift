import GRDB

/// A query to open: a question about a value, raised by validation (a warning) or by a user.
public struct NewQuery: Sendable, Equatable {
    public var participantID: String
    public var visit: String?
    public var form: String?
    public var field: String?
    /// The validation issue code that raised it (e.g. `soft_range`), nil for a manual query.
    public var code: String?
    public var text: String

    public init(participantID: String, visit: String?, form: String?, field: String?, code: String?, text: String) {
        self.participantID = participantID; self.visit = visit; self.form = form; self.field = field
        self.code = code; self.text = text
    }
}

/// A stored query and where it is in its life: open → responded → closed. The row is also its
/// audit snapshot.
public struct StoredQuery: Sendable, Equatable, Codable, AuditSnapshot {
    static let entity = "query"
    public enum Status: String, Sendable, Codable, CaseIterable { case open, responded, closed }

    public var id: Int
    public var participantID: String
    public var visit: String?
    public var form: String?
    public var field: String?
    public var code: String?
    public var text: String
    public var status: Status
    public var openedAt: String
    public var openedBy: String
    public var response: String?
    public var respondedAt: String?
    public var respondedBy: String?
    public var closedAt: String?
    public var closedBy: String?

    enum CodingKeys: String, CodingKey {
        case id, visit, form, field, code, text, status, response
        case participantID = "participant_id", openedAt = "opened_at", openedBy = "opened_by"
        case respondedAt = "responded_at", respondedBy = "responded_by", closedAt = "closed_at", closedBy = "closed_by"
    }

    /// Writes every key, with `null` for absent values.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(participantID, forKey: .participantID)
        try c.encode(visit, forKey: .visit); try c.encode(form, forKey: .form); try c.encode(field, forKey: .field)
        try c.encode(code, forKey: .code); try c.encode(text, forKey: .text); try c.encode(status, forKey: .status)
        try c.encode(openedAt, forKey: .openedAt); try c.encode(openedBy, forKey: .openedBy)
        try c.encode(response, forKey: .response); try c.encode(respondedAt, forKey: .respondedAt)
        try c.encode(respondedBy, forKey: .respondedBy); try c.encode(closedAt, forKey: .closedAt)
        try c.encode(closedBy, forKey: .closedBy)
    }

    init(row: Row) {
        id = row["id"]; participantID = row["participant_id"]; visit = row["visit"]; form = row["form"]
        field = row["field"]; code = row["code"]; text = row["text"]
        status = Status(rawValue: row["status"]) ?? .open
        openedAt = row["opened_at"]; openedBy = row["opened_by"]; response = row["response"]
        respondedAt = row["responded_at"]; respondedBy = row["responded_by"]
        closedAt = row["closed_at"]; closedBy = row["closed_by"]
    }

    static func current(_ db: Database) throws -> [String: StoredQuery] {
        Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT * FROM query").map { (String($0["id"] as Int), StoredQuery(row: $0)) })
    }
}

extension TrialStore {
    static func insertQuery(_ query: NewQuery, _ db: Database, now: String, actor: String) throws -> StoredQuery {
        let id = (try Int.fetchOne(db, sql: "SELECT MAX(id) FROM query") ?? 0) + 1
        try db.execute(sql: """
            INSERT INTO query (id, participant_id, visit, form, field, code, text, status, opened_at, opened_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)
            """, arguments: [id, query.participantID, query.visit, query.form, query.field, query.code, query.text, now, actor])
        return StoredQuery(row: try Row.fetchOne(db, sql: "SELECT * FROM query WHERE id = ?", arguments: [id])!)
    }

    /// Opens one query by hand (audited as `query.open`).
    public func openQuery(_ query: NewQuery, actor: String) throws(StoreError) -> StoredQuery {
        try write(actor: actor, action: AuditAction.queryOpen, entity: StoredQuery.entity, reason: nil) { db, now in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM participant WHERE id = ?", arguments: [query.participantID]) != nil else {
                throw StoreError.participantMissing(participantID: query.participantID)
            }
            let stored = try Self.insertQuery(query, db, now: now, actor: actor)
            return Change(entityID: String(stored.id), oldValue: nil, newValue: try AuditJSON.encode(stored), result: stored)
        }
    }

    /// Records the answer to an open (or already answered) query; audited as `query.respond`.
    /// - Throws: `.queryMissing`, `.queryClosed`.
    public func respondToQuery(id: Int, text: String, actor: String) throws(StoreError) -> StoredQuery {
        try changeQuery(id: id, action: AuditAction.queryRespond, actor: actor) { query, now in
            guard query.status != .closed else { throw StoreError.queryClosed(id: id, closedAt: query.closedAt ?? "", closedBy: query.closedBy ?? "") }
            query.status = .responded
            query.response = text
            query.respondedAt = now
            query.respondedBy = actor
        }
    }

    /// Closes a query (open or responded); audited as `query.close`.
    /// - Throws: `.queryMissing`, `.queryClosed`.
    public func closeQuery(id: Int, actor: String) throws(StoreError) -> StoredQuery {
        try changeQuery(id: id, action: AuditAction.queryClose, actor: actor) { query, now in
            guard query.status != .closed else { throw StoreError.queryClosed(id: id, closedAt: query.closedAt ?? "", closedBy: query.closedBy ?? "") }
            query.status = .closed
            query.closedAt = now
            query.closedBy = actor
        }
    }

    private func changeQuery(id: Int, action: String, actor: String,
                             _ change: @escaping (inout StoredQuery, String) throws -> Void) throws(StoreError) -> StoredQuery {
        try write(actor: actor, action: action, entity: StoredQuery.entity, reason: nil) { db, now in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM query WHERE id = ?", arguments: [id]) else {
                throw StoreError.queryMissing(id: id)
            }
            let before = StoredQuery(row: row)
            var after = before
            try change(&after, now)
            try db.execute(sql: """
                UPDATE query SET status = ?, response = ?, responded_at = ?, responded_by = ?, closed_at = ?, closed_by = ?
                WHERE id = ?
                """, arguments: [after.status.rawValue, after.response, after.respondedAt, after.respondedBy,
                                 after.closedAt, after.closedBy, id])
            return Change(entityID: String(id), oldValue: try AuditJSON.encode(before), newValue: try AuditJSON.encode(after),
                          result: after)
        }
    }

    /// Queries, oldest first; only those with `status` when given.
    public func queries(status: StoredQuery.Status? = nil) throws(StoreError) -> [StoredQuery] {
        try read("read the queries") { db in
            if let status {
                return try Row.fetchAll(db, sql: "SELECT * FROM query WHERE status = ? ORDER BY id", arguments: [status.rawValue]).map(StoredQuery.init(row:))
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM query ORDER BY id").map(StoredQuery.init(row:))
        }
    }
}
