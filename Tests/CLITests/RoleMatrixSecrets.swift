import Foundation
import GRDB
import Testing

/// What the role matrix checks beyond exit codes: what each role's output may not contain, and
/// that a monitor's commands leave the database as it was.
extension RoleMatrixTests {
    /// The seed of the matrix's lists: distinctive, so that any output showing it is caught.
    static let seed = "73519846213"

    /// Words that reveal the sealed lists' design or future allocations to a trial manager.
    static let listSecrets = [seed, "block_size", "block size", "Block", "SLOTS", "slots_left", "slots_used", "seed_sha256", "\"seed\""]

    /// Commands that show the protocol's arm definitions or a simulation, not any participant's
    /// arm; a blinded role may see arm codes there.
    static let armDefinitionCommands: Set = ["init", "protocol check", "protocol show", "protocol show FILE", "randomize simulate", "fit"]

    /// The trial manager never sees the seed, a block size or a list length, and blinded roles
    /// (PEER: data-manager, monitor) never see an arm code where a participant's arm could show,
    /// in text, in JSON (every command is run again with --json) and in error messages.
    static func expectNoSecrets(_ outcomes: [(command: String, role: String, outcome: Outcome)], _ workspace: Workspace) throws {
        var all = outcomes
        for (command, _) in matrix {
            for role in ["trial-manager", "data-manager", "monitor"] {
                all.append((command, role, try workspace.trialkit(arguments(command, role: role) + ["--user", role, "--json"])))
            }
        }
        let title = "PEER – Vejen til hverdagslivet: a peer-led group course added to service as usual"
        for (command, role, outcome) in all {
            let seen = outcome.stdout + outcome.stderr
            if role == "trial-manager" {
                for secret in listSecrets {
                    #expect(!seen.contains(secret), "\(command) shows the trial manager \(secret): \(outcome)")
                }
            }
            if ["data-manager", "monitor"].contains(role), !armDefinitionCommands.contains(command) {
                let scrubbed = seen.replacingOccurrences(of: title, with: "")
                #expect(scrubbed.firstMatch(of: /\b(PEER|SAU)\b/) == nil, "\(command) shows an arm to the blinded \(role): \(outcome)")
            }
        }
    }
}

/// The state of the matrix database before a monitor's command.
struct MonitorWitness {
    let bytes: Data?
    let events: Int

    init(_ workspace: Workspace) throws {
        bytes = workspace.bytes("trial.sqlite")
        events = try workspace.auditCount()
    }

    /// A monitor writes nothing: the file is byte-identical afterwards, except that the queries
    /// they may open and close (the data resolution workflow) add query events and nothing else.
    func expectNothingWritten(by command: String, allowed: Bool, _ workspace: Workspace) throws {
        if allowed, ["queries open", "queries close"].contains(command) {
            let added = try workspace.query { db in
                try String.fetchAll(db, sql: "SELECT entity FROM audit_event WHERE seq > ?", arguments: [events])
            }
            #expect(added == ["query"], "\(command) as monitor wrote \(added)")
            return
        }
        #expect(workspace.bytes("trial.sqlite") == bytes, "\(command) as monitor changed the database file")
        #expect(try workspace.auditCount() == events, "\(command) as monitor added audit events")
        #expect(!FileManager.default.fileExists(atPath: workspace.file("trial.sqlite-wal")), "\(command) as monitor left a -wal file")
    }
}
