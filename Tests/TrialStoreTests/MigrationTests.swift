import Foundation
import GRDB
import Testing
import TrialCore
@testable import TrialStore

@Suite("Schema and migrations")
struct MigrationTests {
    let directory = TemporaryDirectory()

    @Test("A new database has the foundation migration, WAL mode, foreign keys and mode 0600")
    func newDatabase() throws {
        let store = try Fixture.storeWithUsers(in: directory)
        let (migrations, journal, foreignKeys, tables) = try store.queue.read { db in
            (try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"),
             try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb%' ORDER BY name"))
        }
        #expect(migrations == ["001-foundation", "002-randomization", "003-crf-entry", "004-analysis"])
        #expect(journal == "wal")
        #expect(foreignKeys == 1)
        #expect(tables == ["allocation", "allocation_list", "analysis_run", "audit_event", "audit_head", "crf_value",
                           "crf_value_pass2", "participant", "protocol_version", "query", "unblinding", "user"])
        let mode = try FileManager.default.attributesOfItem(atPath: store.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }

    @Test("Stepping through the migrations one at a time gives the same schema as migrating at once")
    func stepwise() throws {
        let migrator = Migrations.migrator
        #expect(migrator.migrations == ["001-foundation", "002-randomization", "003-crf-entry", "004-analysis"])
        let stepped = try DatabaseQueue()
        for identifier in migrator.migrations { try migrator.migrate(stepped, upTo: identifier) }
        let direct = try DatabaseQueue()
        try migrator.migrate(direct)
        let schemaSQL = "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
        let steppedSchema = try stepped.read { db in try Row.fetchAll(db, sql: schemaSQL) }
        let directSchema = try direct.read { db in try Row.fetchAll(db, sql: schemaSQL) }
        #expect(steppedSchema == directSchema)
        #expect(try stepped.read { db in try migrator.hasCompletedMigrations(db) })
    }

    @Test("The role CHECK accepts exactly the six roles")
    func roleCheck() throws {
        let store = try Fixture.storeWithUsers(in: directory)
        try store.queue.write { db in
            for role in Role.allCases {
                try db.execute(sql: #"INSERT INTO "user" VALUES (?, ?, 1, '2025-01-01T00:00:00.000Z', 'alice')"#,
                               arguments: ["u-" + role.rawValue, role.rawValue])
            }
        }
        #expect(throws: DatabaseError.self) {
            try store.queue.write { db in
                try db.execute(sql: #"INSERT INTO "user" VALUES ('eve', 'superuser', 1, '2025-01-01T00:00:00.000Z', 'alice')"#)
            }
        }
    }

