import Foundation
import Testing

/// Every command × every role, as allowed (exit 0) or refused (exit 77). The table is written out
/// here, not derived from the program's permission table, so a change to either shows up.
@Suite("Role matrix")
struct RoleMatrixTests {
    static let roles = ["admin", "trial-manager", "data-manager", "statistician", "unblinder", "monitor"]

    /// `permitted`: the role check passes but the command then needs data the matrix's trial
    /// lacks (`analyze` with one participant and no outcome data exits 65).
    enum Cell: Equatable { case allowed, refused, permitted }
    static let A = Cell.allowed, R = Cell.refused, P = Cell.permitted

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
        ("randomize simulate",   [A, A, A, A, A, A]),
        ("randomize import",     [R, R, R, A, R, R]),
        ("randomize generate",   [R, R, R, A, R, R]),
        ("randomize",            [R, A, R, R, R, R]),
        ("randomize list",       [A, A, A, A, A, A]),
        ("randomize report",     [A, A, A, A, A, A]),
        ("randomize export",     [R, R, R, A, R, R]),
        ("unblind",              [R, R, R, R, A, R]),
        ("unblind list",         [A, A, A, A, A, A]),
        ("crf validate",         [R, R, A, R, R, A]),
        ("crf import",           [R, R, A, R, R, R]),
        ("crf enter",            [R, R, A, R, R, R]),
        ("crf compare",          [R, R, A, R, R, A]),
        ("crf import-dictionary", [A, A, A, A, A, A]),
        ("queries open",         [R, R, A, R, R, A]),
        ("queries list",         [R, A, A, R, R, A]),
        ("queries respond",      [R, A, A, R, R, R]),
        ("queries close",        [R, R, A, R, R, A]),
        ("export csv",           [R, R, A, A, R, A]),
        ("export odm",           [R, R, A, A, R, A]),
        ("fit",                  [A, A, A, A, A, A]),
        ("export long",          [R, R, A, A, R, A]),
        ("analyze",              [R, R, R, P, R, R]),
        ("simulate-trial",       [A, A, A, A, A, A]),
        ("simulate-trial --power", [A, A, A, A, A, A]),
        ("check",                [A, A, A, A, A, A]),
        ("backup",               [A, R, R, R, R, R]),
        ("restore",              [A, R, R, R, R, R]),
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
        case "randomize simulate": return ["randomize", "simulate", "--protocol", peerProtocol, "--runs", "5"]
        // Imports into a second database that has users but no lists yet.
        case "randomize import": return ["randomize", "import", "--format", "redcap", "table.csv", "--db", "import.sqlite"]
        case "randomize generate": return ["randomize", "generate", "--seed", Self.seed]
        case "randomize": return ["randomize", "P-\(role)", "--stratum", "municipality=Helsingør"]
        case "randomize list": return ["randomize", "list"]
        case "randomize report": return ["randomize", "report"]
        case "randomize export": return ["randomize", "export", "--format", "sealed-envelope"]
        case "unblind": return ["unblind", "P-trial-manager", "--reason", "matrix"]
        case "unblind list": return ["unblind", "list"]
        case "crf validate": return ["crf", "validate", "demographics.csv", "--form", "demographics"]
        case "crf import": return ["crf", "import", "demographics.csv", "--form", "demographics"]
        case "crf enter": return ["crf", "enter", "P-trial-manager", "--visit", "baseline", "--form", "eligibility"]
        case "crf import-dictionary":
            return ["crf", "import-dictionary", packageRoot + "/fixtures/redcap/all-types-dictionary.csv", "--out", "forms-\(role).yaml"]
        case "crf compare": return ["crf", "compare", "--form", "qpr15"]
        case "queries open": return ["queries", "open", "P-trial-manager", "--text", "matrix"]
        case "queries list": return ["queries", "list"]
        case "queries respond": return ["queries", "respond", "1", "--text", "matrix"]
        case "queries close": return ["queries", "close", role == "data-manager" ? "1" : "2"]
        case "export long": return ["export", "long"]
        case "analyze": return ["analyze"]
        case "check": return ["check"]
        case "backup": return ["backup", "backup-\(role).sqlite"]
        // Into a database that does not exist yet (then the backup's users decide), then over it.
        case "restore": return ["restore", "backup-admin.sqlite", "--db", "restored.sqlite", "--reason", "matrix"]
        case "export csv": return ["export", "csv", "--form", "demographics"]
        case "export odm": return ["export", "odm"]
        case "fit": return ["fit", packageRoot + "/fixtures/reference/data/dyestuff.csv", "--formula", "Yield ~ 1 + (1 | Batch)"]
        case "simulate-trial":
            return ["simulate-trial", "--protocol", peerProtocol, "--participants", "12", "--seed", "1", "--out", "sim-\(role)"]
        case "simulate-trial --power":
            return ["simulate-trial", "--protocol", peerProtocol, "--participants", "40", "--power", "--runs", "2", "--seed", "1"]
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
        // The import target: the same users, no lists; a table covering PEER's five strata.
        #expect(try workspace.trialkit("init", "--protocol", peerProtocol, "--user", "admin", "--db", "import.sqlite").status == 0)
        for role in Self.roles where role != "admin" {
            #expect(try workspace.trialkit("user", "add", role, "--role", role, "--user", "admin", "--db", "import.sqlite").status == 0)
        }
        try workspace.write("table.csv", "redcap_randomization_group,municipality\n" + (1...5).map { "1,\($0)\n2,\($0)\n" }.joined())
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        try workspace.write("demographics.csv", "participant_id,visit,visit_date,age,sex,education,employment,lives_alone\n"
                            + "P-trial-manager,baseline,\(today),40,female,higher,employed,0\n")
        var outcomes: [(command: String, role: String, outcome: Outcome)] = []
        for (command, cells) in Self.matrix {
            for (role, cell) in zip(Self.roles, cells) {
                let before = role == "monitor" ? try MonitorWitness(workspace) : nil
                // `crf enter` reads its answers from stdin: today's date, six yes answers, save.
                let outcome = command == "crf enter"
                    ? try workspace.trialkit(Self.arguments(command, role: role) + ["--user", role], input: "today\n" + String(repeating: "1\n", count: 6) + "y\n")
                    : try workspace.trialkit(Self.arguments(command, role: role) + ["--user", role])
                outcomes.append((command, role, outcome))
                try before?.expectNothingWritten(by: command, allowed: cell == .allowed, workspace)
                switch cell {
                case .allowed:
                    #expect(outcome.status == 0, "\(command) as \(role) should be allowed: \(outcome)")
                case .refused:
                    #expect(outcome.status == 77, "\(command) as \(role) should be refused: \(outcome)")
                    #expect(outcome.stderr.contains("`trialkit \(command)` needs the role "), "\(outcome)")
                    #expect(outcome.stderr.contains("but \(role) has the role \(role)"), "\(outcome)")
                    #expect(outcome.stdout.isEmpty)
                case .permitted:
                    #expect(outcome.status != 0 && outcome.status != 77, "\(command) as \(role) should pass the role check: \(outcome)")
                    #expect(!outcome.stderr.contains("needs the role"), "\(outcome)")
                }
            }
        }
        // Refusals wrote nothing: 2 init events + 5 + 12 users added + the allowed admin cells
        // + 5 generated lists + 1 randomization + 1 export + 1 unblinding
        // + 6 CRF values imported + 7 entered + 2 queries opened, 2 responses, 2 closings + 1 backup + 9 data exports (csv, odm, long).
        let verify = try workspace.trialkit("audit", "verify", "--json", "--user", "admin").json() as? [String: Any]
        #expect(verify?["intact"] as? Bool == true)
        #expect(verify?["event_count"] as? Int == 2 + 5 + 12 + 3 + 5 + 1 + 1 + 1 + 6 + 7 + 2 + 2 + 2 + 1 + 9)
        // The restored copy holds the trail up to the backup plus the restore itself.
        let restored = try workspace.trialkit("check", "--json", "--user", "admin", "--db", "restored.sqlite").json() as? [String: Any]
        #expect(restored?["passed"] as? Bool == true)
        try Self.expectNoSecrets(outcomes, workspace)
        let imported = try workspace.trialkit("randomize", "report", "--json", "--user", "admin", "--db", "import.sqlite").json() as? [String: Any]
        #expect((imported?["strata"] as? [[String: Any]])?.compactMap { $0["slots_left"] as? Int } == [2, 2, 2, 2, 2])
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
