import Foundation
import TrialCore

/// What an expression reads while it is evaluated on one record.
final class EvaluationContext {
    /// The record's values, by field index in the form.
    var row: [Value]
    var visitDate: Value = .empty
    var participant = ""
    /// The participant's number among this file's participants (−1: none).
    var participantNumber = -1
    var visit = ""
    /// Values of other records: `(visit, form, field)` for the record's participant.
    let fetch: (EvaluationContext, String, String, String) -> Value

    init(fieldCount: Int, fetch: @escaping (EvaluationContext, String, String, String) -> Value) {
        row = Array(repeating: .empty, count: fieldCount)
        self.fetch = fetch
    }
}

typealias Evaluator = (EvaluationContext) -> Value

/// Turns a typed expression into a tree of closures over `EvaluationContext`.
///
/// Semantics (three-valued, as SQL and Kleene): an operation on an empty value gives empty;
/// on an invalid value gives invalid; `false and x` is false and `true or x` is true whatever
/// x is. `sum`, `mean`, `min` and `max` skip empty values. Division by zero gives empty.
struct ExpressionCompiler {
    /// Index of each field of the evaluated form.
    let localFields: [String: Int]
    /// The evaluated form.
    let form: String
    /// Plans of every field an expression may read (for choice codes).
    let plans: [String: FieldPlan]

    func compile(_ expression: TypedExpression) -> Evaluator {
        switch expression {
        case .number(let value): return { _ in .number(value) }
        case .text(let value): return { _ in .text(value) }
        case .boolean(let value): return { _ in .boolean(value) }
        case .date(let value): return { _ in .date(value) }
        case .datetime(let value): return { _ in .datetime(value) }
        case .field(let reference, let type): return read(reference, as: type)
        case .negate(let operand):
            let inner = compile(operand)
            return { context in
                let value = inner(context)
                if case .number(let x) = value { return .number(-x) }
                return unknown(value)
            }
        case .not(let operand):
            let inner = compile(operand)
            return { context in
                let value = inner(context)
                if case .boolean(let b) = value { return .boolean(!b) }
                return unknown(value)
            }
        case .arithmetic(let op, let left, let right, _):
            let l = compile(left), r = compile(right)
            return { context in Arithmetic.apply(op, l(context), r(context)) }
        case .comparison(let op, let left, let right):
            let l = compile(left), r = compile(right)
            return { context in Arithmetic.compare(op, l(context), r(context)) }
        case .logical(let op, let left, let right):
            let l = compile(left), r = compile(right)
            return op == .and ? { context in Self.and(l(context), r(context)) }
                : { context in Self.or(l(context), r(context)) }
        case .selected(let reference, let code):
            let fetch = read(reference, as: .choice)
            let index = plans[reference.field]?.field.choices.firstIndex { $0.code == code } ?? -1
            return { context in
                switch fetch(context) {
                case .choice(let chosen): return .boolean(chosen == index)
                case .choices(let bits): return .boolean(index >= 0 && bits & (1 << UInt64(index)) != 0)
                case let other: return unknown(other)
                }
            }
        case .call(let function, let arguments):
            return FunctionEvaluator.compile(function, arguments.map(compile))
        }
    }

    /// Reads a field value, converting choice indices to the type the expression expects.
    private func read(_ reference: FieldReference, as type: ExpressionType) -> Evaluator {
        let fetch: Evaluator
        if reference.visit == nil, reference.field == FieldReference.visitDate {
            fetch = { $0.visitDate }
        } else if reference.visit == nil, reference.form == form, let index = localFields[reference.field] {
            fetch = { $0.row[index] }
        } else {
            let visit = reference.visit, form = reference.form, field = reference.field
            fetch = { context in context.fetch(context, visit ?? context.visit, form, field) }
        }
        guard let plan = plans[reference.field], plan.field.kind == .choice, type == .text || type == .number else {
            return fetch
        }
        let codes = plan.field.choices.map(\.code), numbers = plan.numericCodes
        return { context in
            let value = fetch(context)
            guard case .choice(let index) = value else { return value }
            if type == .text { return .text(codes[index]) }
            return numbers[index].map(Value.number) ?? .invalid
        }
    }

    static func and(_ a: Value, _ b: Value) -> Value {
        if a == .boolean(false) || b == .boolean(false) { return .boolean(false) }
        if a == .invalid || b == .invalid { return .invalid }
        if case .boolean = a, case .boolean = b { return .boolean(true) }
        return .empty
    }

    static func or(_ a: Value, _ b: Value) -> Value {
        if a == .boolean(true) || b == .boolean(true) { return .boolean(true) }
        if a == .invalid || b == .invalid { return .invalid }
        if case .boolean = a, case .boolean = b { return .boolean(false) }
        return .empty
    }
}

/// The result of an operation whose operand has no usable value: invalid stays invalid,
/// anything else (empty, coded) is empty.
func unknown(_ value: Value) -> Value { value == .invalid ? .invalid : .empty }

/// Arithmetic and comparisons on numbers, dates and date-times.
enum Arithmetic {
    static func apply(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            let result: Double
            switch op {
            case .add: result = x + y
            case .subtract: result = x - y
            case .multiply: result = x * y
            case .divide: result = x / y
            case .power: result = pow(x, y)
            default: return .invalid
            }
            return result.isFinite ? .number(result) : .empty
        case (.date(let day), .number(let n)):
            guard abs(n) < 3_000_000 else { return .empty }   // beyond the calendar (±8000 years)
            let shift = Int(n.rounded(.down))
            return .date(op == .add ? day + shift : day - shift)
        case (.datetime(let seconds), .number(let n)):
            return .datetime(op == .add ? seconds + n * 86_400 : seconds - n * 86_400)
        case (.date(let d1), .date(let d2)):
            return .number(Double(d1 - d2))
        case (.date, .datetime), (.datetime, .date), (.datetime, .datetime):
            return .number((seconds(a) - seconds(b)) / 86_400)
        default:
            if a == .invalid || b == .invalid { return .invalid }
            return .empty
        }
    }

    static func compare(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Value {
        let order: Int
        switch (a, b) {
        case (.number(let x), .number(let y)): order = x < y ? -1 : (x > y ? 1 : 0)
        case (.text(let x), .text(let y)): order = x == y ? 0 : (x < y ? -1 : 1)
        case (.boolean(let x), .boolean(let y)): order = x == y ? 0 : 1
        case (.date(let x), .date(let y)): order = x < y ? -1 : (x > y ? 1 : 0)
        case (.date, .datetime), (.datetime, .date), (.datetime, .datetime):
            let x = seconds(a), y = seconds(b)
            order = x < y ? -1 : (x > y ? 1 : 0)
        default:
            if a == .invalid || b == .invalid { return .invalid }
            return .empty
        }
        switch op {
        case .equal: return .boolean(order == 0)
        case .notEqual: return .boolean(order != 0)
        case .less: return .boolean(order < 0)
        case .lessOrEqual: return .boolean(order <= 0)
        case .greater: return .boolean(order > 0)
        case .greaterOrEqual: return .boolean(order >= 0)
        default: return .invalid
        }
    }

    /// A date as midnight (seconds since 1970-01-01), or a date-time's seconds.
    static func seconds(_ value: Value) -> Double {
        switch value {
        case .date(let day): Double(day) * 86_400
        case .datetime(let seconds): seconds
        default: .nan
        }
    }

    private static func pow(_ x: Double, _ y: Double) -> Double {
        Foundation.pow(x, y)
    }
}
