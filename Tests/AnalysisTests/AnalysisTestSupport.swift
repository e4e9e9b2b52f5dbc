import Foundation
import Tabular
import TrialCore
import TrialSpec
@testable import Analysis

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
func path(_ relative: String) -> String { packageRoot.appendingPathComponent(relative).path }

/// The simulated PEER trial of fixtures/analysis/peer (made by make_peer_analysis.R), read as
/// the CLI reads the store: participants with arm and strata, every CRF record of every form.
enum PeerFixture {
    static let directory = "fixtures/analysis/peer"
    static let forms = ["qpr15", "wsas", "mansa", "esr", "shs", "gse"]

    static func input() throws -> AnalysisInput {
        let trial = try ProtocolLoader.load(path: path("protocols/peer.yaml")).spec
        let people = try TextTable.read(path: path("\(directory)/participants.csv"))
        let participants = people.rows.map { row in
            AnalysisParticipant(id: row[0], arm: row[1], strata: ["municipality": row[2]])
        }
        var records: [CRFRecord] = []
        for form in forms {
            let table = try TextTable.read(path: path("\(directory)/\(form).csv"))
            for row in table.rows {
                let values = Dictionary(uniqueKeysWithValues: zip(table.columnNames, row))
                records.append(CRFRecord(participantID: values["participant_id"]!, visit: values["visit"]!,
                                          form: form, values: values))
            }
        }
        return AnalysisInput(trial: trial, participants: participants, records: records)
    }

    static func references() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path("\(directory)/refs.json")))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
}

/// |a − b| ≤ tolerance · max(|b|, tiny): relative, with an absolute floor for values near 0.
func relativeError(_ a: Double, _ b: Double) -> Double {
    abs(a - b) / max(abs(b), 1e-8)
}
