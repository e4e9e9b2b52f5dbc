import Foundation
import GRDB
import Testing

/// `trialkit crf enter`, driven through piped stdin as a script would.
@Suite("crf enter")
struct CRFEnterTests {
    /// The example three-arm trial with dina (data manager), tom (trial manager), stan
    /// (statistician), and P001 randomized today.
    static func trial() throws -> Workspace {
        let w = try Workspace()
        #expect(try w.trialkit("init", "--protocol", exampleProtocol, "--user", "alice").status == 0)
        for (name, role) in [("dina", "data-manager"), ("tom", "trial-manager"), ("stan", "statistician"), ("mona", "monitor")] {
            #expect(try w.trialkit("user", "add", name, "--role", role, "--user", "alice").status == 0)
        }
        #expect(try w.trialkit("randomize", "generate", "--seed", "7", "--user", "stan").status == 0)
        let outcome = try w.trialkit("randomize", "P001", "--stratum", "site=Aarhus", "--stratum", "severity=moderate", "--user", "tom")
        #expect(outcome.status == 0, "\(outcome)")
        return w
    }

    /// Today + `days` as YYYY-MM-DD (UTC, as the randomization date is stored).
    static func day(_ days: Int) -> String {
        let date = Date().addingTimeInterval(Double(days) * 86_400)
        return ISO8601DateFormatter.string(from: date, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
    }

    static func values(_ w: Workspace, _ participant: String, _ visit: String, _ form: String) throws -> [String: String?] {
        let queue = try DatabaseQueue(path: w.file("trial.sqlite"))
        defer { try? queue.close() }
        return try queue.read { db in
            var values: [String: String?] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT field, value FROM crf_value WHERE participant_id = ? AND visit = ? AND form = ?",
                                        arguments: [participant, visit, form]) {
                values[row["field"]] = row["value"] as String?
            }
            return values
        }
    }

