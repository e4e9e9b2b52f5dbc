import Digest
import Foundation
import GRDB

/// What a backup copy holds, as checked after copying.
public struct BackupSummary: Sendable, Equatable, Codable {
    /// Audit events in the copy, and the copy's last event: a later `audit verify` of the copy
    /// that shows the same head proves the copy was not altered.
    public var eventCount: Int
    public var headSeq: Int?
    public var headHash: String?
    /// Size of the copy in bytes and the SHA-256 of its bytes.
    public var bytes: Int
    public var sha256: String

    enum CodingKeys: String, CodingKey {
        case bytes, sha256
        case eventCount = "event_count", headSeq = "head_seq", headHash = "head_hash"
    }

    /// Writes every key, with `null` for absent values.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(eventCount, forKey: .eventCount)
        try container.encode(headSeq, forKey: .headSeq)
        try container.encode(headHash, forKey: .headHash)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(sha256, forKey: .sha256)
    }
}

extension TrialStore {
    /// Copies the database into `destination`, an empty file the caller created (mode 0600), with
    /// SQLite's online backup API (<https://www.sqlite.org/backup.html>).
    ///
    /// The copy is taken inside one read transaction, so it is one consistent snapshot: in WAL
    /// mode writers in other processes go on meanwhile, and what they commit after the snapshot
    /// began is simply not in the copy. The copy is then checked like `trialkit check` (integrity,
    /// foreign keys, protocol checksum, audit chain and history); a copy that fails is refused.
    /// - Throws: `.backupFailed` when SQLite cannot copy or the copy fails its check.
    public func backup(into destination: String) throws(StoreError) -> BackupSummary {
        do {
            var plain = Configuration()
            plain.foreignKeysEnabled = true
            let target = try DatabaseQueue(path: destination, configuration: plain)
            try queue.backup(to: target)
            // Leave the copy in rollback-journal mode: a single file, nothing beside it to lose.
            try target.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            let check = try target.read { db in try Self.check(db) }
            try target.close()
            guard check.passed else {
                throw StoreError.backupFailed(path: destination, detail: check.problems.first ?? "the copy failed its check")
            }
            let data = try Data(contentsOf: URL(fileURLWithPath: destination))
            return BackupSummary(eventCount: check.audit.eventCount, headSeq: check.audit.headSeq,
                                 headHash: check.audit.headHash, bytes: data.count, sha256: Self.hexDigest(data))
        } catch let error as StoreError {
            throw error
        } catch {
            throw .backupFailed(path: destination, detail: (error as? DatabaseError)?.message ?? "\(error)")
        }
    }

    /// Records in this database's audit trail that a copy was made to `path` (a disclosure of
    /// every record, like an export), with the copy's head so the copy can later be proven intact.
    public func recordBackup(_ summary: BackupSummary, path: String, actor: String) throws(StoreError) {
        try write(actor: actor, action: AuditAction.databaseBackup, entity: Self.databaseEntity, reason: nil) { _, _ in
            struct Record: Encodable {
                var path: String
                var summary: BackupSummary
                enum CodingKeys: String, CodingKey { case path }
                func encode(to encoder: any Encoder) throws {
                    try summary.encode(to: encoder)
                    var container = encoder.container(keyedBy: CodingKeys.self)
                    try container.encode(path, forKey: .path)
                }
            }
            return Change(entityID: "backup", oldValue: nil, newValue: try AuditJSON.encode(Record(path: path, summary: summary)),
                          result: ())
        }
    }

    /// The audit `entity` of events about the database file itself (backup, restore).
    static let databaseEntity = "database"

    static func hexDigest(_ data: Data) -> String { sha256Hex(data) }
}
