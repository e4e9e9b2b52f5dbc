import Tabular
import TrialCore

/// The validation of one data file against one form: reads the records one at a time and
/// reports every issue. Memory grows only with the number of distinct records (for duplicate
/// detection) and, when the form has cross-visit checks, with the values those checks read.
final class FileValidation {
    /// Where a record was first seen, and its index in `kept` (−1 when not kept): 8 bytes per
    /// participant × visit, the compact key set duplicate detection needs.
    struct RecordSlot {
        var line: Int32 = 0
        var kept: Int32 = -1
    }

    /// What a cross-visit check needs of one record, kept until the whole file is read.
    struct KeptRecord {
        var line: Int32
        var participantNumber: Int32
        var visit: Int32
        var visitDate: Value
        var values: [Value]
    }

    enum Visibility { case shown, hidden, undecided }

    let plan: FormPlan
    let showValues: Bool
    let knownParticipants: Set<String>?
    let randomizationDates: [String: CalendarDate]
    let lookup: any RecordLookup
    let visitBytes: [[UInt8]]
    /// Whether each visit of the protocol collects the form.
    let collectsForm: [Bool]
    let keptPosition: [Int: Int]
    var collector: IssueCollector
    /// The issues kept so far, by line; for callers that validate a record or two (setting it
    /// replaces them). Files go through `collector`, which bounds memory.
    var issues: [ValidationIssue] {
        get { collector.sorted }
        set {
            collector = IssueCollector(limit: collector.limit)
            for issue in newValue { collector.append(issue) }
        }
    }
    var rows = 0
    var header: HeaderMap?
    var commaDecimal = false
    /// Participants in order of first appearance, numbered from 0.
    var participantNumbers: [String: Int] = [:]
    var participantNames: [String] = []
    /// Each participant's records by visit index, at `participant × visits + visit` (`line` 0: none seen).
    var records: [RecordSlot] = []
    var kept: [KeptRecord] = []
    var visibility: [Visibility]
    var context: EvaluationContext!

    // The record being validated.
    var line = 0
    var participant: String?
    /// The participant's number in `records` (−1 when the row has no participant).
    var participantNumber = -1
    var visitName: String?

    init(plan: FormPlan, showValues: Bool, knownParticipants: Set<String>?,
         randomizationDates: [String: CalendarDate], lookup: any RecordLookup, issueLimit: Int? = nil) {
        collector = IssueCollector(limit: issueLimit)
        self.plan = plan
        self.showValues = showValues
        self.knownParticipants = knownParticipants
        self.randomizationDates = randomizationDates
        self.lookup = lookup
        visitBytes = plan.trial.visits.map { Array($0.name.utf8) }
        collectsForm = plan.trial.visits.map { $0.forms.contains(plan.form.name) }
        keptPosition = Dictionary(uniqueKeysWithValues: plan.keptFields.enumerated().map { ($1, $0) })
        visibility = Array(repeating: .shown, count: plan.fields.count)
        context = EvaluationContext(fieldCount: plan.fields.count) { [unowned self] context, visit, form, field in
            self.fetch(context, visit: visit, form: form, field: field)
        }
    }

    /// Reads every record of `reader`; issues are sorted by line at the end.
    func run(_ reader: inout CSVRecordReader, file: String) throws(ValidationError) {
        var record = CSVRecord()
        commaDecimal = reader.delimiter == 0x3B
        guard reader.next(into: &record), !record.isBlank || record.isTooLong else { throw .noHeader(path: file) }
        if record.isTooLong { throw .lineTooLong(path: file, line: record.line, limit: reader.maxRecordBytes) }
        if record.hasNonASCII, !Bytes.isValidUTF8(record.bytes) { throw .notUTF8(path: file, line: record.line) }
        let names = record.bytes.withUnsafeBufferPointer { buffer in
            record.cells.map { Bytes.string(Bytes.trimmed(UnsafeBufferPointer(rebasing: buffer[$0.start..<$0.end]))) }
        }
        header = HeaderMap(names: names, plan: plan) { collector.append($0) }
        while reader.next(into: &record) {
            if record.isTooLong { throw .lineTooLong(path: file, line: record.line, limit: reader.maxRecordBytes) }
            if record.isBlank { continue }
            rows += 1
            if record.hasNonASCII, !Bytes.isValidUTF8(record.bytes) { throw .notUTF8(path: file, line: record.line) }
            validate(record)
        }
        runDeferredChecks()
    }

    func validate(_ record: CSVRecord) {
        guard let header else { return }
        line = record.line
        participant = nil
        participantNumber = -1
        visitName = nil
        record.bytes.withUnsafeBufferPointer { buffer in
            let cell = { (column: Int) -> UnsafeBufferPointer<UInt8> in
                let span = record.cells[column]
                return Bytes.trimmed(UnsafeBufferPointer(rebasing: buffer[span.start..<span.end]))
            }
            if let column = header.participant, column < record.cells.count, !cell(column).isEmpty {
                participant = Bytes.string(cell(column))
            }
            if let problem = record.problem {
                report(.malformedRow, field: nil, "the row cannot be split into cells: \(problem)")
                return
            }
            let extra = record.cells.count > header.columnCount
                && (header.columnCount..<record.cells.count).allSatisfy { cell($0).isEmpty }
            guard record.cells.count == header.columnCount || extra else {
                report(.malformedRow, field: nil, "the row has \(record.cells.count) cells but the header has "
                    + "\(header.columnCount); quote values that contain the delimiter")
                return
            }
            readParticipant(header.participant.map(cell))
            let visit = readVisit(header.visit.map(cell))
            let visitDate = readVisitDate(header.visitDate.map(cell), visit: visit)
            let duplicate = checkDuplicate(visit: visit)
            context.participant = participant ?? ""
            context.participantNumber = participantNumber
            context.visit = visitName ?? ""
            context.visitDate = visitDate
            validateFields(header: header, cell: cell)
            let runsChecks = visit.map { collectsForm[$0] } ?? false
            if runsChecks, let visit { runChecks(deferred: false, visit: visit) }
            if runsChecks, !duplicate, plan.hasDeferredChecks, participant != nil, let visit, participantNumber >= 0 {
                records[slot(participantNumber, visit)].kept = Int32(kept.count)
                kept.append(KeptRecord(line: Int32(line), participantNumber: Int32(participantNumber), visit: Int32(visit),
                                       visitDate: visitDate, values: plan.keptFields.map { context.row[$0] }))
            }
        }
    }

