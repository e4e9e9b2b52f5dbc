import Foundation
import TrialCore

extension FileValidation {
    /// Reads every field of the record into the evaluation context, then computes calculated
    /// fields, applies branching logic and checks required fields.
    func validateFields(header: HeaderMap, cell: (Int) -> UnsafeBufferPointer<UInt8>) {
        // The row is moved out of the context while it is filled (no copy, no access checks per cell).
        var row: [Value] = []
        swap(&row, &context.row)
        let fields = plan.fields, columns = header.fieldColumns, commaDecimal = self.commaDecimal
        for index in fields.indices {
            guard let column = columns[index] else {
                row[index] = .empty
                continue
            }
            let fieldPlan = fields[index]
            let text = cell(column)
            switch fieldPlan.read(text, commaDecimal: commaDecimal) {
            case .success(let value):
                row[index] = value
                if case .number(let number) = value, fieldPlan.kind != .calculated,
                   !checkRanges(number, fieldPlan, text: text, calculated: false) {
                    row[index] = .invalid
                }
            case .failure(let refusal):
                report(refusal.code, field: fieldPlan.name, "`\(fieldPlan.name)` \(refusal.message)" + shown(text))
                row[index] = .invalid
            }
        }
        swap(&row, &context.row)
        for (index, evaluate) in plan.calculations {
            let column = header.fieldColumns[index]
            computeField(index, evaluate: evaluate, entered: column.map(cell))
        }
        applyBranching()
        for (index, fieldPlan) in plan.fields.enumerated() where fieldPlan.kind != .calculated {
            switch visibility[index] {
            case .hidden where context.row[index].hasEnteredValue:
                let field = fieldPlan.field
                report(.hiddenFieldHasValue, field: field.name, "`\(field.name)` holds a value but is hidden by its "
                    + "branching logic (`\(field.showIf ?? "")` is not true); leave it empty")
            case .shown where fieldPlan.required && context.row[index] == .empty && header.fieldColumns[index] != nil:
                let field = fieldPlan.field
                report(.missingRequired, field: field.name, "`\(field.name)` is required"
                    + (field.showIf == nil ? "" : " when `\(field.showIf!)`")
                    + (field.missingCodes.isEmpty ? "" : "; enter a value or a missing-value code ("
                        + field.missingCodes.map { "`\($0.code)` \($0.label)" }.joined(separator: ", ") + ")"))
            default:
                break
            }
        }
    }

    /// Hard range (refused: returns false) and soft range (a warning) of a number; `text` is
    /// the cell (nil for a calculated value, shown as the number).
    func checkRanges(_ number: Double, _ fieldPlan: FieldPlan, text: UnsafeBufferPointer<UInt8>?, calculated: Bool) -> Bool {
        let hard = outside(number, fieldPlan.min, fieldPlan.max)
        let soft = !hard && outside(number, fieldPlan.softMin, fieldPlan.softMax)
        guard hard || soft else { return true }
        let name = fieldPlan.name
        let subject = calculated ? "the calculated `\(name)`" : "`\(name)`"
        let value = text.map(shown) ?? (showValues ? " (\(format(number)))" : "")
        if hard {
            report(.outOfRange, field: name, "\(subject) must be \(rangeText(fieldPlan.min, fieldPlan.max))" + value
                + (calculated ? "; check the values it is calculated from" : ""))
            return false
        }
        report(.softRange, field: name, "\(subject) is outside the expected range (\(rangeText(fieldPlan.softMin, fieldPlan.softMax))); "
            + "confirm or correct it" + value)
        return true
    }

    private func outside(_ number: Double, _ low: Double?, _ high: Double?) -> Bool {
        if let low, number < low { return true }
        if let high, number > high { return true }
        return false
    }

    /// "between a and b", "at least a" or "at most b".
    private func rangeText(_ low: Double?, _ high: Double?) -> String {
        switch (low, high) {
        case let (low?, high?): return "between \(format(low)) and \(format(high))"
        case let (low?, nil): return "at least \(format(low))"
        case let (nil, high?): return "at most \(format(high))"
        default: return "in range"
        }
    }

