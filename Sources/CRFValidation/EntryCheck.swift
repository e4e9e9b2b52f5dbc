import Foundation
import Tabular
import TrialCore

/// Checks one record while it is being entered, with exactly the validator's rules.
///
/// Interactive entry (`trialkit crf enter`) asks one field at a time. After each answer the
/// record as entered so far is validated as a one-row data file (the same field rules, ranges,
/// branching logic, calculations, edit checks and visit window as `Validator`), and the caller
/// reads the issues of the field just answered, which fields the answers so far hide, and the
/// calculated values. Nothing here re-implements a rule.
public struct EntryCheck: Sendable {
    /// The record after the answers given so far.
    public struct Outcome: Sendable, Equatable {
        /// Every issue of the record (fields not yet answered are empty, so they may be
        /// reported as `missing_required`; callers filter by field).
        public var issues: [ValidationIssue]
        /// Fields whose branching logic hides them given the answers so far.
        public var hidden: Set<String>
        /// Calculated fields that have a value, by name.
        public var calculated: [String: Double]

        /// The issues reported against `field`.
        public func issues(of field: String) -> [ValidationIssue] { issues.filter { $0.field == field } }
    }

    public let trial: TrialProtocol
    public let form: Form
    /// Put the offending values into messages (the person entering typed them).
    public var showValues: Bool

    /// - Throws: `.unknownForm`, or `.invalidExpression` for a protocol that does not compile.
    public init(protocol trial: TrialProtocol, form formName: String, showValues: Bool = true) throws(ValidationError) {
        guard let form = trial.form(named: formName) else {
            throw .unknownForm(name: formName, known: trial.forms.map(\.name))
        }
        _ = try FormPlan(trial: trial, form: form)
        self.trial = trial
        self.form = form
        self.showValues = showValues
    }

    /// The fields a person enters, in form order (calculated fields are computed).
    public var enteredFields: [Field] { form.fields.filter { $0.kind != .calculated } }

    /// Validates the record `values` (field name → text as typed; absent or empty: not
    /// answered) of `participant` at `visit` dated `visitDate`.
    public func check(participant: String, visit: String, visitDate: String, values: [String: String],
                      knownParticipants: Set<String>? = nil, randomizationDates: [String: CalendarDate] = [:],
                      existingRecords: any RecordLookup = NoRecords()) -> Outcome {
        // The plan compiled in init, so this cannot fail.
        guard let plan = try? FormPlan(trial: trial, form: form) else { return Outcome(issues: [], hidden: [], calculated: [:]) }
        let names = ["participant_id", "visit", "visit_date"] + enteredFields.map(\.name)
        let cells = [participant, visit, visitDate] + enteredFields.map { values[$0.name] ?? "" }
        let text = Self.csvLine(names) + Self.csvLine(cells)
        var reader = CSVRecordReader(source: .memory(Data(text.utf8), offset: 0))
        let validation = FileValidation(plan: plan, showValues: showValues, knownParticipants: knownParticipants,
                                        randomizationDates: randomizationDates, lookup: existingRecords)
        var record = CSVRecord()
        guard reader.next(into: &record) else { return Outcome(issues: [], hidden: [], calculated: [:]) }
        validation.header = HeaderMap(names: names, plan: plan) { validation.issues.append($0) }
        var hidden = Set<String>(), calculated: [String: Double] = [:]
        if reader.next(into: &record) {
            validation.rows = 1
            validation.validate(record)
            for (index, visibility) in validation.visibility.enumerated() where visibility == .hidden {
                hidden.insert(plan.fields[index].name)
            }
            for (index, fieldPlan) in plan.fields.enumerated() where fieldPlan.kind == .calculated {
                if case .number(let value) = validation.context.row[index] { calculated[fieldPlan.name] = value }
            }
        }
        validation.runDeferredChecks()
        return Outcome(issues: validation.issues, hidden: hidden, calculated: calculated)
    }

    /// One CSV line with every cell quoted (RFC 4180: a quote is doubled).
    static func csvLine(_ cells: [String]) -> String {
        cells.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\n"
    }
}
