import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// What `restore` did.
public struct RestoreSummary: Sendable, Equatable, Codable {
    public var source: String
    public var database: String
    /// SHA-256 of the backup file's bytes as read.
    public var sourceSHA256: String
    /// Audit events in the backup before the restore event was added, and its last event.
    public var restoredEventCount: Int
    public var restoredHeadHash: String?
    /// The database that was replaced: its events (nil when unreadable) and where it was kept
    /// (nil when there was none).
    public var replacedEventCount: Int?
    public var keptAs: String?
    /// The restore's own audit event in the restored database.
    public var restoreEventSeq: Int

    enum CodingKeys: String, CodingKey {
        case source, database
        case sourceSHA256 = "source_sha256", restoredEventCount = "restored_event_count"
        case restoredHeadHash = "restored_head_hash", replacedEventCount = "replaced_event_count"
        case keptAs = "kept_as", restoreEventSeq = "restore_event_seq"
    }

    /// Writes every key, with `null` for absent values.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encode(database, forKey: .database)
        try container.encode(sourceSHA256, forKey: .sourceSHA256)
        try container.encode(restoredEventCount, forKey: .restoredEventCount)
        try container.encode(restoredHeadHash, forKey: .restoredHeadHash)
        try container.encode(replacedEventCount, forKey: .replacedEventCount)
        try container.encode(keptAs, forKey: .keptAs)
        try container.encode(restoreEventSeq, forKey: .restoreEventSeq)
    }
}

extension TrialStore {
    /// Replaces the database at `path` with the backup `source`, refusing a backup that fails
    /// any check, and keeping the replaced file.
    ///
    /// 1. The backup is copied with SQLite's backup API into a temporary file (mode 0600) beside
    ///    `path`, so the backup itself is never written to.
    /// 2. The copy must pass ``check()``: `PRAGMA integrity_check`, foreign keys, each protocol
    ///    text against its SHA-256, the audit chain and the audit↔data history.
    /// 3. The restore will be recorded in the copy's audit trail (`database.restore`, by `actor` when
    ///    they are an active user of the backup, else by ``AuditEvent/systemActor`` naming them).
    /// 4. A backup of another trial (another protocol ID) than the current database's is refused.
    /// 5. The current database is checkpointed; if its `-wal` file remains, another process has
    ///    it open and the restore stops. It is kept under `<path>.before-restore-<UTC time>` (a
    ///    hard link, so it is never absent) and the copy is renamed over `path` in one step.
    /// A crash at any point leaves either the old database or the restored one at `path`.
    /// - Throws: `.databaseMissing` (no backup), `.notATrialDatabase`, `.restoreRefused`,
    ///   `.databaseInUse`, `.cannotCreate`.
    public static func restore(from source: String, to path: String, actor: String, reason: String?,
                               clock: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) -> RestoreSummary {
        guard let bytes = FileManager.default.contents(atPath: source) else { throw .databaseMissing(path: source) }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".restoring-" + UUID().uuidString
        let descriptor = Glibc.open(temporary, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else { throw .cannotCreate(path: path, reason: String(cString: strerror(errno))) }
        Glibc.close(descriptor)
        defer { for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary + suffix) } }

        try copy(source: source, into: temporary)
        let restored: TrialStore
        do {
            restored = try open(path: temporary, clock: clock)
        } catch {
            if case .notATrialDatabase(_, let reason) = error { throw .notATrialDatabase(path: source, reason: reason) }
            throw error
        }
        let check = try restored.check()
        guard check.passed else { throw .restoreRefused(source: source, detail: check.problems.first ?? "it failed its check.") }

        let restoredTrial = try restored.currentProtocol().protocolID
        if let trial = trialID(inFileAt: path), trial != restoredTrial {
            throw .restoreRefused(source: source, detail: "it holds the trial \(restoredTrial), but \(path) holds the trial \(trial).")
        }
        let replaced = try prepareReplacement(path)
        let kept = replaced.exists ? keptName(for: path, at: clock()) : nil
        var summary = RestoreSummary(source: source, database: path, sourceSHA256: hexDigest(bytes),
                                     restoredEventCount: check.audit.eventCount, restoredHeadHash: check.audit.headHash,
                                     replacedEventCount: replaced.eventCount, keptAs: kept, restoreEventSeq: 0)
        summary.restoreEventSeq = try restored.recordRestore(summary, actor: actor, reason: reason)
        do { try restored.queue.close() } catch { throw StoreError.wrapping(error, operation: "close the restored copy") }

