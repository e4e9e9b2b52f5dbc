import Foundation
import Testing
import TrialCore
import TrialSpec
@testable import CRFValidation

/// The validator's interface: value hiding, JSON, file-level errors, inputs it takes.
@Suite struct ValidatorTests {
    let peer: TrialProtocol
    let example: TrialProtocol
    let qprHeader = "participant_id,visit,visit_date," + (1...15).map { String(format: "qpr%02d", $0) }.joined(separator: ",")

    init() throws {
        peer = try loadProtocol("protocols/peer.yaml")
        example = try loadProtocol("protocols/example-3arm.yaml")
    }

    func qprRow(_ participant: String, _ visit: String, _ date: String, _ first: String = "2") -> String {
        "\(participant),\(visit),\(date),\(first)," + Array(repeating: "2", count: 14).joined(separator: ",")
    }

    @Test func valuesAreHiddenUnlessAsked() throws {
        let csv = qprHeader + "\n" + qprRow("P001", "baseline", "2021-01-10", "17") + "\n"
        let hidden = try validate(csv, form: "qpr15", in: peer)
        #expect(hidden.issues.map(\.message) == ["`qpr01` must be between 0 and 4"])
        let shown = try validate(csv, form: "qpr15", in: peer, showValues: true)
        #expect(shown.issues.map(\.message) == ["`qpr01` must be between 0 and 4 (value: `17`)"])
        #expect(hidden.issues[0].participantID == "P001" && hidden.issues[0].visit == "baseline")
    }

    @Test func reportIsJSONWithStableKeys() throws {
        let csv = qprHeader + ",extra\n" + qprRow("P001", "baseline", "2021-01-10", "x") + ",\n"
        let report = try validate(csv, form: "qpr15", in: peer)
        let object = try #require(try JSONSerialization.jsonObject(with: report.json()) as? [String: Any])
        #expect(Set(object.keys) == ["file", "form", "rows", "issues", "counts", "omitted", "severity_counts"])
        #expect(object["rows"] as? Int == 1)
        #expect(object["counts"] as? [String: Int] == ["unknown_column": 1, "not_a_number": 1])
        let issues = try #require(object["issues"] as? [[String: Any]])
        #expect(issues.count == 2)
        #expect(Set(issues[0].keys) == ["line", "participant_id", "visit", "field", "code", "severity", "message"])
        #expect(issues[0]["participant_id"] is NSNull)   // a header issue belongs to no participant
        #expect(issues[1]["code"] as? String == "not_a_number" && issues[1]["line"] as? Int == 2)
        #expect(report.issues[0].message == "column `extra` is not a field of form `qpr15`; remove or rename it")
        #expect(try JSONDecoder().decode(ValidationReport.self, from: report.json()) == report)
    }