    @Test("A wrong value is asked again with the reason; a branch hides fields; the record is saved and audited")
    func branchAndSave() throws {
        let w = try Self.trial()
        let events = try w.auditCount()
        let date = Self.day(42)
        let outcome = try w.trialkit(["crf", "enter", "P001", "--visit", "week6", "--form", "adverse", "--user", "dina"],
                                     input: "\(date)\n2\n0\ny\n")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.contains("ae_any – Any adverse event since the last visit [1 = yes, 0 = no; required]:"))
        #expect(outcome.stdout.contains("✗ `ae_any` must be 1 (yes) or 0 (no) (value: `2`); try again."))
        #expect(outcome.stdout.contains("ae_description: skipped, hidden by its branching logic (`[ae_any] = 1`)."))
        #expect(outcome.stdout.contains("ae_severity: skipped, hidden by its branching logic (`[ae_any] = 1`)."))
        #expect(!outcome.stdout.contains("ae_description – Description ["))
        #expect(outcome.stdout.contains("All checks passed."))
        #expect(outcome.stdout.contains("Saved P001 week6 adverse in one transaction: 4 values stored, 0 changed, 0 unchanged."))
        let stored = try Self.values(w, "P001", "week6", "adverse")
        let expected: [String: String?] = ["visit_date": date, "ae_any": "0", "ae_description": String?.none, "ae_severity": String?.none]
        #expect(stored == expected)
        // One audit event per value, by dina, action crf.enter, all in one transaction.
        #expect(try w.auditCount() == events + 4)
        #expect(try w.count("SELECT COUNT(*) FROM audit_event WHERE action = 'crf.enter' AND actor = 'dina'") == 4)
        #expect(try w.count("SELECT COUNT(DISTINCT occurred_at) FROM audit_event WHERE seq > \(events)") == 1)
        let log = try #require(try w.trialkit("audit", "log", "--entity", "crf_value", "--entity-id", "P001/week6/adverse/ae_any",
                                              "--json", "--user", "mona").json() as? [[String: Any]])
        #expect(log.count == 1)
        #expect((log.first?["new_value"] as? String)?.contains("\"value\":\"0\"") == true)
        #expect(try w.trialkit("audit", "verify", "--user", "mona").status == 0)
        // Entering the same record again needs --reason.
        let again = try w.trialkit(["crf", "enter", "P001", "--visit", "week6", "--form", "adverse", "--user", "dina"], input: "")
        #expect(again.status == 65)
        #expect(again.stderr.contains("P001 already has a record of form adverse at visit week6"))
    }

    @Test("Out-of-range and non-numeric answers are refused; the score is shown; yes branch asks the shown fields")
    func scoreAndShownBranch() throws {
        let w = try Self.trial()
        let items = ["5", "abc", "2"] + Array(repeating: "1", count: 8)
        let outcome = try w.trialkit(["crf", "enter", "P001", "--visit", "week6", "--form", "phq9", "--user", "dina"],
                                     input: ([Self.day(42)] + items + ["y"]).joined(separator: "\n") + "\n")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.contains("✗ `phq01` must be between 0 and 3 (value: `5`); try again."))
        #expect(outcome.stdout.contains("✗ `phq01` must be a whole number (value: `abc`); try again."))
        #expect(outcome.stdout.contains("Score phq9 = 10 (9 of 9 items answered)"))
        #expect(try Self.values(w, "P001", "week6", "phq9")["phq01"] == "2")
        #expect(try Self.values(w, "P001", "week6", "phq9")["phq09"] == "1")

        let shown = try w.trialkit(["crf", "enter", "P001", "--visit", "week12", "--form", "adverse", "--user", "dina"],
                                   input: "\(Self.day(84))\n1\n\nFell off a bike\n4\nmoderate\ny\n")
        #expect(shown.status == 0, "\(shown)")
        #expect(shown.stdout.contains("✗ `ae_description` is required"))
        #expect(shown.stdout.contains("✗ `ae_severity` must be one of the codes `1`, `2`, `3` (value: `4`); try again."))
        #expect(shown.stdout.contains("ae_severity – Worst severity [1 = Mild, 2 = Moderate, 3 = Severe (code or label); required]: moderate\n  (moderate = 2)\n"))
        let expected: [String: String?] = ["visit_date": Self.day(84), "ae_any": "1", "ae_description": "Fell off a bike", "ae_severity": "2"]
        #expect(try Self.values(w, "P001", "week12", "adverse") == expected)
    }

    @Test("Answering n at Save writes nothing; input that ends early writes nothing and exits 65")
    func notSaved() throws {
        let w = try Self.trial()
        let events = try w.auditCount()
        let declined = try w.trialkit(["crf", "enter", "P001", "--visit", "week6", "--form", "adverse", "--user", "dina"],
                                      input: "\(Self.day(42))\n0\nn\n")
        #expect(declined.status == 0, "\(declined)")
        #expect(declined.stdout.hasSuffix("Save? [y/N] n\nNot saved; nothing was written.\n"))
        #expect(try w.auditCount() == events)
        #expect(try w.count("SELECT COUNT(*) FROM crf_value") == 0)

        let ended = try w.trialkit(["crf", "enter", "P001", "--visit", "week6", "--form", "phq9", "--user", "dina"],
                                   input: "\(Self.day(42))\n1\n2\n")
        #expect(ended.status == 65)
        #expect(ended.stderr == "Input ended before the record was saved, so nothing was written; run `trialkit crf enter` again.\n")
        #expect(try w.auditCount() == events)
        #expect(try w.count("SELECT COUNT(*) FROM crf_value") == 0)
    }

    @Test("The visit date is checked like the validator: not a date is refused, outside the window is a warning and a query")
    func visitDate() throws {
        let w = try Self.trial()
        let outcome = try w.trialkit(["crf", "enter", "P001", "--visit", "week6", "--form", "adverse", "--user", "dina"],
                                     input: "2024-02-30\n\(Self.day(60))\n0\ny\n")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.contains("✗ visit_date must be a date written YYYY-MM-DD, e.g. 2024-01-31 (value: `2024-02-30`); try again."))
        #expect(outcome.stdout.contains("! the visit date lies after the window of visit `week6` (days 35 to 49 from randomization) (day 60) (kept; saving opens a query)"))
        #expect(outcome.stdout.contains("1 query opened for the warnings"))
        #expect(try w.count("SELECT COUNT(*) FROM query WHERE code = 'outside_visit_window'") == 1)
    }

    @Test("Unknown participant, visit or form: a clear error naming it, exit 64, nothing asked")
    func unknownNames() throws {
        let w = try Self.trial()
        let participant = try w.trialkit(["crf", "enter", "P999", "--visit", "week6", "--form", "adverse", "--user", "dina"], input: "")
        #expect(participant.status == 64)
        #expect(participant.stderr.hasPrefix("Participant P999 is not enrolled in this trial"))
        let visit = try w.trialkit(["crf", "enter", "P001", "--visit", "week7", "--form", "adverse", "--user", "dina"], input: "")
        #expect(visit.status == 64)
        #expect(visit.stderr.hasPrefix("Visit `week7` is not in the protocol; visits: screening, baseline, week6, week12, week26."))
        let form = try w.trialkit(["crf", "enter", "P001", "--visit", "week6", "--form", "adverse2", "--user", "dina"], input: "")
        #expect(form.status == 64)
        #expect(form.stderr.hasPrefix("Form `adverse2` is not in the protocol"))
        let notAtVisit = try w.trialkit(["crf", "enter", "P001", "--visit", "week6", "--form", "body", "--user", "dina"], input: "")
        #expect(notAtVisit.status == 64)
        #expect(notAtVisit.stderr.hasPrefix("Visit `week6` does not collect form `body`; it is collected at baseline, week12."))
        #expect(participant.stdout.isEmpty && visit.stdout.isEmpty && form.stdout.isEmpty)
    }

    @Test("--reason corrects a stored record: empty answers keep stored values; the audit keeps old value and reason")
    func correction() throws {
        let w = try Self.trial()
        let date = Self.day(42)
        #expect(try w.trialkit(["crf", "enter", "P001", "--visit", "week6", "--form", "adverse", "--user", "dina"],
                               input: "\(date)\n0\ny\n").status == 0)
        let outcome = try w.trialkit(["crf", "enter", "P001", "--visit", "week6", "--form", "adverse", "--reason", "site query 12",
                                      "--user", "dina"], input: "\n1\nHeadache\n1\ny\n")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.contains("Saved P001 week6 adverse in one transaction: 0 values stored, 3 changed, 1 unchanged."))
        let log = try #require(try w.trialkit("audit", "log", "--entity", "crf_value", "--entity-id", "P001/week6/adverse/ae_any",
                                              "--json", "--user", "mona").json() as? [[String: Any]])
        #expect(log.count == 2)
        #expect(log.last?["reason"] as? String == "site query 12")
        #expect((log.last?["old_value"] as? String)?.contains("\"value\":\"0\"") == true)
    }

    @Test("--json: prompts on stderr, the stored summary on stdout; --pass 2 is stored apart and compared")
    func jsonAndSecondPass() throws {
        let w = try Self.trial()
        let date = Self.day(42)
        let first = try w.trialkit(["crf", "enter", "P001", "--visit", "week6", "--form", "adverse", "--json", "--user", "dina"],
                                   input: "\(date)\n1\nHeadache\n1\ny\n")
        #expect(first.status == 0, "\(first)")
        #expect(first.stderr.contains("ae_description – Description [text; required]: Headache"))
        let json = try #require(try first.json() as? [String: Any])
        #expect(json["created"] as? Int == 4 && json["pass"] as? Int == 1 && json["form"] as? String == "adverse")
        let second = try w.trialkit(["crf", "enter", "P001", "--visit", "week6", "--form", "adverse", "--pass", "2", "--user", "dina"],
                                    input: "\(date)\n1\nHeadache\n2\ny\n")
        #expect(second.status == 0, "\(second)")
        #expect(second.stdout.contains("Saved P001 week6 adverse (entry pass 2) in one transaction: 4 values stored"))
        #expect(try w.count("SELECT COUNT(*) FROM crf_value_pass2") == 4)
        #expect(try Self.values(w, "P001", "week6", "adverse")["ae_severity"] == "1")
        let compare = try w.trialkit("crf", "compare", "--form", "adverse", "--user", "dina")
        #expect(compare.status == 65, "\(compare)")
        #expect(compare.stdout.contains("ae_severity"))
    }

    @Test("A failed edit check at the end: the field is chosen and asked again, or an empty line stops without saving")
    func failedCheck() throws {
        let w = try Self.trial()
        let arguments = ["crf", "enter", "P001", "--visit", "screening", "--form", "consent", "--user", "dina"]
        let stopped = try w.trialkit(arguments, input: "\(Self.day(-14))\n1\n\(Self.day(-10))\n\n")
        #expect(stopped.status == 0, "\(stopped)")
        #expect(stopped.stdout.contains("  error [check_failed] consent_date: Consent must be dated on or before the screening visit\n"
            + "The record has 1 error and cannot be saved as it is.\n"))
        #expect(stopped.stdout.hasSuffix("Not saved; nothing was written.\n"))
        #expect(try w.count("SELECT COUNT(*) FROM crf_value") == 0)

        let fixed = try w.trialkit(arguments, input: "\(Self.day(-14))\n1\n\(Self.day(-10))\nconsent_dat\nconsent_date\n\(Self.day(-20))\ny\n")
        #expect(fixed.status == 0, "\(fixed)")
        #expect(fixed.stdout.contains("`consent_dat` is not a field of consent; fields: visit_date, consent_given, consent_date."))
        #expect(fixed.stdout.contains("Saved P001 screening consent in one transaction: 3 values stored"))
        #expect(try Self.values(w, "P001", "screening", "consent")["consent_date"] == Self.day(-20))
    }
}

extension Workspace {
    /// Runs the built `trialkit` here with `input` on its stdin (then closed).
    func trialkit(_ arguments: [String], input: String) throws -> Outcome {
        try runProcess(trialkitBinary, arguments, in: path, input: input)
    }
}
