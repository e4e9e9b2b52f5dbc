import Foundation
import GRDB
import Testing
@testable import TrialStore

@Suite("Audit chain")
struct AuditChainTests {
    let directory = TemporaryDirectory()

    @Test("Canonical text and hash match an independent computation (printf ... | sha256sum)")
    func knownAnswer() {
        let event = AuditEvent(
            seq: 1, occurredAt: "2025-01-02T03:04:05.006Z", actor: "alice", action: "user.add",
            entity: "user", entityID: "alice", oldValue: nil, newValue: "{\"a\":\"b\nc\"}", reason: nil,
            prevHash: AuditEvent.genesisHash, hash: "")
        #expect(event.canonicalText == """
            trialkit-audit-v1
            seq=1:1
            occurred_at=24:2025-01-02T03:04:05.006Z
            actor=5:alice
            action=8:user.add
            entity=4:user
            entity_id=5:alice
            old_value=~
            new_value=11:{"a":"b
            c"}
            reason=~

            """)
        // (printf '%064d' 0; printf 'trialkit-audit-v1\nseq=1:1\n...reason=~\n') | sha256sum
        #expect(event.computedHash == "8a5dcf24a05c2a44866c91e2926a6130a912d835c60834c924c00b9f8d694c4b")
    }

    @Test("NULL and the empty string hash differently")
    func nullIsNotEmpty() {
        var event = AuditEvent(seq: 1, occurredAt: "2025-01-02T03:04:05.006Z", actor: "a", action: "x",
                               entity: "y", entityID: "z", oldValue: nil, newValue: nil, reason: nil,
                               prevHash: AuditEvent.genesisHash, hash: "")
        let withNull = event.computedHash
        event.reason = ""
        #expect(event.computedHash != withNull)
    }

    @Test("Each write appends one event linked to the one before")
    func append() throws {
        let store = try Fixture.storeWithUsers(in: directory)
        let events = try store.auditEvents()
        #expect(events.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(events.map(\.action) == ["user.add", "protocol.load", "user.add", "user.role", "user.add"])
        #expect(events.map(\.occurredAt) == ["2025-03-01T09:00:00.000Z", "2025-03-01T09:00:01.000Z",
                                            "2025-03-01T09:00:02.000Z", "2025-03-01T09:00:03.000Z",
                                            "2025-03-01T09:00:04.000Z"])
        #expect(events[0].prevHash == String(repeating: "0", count: 64))
        for (previous, event) in zip(events, events.dropFirst()) {
            #expect(event.prevHash == previous.hash)
        }
        for event in events { #expect(event.hash == event.computedHash) }
        let role = events[3]
        #expect(role.actor == "alice")
        #expect(role.entity == "user" && role.entityID == "bob")
        #expect(role.oldValue == #"{"active":true,"name":"bob","role":"monitor"}"#)
        #expect(role.newValue == #"{"active":true,"name":"bob","role":"statistician"}"#)
        #expect(role.reason == "joined the statistics team")
        let verification = try store.verifyAudit()
        #expect(verification.intact)
        #expect(verification.eventCount == 5)
        #expect(verification.headSeq == 5 && verification.headHash == events[4].hash)
    }

    @Test("A refused write leaves no row and no event")
    func refusedWrite() throws {
        let store = try Fixture.storeWithUsers(in: directory)
        #expect(throws: StoreError.userExists(name: "bob", role: "statistician")) {
            try store.addUser(name: "bob", role: .admin, actor: "alice", reason: nil)
        }
        #expect(throws: StoreError.unknownActor(name: "mallory")) {
            try store.addUser(name: "dave", role: .admin, actor: "mallory", reason: nil)
        }
        #expect(throws: StoreError.reasonRequired(action: "user.role")) {
            try store.changeRole(of: "bob", to: .admin, actor: "alice", reason: "  ")
        }
        #expect(throws: StoreError.lastAdmin(name: "alice")) {
            try store.deactivateUser("alice", actor: "alice", reason: "leaving")
        }
        #expect(throws: StoreError.unchanged(entity: "user", entityID: "bob", detail: "the role is already statistician")) {
            try store.changeRole(of: "bob", to: .statistician, actor: "alice", reason: "again")
        }
        #expect(try store.auditEvents().count == 5)
        #expect(try store.user(named: "dave") == nil)
        #expect(try store.verifyAudit().intact)
    }

    @Test("A deactivated user can no longer write, and the deactivation is audited")
    func deactivation() throws {
        let store = try Fixture.storeWithUsers(in: directory)
        try store.changeRole(of: "carol", to: .admin, actor: "alice", reason: "second admin")
        let carol = try store.deactivateUser("carol", actor: "alice", reason: "left the trial")
        #expect(carol.active == false)
        #expect(throws: StoreError.userInactive(name: "carol")) {
            try store.addUser(name: "dave", role: .monitor, actor: "carol", reason: nil)
        }
        let last = try #require(try store.auditEvents(matching: AuditFilter(entity: "user", entityID: "carol")).last)
        #expect(last.action == "user.deactivate")
        #expect(last.newValue == #"{"active":false,"name":"carol","role":"admin"}"#)
        #expect(try store.verifyAudit().intact)
    }

    @Test("The log filters by entity, record, actor and time")
    func filters() throws {
        let store = try Fixture.storeWithUsers(in: directory)
        #expect(try store.auditEvents(matching: AuditFilter(entity: "user")).map(\.seq) == [1, 3, 4, 5])
        #expect(try store.auditEvents(matching: AuditFilter(entity: "user", entityID: "bob")).map(\.seq) == [3, 4])
        #expect(try store.auditEvents(matching: AuditFilter(entity: "protocol_version")).map(\.seq) == [2])
        #expect(try store.auditEvents(matching: AuditFilter(actor: "bob")).isEmpty)
        #expect(try store.auditEvents(matching: AuditFilter(since: "2025-03-01T09:00:03.000Z")).map(\.seq) == [4, 5])
    }

    @Test("Writers on two connections to one file keep one unbroken chain")
    func concurrentWriters() async throws {
        let first = try Fixture.storeWithUsers(in: directory)
        let second = try TrialStore.open(path: first.path)
        await withTaskGroup(of: Void.self) { group in
            for (index, store) in [first, second].enumerated() {
                group.addTask {
                    for n in 0..<20 {
                        _ = try? store.addUser(name: "w\(index)-\(n)", role: .monitor, actor: "alice", reason: nil)
                    }
                }
            }
        }
        let events = try first.auditEvents()
        #expect(events.map(\.seq) == Array(1...45))
        #expect(try first.users().count == 43)
        #expect(try second.verifyAudit().intact)
    }
}
