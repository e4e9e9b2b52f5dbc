import Foundation
import GRDB
import Testing
@testable import TrialStore

@Suite("Database check, backup and restore in the store")
struct DatabaseCheckTests {
    @Test("A new database passes every check")
    func sound() throws {
        let directory = TemporaryDirectory()
        let store = try Fixture.storeWithUsers(in: directory)
        let check = try store.check()
        #expect(check.passed)
        #expect(check.integrity == ["ok"])
        #expect(check.foreignKeyViolations.isEmpty && check.protocolChecksumMismatches.isEmpty)
        #expect(check.audit.eventCount == 5)
        #expect(check.history == nil)
    }

    @Test("An event whose old value is not what the previous event left is found, even in a re-hashed chain")
    func historyBreak() throws {
        let directory = TemporaryDirectory()
        let store = try Fixture.storeWithUsers(in: directory)
        // Event 4 changed bob from monitor to statistician; claim he was an unblinder before.
        try Fixture.tamper(store.path, "UPDATE audit_event SET old_value = replace(old_value, 'monitor', 'unblinder') WHERE seq = 4")
        try Self.rehash(store.path)
        #expect(try store.verifyAudit().intact, "the chain and the last values agree after re-hashing")
        let check = try store.check()
        #expect(!check.passed)
        #expect(check.history?.kind == .history)
        #expect(check.history?.seq == 4)
        #expect(check.problems == [#"Audit event 4 (user.role user bob) says the record was {"active":true,"name":"bob","role":"unblinder"} before the change, but event 3 left it as {"active":true,"name":"bob","role":"monitor"}: a change was made without an audit event."#])
    }

    @Test("A protocol text edited by hand fails the checksum check")
    func protocolEdited() throws {
        let directory = TemporaryDirectory()
        let store = try Fixture.storeWithUsers(in: directory)
        try Fixture.tamper(store.path, "UPDATE protocol_version SET text = text || ' '")
        let check = try store.check()
        #expect(check.protocolChecksumMismatches == [1])
        #expect(!check.passed)
    }

    @Test("backup(into:) copies a checked snapshot; restore keeps the old file and audits itself")
    func backupAndRestore() throws {
        let directory = TemporaryDirectory()
        let store = try Fixture.storeWithUsers(in: directory)
        FileManager.default.createFile(atPath: directory.file("copy.sqlite"), contents: nil, attributes: [.posixPermissions: 0o600])
        let summary = try store.backup(into: directory.file("copy.sqlite"))
        #expect(summary.eventCount == 5 && summary.headSeq == 5)
        try store.recordBackup(summary, path: "copy.sqlite", actor: "alice")
        try store.queue.close()
        let restored = try TrialStore.restore(from: directory.file("copy.sqlite"), to: store.path, actor: "alice",
                                              reason: "drill", clock: { Date(timeIntervalSince1970: 1_764_000_000) })
        #expect(restored.replacedEventCount == 6)
        #expect(restored.keptAs == store.path + ".before-restore-20251124T160000Z")
        #expect(restored.restoreEventSeq == 6)
        let reopened = try TrialStore.open(path: store.path)
        let last = try #require(try reopened.auditEvents().last)
        #expect(last.action == AuditAction.databaseRestore && last.actor == "alice" && last.reason == "drill")
        #expect(try reopened.check().passed)
        #expect(try TrialStore.open(path: restored.keptAs!).auditEvents().count == 6)
    }

    /// Recomputes every hash of the chain and the head, as a careful forger would.
    static func rehash(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        try queue.write { db in
            var previous = AuditEvent.genesisHash
            for row in try Row.fetchAll(db, sql: "SELECT \(AuditEvent.columns) FROM audit_event ORDER BY seq") {
                var event = AuditEvent(row: row)
                event.prevHash = previous
                event.hash = event.computedHash
                try db.execute(sql: "UPDATE audit_event SET prev_hash = ?, hash = ? WHERE seq = ?", arguments: [event.prevHash, event.hash, event.seq])
                previous = event.hash
            }
            try db.execute(sql: "UPDATE audit_head SET hash = ?", arguments: [previous])
        }
    }
}
