import Foundation
import Testing

@Suite("trialkit protocol")
struct ProtocolCommandTests {
    @Test("protocol check passes both bundled protocols without a database or user", arguments: [peerProtocol, exampleProtocol])
    func bundled(path: String) throws {
        let workspace = try Workspace()
        let outcome = try workspace.trialkit("protocol", "check", path)
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.hasPrefix("\(path): valid protocol "))
        #expect(outcome.stderr.isEmpty)
        let json = try workspace.trialkit("protocol", "check", path, "--json").json() as? [String: Any]
        #expect(json?["valid"] as? Bool == true)
        #expect((json?["checksum"] as? String)?.count == 64)
        #expect((json?["problems"] as? [Any])?.isEmpty == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.path).isEmpty)
    }

    @Test("protocol check on a broken file prints file:line:col problems and exits 65")
    func broken() throws {
        let workspace = try Workspace()
        // The PEER protocol with its arms' allocation ratio made invalid and an unknown key added.
        var text = try String(contentsOfFile: peerProtocol, encoding: .utf8)
        text += "\nunexpected_section: true\n"
        try workspace.write("broken.yaml", text)
        let outcome = try workspace.trialkit("protocol", "check", "broken.yaml")
        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stdout.isEmpty)
        let problemLines = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("broken.yaml:") }
        #expect(!problemLines.isEmpty, "\(outcome)")
        for line in problemLines {
            #expect(line.wholeMatch(of: /broken\.yaml:\d+:\d+: .+/) != nil, "\(line)")
        }
        #expect(outcome.stderr.contains("unexpected_section"))

        let json = try workspace.trialkit("protocol", "check", "broken.yaml", "--json")
        #expect(json.status == 65)
        let object = try json.json() as? [String: Any]
        #expect(object?["valid"] as? Bool == false)
        let problems = object?["problems"] as? [[String: Any]]
        #expect(problems?.count == problemLines.count)
        #expect(problems?.first?["line"] as? Int != nil && problems?.first?["column"] as? Int != nil)
    }

    @Test("protocol check on a missing file exits 66")
    func missing() throws {
        let outcome = try Workspace().trialkit("protocol", "check", "absent.yaml")
        #expect(outcome.status == 66, "\(outcome)")
        #expect(outcome.stderr.contains("absent.yaml does not exist"))
    }

    @Test("protocol show summarises a file, or the protocol stored in the database")
    func show() throws {
        let workspace = try Workspace()
        let file = try workspace.trialkit("protocol", "show", exampleProtocol)
        #expect(file.status == 0, "\(file)")
        #expect(file.stdout.contains("(id move-3"))
        try workspace.initialize()
        let stored = try workspace.trialkit("protocol", "show", "--user", "alice")
        #expect(stored.status == 0, "\(stored)")
        #expect(stored.stdout.contains("(id peer"))
        #expect(stored.stdout.contains("Stored in trial.sqlite as protocol version 1"))
        let json = try workspace.trialkit("protocol", "show", "--user", "alice", "--json").json() as? [String: Any]
        #expect(json?["source"] as? String == "database")
        #expect(json?["protocol_id"] as? String == "peer")
        #expect(json?["version"] as? Int == 1)
        #expect(json?["loaded_by"] as? String == "alice")
        let check = try workspace.trialkit("protocol", "check", peerProtocol, "--json").json() as? [String: Any]
        #expect(json?["checksum"] as? String == check?["checksum"] as? String)
    }
}