    /// Computes a calculated field; a value entered in the file must agree with it to within
    /// half a unit of its last decimal place.
    private func computeField(_ index: Int, evaluate: Evaluator, entered text: UnsafeBufferPointer<UInt8>?) {
        let field = plan.fields[index].field
        let entered = context.row[index]
        let computed = evaluate(context)
        let formula = "`\(field.calculation ?? "")`"
        switch computed {
        case .number(let value):
            if case .number(let given) = entered, let text,
               let written = ParsedNumber.parse(text, commaDecimal: commaDecimal) {
                let tolerance = 0.5 / ParsedNumber.powerOfTen(written.decimals) + 1e-9 * max(1, abs(value))
                if abs(given - value) > tolerance {
                    report(.calculationMismatch, field: field.name, "`\(field.name)` differs from its calculation "
                        + "\(formula); leave it empty or correct it"
                        + (showValues ? " (entered \(format(given)), calculated \(format(value)))" : ""))
                }
            }
            context.row[index] = checkRanges(value, plan.fields[index], text: nil, calculated: true) ? .number(value) : .invalid
        case .invalid:
            context.row[index] = .invalid
        default:
            if entered.hasEnteredValue, entered != .invalid {
                report(.calculationMismatch, field: field.name, "`\(field.name)` has a value, but its calculation "
                    + "\(formula) gives none because a value it needs is missing; leave it empty")
            }
            context.row[index] = .empty
        }
    }

    /// Evaluates every `show_if`: true shows the field; false or undecidable because of an
    /// empty value hides it; an invalid value leaves it undecided (no further issue).
    private func applyBranching() {
        for index in visibility.indices { visibility[index] = .shown }
        for (index, evaluate) in plan.branching {
            switch evaluate(context) {
            case .boolean(true): visibility[index] = .shown
            case .invalid: visibility[index] = .undecided
            default: visibility[index] = .hidden
            }
        }
    }

    /// Runs the checks of the record's visit: those that read only this record and other
    /// forms now, those that read other visits of this form after the whole file.
    func runChecks(deferred: Bool, visit: Int) {
        for check in plan.checks where check.deferred == deferred && check.runsAt[visit] {
            if check.evaluate(context) == .boolean(false) {
                report(.checkFailed, field: check.field,
                       check.check.message ?? "check `\(check.check.condition)` is not met", severity: check.check.severity)
            }
        }
    }

    /// Runs the cross-visit checks on every kept record, once all records are known.
    func runDeferredChecks() {
        guard plan.hasDeferredChecks else { return }
        for record in kept {
            for index in context.row.indices { context.row[index] = .empty }
            for (position, index) in plan.keptFields.enumerated() { context.row[index] = record.values[position] }
            line = Int(record.line)
            participant = participantNames[Int(record.participantNumber)]
            visitName = plan.trial.visits[Int(record.visit)].name
            context.participant = participant ?? ""
            context.participantNumber = Int(record.participantNumber)
            context.visit = visitName ?? ""
            context.visitDate = record.visitDate
            runChecks(deferred: true, visit: Int(record.visit))
        }
    }

    /// A value of another record of the participant: this file's records of this form first,
    /// then the stored records.
    func fetch(_ context: EvaluationContext, visit: String, form: String, field: String) -> Value {
        if form == plan.form.name, context.participantNumber >= 0,
           let index = plan.trial.visits.firstIndex(where: { $0.name == visit }),
           case let slot = records[slot(context.participantNumber, index)], slot.kept >= 0 {
            let record = kept[Int(slot.kept)]
            if field == FieldReference.visitDate { return record.visitDate }
            if let fieldIndex = plan.fieldIndex[field], let position = keptPosition[fieldIndex] {
                return record.values[position]
            }
        }
        guard !context.participant.isEmpty,
              let text = lookup.value(participant: context.participant, visit: visit, form: form, field: field)
        else { return .empty }
        if field == FieldReference.visitDate {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return .empty }
            return CalendarDate(iso: trimmed).map { .date($0.dayNumber) } ?? .invalid
        }
        return plan.plans[field]?.read(stored: text) ?? .invalid
    }
}

/// A number as people write it: `18`, `2.5`, `0.001`.
func format(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(value)
}
