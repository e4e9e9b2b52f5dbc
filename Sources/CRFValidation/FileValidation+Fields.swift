import Foundation
import TrialCore

extension FileValidation {
    /// Reads every field of the record into the evaluation context, then computes calculated
    /// fields, applies branching logic and checks required fields.
    func validateFields(header: HeaderMap, cell: (Int) -> UnsafeBufferPointer<UInt8>) {
        for (index, fieldPlan) in plan.fields.enumerated() {
            guard let column = header.fieldColumns[index] else {
                context.row[index] = .empty
                continue
            }
            let text = cell(column)
            let field = fieldPlan.field
            switch fieldPlan.read(text, commaDecimal: commaDecimal) {
            case .success(let value):
                context.row[index] = value
                if field.kind != .calculated, case .number(let number) = value,
                   !checkRanges(number, field: field, shown: shown(text), calculated: false) {
                    context.row[index] = .invalid
                }
            case .failure(let refusal):
                report(refusal.code, field: field.name, "`\(field.name)` \(refusal.message)" + shown(text))
                context.row[index] = .invalid
            }
        }
        for (index, evaluate) in plan.calculations {
            let column = header.fieldColumns[index]
            computeField(index, evaluate: evaluate, entered: column.map(cell))
        }
        applyBranching()
        for (index, fieldPlan) in plan.fields.enumerated() where fieldPlan.field.kind != .calculated {
            let field = fieldPlan.field
            let value = context.row[index]
            switch visibility[index] {
            case .hidden where value.hasEnteredValue:
                report(.hiddenFieldHasValue, field: field.name, "`\(field.name)` holds a value but is hidden by its "
                    + "branching logic (`\(field.showIf ?? "")` is not true); leave it empty")
            case .shown where field.required && value == .empty && header.fieldColumns[index] != nil:
                report(.missingRequired, field: field.name, "`\(field.name)` is required"
                    + (field.showIf == nil ? "" : " when `\(field.showIf!)`")
                    + (field.missingCodes.isEmpty ? "" : "; enter a value or a missing-value code ("
                        + field.missingCodes.map { "`\($0.code)` \($0.label)" }.joined(separator: ", ") + ")"))
            default:
                break
            }
        }
    }

    /// Hard range (refused: returns false) and soft range (a warning) of a number.
    func checkRanges(_ number: Double, field: Field, shown: String, calculated: Bool) -> Bool {
        let subject = calculated ? "the calculated `\(field.name)`" : "`\(field.name)`"
        if let text = rangeText(number, field.min, field.max) {
            report(.outOfRange, field: field.name, "\(subject) must be \(text)" + shown
                + (calculated ? "; check the values it is calculated from" : ""))
            return false
        }
        if let text = rangeText(number, field.softMin, field.softMax) {
            report(.softRange, field: field.name, "\(subject) is outside the expected range (\(text)); confirm or "
                + "correct it" + shown)
        }
        return true
    }

    /// "between a and b", "at least a" or "at most b" when `number` breaks the range, else nil.
    private func rangeText(_ number: Double, _ low: Double?, _ high: Double?) -> String? {
        let below = low.map { number < $0 } ?? false, above = high.map { number > $0 } ?? false
        guard below || above else { return nil }
        switch (low, high) {
        case let (low?, high?): return "between \(format(low)) and \(format(high))"
        case let (low?, nil): return "at least \(format(low))"
        case let (nil, high?): return "at most \(format(high))"
        default: return nil
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
                let tolerance = 0.5 * pow(10, -Double(written.decimals)) + 1e-9 * max(1, abs(value))
                if abs(given - value) > tolerance {
                    report(.calculationMismatch, field: field.name, "`\(field.name)` differs from its calculation "
                        + "\(formula); leave it empty or correct it"
                        + (showValues ? " (entered \(format(given)), calculated \(format(value)))" : ""))
                }
            }
            context.row[index] = checkRanges(value, field: field, shown: showValues ? " (\(format(value)))" : "",
                                             calculated: true) ? .number(value) : .invalid
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
    func runChecks(deferred: Bool) {
        for check in plan.checks where check.deferred == deferred && check.visits.contains(visitName ?? "") {
            if check.evaluate(context) == .boolean(false) {
                report(.checkFailed, field: check.field,
                       check.check.message ?? "check `\(check.check.condition)` is not met", severity: check.check.severity)
            }
        }
    }

    /// Runs the cross-visit checks on every kept record, once all records are known.
    func runDeferredChecks() {
        guard plan.hasDeferredChecks else { return }
        for key in keptOrder {
            guard let record = kept[key] else { continue }
            for index in context.row.indices { context.row[index] = .empty }
            for (position, index) in plan.keptFields.enumerated() { context.row[index] = record.values[position] }
            line = record.line
            participant = record.participant
            visitName = plan.trial.visits[record.visit].name
            context.participant = record.participant
            context.visit = visitName ?? ""
            context.visitDate = record.visitDate
            runChecks(deferred: true)
        }
    }

    /// A value of another record of the participant: this file's records of this form first,
    /// then the stored records.
    func fetch(_ context: EvaluationContext, visit: String, form: String, field: String) -> Value {
        if form == plan.form.name, let index = plan.trial.visits.firstIndex(where: { $0.name == visit }),
           let record = kept[RecordKey(participant: context.participant, visit: index)] {
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
