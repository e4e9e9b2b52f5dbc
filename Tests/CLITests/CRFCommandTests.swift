import Foundation
import Testing

/// `crf validate`, `crf import`, `crf compare` against a PEER trial randomized in the test.
@Suite("CRF commands")
struct CRFCommandTests {
    static let first20 = Set((1...20).map { String(format: "P%03d", $0) })
    static func inFirst20(_: Int, _ cells: [String]) -> Bool { first20.contains(cells[0]) }

    @Test("validate: a clean file has no issues (exit 0) and writes nothing")
    func validateClean() throws {
        let w = try Workspace()
        try w.crfTrial(limit: 20)
        try w.fixture("clean/qpr15.csv", as: "qpr15.csv", keep: Self.inFirst20)
        let events = try w.auditCount()
        let outcome = try w.trialkit("crf", "validate", "qpr15.csv", "--form", "qpr15", "--user", "dina")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout == "qpr15.csv, form qpr15: 57 rows, no issues.\n")
        let json = try #require(try w.trialkit("crf", "validate", "qpr15.csv", "--form", "qpr15", "--json", "--user", "mona").json() as? [String: Any])
        #expect(json["rows"] as? Int == 57)
        #expect((json["issues"] as? [Any])?.isEmpty == true)
        #expect((json["counts"] as? [String: Int]) == [:])
        #expect(json["file"] as? String == "qpr15.csv" && json["form"] as? String == "qpr15")
        #expect(try w.auditCount() == events)
        #expect(try w.count("SELECT COUNT(*) FROM crf_value") == 0)
    }

    @Test("validate: a defective file lists every issue with counts, exit 65")
    func validateDefects() throws {
        let w = try Workspace()
        try w.crfTrial(limit: 20)
        try w.fixture("defects/qpr15-values.csv", as: "bad.csv")
        let outcome = try w.trialkit("crf", "validate", "bad.csv", "--form", "qpr15", "--json", "--user", "dina")
        #expect(outcome.status == 65, "\(outcome)")
        let json = try #require(try outcome.json() as? [String: Any])
        #expect((json["counts"] as? [String: Int]) == ["out_of_range": 3, "not_a_number": 1, "not_an_integer": 2])
        let issues = try #require(json["issues"] as? [[String: Any]])
        #expect(issues.count == 6)
        #expect(issues.first?["line"] as? Int == 3 && issues.first?["field"] as? String == "qpr05")
        #expect(outcome.stderr == "bad.csv has 6 errors (see the report); correct them and validate again.\n")
        let text = try w.trialkit("crf", "validate", "bad.csv", "--form", "qpr15", "--user", "dina", "--show-values")
        #expect(text.stdout.hasPrefix("bad.csv, form qpr15: 6 rows, 6 errors, 0 warnings.\nline 3: error [out_of_range] qpr05: "))
        #expect(text.stdout.contains("Counts: not_a_number 1, not_an_integer 2, out_of_range 3\n"))
        #expect(try w.trialkit("crf", "validate", "bad.csv", "--form", "qpr15", "--user", "tom").status == 77)
        #expect(try w.trialkit("crf", "validate", "missing.csv", "--form", "qpr15", "--user", "dina").status == 66)
        #expect(try w.trialkit("crf", "validate", "bad.csv", "--form", "nosuch", "--user", "dina").status == 64)
    }

    @Test("import: any error writes nothing and leaves the database byte-identical")
    func importRefused() throws {
        let w = try Workspace()
        try w.crfTrial(limit: 20)
        try w.fixture("defects/qpr15-values.csv", as: "bad.csv")
        let before = try #require(w.bytes("trial.sqlite")), beforeWAL = w.bytes("trial.sqlite-wal")
        let outcome = try w.trialkit("crf", "import", "bad.csv", "--form", "qpr15", "--user", "dina")
        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stdout.contains("line 3: error [out_of_range] qpr05"))
        #expect(outcome.stderr == "bad.csv has 6 errors (see the report), so nothing was written; correct them and import again.\n")
        #expect(w.bytes("trial.sqlite") == before)
        // The write-ahead log holds no new frame (a read-only reader may leave an empty one behind).
        #expect(w.bytes("trial.sqlite-wal") == beforeWAL || (beforeWAL == nil && w.bytes("trial.sqlite-wal")?.isEmpty != false))
    }

    @Test("import: every clean PEER form (296 participants × 3 visits) in one transaction each; audit intact")
    func importAllClean() throws {
        let w = try Workspace()
        try w.crfTrial()
        var values = 0
        for form in ["eligibility", "demographics", "qpr15", "wsas", "mansa", "esr", "shs", "gse"] {
            try w.fixture("clean/\(form).csv", as: "\(form).csv")
            let events = try w.auditCount()
            let outcome = try w.trialkit("crf", "import", "\(form).csv", "--form", form, "--json", "--user", "dina")
            #expect(outcome.status == 0, "\(outcome)")
            let json = try #require(try outcome.json() as? [String: Any])
            let created = try #require(json["created"] as? Int)
            #expect(json["records"] as? Int == (["eligibility", "demographics"].contains(form) ? 296 : 827))
            #expect(json["changed"] as? Int == 0 && (json["queries_opened"] as? [Int])?.isEmpty == true)
            // One audit event per value stored, all in the import's single transaction (one timestamp).
            #expect(try w.auditCount() == events + created)
            #expect(try w.count("SELECT COUNT(DISTINCT occurred_at) FROM audit_event WHERE seq > \(events)") == 1)
            values += created
        }
        #expect(try w.count("SELECT COUNT(*) FROM crf_value") == values)
        #expect(try w.count("SELECT COUNT(*) FROM crf_value WHERE form = 'qpr15'") == 827 * 16)
        let verify = try #require(try w.trialkit("audit", "verify", "--json", "--user", "mona").json() as? [String: Any])
        #expect(verify["intact"] as? Bool == true)
        // Importing the same file again: duplicates, refused with a hint.
        let again = try w.trialkit("crf", "import", "wsas.csv", "--form", "wsas", "--user", "dina")
        #expect(again.status == 65)
        #expect(again.stderr.hasSuffix("To correct records already stored, import again with --reason TEXT.\n"))
    }

    @Test("import --reason corrects stored values; the audit keeps old value, new value and reason")
    func correction() throws {
        let w = try Workspace()
        try w.crfTrial(limit: 20)
        try w.fixture("clean/qpr15.csv", as: "qpr15.csv", keep: Self.inFirst20)
        #expect(try w.trialkit("crf", "import", "qpr15.csv", "--form", "qpr15", "--user", "dina").status == 0)
        try w.fixture("clean/qpr15.csv", as: "fix.csv", keep: { index, _ in index == 0 }) { cells, header in
            let column = header.firstIndex(of: "qpr01")!
            cells[column] = cells[column] == "4" ? "3" : "4"
        }
        let refused = try w.trialkit("crf", "import", "fix.csv", "--form", "qpr15", "--user", "dina")
        #expect(refused.status == 65)
        let outcome = try w.trialkit("crf", "import", "fix.csv", "--form", "qpr15", "--reason", "transcription error", "--user", "dina")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.hasPrefix("Imported 1 records of form qpr15 from fix.csv in one transaction: 0 values stored, 1 changed, 15 unchanged."))
        let log = try #require(try w.trialkit("audit", "log", "--entity", "crf_value", "--entity-id", "P001/baseline/qpr15/qpr01",
                                              "--json", "--user", "mona").json() as? [[String: Any]])
        #expect(log.count == 2)
        #expect(log.last?["reason"] as? String == "transcription error")
        #expect((log.last?["old_value"] as? String)?.contains("\"value\":\"4\"") == true)
        #expect((log.last?["new_value"] as? String)?.contains("\"value\":\"3\"") == true)
        #expect(try w.trialkit("audit", "verify", "--user", "mona").status == 0)
    }

    @Test("Someone changing a stored value behind TrialKit's back is caught by audit verify")
    func tamper() throws {
        let w = try Workspace()
        try w.crfTrial(limit: 3)
        try w.fixture("clean/demographics.csv", as: "d.csv", keep: { index, _ in index < 3 })
        #expect(try w.trialkit("crf", "import", "d.csv", "--form", "demographics", "--user", "dina").status == 0)
        #expect(try w.trialkit("audit", "verify", "--user", "mona").status == 0)
        let queue = try GRDBQueue(path: w.file("trial.sqlite"))
        try queue.write { try $0.execute(sql: "UPDATE crf_value SET value = '99' WHERE field = 'age' AND participant_id = 'P002'") }
        let verify = try w.trialkit("audit", "verify", "--user", "mona")
        #expect(verify.status == 65)
        #expect(verify.stderr.contains("crf_value P002/baseline/demographics/age was changed outside TrialKit"))
    }

    @Test("compare: pass 2 is stored apart; every disagreement is listed (exit 65), agreement exits 0")
    func doubleEntry() throws {
        let w = try Workspace()
        try w.crfTrial(limit: 3)
        try w.fixture("clean/wsas.csv", as: "one.csv", keep: { _, cells in ["P001", "P002"].contains(cells[0]) })
        try w.fixture("clean/wsas.csv", as: "two.csv", keep: { _, cells in ["P001", "P002"].contains(cells[0]) }) { cells, header in
            if cells[0] == "P002", cells[1] == "post" { let c = header.firstIndex(of: "wsas3")!; cells[c] = cells[c] == "0" ? "1" : "0" }
        }
        #expect(try w.trialkit("crf", "import", "one.csv", "--form", "wsas", "--user", "dina").status == 0)
        #expect(try w.trialkit("crf", "compare", "--form", "wsas", "--user", "dina").status == 65)
        let second = try w.trialkit("crf", "import", "two.csv", "--form", "wsas", "--pass", "2", "--user", "dina")
        #expect(second.status == 0, "\(second)")
        let pass1 = try w.count("SELECT COUNT(*) FROM crf_value"); #expect(try w.count("SELECT COUNT(*) FROM crf_value_pass2") == pass1)
        let compare = try w.trialkit("crf", "compare", "--form", "wsas", "--json", "--user", "mona")
        #expect(compare.status == 65)
        let json = try #require(try compare.json() as? [String: Any])
        let rows = try #require(json["disagreements"] as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["participant_id"] as? String == "P002" && rows.first?["visit"] as? String == "post"
                && rows.first?["field"] as? String == "wsas3")
        #expect(compare.stderr.contains("disagree in 1 place"))
        #expect(try w.trialkit("crf", "compare", "--form", "qpr15", "--user", "dina").status == 0)
        #expect(try w.trialkit("crf", "import", "two.csv", "--form", "wsas", "--pass", "3", "--user", "dina").status == 64)
        #expect(try w.trialkit("audit", "verify", "--user", "mona").status == 0)
    }
}
