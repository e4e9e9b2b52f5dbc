import Foundation
import TrialCore

/// The derived values of one stored record: its calculated fields and its scores, computed by
/// the validator's own rules (each value read with its field's rules, a missing-value code or
/// an invalid value counts as missing; calculations in dependency order; a calculated value
/// outside its hard range gives no value).
///
/// Exports use it, so a calculated column holds what `crf validate` would accept for it and a
/// score column holds `ScoreCalculator`'s value.
public struct RecordDerivation {
    private let plan: FormPlan
    private let scoring: ScoreCalculator?

    public init(trial: TrialProtocol, form formName: String) throws(ValidationError) {
        guard let form = trial.form(named: formName) else {
            throw .unknownForm(name: formName, known: trial.forms.map(\.name))
        }
        plan = try FormPlan(trial: trial, form: form)
        scoring = ScoreCalculator(form: form)
    }

    /// Names of the score columns: the form's total (named after the form), then each subscore.
    public var scoreNames: [String] {
        guard let score = scoring?.score else { return [] }
        return [plan.form.name] + score.subscores.map(\.name)
    }

    /// What one record derives.
    public struct Derived: Sendable, Equatable {
        /// Each calculated field's value as text (`""` when it has none), by field name.
        public var calculated: [String: String]
        /// The scores, in the order of `scoreNames`; nil when too few items were answered.
        public var scores: [Double?]
    }

    /// Derives the values of a record from its stored texts (field name → text, `visit_date`
    /// included); `lookup` answers references to other visits and forms.
    public func derive(_ texts: [String: String], participant: String, visit: String,
                       lookup: any RecordLookup = NoRecords()) -> Derived {
        let context = EvaluationContext(fieldCount: plan.fields.count) { context, visit, form, field in
            guard let text = lookup.value(participant: context.participant, visit: visit, form: form, field: field) else {
                return .empty
            }
            if field == FieldReference.visitDate {
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { return .empty }
                return CalendarDate(iso: trimmed).map { .date($0.dayNumber) } ?? .invalid
            }
            return plan.plans[field]?.read(stored: text) ?? .invalid
        }
        context.participant = participant
        context.visit = visit
        if let date = texts[FieldReference.visitDate]?.trimmingCharacters(in: .whitespaces), !date.isEmpty {
            context.visitDate = CalendarDate(iso: date).map { .date($0.dayNumber) } ?? .invalid
        }
        for (index, fieldPlan) in plan.fields.enumerated() where fieldPlan.kind != .calculated {
            var value = fieldPlan.read(stored: texts[fieldPlan.name] ?? "")
            if case .number(let number) = value, Self.outside(number, fieldPlan.min, fieldPlan.max) { value = .invalid }
            context.row[index] = value
        }
        var calculated: [String: String] = [:]
        for (index, evaluate) in plan.calculations {
            let fieldPlan = plan.fields[index]
            if case .number(let number) = evaluate(context), !Self.outside(number, fieldPlan.min, fieldPlan.max) {
                context.row[index] = .number(number)
                calculated[fieldPlan.name] = Self.text(number, decimals: fieldPlan.field.decimals)
            } else {
                context.row[index] = .empty
                calculated[fieldPlan.name] = ""
            }
        }
        let scores = scoring.map { scoring in
            scoring.scores { name in
                guard let index = plan.fieldIndex[name] else { return nil }
                switch context.row[index] {
                case .number(let number): return number
                case .choice(let choice): return plan.fields[index].numericCodes[choice]
                default: return nil
                }
            }.map(\.value)
        } ?? []
        return Derived(calculated: calculated, scores: scores)
    }

    private static func outside(_ number: Double, _ low: Double?, _ high: Double?) -> Bool {
        if let low, number < low { return true }
        if let high, number > high { return true }
        return false
    }

    /// A calculated value as written to a file: with the field's `decimals` when it has them
    /// (rounded half away from zero), else the shortest text that reads back as the same number.
    static func text(_ number: Double, decimals: Int?) -> String {
        guard let decimals else { return format(number) }
        let scale = ParsedNumber.powerOfTen(decimals)
        let rounded = (number * scale).rounded(.toNearestOrAwayFromZero) / scale
        return String(format: "%.\(decimals)f", rounded)
    }

    /// A score as written to a file: the shortest text that reads back as the same number.
    public static func text(score: Double) -> String { format(score) }
}