    @Test func headerMessagesSuggestNames() throws {
        let csv = qprHeader.replacingOccurrences(of: "participant_id", with: "Participant_ID")
            .replacingOccurrences(of: "qpr15", with: "qpr_15") + ",age\n"
        let report = try validate(csv, form: "qpr15", in: peer)
        #expect(report.issues.map(\.message) == [
            "column `Participant_ID` is not a field of form `qpr15`; did you mean `participant_id`?",
            "column `qpr_15` is not a field of form `qpr15`; did you mean `qpr15`?",
            "column `age` belongs to form `demographics`, not `qpr15`; validate it with that form or remove the column",
            "column `participant_id` is missing; every data file needs participant_id, visit and visit_date",
            "column `qpr15` of form `qpr15` is missing; add it (its cells may be left empty)",
        ])
        #expect(report.rows == 0 && report.issues.allSatisfy { $0.line == 1 })
    }

    @Test func fileLevelErrors() throws {
        let validator = Validator(protocol: peer)
        #expect(throws: ValidationError.fileMissing(path: "/no/such.csv")) {
            try validator.validate(file: "/no/such.csv", form: "qpr15")
        }
        #expect(throws: ValidationError.unreadable(path: NSTemporaryDirectory(), reason: "it is a directory")) {
            try validator.validate(file: NSTemporaryDirectory(), form: "qpr15")
        }
        #expect(throws: ValidationError.unknownForm(name: "qpr16", known: peer.forms.map(\.name))) {
            try validator.validate(data: Data(qprHeader.utf8), name: "x", form: "qpr16")
        }
        #expect(throws: ValidationError.noHeader(path: "empty.csv")) {
            try validator.validate(data: Data(), name: "empty.csv", form: "qpr15")
        }
        var latin1 = Data((qprHeader + "\n").utf8)
        latin1.append(contentsOf: Array("P001,baseline,2021-01-10,".utf8) + [0xF8] + Array(",2\n".utf8))
        #expect(throws: ValidationError.notUTF8(path: "latin1.csv", line: 2)) {
            try validator.validate(data: latin1, name: "latin1.csv", form: "qpr15")
        }
        #expect(ValidationError.notUTF8(path: "a.csv", line: 2).exitCode == 65)
        #expect(ValidationError.fileMissing(path: "a.csv").exitCode == 66)
    }

    @Test func semicolonFilesAcceptDecimalCommas() throws {
        let header = "participant_id;visit;visit_date;measured_at;weight_kg;height_m"
        let ok = try validate(header + "\nE01;baseline;2023-03-01;2023-03-01T09:00;70,5;1,80\n", form: "body", in: example)
        #expect(ok.issues.isEmpty)
        let comma = try validate(header.replacingOccurrences(of: ";", with: ",")
            + "\nE01,baseline,2023-03-01,2023-03-01T09:00,\"70,5\",1.80\n", form: "body", in: example)
        #expect(summary(comma) == ["2 not_a_number weight_kg"])
    }

    @Test func optionalInputs() throws {
        let csv = qprHeader + "\n" + qprRow("X1", "post", "2021-01-10") + "\n"
        // Without a participant list or randomization dates there is nothing to check them against.
        #expect(try validate(csv, form: "qpr15", in: peer).issues.isEmpty)
        let checked = try validate(csv, form: "qpr15", in: peer, known: ["P001"],
                                   randomized: ["X1": CalendarDate(iso: "2021-01-01")!])
        #expect(summary(checked) == ["2 unknown_participant participant_id", "2 outside_visit_window visit_date"])
        #expect(checked.issues[1].message == "the visit date lies before the window of visit `post` (days 56 to 98 from randomization)")
        #expect(checked.issues[1].severity == .warning)
    }

    @Test func storedRecordsFeedDuplicatesAndCrossVisitChecks() throws {
        var stored = InMemoryRecords()
        stored.add(participant: "P001", visit: "baseline", form: "qpr15", values: ["visit_date": "2021-03-01"])
        let csv = qprHeader + "\n" + qprRow("P001", "baseline", "2021-01-10") + "\n" + qprRow("P001", "post", "2021-02-20") + "\n"
        let report = try validate(csv, form: "qpr15", in: peer, records: stored)
        // The baseline row is a duplicate of the stored one, so the post row is compared with the stored date.
        #expect(summary(report) == ["2 duplicate_record visit", "3 check_failed visit_date"])
        #expect(report.issues[0].message == "a record of this participant at visit `baseline` is already stored; "
            + "correct the stored record instead of importing it again")
    }

    @Test func crossFormReferencesReadTheSameVisit() throws {
        let yaml = try String(contentsOfFile: path("protocols/peer.yaml"), encoding: .utf8).replacingOccurrences(
            of: "      - {name: lives_alone, label: \"Lives alone\", kind: yesno}",
            with: "      - {name: lives_alone, label: \"Lives alone\", kind: yesno}\n"
                + "      - {name: household, kind: integer, min: 1, max: 20, show_if: \"[lives_alone] = 0\"}\n"
                + "    checks:\n      - {check: \"[eligible] = 1\", severity: warning, message: \"not eligible\"}")
        let trial = try ProtocolLoader.check(data: Data(yaml.utf8), path: "edited.yaml").get().spec
        var stored = InMemoryRecords()
        stored.add(participant: "P1", visit: "baseline", form: "eligibility", values: ["eligible": "0"])
        stored.add(participant: "P2", visit: "baseline", form: "eligibility", values: ["eligible": "1"])
        let csv = "participant_id,visit,visit_date,age,sex,education,employment,lives_alone,household\n"
            + "P1,baseline,2021-01-01,40,female,,,1,3\n"
            + "P2,baseline,2021-01-01,40,male,,,0,3\n"
            + "P3,baseline,2021-01-01,40,male,,,,\n"
        let report = try validate(csv, form: "demographics", in: trial, records: stored)
        #expect(summary(report) == ["2 hidden_field_has_value household", "2 check_failed -"])
        #expect(report.issues[1].severity == .warning && report.issues[1].message == "not eligible")
        #expect(report.issues[0].message == "`household` holds a value but is hidden by its branching logic "
            + "(`[lives_alone] = 0` is not true); leave it empty")
    }

    @Test func calculatedColumnsAreOptional() throws {
        let csv = "participant_id,visit,visit_date,measured_at,weight_kg,height_m\n"
            + "E01,baseline,2023-03-01,2023-03-01T09:00,25.0,1.80\n"
        let report = try validate(csv, form: "body", in: example, showValues: true)
        #expect(summary(report) == ["2 out_of_range weight_kg"])
        let tooHigh = try validate(csv.replacingOccurrences(of: "25.0,1.80", with: "250.0,1.21"), form: "body", in: example, showValues: true)
        #expect(tooHigh.issues.map(\.message) == [
            "`weight_kg` is outside the expected range (between 40 and 180); confirm or correct it (value: `250.0`)",
            "the calculated `bmi` must be between 10 and 80 (170.753…); check the values it is calculated from",
        ].map { $0.replacingOccurrences(of: "170.753…", with: String(250.0 / (1.21 * 1.21))) })
    }
}
