/// The type of an expression's value.
///
/// Field kinds map to types as follows: integer, decimal, calculated and yesno (1 = yes,
/// 0 = no) fields are numbers; text fields are text; date and datetime fields are dates and
/// date-times; a choice field is a `choice` (its stored code, usable as text, or as a number
/// when every code is a number); a multichoice field can only be tested with `selected()`,
/// `is_missing()` and `count_missing()`.
public enum ExpressionType: String, Sendable, Equatable, CaseIterable {
    case number, text, date, datetime, boolean, choice, multichoice
}

/// A field value an expression reads: `[field]` in the record's own visit (`visit` nil) or
/// `[visit][field]`. `visit_date` names the record's visit date.
public struct FieldReference: Sendable, Hashable, CustomStringConvertible {
    /// The visit named in `[visit][field]`; nil for the record's own visit.
    public var visit: String?
    public var field: String
    /// The form holding the field (for `visit_date`: the form whose record is checked).
    public var form: String

    public init(visit: String?, field: String, form: String) {
        self.visit = visit; self.field = field; self.form = form
    }

    public var description: String { (visit.map { "[\($0)]" } ?? "") + "[\(field)]" }

    /// The pseudo-field holding a record's visit date.
    public static let visitDate = "visit_date"
}

/// Functions of the expression language.
public enum ExpressionFunction: String, Sendable, Equatable, CaseIterable {
    /// Sum of the non-missing arguments (missing when all are missing).
    case sum
    /// Mean of the non-missing arguments (missing when all are missing).
    case mean
    /// Smallest and largest non-missing argument.
    case min, max
    /// How many of the fields named are empty or hold a missing-value code (never missing itself).
    case countMissing = "count_missing"
    /// Whether the field named is empty or holds a missing-value code (never missing itself).
    case isMissing = "is_missing"
    /// `datediff(start, end)`: days from `start` to `end`, i.e. `end − start` (signed).
    case datediff
    case abs
    /// `round(x)` or `round(x, digits)`: halves are rounded away from zero.
    case round
    /// `if(condition, a, b)`: `a` when the condition is true, `b` when false, missing when undecided.
    case `if`
}

/// An expression after type checking: references resolved to forms, literals typed, choice
/// comparisons rewritten to `selected`, date literals folded.
public indirect enum TypedExpression: Sendable, Equatable {
    case number(Double)
    case text(String)
    case boolean(Bool)
    /// A date as days since 1970-01-01.
    case date(Int)
    /// A date-time as seconds since 1970-01-01T00:00:00.
    case datetime(Double)
    /// A field value read as the given type (`number` or `text` for choice fields, by context).
    case field(FieldReference, ExpressionType)
    case negate(TypedExpression)
    case not(TypedExpression)
    /// `+ - * / ^` with the result type (number, date or datetime).
    case arithmetic(BinaryOperator, TypedExpression, TypedExpression, ExpressionType)
    /// A comparison of two operands of the same type (a date compared with a date-time is
    /// taken at midnight).
    case comparison(BinaryOperator, TypedExpression, TypedExpression)
    /// `and` / `or` in three-valued (Kleene) logic.
    case logical(BinaryOperator, TypedExpression, TypedExpression)
    /// Whether a choice or multichoice field holds this code.
    case selected(FieldReference, code: String)
    case call(ExpressionFunction, [TypedExpression])

    public var type: ExpressionType {
        switch self {
        case .number, .negate: return .number
        case .text: return .text
        case .boolean, .not, .comparison, .logical, .selected: return .boolean
        case .date: return .date
        case .datetime: return .datetime
        case .field(_, let type), .arithmetic(_, _, _, let type): return type
        case .call(let function, let arguments):
            switch function {
            case .isMissing: return .boolean
            case .if: return arguments.count == 3 ? arguments[1].type : .number
            default: return .number
            }
        }
    }

    /// Every field reference, in reading order.
    public var references: [FieldReference] {
        switch self {
        case .number, .text, .boolean, .date, .datetime: return []
        case .field(let reference, _), .selected(let reference, _): return [reference]
        case .negate(let operand), .not(let operand): return operand.references
        case .arithmetic(_, let left, let right, _), .comparison(_, let left, let right),
             .logical(_, let left, let right):
            return left.references + right.references
        case .call(_, let arguments): return arguments.flatMap(\.references)
        }
    }
}
