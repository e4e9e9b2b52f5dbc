import Foundation
import Testing

/// Every command × every role, as allowed (exit 0) or refused (exit 77). The table is written out
/// here, not derived from the program's permission table, so a change to either shows up.
@Suite("Role matrix")
struct RoleMatrixTests {
    static let roles = ["admin", "trial-manager", "data-manager", "statistician", "unblinder", "monitor"]

    enum Cell: Equatable { case allowed, refused }
    static let A = Cell.allowed, R = Cell.refused

    /// Command → cell per role, in the order of `roles`:
    /// admin, trial-manager, data-manager, statistician, unblinder, monitor.
    static let matrix: [(command: String, cells: [Cell])] = [
        ("init",                 [A, A, A, A, A, A]),
        ("protocol check",       [A, A, A, A, A, A]),
        ("protocol show FILE",   [A, A, A, A, A, A]),
        ("protocol show",        [A, A, A, A, A, A]),
        ("user list",            [A, A, A, A, A, A]),
        ("user add",             [A, R, R, R, R, R]),
        ("user role",            [A, R, R, R, R, R]),
        ("user deactivate",      [A, R, R, R, R, R]),
        ("audit log",            [A, R, A, A, R, A]),
        ("audit verify",         [A, A, A, A, A, A]),
        ("fit",                  [A, A, A, A, A, A]),
    ]

    /// The arguments that run `command` as `role`; names differ per role so cells do not collide.
    static func arguments(_ command: String, role: String) -> [String] {
        switch command {
        case "init": return ["init", "--protocol", peerProtocol, "--db", "new-\(role).sqlite"]
        case "protocol check": return ["protocol", "check", peerProtocol]
        case "protocol show FILE": return ["protocol", "show", exampleProtocol]
        case "protocol show": return ["protocol", "show"]
        case "user list": return ["user", "list"]
        case "user add": return ["user", "add", "added-by-\(role)", "--role", "monitor"]
        case "user role": return ["user", "role", "target-\(role)", "--role", "unblinder", "--reason", "matrix"]
        case "user deactivate": return ["user", "deactivate", "victim-\(role)", "--reason", "matrix"]
        case "audit log": return ["audit", "log"]
        case "audit verify": return ["audit", "verify"]
        case "fit": return ["fit", packageRoot + "/fixtures/reference/data/dyestuff.csv", "--formula", "Yield ~ 1 + (1 | Batch)"]
        default: fatalError("no arguments for \(command)")
        }
    }

    @Test("The matrix covers every role and every command")
    func complete() {
        #expect(Self.matrix.allSatisfy { $0.cells.count == Self.roles.count })
        #expect(Set(Self.matrix.map(\.command)).count == Self.matrix.count)
    }

    @Test("Each role may run exactly the commands the matrix allows")
    func everyCell() throws {
        let workspace = try Workspace()
        try workspace.initialize(admin: "admin")
        for role in Self.roles where role != "admin" {
            #expect(try workspace.trialkit("user", "add", role, "--role", role, "--user", "admin").status == 0)
        }
        for role in Self.roles {
            for prefix in ["target", "victim"] {
                #expect(try workspace.trialkit("user", "add", "\(prefix)-\(role)", "--role", "data-manager", "--user", "admin").status == 0)
            }
        }
        for (command, cells) in Self.matrix {
            for (role, cell) in zip(Self.roles, cells) {
                let outcome = try workspace.trialkit(Self.arguments(command, role: role) + ["--user", role])
                switch cell {
                case .allowed:
                    #expect(outcome.status == 0, "\(command) as \(role) should be allowed: \(outcome)")
                case .refused:
                    #expect(outcome.status == 77, "\(command) as \(role) should be refused: \(outcome)")
                    #expect(outcome.stderr.contains("`trialkit \(command)` needs the role "), "\(outcome)")
                    #expect(outcome.stderr.contains("but \(role) has the role \(role)"), "\(outcome)")
                    #expect(outcome.stdout.isEmpty)
                }
            }
        }
        // Refusals wrote nothing: 2 init events + 5 + 12 users added + the allowed admin cells.
        let verify = try workspace.trialkit("audit", "verify", "--json", "--user", "admin").json() as? [String: Any]
        #expect(verify?["intact"] as? Bool == true)
        #expect(verify?["event_count"] as? Int == 2 + 5 + 12 + 3)
    }

    @Test("The refusal names every allowed role")
    func refusalMessage() throws {
        let workspace = try Workspace()
        try workspace.initialize(admin: "admin")
        #expect(try workspace.trialkit("user", "add", "u", "--role", "unblinder", "--user", "admin").status == 0)
        let outcome = try workspace.trialkit("audit", "log", "--user", "u")
        #expect(outcome.status == 77)
        #expect(outcome.stderr == "`trialkit audit log` needs the role admin, data-manager, statistician or monitor, but u has the role unblinder; ask an admin to run it or to change your role.\n")
    }
}