        if let kept {
            for suffix in ["", "-wal"] where pathExists(path + suffix) {
                guard link(path + suffix, kept + suffix) == 0 else {
                    throw .cannotCreate(path: kept + suffix, reason: String(cString: strerror(errno)))
                }
            }
            // The old -wal and -shm belong to the old file; left beside the new one, SQLite would
            // replay them into it. The -wal is gone unless the old file was unreadable (kept above).
            for suffix in ["-wal", "-shm"] { unlink(path + suffix) }
        }
        guard rename(temporary, path) == 0 else { throw .cannotCreate(path: path, reason: String(cString: strerror(errno))) }
        syncDirectory(of: path)
        return summary
    }

    /// Copies `source` into the empty file `temporary` with the backup API, reading `source` only.
    private static func copy(source: String, into temporary: String) throws(StoreError) {
        do {
            let reader = try DatabaseQueue(path: source, configuration: configuration(readonly: true))
            let target = try DatabaseQueue(path: temporary)
            try reader.backup(to: target)
            try reader.close()
            try target.close()
        } catch {
            throw .notATrialDatabase(path: source, reason: (error as? DatabaseError)?.message ?? "\(error)")
        }
    }

    /// Checkpoints the database to be replaced so that its main file holds every commit; returns
    /// whether it exists and its event count (nil when SQLite cannot read it).
    private static func prepareReplacement(_ path: String) throws(StoreError) -> (exists: Bool, eventCount: Int?) {
        guard pathExists(path) else { return (false, nil) }
        var eventCount: Int?
        do {
            let current = try DatabaseQueue(path: path, configuration: configuration())
            try current.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            eventCount = try? current.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event") }
            try current.close()
        } catch {
            // Unreadable (the usual reason to restore): it is kept as it is, -wal included.
            return (true, nil)
        }
        if pathExists(path + "-wal") { throw .databaseInUse(path: path) }
        return (true, eventCount)
    }

    /// The protocol ID of the database at `path`, read without writing; nil when there is no
    /// readable TrialKit database there.
    private static func trialID(inFileAt path: String) -> String? {
        guard pathExists(path), let reader = try? DatabaseQueue(path: path, configuration: configuration(readonly: true)) else { return nil }
        defer { try? reader.close() }
        return try? reader.read { db in
            try String.fetchOne(db, sql: "SELECT protocol_id FROM protocol_version ORDER BY version DESC LIMIT 1")
        }
    }

    /// `<path>.before-restore-20261123T154500Z` (with `-2`, `-3`… if taken).
    private static func keptName(for path: String, at date: Date) -> String {
        let stamp = UTCTimestamp.format(date).prefix(19).replacingOccurrences(of: "-", with: "")
            .replacingOccurrences(of: ":", with: "") + "Z"
        var name = path + ".before-restore-" + stamp
        var counter = 2
        while pathExists(name) { name = path + ".before-restore-\(stamp)-\(counter)"; counter += 1 }
        return name
    }

    private static func syncDirectory(of path: String) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let descriptor = Glibc.open(directory, O_RDONLY)
        if descriptor >= 0 { fsync(descriptor); Glibc.close(descriptor) }
    }

    static func pathExists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Appends the `database.restore` event; returns its seq.
    private func recordRestore(_ summary: RestoreSummary, actor: String, reason: String?) throws(StoreError) -> Int {
        let registered = (try? user(named: actor))?.active == true
        struct Record: Encodable {
            var summary: RestoreSummary
            var requestedBy: String
            enum CodingKeys: String, CodingKey { case requestedBy = "requested_by" }
            func encode(to encoder: any Encoder) throws {
                try summary.encode(to: encoder)
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(requestedBy, forKey: .requestedBy)
            }
        }
        return try write(actor: registered ? actor : AuditEvent.systemActor, action: AuditAction.databaseRestore,
                         entity: Self.databaseEntity, reason: reason ?? "restored from a backup") { db, _ in
            var summary = summary
            summary.restoreEventSeq = (try AuditChain.head(db)?.seq ?? 0) + 1
            return Change(entityID: "restore", oldValue: nil,
                          newValue: try AuditJSON.encode(Record(summary: summary, requestedBy: actor)),
                          result: summary.restoreEventSeq)
        }
    }
}

extension TrialStore {
    /// The users of the database file at `path`, read without migrating or otherwise writing it
    /// (so a backup can name who may restore it when the current database is gone).
    public static func users(inFileAt path: String) throws(StoreError) -> [User] {
        do {
            let reader = try DatabaseQueue(path: path, configuration: configuration(readonly: true))
            defer { try? reader.close() }
            return try reader.read { db in try Row.fetchAll(db, sql: #"SELECT * FROM "user" ORDER BY name"#).map(User.init(row:)) }
        } catch {
            throw .notATrialDatabase(path: path, reason: (error as? DatabaseError)?.message ?? "\(error)")
        }
    }
}
