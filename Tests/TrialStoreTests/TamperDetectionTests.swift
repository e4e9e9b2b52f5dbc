import Foundation
import GRDB
import Testing
@testable import TrialStore

/// Each test changes the SQLite file through a separate connection, as someone editing it by
/// hand would, and checks that `verifyAudit` names the first bad event and what happened to it.
@Suite("Audit verification detects tampering")
struct TamperDetectionTests {
    let directory = TemporaryDirectory()

    /// Builds the five-event database, tampers with it, reopens it and verifies.
    func verify(after sql: String) throws -> AuditProblem? {
        let store = try Fixture.storeWithUsers(in: directory)
        #expect(try store.verifyAudit().intact)
        try Fixture.tamper(store.path, sql)
        return try TrialStore.open(path: store.path).verifyAudit().problem
    }

    @Test("An edited event is named as edited")
    func edited() throws {
        let problem = try #require(try verify(after: "UPDATE audit_event SET reason = 'tidied up' WHERE seq = 3"))
        #expect(problem.kind == .edited)
        #expect(problem.seq == 3)
        #expect(problem.detail.hasPrefix("Audit event 3 (user.add user bob by alice at 2025-03-01T09:00:02.000Z) was edited"))
    }

    @Test("An edited new_value is caught even when the data table was changed to match")
    func editedValueAndRow() throws {
        let problem = try #require(try verify(after: """
            UPDATE audit_event SET new_value = '{"active":true,"name":"bob","role":"admin"}' WHERE seq = 4;
            UPDATE "user" SET role = 'admin' WHERE name = 'bob';
            """))
        #expect(problem.kind == .edited)
        #expect(problem.seq == 4)
    }

    @Test("A deleted event in the middle is named as missing")
    func deletedMiddle() throws {
        let problem = try #require(try verify(after: "DELETE FROM audit_event WHERE seq = 3"))
        #expect(problem.kind == .missing)
        #expect(problem.seq == 3)
        #expect(problem.detail == "Audit event 3 is missing (deleted): the chain jumps from event 2 to event 4.")
    }

    @Test("Deleting the first event is caught")
    func deletedFirst() throws {
        let problem = try #require(try verify(after: "DELETE FROM audit_event WHERE seq = 1"))
        #expect(problem.kind == .missing)
        #expect(problem.seq == 1)
    }

    @Test("Events deleted from the end are caught through the head row")
    func deletedTail() throws {
        let problem = try #require(try verify(after: "DELETE FROM audit_event WHERE seq >= 4"))
        #expect(problem.kind == .missing)
        #expect(problem.seq == 4)
        #expect(problem.detail.contains("events 4-5 are missing from the end of the trail"))
    }

    @Test("A deleted event with the later ones renumbered to close the gap is caught")
    func deletedAndRenumbered() throws {
        let problem = try #require(try verify(after: """
            DELETE FROM audit_event WHERE seq = 3;
            UPDATE audit_event SET seq = seq - 1 WHERE seq > 3;
            UPDATE audit_head SET seq = 4;
            """))
        #expect(problem.kind == .reordered)
        #expect(problem.seq == 3)
        #expect(problem.detail.contains("was written as event 4"))
    }

    @Test("Two swapped events are named as reordered")
    func reordered() throws {
        let problem = try #require(try verify(after: """
            UPDATE audit_event SET seq = 100 WHERE seq = 3;
            UPDATE audit_event SET seq = 3 WHERE seq = 4;
            UPDATE audit_event SET seq = 4 WHERE seq = 100;
            """))
        #expect(problem.kind == .reordered)
        #expect(problem.seq == 3)
        #expect(problem.detail == "Audit event 3 (user.role user bob by alice at 2025-03-01T09:00:03.000Z) was written as event 4: the events were reordered or renumbered.")
    }

    @Test("An edited event whose own hash was recomputed is caught by the next event")
    func rehashed() throws {
        let store = try Fixture.storeWithUsers(in: directory)
        var forged = try #require(try store.auditEvents().first { $0.seq == 3 })
        forged.reason = "forged"
        forged.hash = forged.computedHash
        try Fixture.tamper(store.path, "UPDATE audit_event SET reason = 'forged', hash = '\(forged.hash)' WHERE seq = 3")
        let problem = try #require(try TrialStore.open(path: store.path).verifyAudit().problem)
        #expect(problem.kind == .unlinked)
        #expect(problem.seq == 3)
        #expect(problem.detail == "Audit event 3 was altered and its hash recomputed: event 4 records a different hash for it.")
    }

    @Test("A record changed behind TrialKit's back disagrees with its last event")
    func recordChanged() throws {
        let problem = try #require(try verify(after: #"UPDATE "user" SET role = 'admin' WHERE name = 'bob'"#))
        #expect(problem.kind == .recordMismatch)
        #expect(problem.seq == 4)
        #expect(problem.detail.contains(#"the table holds {"active":true,"name":"bob","role":"admin"}"#))
    }

    @Test("Edited protocol text no longer hashes to the checksum its event recorded")
    func protocolTextChanged() throws {
        let problem = try #require(try verify(after: "UPDATE protocol_version SET text = text || ' ' WHERE version = 1"))
        #expect(problem.kind == .recordMismatch)
        #expect(problem.seq == 2)
        #expect(problem.detail.contains("text hashes to"))
    }

    @Test("A user inserted without an audit event is reported")
    func unaudited() throws {
        let problem = try #require(try verify(after: #"INSERT INTO "user" VALUES ('mallory', 'admin', 1, '2025-03-01T10:00:00.000Z', 'alice')"#))
        #expect(problem.kind == .unaudited)
        #expect(problem.detail.hasPrefix("user mallory exists"))
    }

    @Test("A deleted head row is reported, and further writes are refused")
    func headDeleted() throws {
        let problem = try #require(try verify(after: "DELETE FROM audit_head"))
        #expect(problem.kind == .head)
        let store = try TrialStore.open(path: directory.file("trial.sqlite"))
        #expect {
            try store.addUser(name: "dave", role: .monitor, actor: "alice", reason: nil)
        } throws: { error in
            if case .auditTrailDamaged = error as? StoreError { return true }
            return false
        }
    }
}
