import Foundation
import GRDB
import Testing

/// `trialkit check`, `backup` and `restore`.
@Suite("Backup, restore and check")
struct BackupRestoreTests {
    /// PEER with one user per role, lists generated and three participants randomized.
    static func trial() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.setUpTrial()
        try workspace.generate()
        for (n, place) in ["Fredericia", "Gladsaxe", "Rødovre"].enumerated() {
            #expect(try workspace.trialkit("randomize", "P00\(n + 1)", "--stratum", "municipality=\(place)", "--user", "tom").status == 0)
        }
        return workspace
    }

    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber)?.intValue ?? -1
    }

    @Test("check passes on a sound database and names each problem of a tampered one")
    func check() throws {
        let workspace = try Self.trial()
        let outcome = try workspace.trialkit("check", "--user", "mona")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.hasPrefix("Check of trial.sqlite: passed.\nSQLite integrity:   ok\nForeign keys:       ok\nProtocol checksum:  ok\nAudit chain:        intact, 15 events"))
        let json = try #require(try workspace.trialkit("check", "--json", "--user", "tom").json() as? [String: Any])
        #expect(json["passed"] as? Bool == true)
        #expect(json["integrity"] as? [String] == ["ok"])
        #expect((json["audit"] as? [String: Any])?["event_count"] as? Int == 15)

        // Someone edits the protocol's title by hand: the chain is intact, the data is not.
        let queue = try DatabaseQueue(path: workspace.file("trial.sqlite"))
        try queue.write { db in try db.execute(sql: "UPDATE protocol_version SET title = 'edited'") }
        try queue.close()
        let broken = try workspace.trialkit("check", "--json", "--user", "mona")
        #expect(broken.status == 65)
        let result = try #require(try broken.json() as? [String: Any])
        #expect(result["passed"] as? Bool == false)
        #expect((result["problems"] as? [String])?.first?.contains("protocol_version 1 was changed outside TrialKit") == true, "\(broken)")
        #expect(broken.stderr.contains("failed 1 check"))
    }

    @Test("backup writes a checked 0600 copy, refuses to overwrite without --force, and is audited")
    func backup() throws {
        let workspace = try Self.trial()
        let outcome = try workspace.trialkit("backup", "copy.sqlite", "--json", "--user", "alice")
        #expect(outcome.status == 0, "\(outcome)")
        let json = try #require(try outcome.json() as? [String: Any])
        #expect(json["event_count"] as? Int == 15)
        #expect(json["output"] as? String == "copy.sqlite")
        #expect(Self.mode(workspace.file("copy.sqlite")) == 0o600)
        #expect(!FileManager.default.fileExists(atPath: workspace.file("copy.sqlite-wal")))
        #expect(try workspace.trialkit("check", "--db", "copy.sqlite", "--user", "mona").status == 0)
        let sha = json["sha256"] as? String
        let again = try workspace.trialkit("backup", "copy.sqlite", "--user", "alice")
        #expect(again.status == 73)
        #expect(again.stderr == "copy.sqlite already exists, so nothing was written; choose another path, or pass --force to replace it.\n")
        #expect(try workspace.trialkit("backup", "copy.sqlite", "--force", "--user", "alice").status == 0)
        #expect(try workspace.trialkit("backup", "trial.sqlite", "--force", "--user", "alice").status == 64)
        let events = try #require(try workspace.trialkit("audit", "log", "--entity", "database", "--json", "--user", "alice").json() as? [[String: Any]])
        #expect(events.count == 2)
        #expect(events.first?["action"] as? String == "database.backup")
        #expect((events.first?["new_value"] as? String)?.contains("\"sha256\":\"\(sha ?? "?")\"") == true)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test("restore refuses a damaged backup and replaces nothing")
    func restoreRefusesDamage() throws {
        let workspace = try Self.trial()
        #expect(try workspace.trialkit("backup", "copy.sqlite", "--user", "alice").status == 0)
        let queue = try DatabaseQueue(path: workspace.file("copy.sqlite"))
        try queue.write { db in try db.execute(sql: "UPDATE audit_event SET actor = 'mallory' WHERE seq = 3") }
        try queue.close()
        let before = workspace.bytes("trial.sqlite")
        let outcome = try workspace.trialkit("restore", "copy.sqlite", "--user", "alice")
        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stderr.hasPrefix("copy.sqlite cannot be restored: Audit event 3"), "\(outcome)")
        #expect(outcome.stderr.hasSuffix("Nothing was replaced; restore an earlier backup.\n"))
        #expect(workspace.bytes("trial.sqlite") == before)
        let names = try FileManager.default.contentsOfDirectory(atPath: workspace.path)
        #expect(!names.contains { $0.contains("before-restore") || $0.contains("restoring") }, "\(names)")
        #expect(try workspace.trialkit("restore", "missing.sqlite", "--user", "alice").status == 66)
        // A backup of another trial is refused too.
        #expect(try workspace.trialkit("init", "--protocol", exampleProtocol, "--user", "alice", "--db", "other.sqlite").status == 0)
        #expect(try workspace.trialkit("backup", "other-copy.sqlite", "--db", "other.sqlite", "--user", "alice").status == 0)
        let other = try workspace.trialkit("restore", "other-copy.sqlite", "--user", "alice")
        #expect(other.status == 65, "\(other)")
        #expect(other.stderr.contains("but trial.sqlite holds the trial peer"), "\(other)")
        #expect(workspace.bytes("trial.sqlite") == before)
        #expect(try workspace.trialkit("restore", "copy.sqlite", "--user", "tom").status == 77)
    }

    @Test("restore keeps the old file, records itself in the restored trail, and works when the database is gone")
    func restore() throws {
        let workspace = try Self.trial()
        #expect(try workspace.trialkit("backup", "copy.sqlite", "--user", "alice").status == 0)
        #expect(try workspace.trialkit("randomize", "P004", "--stratum", "municipality=Gladsaxe", "--user", "tom").status == 0)
        let replaced = try workspace.dump()
        let outcome = try workspace.trialkit("restore", "copy.sqlite", "--reason", "disk error drill", "--json", "--user", "alice")
        #expect(outcome.status == 0, "\(outcome)")
        let json = try #require(try outcome.json() as? [String: Any])
        let kept = try #require(json["kept_as"] as? String)
        #expect(kept.firstMatch(of: /^trial\.sqlite\.before-restore-\d{8}T\d{6}Z$/) != nil, "\(kept)")
        #expect(try workspace.dump(kept) == replaced)
        #expect(json["replaced_event_count"] as? Int == 17)
        #expect(json["restored_event_count"] as? Int == 15)
        #expect(json["restore_event_seq"] as? Int == 16)
        #expect(Self.mode(workspace.file("trial.sqlite")) == 0o600)
        let list = try #require(try workspace.trialkit("randomize", "list", "--json", "--user", "alice").json() as? [[String: Any]])
        #expect(list.map { $0["participant_id"] as? String } == ["P001", "P002", "P003"])
        let last = try #require(try workspace.trialkit("audit", "log", "--entity", "database", "--json", "--user", "alice").json() as? [[String: Any]]).last
        #expect(last?["action"] as? String == "database.restore")
        #expect(last?["actor"] as? String == "alice")
        #expect(last?["reason"] as? String == "disk error drill")
        #expect(try workspace.trialkit("check", "--user", "mona").status == 0)

        // The laptop lost the database: the backup's own admin may restore it.
        try FileManager.default.removeItem(atPath: workspace.file("trial.sqlite"))
        #expect(try workspace.trialkit("restore", "copy.sqlite", "--user", "tom").status == 77)
        let again = try workspace.trialkit("restore", "copy.sqlite", "--user", "alice")
        #expect(again.status == 0, "\(again)")
        #expect(!again.stdout.contains("kept as"))
        #expect(try workspace.trialkit("check", "--user", "mona").status == 0)

        // A damaged file is kept as it was and replaced.
        try FileManager.default.removeItem(atPath: workspace.file("trial.sqlite"))
        try workspace.write("trial.sqlite", "not a database")
        let damaged = try workspace.trialkit("restore", "copy.sqlite", "--json", "--user", "alice")
        #expect(damaged.status == 0, "\(damaged)")
        let keptDamaged = try #require((try damaged.json() as? [String: Any])?["kept_as"] as? String)
        #expect(workspace.bytes(keptDamaged) == Data("not a database".utf8))
        #expect((try damaged.json() as? [String: Any])?["replaced_event_count"] is NSNull)
        #expect(try workspace.trialkit("check", "--user", "mona").status == 0)
    }

    @Test("restore stops while another process has the database open")
    func restoreInUse() throws {
        let workspace = try Self.trial()
        #expect(try workspace.trialkit("backup", "copy.sqlite", "--user", "alice").status == 0)
        let holder = try DatabaseQueue(path: workspace.file("trial.sqlite"))
        _ = try holder.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event") }
        let before = try workspace.dump()
        let outcome = try workspace.trialkit("restore", "copy.sqlite", "--user", "alice")
        #expect(outcome.status == 73, "\(outcome)")
        #expect(outcome.stderr.contains("is open in another TrialKit process"))
        try holder.close()
        #expect(try workspace.dump() == before)
        let names = try FileManager.default.contentsOfDirectory(atPath: workspace.path)
        #expect(!names.contains { $0.contains("before-restore") || $0.contains("restoring") }, "\(names)")
    }

    @Test("A backup taken during a concurrent crf import restores to a database that passes check")
    func backupDuringImport() throws {
        let workspace = try Workspace()
        try workspace.crfTrial(limit: 60)
        let ids = Set((1...60).map { String(format: "P%03d", $0) })
        try workspace.fixture("clean/qpr15.csv", as: "qpr15.csv") { _, cells in ids.contains(cells[0]) }
        let importer = try KillableProcess(["crf", "import", "qpr15.csv", "--form", "qpr15", "--user", "dina"], in: workspace.path)
        var backups: [String] = []
        var takenDuringImport = 0
        while importer.process.isRunning || backups.isEmpty {
            if importer.process.isRunning { takenDuringImport += 1 }
            let name = "during-\(backups.count).sqlite"
            let outcome = try workspace.trialkit("backup", name, "--user", "alice")
            #expect(outcome.status == 0, "\(outcome)")
            backups.append(name)
            if backups.count >= 8 { break }
        }
        importer.process.waitUntilExit()
        #expect(importer.process.terminationStatus == 0)
        #expect(takenDuringImport >= 1, "no backup started while the import ran")
        let full = try workspace.count("SELECT COUNT(*) FROM crf_value")
        for (index, backup) in backups.enumerated() {
            let target = "restored-\(index).sqlite"
            let outcome = try workspace.trialkit("restore", backup, "--db", target, "--user", "alice")
            #expect(outcome.status == 0, "\(outcome)")
            #expect(try workspace.trialkit("check", "--db", target, "--user", "mona").status == 0)
            let values = try workspace.count("SELECT COUNT(*) FROM crf_value", db: target)
            #expect(values == 0 || values == full, "\(backup) holds \(values) of \(full) values")
        }
    }
}
