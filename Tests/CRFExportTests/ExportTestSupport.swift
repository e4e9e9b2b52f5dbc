import Foundation
import TrialCore
import TrialSpec
import CRFValidation
import Tabular
@testable import CRFExport

/// The package root, found from this file's path (Tests/CRFExportTests/ExportTestSupport.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

func loadProtocol(_ name: String) throws -> TrialProtocol {
    try ProtocolLoader.load(path: packageRoot + "/protocols/" + name).spec
}

/// Records of the clean fixture files of `forms`, read as `crf import` stores them.
func fixtureRecords(_ trial: TrialProtocol, directory: String, forms: [String]) throws -> [CRFRecord] {
    try forms.flatMap { form in
        try RecordTexts(file: packageRoot + "/fixtures/crf/\(directory)/clean/\(form).csv", form: form, trial: trial).rows.map {
            CRFRecord(participantID: $0.participantID, visit: $0.visit, form: form, values: $0.values)
        }
    }
}

/// The PEER fixture: every clean form, participants with an arm (alternating) and their municipality.
func peerDataset(armsVisible: Bool) throws -> ExportDataset {
    let trial = try loadProtocol("peer.yaml")
    let records = try fixtureRecords(trial, directory: "peer", forms: ["eligibility", "demographics", "qpr15", "wsas"])
    let lines = try String(contentsOfFile: packageRoot + "/fixtures/crf/peer/participants.csv", encoding: .utf8)
        .split(separator: "\n").dropFirst()
    let subjects = lines.enumerated().map { index, line in
        let cells = line.split(separator: ",").map(String.init)
        return ExportSubject(participantID: cells[0], arm: trial.arms[index % 2].code, strata: ["municipality": cells[1]])
    }
    return ExportDataset(trial: trial, records: records, subjects: subjects, armsVisible: armsVisible)
}

/// The cells of a CSV text, as the validator's reader splits them.
func csvRows(_ text: String) -> [[String]] {
    var reader = CSVRecordReader(source: .memory(Data(text.utf8), offset: 0))
    var record = CSVRecord()
    var rows: [[String]] = []
    while reader.next(into: &record) { rows.append(record.cells.indices.map(record.string)) }
    return rows
}
