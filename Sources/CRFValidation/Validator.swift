import Foundation
import Tabular
import TrialCore

/// Validates CRF data files against a protocol's forms, reporting every issue.
///
/// A data file is CSV (UTF-8, with or without a byte-order mark; `,`, `;` or tab as the
/// delimiter) with a header row naming `participant_id`, `visit`, `visit_date` (ISO 8601) and
/// the form's fields in any order; calculated fields may be left out. Every row is one record
/// of the form for one participant at one visit.
public struct Validator: Sendable {
    public let trial: TrialProtocol
    /// Put the offending values into messages. Off by default: reports are often shared
    /// more widely than the data.
    public var showValues: Bool
    /// Most issues the report lists in detail (the first by line); every issue is still
    /// counted. Nil lists every issue. With a limit, memory does not grow with the number of
    /// issues, only with the number of distinct records (see docs/crf-validation.md).
    public var issueLimit: Int?

    public init(protocol trial: TrialProtocol, showValues: Bool = false, issueLimit: Int? = nil) {
        self.trial = trial
        self.showValues = showValues
        self.issueLimit = issueLimit
    }

    /// Validates the CSV file at `file` as records of `form`.
    ///
    /// - Parameters:
    ///   - knownParticipants: enrolled participant ids; nil skips the check.
    ///   - randomizationDates: each randomized participant's randomization date; visit dates of
    ///     participants listed here are checked against the visit windows.
    ///   - existingRecords: stored records, for duplicates and for checks reading other records.
    /// - Throws: `ValidationError` when the file cannot be read or is not a data file at all;
    ///   problems in the data are issues in the report.
    public func validate(file: String, form: String, knownParticipants: Set<String>? = nil,
                         randomizationDates: [String: CalendarDate] = [:],
                         existingRecords: any RecordLookup = NoRecords()) throws(ValidationError) -> ValidationReport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            throw .fileMissing(path: file)
        }
        guard !isDirectory.boolValue else { throw .unreadable(path: file, reason: "it is a directory") }
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw .unreadable(path: file, reason: "permission denied or not a regular file")
        }
        defer { try? handle.close() }
        return try validate(source: .file(handle), name: file, form: form, knownParticipants: knownParticipants,
                            randomizationDates: randomizationDates, existingRecords: existingRecords)
    }

    /// Validates CSV bytes held in memory; `name` stands for the file in the report.
    public func validate(data: Data, name: String, form: String, knownParticipants: Set<String>? = nil,
                         randomizationDates: [String: CalendarDate] = [:],
                         existingRecords: any RecordLookup = NoRecords()) throws(ValidationError) -> ValidationReport {
        try validate(source: .memory(data, offset: 0), name: name, form: form, knownParticipants: knownParticipants,
                     randomizationDates: randomizationDates, existingRecords: existingRecords)
    }

    private func validate(source: ByteSource, name: String, form formName: String, knownParticipants: Set<String>?,
                          randomizationDates: [String: CalendarDate],
                          existingRecords: any RecordLookup) throws(ValidationError) -> ValidationReport {
        guard let form = trial.form(named: formName) else {
            throw .unknownForm(name: formName, known: trial.forms.map(\.name))
        }
        let plan = try FormPlan(trial: trial, form: form)
        var reader = CSVRecordReader(source: source)
        let validation = FileValidation(plan: plan, showValues: showValues, knownParticipants: knownParticipants,
                                        randomizationDates: randomizationDates, lookup: existingRecords,
                                        issueLimit: issueLimit)
        try validation.run(&reader, file: name)
        return ValidationReport(file: name, form: formName, rows: validation.rows, collector: &validation.collector)
    }
}
