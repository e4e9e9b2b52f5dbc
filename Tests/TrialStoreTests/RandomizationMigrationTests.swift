import Foundation
import GRDB
import Testing
@testable import TrialStore

/// Opening a database made before migration 002.
@Suite("Migration 002-randomization")
struct RandomizationMigrationTests {
    let directory = TemporaryDirectory()

    /// A database created by a TrialKit that knew only 001-foundation.
    func foundationOnly(_ extra: String? = nil) throws -> String {
        let path = directory.file("old.sqlite")
        let queue = try DatabaseQueue(path: path, configuration: TrialStore.configuration())
        try Migrations.migrator.migrate(queue, upTo: Migrations.foundation)
        try TrialStore(path: path, queue: queue, clock: { Date() }).bootstrap(admin: "alice", protocol: Fixture.protocolInput())
        if let extra { try queue.writeWithoutTransaction { db in try db.execute(sql: extra) } }
        try queue.close()
        return path
    }

    @Test("An old database is upgraded on open and the upgrade is audited")
    func upgrade() throws {
        let store = try TrialStore.open(path: try foundationOnly())
        let last = try #require(try store.auditEvents().last)
        #expect(last.action == AuditAction.schemaMigrate)
        #expect(last.entityID == "004-analysis")
        #expect(try store.verifyAudit().intact)
        #expect(try store.allocationLists().isEmpty)
        let columns = try store.read("columns") { db in try db.columns(in: "allocation").map(\.name) }
        #expect(columns.contains("randomization_number") && columns.contains("decision"))
    }

    @Test("Rows in the old allocation tables stop the upgrade, and nothing is dropped")
    func refusesOldRows() throws {
        let path = try foundationOnly("""
            INSERT INTO allocation_list VALUES (1, 1, '', 'permuted-blocks', '{}', '42', 1, '2025-01-01T00:00:00.000Z', 'alice')
            """)
        #expect {
            try TrialStore.open(path: path)
        } throws: { error in
            guard case let .database(_, message) = error as? StoreError else { return false }
            return message.contains("allocation_list holds 1 rows that no TrialKit version wrote")
        }
        let queue = try DatabaseQueue(path: path)
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM allocation_list") } == 1)
        #expect(try queue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") } == ["001-foundation"])
    }
}
