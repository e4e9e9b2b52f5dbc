import Foundation
import Testing

@Suite("Exit codes and identification")
struct ExitCodeTests {
    @Test("Unknown and missing users are refused with 77 and told how to get access")
    func identification() throws {
        let workspace = try Workspace()
        try workspace.initialize()
        let unknown = try workspace.trialkit("user", "list", "--user", "mallory")
        #expect(unknown.status == 77)
        #expect(unknown.stderr.hasPrefix("mallory is not a user of trial.sqlite; an admin can add them with `trialkit user add mallory --role ROLE`"))
        let anonymous = try workspace.trialkit("audit", "verify")
        #expect(anonymous.status == 77)
        #expect(anonymous.stderr == "`trialkit audit verify` needs to know who you are; pass --user NAME or set TRIALKIT_USER.\n")
        let fromEnvironment = try workspace.trialkit("audit", "verify", environment: ["TRIALKIT_USER": "alice"])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment)")
    }

    @Test("A deactivated user is refused with 77")
    func deactivated() throws {
        let workspace = try Workspace()
        try workspace.initialize()
        #expect(try workspace.trialkit("user", "add", "bob", "--role", "monitor", "--user", "alice").status == 0)
        let off = try workspace.trialkit("user", "deactivate", "bob", "--reason", "left", "--user", "alice", "--json")
        #expect(off.status == 0, "\(off)")
        #expect((try off.json() as? [String: Any])?["active"] as? Bool == false)
        let refused = try workspace.trialkit("user", "list", "--user", "bob")
        #expect(refused.status == 77)
        #expect(refused.stderr.contains("bob has been deactivated"))
    }

    @Test("Usage errors exit 64 with the problem on stderr", arguments: [
        ["nosuch"],
        ["user", "add", "--user", "alice"],
        ["user", "add", "x", "--role", "boss", "--user", "alice"],
        ["user", "list", "--frobnicate"],
        ["user", "add", "bad name", "--role", "monitor", "--user", "alice"],
        ["user", "role", "alice", "--role", "monitor", "--user", "alice"],
    ])
    func usage(arguments: [String]) throws {
        let workspace = try Workspace()
        try workspace.initialize()
        let outcome = try workspace.trialkit(arguments)
        #expect(outcome.status == 64, "\(outcome)")
        #expect(!outcome.stderr.isEmpty)
        #expect(outcome.stdout.isEmpty)
    }

    @Test("Help and version exit 0 on stdout")
    func help() throws {
        let workspace = try Workspace()
        let help = try workspace.trialkit("--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: trialkit <subcommand>"))
        #expect(try workspace.trialkit("user", "add", "--help").stdout.contains("--role <role>"))
        #expect(try workspace.trialkit("--version").stdout == "0.1.0\n")
    }

    @Test("Data conflicts exit 65; a missing database 66; a non-database file 65")
    func dataErrors() throws {
        let workspace = try Workspace()
        try workspace.initialize()
        let duplicate = try workspace.trialkit("user", "add", "alice", "--role", "monitor", "--user", "alice")
        #expect(duplicate.status == 65)
        #expect(duplicate.stderr.contains("User alice already exists with role admin"))
        let lastAdmin = try workspace.trialkit("user", "role", "alice", "--role", "monitor", "--reason", "x", "--user", "alice")
        #expect(lastAdmin.status == 65)
        #expect(lastAdmin.stderr.contains("last active admin"))
        let missing = try workspace.trialkit("user", "list", "--db", "none.sqlite", "--user", "alice")
        #expect(missing.status == 66)
        #expect(missing.stderr.hasPrefix("No database at none.sqlite; create one with `trialkit init"))
        try workspace.write("notes.sqlite", String(repeating: "not a database\n", count: 200))
        let foreign = try workspace.trialkit("user", "list", "--db", "notes.sqlite", "--user", "alice")
        #expect(foreign.status == 65, "\(foreign)")
        #expect(foreign.stderr.hasPrefix("notes.sqlite is not a TrialKit database"))
    }
}
