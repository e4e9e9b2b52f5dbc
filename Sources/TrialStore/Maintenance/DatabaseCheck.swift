import GRDB
import Digest

/// The outcome of ``TrialStore/check()``: SQLite's own consistency checks, the audit chain, and
/// the audit trail read against the data.
public struct DatabaseCheck: Sendable, Equatable, Codable {
    /// `PRAGMA integrity_check`: `["ok"]` when the file is sound, else SQLite's messages (at most 100).
    public var integrity: [String]
    /// `PRAGMA foreign_key_check`: one line per row whose reference points nowhere.
    public var foreignKeyViolations: [String]
    /// Each stored protocol version whose text no longer hashes to its checksum.
    public var protocolChecksumMismatches: [Int]
    /// The audit chain and the reconciliation of every record with its last event.
    public var audit: AuditVerification
    /// The first event whose old value does not continue its record's history (`AuditCrossCheck`).
    public var history: AuditProblem?

    public var passed: Bool {
        integrity == ["ok"] && foreignKeyViolations.isEmpty && protocolChecksumMismatches.isEmpty
            && audit.intact && history == nil
    }

    /// Every problem found, one sentence each, in the order the checks ran.
    public var problems: [String] {
        var found: [String] = []
        if integrity != ["ok"] { found += integrity.map { "SQLite integrity check: \($0)" } }
        found += foreignKeyViolations.map { "Foreign key: \($0)" }
        found += protocolChecksumMismatches.map { "Protocol version \($0): its text does not hash to its stored checksum." }
        if let problem = audit.problem { found.append(problem.detail) }
        if let history { found.append(history.detail) }
        return found
    }

    enum CodingKeys: String, CodingKey {
        case passed, integrity, audit, history, problems
        case foreignKeyViolations = "foreign_key_violations"
        case protocolChecksumMismatches = "protocol_checksum_mismatches"
    }

    public init(integrity: [String], foreignKeyViolations: [String], protocolChecksumMismatches: [Int],
                audit: AuditVerification, history: AuditProblem?) {
        self.integrity = integrity; self.foreignKeyViolations = foreignKeyViolations
        self.protocolChecksumMismatches = protocolChecksumMismatches; self.audit = audit; self.history = history
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        integrity = try container.decode([String].self, forKey: .integrity)
        foreignKeyViolations = try container.decode([String].self, forKey: .foreignKeyViolations)
        protocolChecksumMismatches = try container.decode([Int].self, forKey: .protocolChecksumMismatches)
        audit = try container.decode(AuditVerification.self, forKey: .audit)
        history = try container.decodeIfPresent(AuditProblem.self, forKey: .history)
    }

    /// Writes `passed`, `problems` and every key, with `null` for an absent history problem.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(passed, forKey: .passed)
        try container.encode(integrity, forKey: .integrity)
        try container.encode(foreignKeyViolations, forKey: .foreignKeyViolations)
        try container.encode(protocolChecksumMismatches, forKey: .protocolChecksumMismatches)
        try container.encode(audit, forKey: .audit)
        try container.encode(history, forKey: .history)
        try container.encode(problems, forKey: .problems)
    }
}

extension TrialStore {
    /// Runs every check a trial database must pass, inside one read transaction (one snapshot):
    /// `PRAGMA integrity_check` (b-trees, indexes, page accounting, NOT NULL and CHECK
    /// constraints), `PRAGMA foreign_key_check`, each protocol text against its SHA-256, the audit
    /// chain with the record reconciliation (``verifyAudit()``), and the event-by-event history
    /// cross-check (`AuditCrossCheck`). Reads only; a read-only store may run it.
    public func check() throws(StoreError) -> DatabaseCheck {
        try read("check the database") { db in try Self.check(db) }
    }

    static func check(_ db: Database) throws -> DatabaseCheck {
        let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check(100)")
        let foreignKeys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { row -> String in
            let table: String = row[0], rowid: Int64? = row[1], parent: String = row[2]
            return "a row of \(table) (rowid \(rowid.map(String.init) ?? "?")) refers to a missing row of \(parent)."
        }
        var mismatches: [Int] = []
        for row in try Row.fetchAll(db, sql: "SELECT version, text, checksum FROM protocol_version ORDER BY version") {
            if sha256Hex(row["text"] as String) != (row["checksum"] as String).lowercased() { mismatches.append(row["version"]) }
        }
        let audit = try AuditVerifier.verify(db)
        let events = try Row.fetchAll(db, sql: "SELECT \(AuditEvent.columns) FROM audit_event ORDER BY seq")
            .map(AuditEvent.init(row:))
        return DatabaseCheck(integrity: integrity, foreignKeyViolations: foreignKeys,
                             protocolChecksumMismatches: mismatches, audit: audit,
                             history: AuditCrossCheck.firstProblem(events))
    }
}