    // MARK: - participant_id, visit, visit_date

    private func readParticipant(_ cell: UnsafeBufferPointer<UInt8>?) {
        guard let cell else { return }
        guard let participant, !cell.isEmpty else {
            report(.missingRequired, field: HeaderMap.participantColumn,
                   "participant_id is empty; every row needs the participant's identifier")
            return
        }
        if let known = knownParticipants, !known.contains(participant) {
            report(.unknownParticipant, field: HeaderMap.participantColumn,
                   "the participant is not enrolled in this trial; check the identifier")
        }
    }

    /// The visit's index in the protocol, when the cell names a visit.
    private func readVisit(_ cell: UnsafeBufferPointer<UInt8>?) -> Int? {
        guard let cell else { return nil }
        var collecting: String { plan.collectingVisits.map { "`\($0.name)`" }.joined(separator: ", ") }
        guard !cell.isEmpty else {
            report(.missingRequired, field: HeaderMap.visitColumn, "visit is empty; name the visit (\(collecting))")
            return nil
        }
        guard let index = visitBytes.firstIndex(where: { Bytes.equal(cell, $0) }) else {
            visitName = Bytes.string(cell)
            report(.unknownVisit, field: HeaderMap.visitColumn, "the visit is not defined in the protocol; form "
                + "`\(plan.form.name)` is collected at \(collecting)" + shown(cell))
            return nil
        }
        let visit = plan.trial.visits[index]
        visitName = visit.name
        if !collectsForm[index] {
            report(.formNotAtVisit, field: HeaderMap.visitColumn, "visit `\(visit.name)` does not collect form "
                + "`\(plan.form.name)`; it is collected at \(collecting)")
        }
        return index
    }

    private func readVisitDate(_ cell: UnsafeBufferPointer<UInt8>?, visit: Int?) -> Value {
        guard let cell else { return .empty }
        guard !cell.isEmpty else {
            report(.missingRequired, field: HeaderMap.dateColumn, "visit_date is empty; give the assessment date as YYYY-MM-DD")
            return .empty
        }
        guard let day = CalendarDate.parseDayNumber(cell) else {
            report(.invalidDate, field: HeaderMap.dateColumn, "visit_date must be a date written YYYY-MM-DD, e.g. "
                + "2024-01-31" + shown(cell))
            return .invalid
        }
        if let visit, let participant, let randomized = randomizationDates[participant] {
            let schedule = plan.trial.visits[visit]
            let offset = day - randomized.dayNumber
            if collectsForm[visit], !schedule.window.contains(offset) {
                let side = offset < schedule.window.lowerBound ? "before" : "after"
                report(.outsideVisitWindow, field: HeaderMap.dateColumn, "the visit date lies \(side) the window of "
                    + "visit `\(schedule.name)` (days \(schedule.window.lowerBound) to \(schedule.window.upperBound) "
                    + "from randomization)" + (showValues ? " (day \(offset))" : ""))
            }
        }
        return .date(day)
    }

    /// Reports a second record of the same participant and visit; true when it is one.
    private func checkDuplicate(visit: Int?) -> Bool {
        guard let participant, let visit else { return false }
        if let number = participantNumbers[participant] {
            participantNumber = number
        } else {
            participantNumber = participantNames.count
            participantNumbers[participant] = participantNumber
            participantNames.append(participant)
            records.append(contentsOf: repeatElement(RecordSlot(), count: visitBytes.count))
        }
        let name = plan.trial.visits[visit].name
        let first = records[slot(participantNumber, visit)].line
        if first > 0 {
            report(.duplicateRecord, field: HeaderMap.visitColumn, "a second record of this participant at visit "
                + "`\(name)` (the first is on line \(first)); keep one")
            return true
        }
        records[slot(participantNumber, visit)].line = Int32(clamping: line)
        if lookup.hasRecord(participant: participant, visit: name, form: plan.form.name) {
            report(.duplicateRecord, field: HeaderMap.visitColumn, "a record of this participant at visit `\(name)` "
                + "is already stored; correct the stored record instead of importing it again")
            return true
        }
        return false
    }

    /// The index in `records` of a participant's record at a visit.
    func slot(_ participantNumber: Int, _ visit: Int) -> Int { participantNumber * visitBytes.count + visit }

    // MARK: - Reporting

    func report(_ code: IssueCode, field: String?, _ message: String, severity: Severity? = nil) {
        collector.append(ValidationIssue(line: line, participantID: participant, visit: visitName, field: field,
                                      code: code, severity: severity ?? code.defaultSeverity, message: message))
    }

    /// ` (value: `…`)` when values may be shown, else nothing.
    func shown(_ cell: UnsafeBufferPointer<UInt8>) -> String {
        showValues ? " (value: `\(Bytes.string(cell))`)" : ""
    }
}