    @Test("Foreign keys, NOT NULL and CHECK constraints are enforced")
    func constraints() throws {
        let store = try Fixture.storeWithUsers(in: directory)
        let now = "'2025-01-01T00:00:00.000Z'"
        let rejected = [
            "INSERT INTO participant VALUES ('P1', 99, '{}', 'enrolled', \(now), 'alice')",          // no protocol 99
            "INSERT INTO participant VALUES ('P1', 1, '{}', 'enrolled', \(now), 'nobody')",          // no such user
            "INSERT INTO participant VALUES ('P1', 1, NULL, 'enrolled', \(now), 'alice')",           // strata NOT NULL
            "INSERT INTO participant VALUES ('P1', 1, '{}', 'lost', \(now), 'alice')",               // status CHECK
            "INSERT INTO audit_event VALUES (0, \(now), 'a', 'x', 'y', 'z', NULL, NULL, NULL, 'h', 'h')", // seq >= 1
        ]
        for sql in rejected {
            #expect(throws: DatabaseError.self, "\(sql)") { try store.queue.write { db in try db.execute(sql: sql) } }
        }
        try store.queue.write { db in
            try db.execute(sql: "INSERT INTO participant VALUES ('P1', 1, '{}', 'enrolled', \(now), 'alice')")
            try db.execute(sql: """
                INSERT INTO allocation_list VALUES (1, 1, 'all', '{}', 'permuted-blocks', '{}', 'generated', '42',
                    'xoshiro256**-lemire-v1', NULL, '0123456789abcdef0123456789abcdef', \(now), 'alice')
                """)
            try db.execute(sql: "INSERT INTO allocation (list_id, slot, block_number, block_size, block_position, arm) VALUES (1, 1, 1, 2, 1, 'A')")
        }
        let rejectedLists = [
            // An imported list has no seed; a generated one needs seed and algorithm version.
            "INSERT INTO allocation_list VALUES (2, 1, 's2', '{}', 'complete', '{}', 'imported', '42', NULL, NULL, '0123456789abcdef0123456789abcdef', \(now), 'alice')",
            "INSERT INTO allocation_list VALUES (2, 1, 's2', '{}', 'complete', '{}', 'generated', '42', NULL, NULL, '0123456789abcdef0123456789abcdef', \(now), 'alice')",
            // One list per stratum.
            "INSERT INTO allocation_list VALUES (2, 1, 'all', '{}', 'complete', '{}', 'generated', '7', 'v', NULL, '0123456789abcdef0123456789abcdef', \(now), 'alice')",
            // Block fields come together.
            "INSERT INTO allocation (list_id, slot, block_number, arm) VALUES (1, 2, 1, 'A')",
        ]
        for sql in rejectedLists {
            #expect(throws: DatabaseError.self, "\(sql)") { try store.queue.write { db in try db.execute(sql: sql) } }
        }
        // An allocation that names a participant must say when and by whom.
        #expect(throws: DatabaseError.self) {
            try store.queue.write { db in try db.execute(sql: "UPDATE allocation SET participant_id = 'P1' WHERE slot = 1") }
        }
        #expect(throws: DatabaseError.self) {
            try store.queue.write { db in
                try db.execute(sql: "UPDATE allocation SET participant_id = 'P1', allocated_at = \(now), allocated_by = 'alice' WHERE slot = 1")
            }
        }
        // A closed query needs closed_at and closed_by.
        #expect(throws: DatabaseError.self) {
            try store.queue.write { db in
                try db.execute(sql: "INSERT INTO query VALUES (1, 'P1', NULL, NULL, NULL, NULL, 'why?', 'closed', \(now), 'alice', NULL, NULL, NULL, NULL, NULL)")
            }
        }
    }

    @Test("Opening with newer migrations applies them and records one schema.migrate event")
    func upgradeOnOpen() throws {
        let path = directory.file("trial.sqlite")
        _ = try Fixture.storeWithUsers(in: directory)
        var newer = Migrations.migrator
        newer.registerMigration("999-test-extra") { db in
            try db.execute(sql: "CREATE TABLE extra (id INTEGER NOT NULL PRIMARY KEY)")
        }
        let upgraded = try TrialStore.open(path: path, clock: { Date() }, migrator: newer)
        let last = try #require(try upgraded.auditEvents().last)
        #expect(last.seq == 6)
        #expect(last.action == AuditAction.schemaMigrate)
        #expect(last.actor == AuditEvent.systemActor)
        #expect(last.entityID == "999-test-extra")
        #expect(try upgraded.verifyAudit().intact)
        // Reopening with the same migrator changes nothing more.
        let count = try TrialStore.open(path: path, clock: { Date() }, migrator: newer).auditEvents().count
        #expect(count == 6)
        // This TrialKit does not know 999-test-extra, so it refuses the file.
        #expect(throws: StoreError.schemaTooNew(path: path, unknownMigrations: ["999-test-extra"])) {
            try TrialStore.open(path: path)
        }
    }

    @Test("Files that are not TrialKit databases are refused and left untouched")
    func foreignFiles() throws {
        let empty = directory.file("empty.sqlite")
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(throws: StoreError.notATrialDatabase(path: empty, reason: "the file is empty")) { try TrialStore.open(path: empty) }

        let text = directory.file("notes.sqlite")
        _ = FileManager.default.createFile(atPath: text, contents: Data(repeating: 65, count: 2048))
        #expect {
            try TrialStore.open(path: text)
        } throws: { error in
            if case .notATrialDatabase = error as? StoreError { return true }
            return false
        }
        #expect(Fixture.bytes(text) == Data(repeating: 65, count: 2048))

        let other = directory.file("other.sqlite")
        let queue = try DatabaseQueue(path: other)
        try queue.write { db in try db.execute(sql: "CREATE TABLE t (x INTEGER)") }
        try queue.close()
        let before = Fixture.bytes(other)
        #expect(throws: StoreError.notATrialDatabase(path: other, reason: "it has no TrialKit schema")) {
            try TrialStore.open(path: other)
        }
        #expect(Fixture.bytes(other) == before)
        #expect(throws: StoreError.databaseMissing(path: directory.file("none.sqlite"))) {
            try TrialStore.open(path: directory.file("none.sqlite"))
        }
    }
}
