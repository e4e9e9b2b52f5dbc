import Foundation
import TrialCore

/// A defect planted on purpose (`--with-errors`), with the issue `crf validate` must report.
public struct PlantedError: Sendable, Equatable, Codable {
    public var file: String
    public var form: String
    public var line: Int
    public var participantID: String
    public var visit: String
    public var field: String
    public var code: String

    enum CodingKeys: String, CodingKey {
        case file, form, line, visit, field, code
        case participantID = "participant_id"
    }
}

/// A marked batch of defective records, kept apart from the clean files: `errors/<form>.csv`
/// for the primary outcome's form (else the first scored form). Each row carries exactly the
/// issues listed, whether the batch is validated before or after the clean files are imported:
/// rows use visits that participants missed (dropout), so they duplicate no clean record.
///
/// - `out_of_range`: a missed visit's record with one item at its maximum + 1;
/// - `invalid_date`: another missed visit's record dated on 30 February;
/// - `unknown_participant`: a record of a participant ID that is not in the trial;
/// - `duplicate_record`: the first row's participant and visit again, with valid values.
/// Without missed visits (no dropout) only the unknown participant's row is planted.
enum PlantedErrors {
    static func make(_ simulator: TrialDataSimulator, form: Form) -> (text: String, errors: [PlantedError]) {
        let file = "errors/\(form.name).csv"
        let columns = CRFWriter.columns(of: form)
        var lines = [columns.map(CRFWriter.field).joined(separator: ",")]
        var errors: [PlantedError] = []
        let roster = simulator.roster
        func add(_ record: SimulatedRecord, id: String, issues: [(String, String)]) {
            lines.append(CRFWriter.row(columns, record: record, id: id))
            for (field, code) in issues {
                errors.append(PlantedError(file: file, form: form.name, line: lines.count, participantID: id,
                                           visit: record.visit.name, field: field, code: code))
            }
        }
        var missed: [(participant: Int, visit: Visit)] = []
        for visit in simulator.trial.visits where visit.day > 0 && visit.forms.contains(form.name) {
            for (index, participant) in roster.participants.enumerated() where !simulator.attends(participant, visit) {
                missed.append((index, visit))
            }
        }
        let item = form.fields.first { $0.kind == .integer && $0.max != nil && $0.calculation == nil }
        if missed.count >= 2, let item {
            let first = missed[0], second = missed[missed.count / 2]
            var broken = simulator.record(form, participant: first.participant, visit: first.visit, attempt: 0)
            broken.cells[item.name] = ItemResponses.format(item.max! + 1, decimals: 0)
            add(broken, id: roster.participants[first.participant].id, issues: [(item.name, "out_of_range")])
            let undated = simulator.record(form, participant: second.participant, visit: second.visit, attempt: 0)
            lines.append(CRFWriter.row(columns, record: undated, id: roster.participants[second.participant].id,
                                       visitDate: "\(undated.date.components.year)-02-30"))
            errors.append(PlantedError(file: file, form: form.name, line: lines.count,
                                       participantID: roster.participants[second.participant].id,
                                       visit: second.visit.name, field: "visit_date", code: "invalid_date"))
        }
        let known = Set(roster.participants.map(\.id))
        var number = roster.participants.count + 1
        var stranger = "P\(number)"
        while known.contains(stranger) { number += 1; stranger = "P\(number)" }
        if let visit = simulator.trial.visits.first(where: { $0.forms.contains(form.name) }) {
            let record = simulator.record(form, participant: 0, visit: visit, attempt: 0)
            add(record, id: stranger, issues: [("participant_id", "unknown_participant")])
        }
        if missed.count >= 2, item != nil {
            let first = missed[0]
            let again = simulator.record(form, participant: first.participant, visit: first.visit, attempt: 1)
            add(again, id: roster.participants[first.participant].id, issues: [("visit", "duplicate_record")])
        }
        return (lines.joined(separator: "\n") + "\n", errors)
    }
}
