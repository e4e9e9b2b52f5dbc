import Digest
import Foundation
import GRDB

/// A protocol file to be stored: its text exactly as read, and what identifies it.
public struct ProtocolInput: Sendable, Equatable {
    /// The protocol's own id (e.g. `PEER`).
    public var protocolID: String
    public var title: String
    /// Where the file was read from, for the record.
    public var sourcePath: String
    /// The file's text, stored verbatim.
    public var text: String
    /// SHA-256 of the text's UTF-8 bytes, lowercase hex; checked against the text before storing.
    public var checksum: String

    public init(protocolID: String, title: String, sourcePath: String, text: String, checksum: String) {
        self.protocolID = protocolID; self.title = title; self.sourcePath = sourcePath
        self.text = text; self.checksum = checksum
    }

    func validate() throws(StoreError) {
        let actual = sha256Hex(text)
        guard actual == checksum.lowercased() else { throw .checksumMismatch(expected: checksum, actual: actual) }
    }
}

/// A protocol version as held in the database.
public struct StoredProtocol: Sendable, Equatable, Codable {
    /// 1 for the protocol stored by `init`; amendments get 2, 3...
    public var version: Int
    public var protocolID: String
    public var title: String
    public var sourcePath: String
    public var text: String
    public var checksum: String
    public var loadedAt: String
    public var loadedBy: String

    enum CodingKeys: String, CodingKey {
        case version, title, text, checksum
        case protocolID = "protocol_id", sourcePath = "source_path"
        case loadedAt = "loaded_at", loadedBy = "loaded_by"
    }

    init(row: Row) {
        self.init(version: row["version"], protocolID: row["protocol_id"], title: row["title"],
                  sourcePath: row["source_path"], text: row["text"], checksum: row["checksum"],
                  loadedAt: row["loaded_at"], loadedBy: row["loaded_by"])
    }

    init(version: Int, protocolID: String, title: String, sourcePath: String, text: String,
         checksum: String, loadedAt: String, loadedBy: String) {
        self.version = version; self.protocolID = protocolID; self.title = title
        self.sourcePath = sourcePath; self.text = text; self.checksum = checksum
        self.loadedAt = loadedAt; self.loadedBy = loadedBy
    }

    /// What the audit trail records: everything but the text, which the checksum stands for.
    struct Snapshot: AuditSnapshot {
        static let entity = "protocol_version"
        var version: Int
        var protocolID: String
        var title: String
        var sourcePath: String
        var checksum: String

        enum CodingKeys: String, CodingKey {
            case version, title, checksum
            case protocolID = "protocol_id", sourcePath = "source_path"
        }

        /// Each stored version; when the text no longer hashes to its checksum column, the
        /// checksum reads `<column> (text hashes to <actual>)` so the mismatch shows in reports.
        static func current(_ db: Database) throws -> [String: Snapshot] {
            var states: [String: Snapshot] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM protocol_version") {
                let stored = StoredProtocol(row: row)
                var checksum = stored.checksum
                let actual = sha256Hex(stored.text)
                if actual != checksum { checksum += " (text hashes to \(actual))" }
                states[String(stored.version)] = Snapshot(
                    version: stored.version, protocolID: stored.protocolID, title: stored.title,
                    sourcePath: stored.sourcePath, checksum: checksum)
            }
            return states
        }
    }

    var snapshot: Snapshot {
        Snapshot(version: version, protocolID: protocolID, title: title, sourcePath: sourcePath, checksum: checksum)
    }
}


extension TrialStore {
    /// The newest protocol version.
    public func currentProtocol() throws(StoreError) -> StoredProtocol {
        let stored = try read("read the protocol") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM protocol_version ORDER BY version DESC LIMIT 1").map(StoredProtocol.init(row:))
        }
        guard let stored else { throw .noProtocol(path: path) }
        return stored
    }

    /// Stores the protocol of a new database and the first admin, as audit events 1 and 2.
    func bootstrap(admin: String, protocol input: ProtocolInput) throws(StoreError) {
        try write(actor: admin, action: AuditAction.userAdd, entity: User.Snapshot.entity,
                  reason: "first admin, created with the database", actorCreatedByBody: true) { db, now in
            try Self.insertUser(User(name: admin, role: .admin, active: true, createdAt: now, createdBy: admin), db)
        }
        try write(actor: admin, action: AuditAction.protocolLoad, entity: StoredProtocol.Snapshot.entity,
                  reason: "protocol of the new database") { db, now in
            let version = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM protocol_version") ?? 0) + 1
            let stored = StoredProtocol(
                version: version, protocolID: input.protocolID, title: input.title,
                sourcePath: input.sourcePath, text: input.text, checksum: input.checksum.lowercased(),
                loadedAt: now, loadedBy: admin)
            try db.execute(
                sql: """
                INSERT INTO protocol_version (version, protocol_id, title, source_path, text, checksum, loaded_at, loaded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                arguments: [stored.version, stored.protocolID, stored.title, stored.sourcePath,
                            stored.text, stored.checksum, stored.loadedAt, stored.loadedBy])
            return Change(entityID: String(version), oldValue: nil,
                          newValue: try AuditJSON.encode(stored.snapshot), result: ())
        }
    }
}
