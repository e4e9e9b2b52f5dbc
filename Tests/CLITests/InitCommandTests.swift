import Foundation
import Testing

@Suite("trialkit init")
struct InitCommandTests {
    @Test("init creates a 0600 database with the protocol and the first admin")
    func create() throws {
        let workspace = try Workspace()
        let outcome = try workspace.trialkit("init", "--protocol", peerProtocol, "--user", "alice")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.contains("Created trial.sqlite for protocol peer"))
        #expect(outcome.stderr.isEmpty)
        let mode = try FileManager.default.attributesOfItem(atPath: workspace.file("trial.sqlite"))[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let users = try workspace.trialkit("user", "list", "--json", "--user", "alice").json() as? [[String: Any]]
        #expect(users?.count == 1)
        #expect(users?.first?["name"] as? String == "alice")
        #expect(users?.first?["role"] as? String == "admin")
    }

    @Test("init twice exits 73, says the file exists, and leaves it byte for byte as it was")
    func twice() throws {
        let workspace = try Workspace()
        try workspace.initialize()
        let before = try #require(workspace.bytes("trial.sqlite"))
        let again = try workspace.trialkit("init", "--protocol", exampleProtocol, "--user", "zoe")
        #expect(again.status == 73, "\(again)")
        #expect(again.stderr == "trial.sqlite already exists, so nothing was written; choose a new --db path or move the existing file away first.\n")
        #expect(again.stdout.isEmpty)
        #expect(workspace.bytes("trial.sqlite") == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.path) == ["trial.sqlite"])
    }

    @Test("init honours --db and TRIALKIT_DB / TRIALKIT_USER")
    func locations() throws {
        let workspace = try Workspace()
        #expect(try workspace.trialkit("init", "--protocol", peerProtocol, "--user", "a", "--db", "x.sqlite").status == 0)
        let env = ["TRIALKIT_DB": workspace.file("y.sqlite"), "TRIALKIT_USER": "b"]
        #expect(try workspace.trialkit("init", "--protocol", peerProtocol, environment: env).status == 0)
        #expect(FileManager.default.fileExists(atPath: workspace.file("x.sqlite")))
        let list = try workspace.trialkit("user", "list", "--json", environment: env)
        #expect(list.status == 0, "\(list)")
        let users = try list.json() as? [[String: Any]]
        #expect(users?.map { $0["name"] as? String } == ["b"])
    }

    @Test("init with a missing or invalid protocol, or no user, writes nothing")
    func badInput() throws {
        let workspace = try Workspace()
        let missing = try workspace.trialkit("init", "--protocol", "nope.yaml", "--user", "alice")
        #expect(missing.status == 66, "\(missing)")
        #expect(missing.stderr.contains("nope.yaml does not exist"))
        try workspace.write("broken.yaml", "trial: [unclosed\n")
        let broken = try workspace.trialkit("init", "--protocol", "broken.yaml", "--user", "alice")
        #expect(broken.status == 65, "\(broken)")
        #expect(broken.stderr.contains("broken.yaml:"))
        let noUser = try workspace.trialkit("init", "--protocol", peerProtocol)
        #expect(noUser.status == 64, "\(noUser)")
        #expect(noUser.stderr.contains("init needs --user NAME"))
        let badName = try workspace.trialkit("init", "--protocol", peerProtocol, "--user", "al ice")
        #expect(badName.status == 64, "\(badName)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.path) == ["broken.yaml"])
    }

    @Test("init stores a protocol saved with a byte-order mark verbatim, under the file's checksum")
    func byteOrderMark() throws {
        let workspace = try Workspace()
        var bytes = Data([0xEF, 0xBB, 0xBF])
        bytes.append(try Data(contentsOf: URL(fileURLWithPath: peerProtocol)))
        try bytes.write(to: URL(fileURLWithPath: workspace.file("bom.yaml")))
        let check = try workspace.trialkit("protocol", "check", "bom.yaml", "--json").json() as? [String: Any]
        let created = try workspace.trialkit("init", "--protocol", "bom.yaml", "--user", "alice", "--json")
        #expect(created.status == 0, "\(created)")
        let checksum = (try created.json() as? [String: Any])?["checksum"] as? String
        #expect(checksum != nil && checksum == check?["checksum"] as? String)
        #expect(try workspace.trialkit("audit", "verify", "--user", "alice").status == 0)
    }
}
