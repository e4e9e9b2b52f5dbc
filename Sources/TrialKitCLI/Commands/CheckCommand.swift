import ArgumentParser
import TrialStore

/// `trialkit check`: every consistency check a trial database must pass.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the database: SQLite integrity, foreign keys, protocol checksum, audit chain, audit against data.",
        discussion: """
            Runs PRAGMA integrity_check and foreign_key_check, compares each stored protocol text \
            with its SHA-256, recomputes the audit hash chain, compares every record with its last \
            audit event, and checks that each event's old value is what the record's previous \
            event left. Reads only. Exits 0 when everything passes and 65 listing the problems.
            """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let session = try Session.open(global, for: .check, readOnly: true)
        let result = try session.store.check()
        if global.json {
            try Console.json(result)
        } else {
            print(Self.text(result, path: session.store.path))
        }
        if !result.passed {
            throw CLIError.invalidData("\(session.store.path) failed \(result.problems.count) check\(result.problems.count == 1 ? "" : "s") (listed above); restore it from a backup with `trialkit restore` and find out who changed the file.")
        }
    }

    static func text(_ result: DatabaseCheck, path: String) -> String {
        let audit = result.audit
        let head = audit.headSeq.map { "head event \($0), hash \(audit.headHash ?? "")" } ?? "no events"
        let rows = [
            ["SQLite integrity:", result.integrity == ["ok"] ? "ok" : "\(result.integrity.count) problem(s)"],
            ["Foreign keys:", result.foreignKeyViolations.isEmpty ? "ok" : "\(result.foreignKeyViolations.count) broken reference(s)"],
            ["Protocol checksum:", result.protocolChecksumMismatches.isEmpty ? "ok" : "mismatch in version(s) \(result.protocolChecksumMismatches.map(String.init).joined(separator: ", "))"],
            ["Audit chain:", audit.intact ? "intact, \(audit.eventCount) events, \(head)" : "BROKEN"],
            ["Audit history:", result.history == nil ? "every event continues its record's history" : "BROKEN"],
        ]
        var text = "Check of \(path): \(result.passed ? "passed" : "FAILED").\n" + Console.table(rows)
        for problem in result.problems { text += "\n- " + problem }
        return text
    }
}
