import Foundation
import Testing
import TrialCore
import CRFValidation
@testable import CRFExport

@Suite("Wide CSV export")
struct WideTableTests {
    @Test("Columns: record columns, arm, strata, fields in protocol order, scores")
    func columns() throws {
        let table = try WideTable(try peerDataset(armsVisible: true), form: "wsas")
        let fields = (1...5).map { "wsas\($0)" }
        #expect(table.header == ["participant_id", "visit", "visit_date", "arm", "municipality"] + fields + ["wsas"])
        #expect(table.fieldColumns == 5..<10)
        let blinded = try WideTable(try peerDataset(armsVisible: false), form: "wsas")
        #expect(blinded.header == ["participant_id", "visit", "visit_date", "municipality"] + fields + ["wsas"])
        #expect(!blinded.csv().contains("PEER"))
        let forImport = try WideTable(try peerDataset(armsVisible: true), form: "wsas", layout: .forImport)
        #expect(forImport.header == ["participant_id", "visit", "visit_date"] + fields)
    }

    @Test("Rows follow participant ID, then visit in protocol order; values are the stored texts")
    func rowsAndValues() throws {
        let dataset = try peerDataset(armsVisible: true)
        let table = try WideTable(dataset, form: "qpr15")
        let visits = ["baseline": 0, "post": 1, "followup": 2]
        let keys = table.rows.map { ($0[0], visits[$0[1]]!) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) })
        #expect(table.rows.count == dataset.records.filter { $0.form == "qpr15" }.count)
        let first = table.rows[0]
        let stored = dataset.records.first { $0.form == "qpr15" && $0.participantID == first[0] && $0.visit == first[1] }!
        for (column, name) in table.header.enumerated() where table.fieldColumns.contains(column) {
            #expect(first[column] == stored.values[name] ?? "")
        }
        #expect(first[3] == dataset.subjects[first[0]]?.arm)
    }

    @Test("Scores follow ScoreCalculator: prorated WSAS with one item coded missing, none with two")
    func scores() throws {
        let trial = try loadProtocol("peer.yaml")
        let code = trial.form(named: "wsas")!.fields[0].missingCodes.first!.code
        let records = [
            CRFRecord(participantID: "P1", visit: "baseline", form: "wsas",
                         values: ["visit_date": "2024-01-02", "wsas1": code, "wsas2": "2", "wsas3": "4", "wsas4": "6", "wsas5": "8"]),
            CRFRecord(participantID: "P2", visit: "baseline", form: "wsas",
                         values: ["visit_date": "2024-01-02", "wsas1": code, "wsas2": "", "wsas3": "4", "wsas4": "6", "wsas5": "8"]),
        ]
        let table = try WideTable(ExportDataset(trial: trial, records: records, subjects: [], armsVisible: true), form: "wsas")
        let score = table.header.firstIndex(of: "wsas")!
        // (2 + 4 + 6 + 8) / 4 · 5 = 25 (person-mean fill of the one missing item)
        #expect(table.rows[0][score] == "25")
        #expect(table.rows[0][table.header.firstIndex(of: "wsas1")!] == code)
        #expect(table.rows[1][score] == "")
        #expect(table.rows[0][3] == "" && table.rows[0][4] == "")   // not randomized: no arm, no stratum
    }

    @Test("Calculated fields are computed as the validator computes them")
    func calculated() throws {
        let trial = try loadProtocol("example-3arm.yaml")
        let records = [CRFRecord(participantID: "E01", visit: "baseline", form: "body",
                                    values: ["visit_date": "2023-05-05", "measured_at": "2023-05-05T09:30", "weight_kg": "81.0", "height_m": "1.80"])]
        let table = try WideTable(ExportDataset(trial: trial, records: records, subjects: [], armsVisible: true), form: "body")
        let bmi = table.rows[0][table.header.firstIndex(of: "bmi")!]
        #expect(Double(bmi) == 81.0 / (1.8 * 1.8))
    }

    @Test("Cells holding the delimiter, quotes or line breaks are quoted and read back unchanged")
    func quoting() throws {
        let trial = try loadProtocol("example-3arm.yaml")
        let note = "said \"no\", then\nyes; later"
        let records = [CRFRecord(participantID: "E01", visit: "screening", form: "history",
                                    values: ["visit_date": "2023-04-10", "referral_code": "AR-7178", "episode_count": "-7",
                                             "current_treatment": "ssri|snri", "ssri_name": "sertraline", "history_notes": note])]
        let table = try WideTable(ExportDataset(trial: trial, records: records, subjects: [], armsVisible: true),
                                  form: "history", layout: .forImport)
        let rows = csvRows(table.csv())
        #expect(rows.count == 2)
        #expect(rows[1] == ["E01", "screening", "2023-04-10", "AR-7178", "-7", "ssri|snri", "sertraline", note])
    }

    @Test("The for-import layout of every clean fixture validates without an issue")
    func reimport() throws {
        let trial = try loadProtocol("example-3arm.yaml")
        let forms = ["consent", "history", "body", "phq9", "rses", "adverse"]
        let dataset = ExportDataset(trial: trial, records: try fixtureRecords(trial, directory: "example-3arm", forms: forms),
                                    subjects: [], armsVisible: true)
        for form in forms {
            let text = try WideTable(dataset, form: form, layout: .forImport).csv()
            let report = try Validator(protocol: trial).validate(data: Data(text.utf8), name: "\(form).csv", form: form)
            #expect(report.issues.filter { $0.severity == .error }.isEmpty, "\(form): \(report.issues.prefix(3))")
            #expect(report.rows == dataset.records.filter { $0.form == form }.count)
        }
    }

    @Test("An unknown form is a typed error")
    func unknownForm() throws {
        #expect(throws: ExportError.self) { try WideTable(try peerDataset(armsVisible: true), form: "nope") }
    }
}
