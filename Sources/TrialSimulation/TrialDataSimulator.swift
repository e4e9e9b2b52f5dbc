import CRFValidation
import Foundation
import Randomization
import TrialCore

/// One simulated CRF record: a form for one participant at one visit.
struct SimulatedRecord {
    var participant: Int
    var visit: Visit
    var date: CalendarDate
    /// Cell text by field name.
    var cells: [String: String]
    /// Stored numeric values of the answered score items (scored forms only).
    var itemValues: [String: Double]
}

/// Simulates CRF records for every form at every visit that collects it.
struct TrialDataSimulator {
    let trial: TrialProtocol
    let settings: SimulationSettings
    let streams: RandomStreams
    let roster: Roster
    let models: [String: ScoreModel]
    let latent: LatentScores
    let control: Int

    init(trial: TrialProtocol, settings: SimulationSettings, roster: Roster) {
        self.trial = trial; self.settings = settings; self.roster = roster
        streams = RandomStreams(seed: settings.seed)
        var models: [String: ScoreModel] = [:]
        for form in trial.forms {
            if let score = form.score { models[form.name] = ScoreModel(form: form, score: score, settings: settings, streams: streams) }
        }
        self.models = models
        latent = LatentScores(trial: trial, settings: settings, streams: streams, scores: Array(models.keys).sorted())
        control = settings.controlArm.flatMap { code in trial.arms.firstIndex { $0.code == code } } ?? trial.arms.count - 1
    }

    /// Visits after randomization (day > 0), in protocol order.
    var laterVisits: [String] { trial.visits.filter { $0.day > 0 }.map(\.name) }

    /// Whether the participant attends `visit` (visits up to day 0 always; later ones until dropout).
    func attends(_ participant: SimulatedParticipant, _ visit: Visit) -> Bool {
        guard visit.day > 0, let k = laterVisits.firstIndex(of: visit.name) else { return true }
        return k < participant.attendedAfterRandomization
    }

    /// The visit date: randomization date + nominal day + an offset uniform over the window.
    func visitDate(_ participant: SimulatedParticipant, _ visit: Visit) -> CalendarDate {
        var stream = streams.generator("visit-date", participant.id, visit.name)
        let offset = -visit.windowBefore + stream.nextIndex(below: visit.windowBefore + visit.windowAfter + 1)
        return CalendarDate(dayNumber: participant.randomized.dayNumber + visit.day + offset)
    }

    /// The (participant index, visit) pairs at which `form` is collected, participant by participant.
    func schedule(of form: Form) -> [(participant: Int, visit: Visit)] {
        let visits = trial.visits.filter { $0.forms.contains(form.name) }
        var result: [(Int, Visit)] = []
        for (index, participant) in roster.participants.enumerated() {
            for visit in visits where attends(participant, visit) { result.append((index, visit)) }
        }
        return result
    }

    /// One record; `attempt` > 0 draws it again (after the validator refused an earlier draw).
    func record(_ form: Form, participant index: Int, visit: Visit, attempt: Int) -> SimulatedRecord {
        let participant = roster.participants[index]
        let date = visitDate(participant, visit)
        var generator = streams.generator("record", participant.id, form.name, visit.name, String(attempt))
        var cells: [String: String] = [:]
        var itemValues: [String: Double] = [:]
        if let model = models[form.name] {
            let target = latent.score(model, participant: participant, visit: visit, treated: participant.arm != control)
            let items = ItemResponses(model: model, target: target, nonResponse: settings.itemNonResponse, generator: &generator)
            cells = items.texts
            itemValues = items.values
        }
        let eligibility = trial.randomization.eligibility
        for field in form.fields where cells[field.name] == nil && field.kind != .calculated {
            if let eligibility, eligibility.form == form.name, eligibility.field == field.name {
                cells[field.name] = "1"
            } else {
                var own = streams.generator("field-level", participant.id, field.name, String(attempt / 5))
                cells[field.name] = FieldValues.value(field, visitDate: date, level: own.nextUnitDouble(), generator: &generator)
            }
        }
        return SimulatedRecord(participant: index, visit: visit, date: date, cells: cells, itemValues: itemValues)
    }

    /// Every record of `form`. With `validating`, the protocol's validator checks them and any
    /// record with an issue (error, warning or note) is drawn again (up to 30 times), so the
    /// files validate clean. A participant's level of a number field (``FieldValues``) is kept
    /// for five rounds at a time, so that a redrawn later visit stays consistent with the
    /// earlier one;
    /// `others` holds the records of forms simulated before, for checks that read them.
    func records(of form: Form, validating: Bool, others: InMemoryRecords = InMemoryRecords()) throws -> [SimulatedRecord] {
        var records = schedule(of: form).map { record(form, participant: $0.participant, visit: $0.visit, attempt: 0) }
        guard validating else { return records }
        let validator = Validator(protocol: trial)
        let known = Set(roster.participants.map(\.id))
        let dates = Dictionary(uniqueKeysWithValues: roster.participants.map { ($0.id, $0.randomized) })
        for attempt in 1...30 {
            let text = CRFWriter.csv(form: form, records: records, roster: roster)
            let report = try validator.validate(data: Data(text.utf8), name: form.name + ".csv", form: form.name,
                                                knownParticipants: known, randomizationDates: dates, existingRecords: others)
            let bad = Set(report.issues.filter { $0.line >= 2 }.map { $0.line - 2 })
            if bad.isEmpty { break }
            for index in bad where index < records.count {
                records[index] = record(form, participant: records[index].participant, visit: records[index].visit, attempt: attempt)
            }
        }
        return records
    }
}

/// CRF data files in the format `crf import` reads.
enum CRFWriter {
    /// The columns of a form's file: participant_id, visit, visit_date, then every field that is
    /// not calculated, in protocol order.
    static func columns(of form: Form) -> [String] {
        ["participant_id", "visit", "visit_date"] + form.fields.filter { $0.kind != .calculated }.map(\.name)
    }

    static func csv(form: Form, records: [SimulatedRecord], roster: Roster) -> String {
        let columns = columns(of: form)
        var lines = [columns.map(field).joined(separator: ",")]
        lines.reserveCapacity(records.count + 1)
        for record in records {
            lines.append(row(columns, record: record, id: roster.participants[record.participant].id))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func row(_ columns: [String], record: SimulatedRecord, id: String, visitDate: String? = nil) -> String {
        columns.map { column -> String in
            switch column {
            case "participant_id": return field(id)
            case "visit": return field(record.visit.name)
            case "visit_date": return visitDate ?? record.date.description
            default: return field(record.cells[column] ?? "")
            }
        }.joined(separator: ",")
    }

    /// RFC 4180: quoted when the text holds a comma, a quote or a line break.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
