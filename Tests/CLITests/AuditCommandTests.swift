import Foundation
import GRDB
import Testing

@Suite("trialkit audit")
struct AuditCommandTests {
    /// A database with admin alice, monitor bob, and bob's role changed to statistician (4 events).
    func workspaceWithHistory() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.initialize()
        #expect(try workspace.trialkit("user", "add", "bob", "--role", "monitor", "--user", "alice").status == 0)
        let change = try workspace.trialkit("user", "role", "bob", "--role", "statistician", "--reason", "new job", "--user", "alice")
        #expect(change.status == 0, "\(change)")
        return workspace
    }

    @Test("audit log --json lists every event with stable fields, oldest first")
    func logJSON() throws {
        let workspace = try workspaceWithHistory()
        let outcome = try workspace.trialkit("audit", "log", "--json", "--user", "alice")
        #expect(outcome.status == 0, "\(outcome)")
        let events = try #require(try outcome.json() as? [[String: Any]])
        #expect(events.map { $0["seq"] as? Int } == [1, 2, 3, 4])
        #expect(events.map { $0["action"] as? String } == ["user.add", "protocol.load", "user.add", "user.role"])
        let keys: Set = ["seq", "occurred_at", "actor", "action", "entity", "entity_id", "old_value",
                         "new_value", "reason", "prev_hash", "hash"]
        for event in events { #expect(Set(event.keys) == keys) }
        #expect(events[0]["prev_hash"] as? String == String(repeating: "0", count: 64))
        #expect(events[1]["prev_hash"] as? String == events[0]["hash"] as? String)
        #expect(events[2]["old_value"] is NSNull)
        #expect(events[3]["old_value"] as? String == #"{"active":true,"name":"bob","role":"monitor"}"#)
        #expect(events[3]["reason"] as? String == "new job")
    }

    @Test("audit log filters by entity, record, actor and time")
    func logFilters() throws {
        let workspace = try workspaceWithHistory()
        func seqs(_ arguments: String...) throws -> [Int?] {
            let outcome = try workspace.trialkit(["audit", "log", "--json", "--user", "alice"] + arguments)
            #expect(outcome.status == 0, "\(outcome)")
            return (try outcome.json() as? [[String: Any]])?.map { $0["seq"] as? Int } ?? []
        }
        #expect(try seqs("--entity", "user") == [1, 3, 4])
        #expect(try seqs("--entity", "user", "--entity-id", "bob") == [3, 4])
        #expect(try seqs("--actor", "bob") == [])
        #expect(try seqs("--since", "2000-01-01") == [1, 2, 3, 4])
        #expect(try seqs("--since", "2999-01-01") == [])
        let text = try workspace.trialkit("audit", "log", "--entity", "user", "--entity-id", "bob", "--user", "alice")
        #expect(text.stdout.contains("alice  user.role  user bob\n    reason: new job\n    old:    {\"active\":true,\"name\":\"bob\",\"role\":\"monitor\"}"))
        let bad = try workspace.trialkit("audit", "log", "--since", "last week", "--user", "alice")
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--since last week is not a date or time"))
    }

    @Test("audit verify exits 0 when intact")
    func verifyIntact() throws {
        let workspace = try workspaceWithHistory()
        let outcome = try workspace.trialkit("audit", "verify", "--user", "alice")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.hasPrefix("Audit trail intact: 4 events"))
        let json = try workspace.trialkit("audit", "verify", "--json", "--user", "alice").json() as? [String: Any]
        #expect(json?["intact"] as? Bool == true)
        #expect(json?["event_count"] as? Int == 4)
        #expect(json?["problem"] is NSNull)
    }

    @Test("audit verify exits 65 naming the first bad event after the file is edited",
          arguments: [
            ("UPDATE audit_event SET reason = 'nothing to see' WHERE seq = 3", "Audit event 3 (user.add user bob by alice at ", "edited"),
            ("DELETE FROM audit_event WHERE seq = 2", "Audit event 2 is missing (deleted)", "missing"),
            ("UPDATE audit_event SET seq = 99 WHERE seq = 3; UPDATE audit_event SET seq = 3 WHERE seq = 4; UPDATE audit_event SET seq = 4 WHERE seq = 99",
             "Audit event 3 (user.role user bob by alice at ", "reordered"),
          ])
    func verifyTampered(sql: String, message: String, kind: String) throws {
        let workspace = try workspaceWithHistory()
        let queue = try DatabaseQueue(path: workspace.file("trial.sqlite"))
        try queue.writeWithoutTransaction { db in try db.execute(sql: sql) }
        try queue.close()
        let outcome = try workspace.trialkit("audit", "verify", "--user", "alice")
        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stderr.hasPrefix(message), "\(outcome)")
        #expect(outcome.stderr.hasSuffix("; restore the database from a backup and find out who changed the file.\n"))
        let json = try workspace.trialkit("audit", "verify", "--json", "--user", "alice")
        #expect(json.status == 65)
        let problem = (try json.json() as? [String: Any])?["problem"] as? [String: Any]
        #expect(problem?["kind"] as? String == kind)
    }
}
