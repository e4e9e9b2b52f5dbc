import Foundation
import GRDB
import Testing

/// What the role matrix checks beyond exit codes: what each role's output may not contain, and
/// that a monitor's commands leave the database as it was.
extension RoleMatrixTests {
    /// The seed of the matrix's lists: distinctive, so that any output showing it is caught.
    static let seed = "73519846213"

    /// Words that reveal the sealed lists' design or future allocations to a trial manager.
    /// (`randomize report --json` has `slots_used`/`slots_left` keys, `null` for the trial manager.)
    static let listSecrets = [seed, "block_size", "block size", "Block", "SLOTS", "seed_sha256", "\"seed\""]

    /// Commands that read a file the user already holds (a protocol, model data, a REDCap
    /// dictionary; simulate-trial invents its own participants and arms), not the
    /// database: what they show is in that file. Concealment of the design from the trial
    /// manager rests on not giving them the protocol file (README, Users and roles).
    static let fileCommands: Set = ["init", "protocol check", "protocol show FILE", "randomize simulate", "fit",
                                    "simulate-trial", "simulate-trial --power", "crf import-dictionary"]

    /// The trial manager never sees the seed, a block size or a list length, and blinded roles
    /// (PEER: data-manager, monitor) never see a participant's arm, in text, in JSON (every
    /// command is run again with --json) and in error messages.
    static func expectNoSecrets(_ outcomes: [(command: String, role: String, outcome: Outcome)], _ workspace: Workspace) throws {
        var all = outcomes
        for (command, _) in matrix where !fileCommands.contains(command) {
            for role in ["trial-manager", "data-manager", "monitor"] {
                all.append((command, role, try workspace.trialkit(arguments(command, role: role) + ["--user", role, "--json"])))
            }
        }
        for (command, role, outcome) in all where !fileCommands.contains(command) {
            let seen = outcome.stdout + outcome.stderr
            if role == "trial-manager" {
                for secret in listSecrets where seen.contains(secret) {
                    Issue.record("\(command) shows the trial manager \(secret)")
                }
                if seen.firstMatch(of: /"slots_(left|used)" : \d/) != nil {
                    Issue.record("\(command) shows the trial manager a list length")
                }
            }
            if ["data-manager", "monitor"].contains(role) {
                // An arm as a value of an `arm` key, or on a line that names a randomized participant.
                if seen.firstMatch(of: /"arm\\?"\s*:\s*\\?"(PEER|SAU)/) != nil {
                    Issue.record("\(command) shows an arm to the blinded \(role) in JSON")
                }
                for line in seen.split(separator: "\n") where line.contains("P-trial-manager") && line.firstMatch(of: /\b(PEER|SAU)\b/) != nil {
                    Issue.record("\(command) shows an arm to the blinded \(role): \(line.prefix(200))")
                }
            }
        }
    }
}

/// The state of the matrix database before a monitor's command.
struct MonitorWitness {
    let bytes: Data?
    let events: Int
    let dataRows: Int?

    /// Counting the events through a connection that is then closed checkpoints the WAL into
    /// the main file (trialkit exits without closing, leaving committed pages in the -wal).
    init(_ workspace: Workspace) throws {
        events = try workspace.auditCount()
        dataRows = try workspace.query { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM crf_value) + (SELECT COUNT(*) FROM query)")
        }
        bytes = workspace.bytes("trial.sqlite")
    }

    /// A monitor writes nothing: the file is byte-identical afterwards, except that the queries
    /// they may open and close (the data resolution workflow) add query events, and a data export
    /// (a disclosure, logged as REDCap logs exports) adds its `data.export` event, and nothing else.
    func expectNothingWritten(by command: String, allowed: Bool, _ workspace: Workspace) throws {
        let logged: [String: String] = ["queries open": "query", "queries close": "query", "export csv": "data_export",
                                        "export odm": "data_export", "export long": "data_export"]
        if allowed, let entity = logged[command] {
            let added = try workspace.query { db in
                try String.fetchAll(db, sql: "SELECT entity FROM audit_event WHERE seq > ?", arguments: [events])
            }
            #expect(added == [entity], "\(command) as monitor wrote \(added)")
            if entity == "data_export" {  // no trial data changed: the CRF, allocation and query tables
                let rows = try workspace.query { db in
                    try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM crf_value) + (SELECT COUNT(*) FROM query)")
                }
                #expect(rows == dataRows, "\(command) as monitor changed trial data")
            }
            return
        }
        // Nothing in the main file changed and no page was appended to the write-ahead log.
        #expect(workspace.bytes("trial.sqlite") == bytes, "\(command) as monitor changed the database file")
        let wal = workspace.bytes("trial.sqlite-wal")
        #expect(wal == nil || wal!.isEmpty, "\(command) as monitor wrote \(wal?.count ?? 0) bytes of log")
        #expect(try workspace.auditCount() == events, "\(command) as monitor added audit events")
    }
}
