/// What an expression may refer to and where it runs: the fields of the protocol, the forms
/// each visit collects, and the form (and visits) whose records the expression is evaluated on.
public struct ExpressionScope: Sendable {
    /// What an expression needs to know about a field.
    public struct FieldInfo: Sendable, Equatable {
        public var name: String
        public var form: String
        public var kind: Field.Kind
        public var choiceCodes: [String]
        public init(name: String, form: String, kind: Field.Kind, choiceCodes: [String] = []) {
            self.name = name; self.form = form; self.kind = kind; self.choiceCodes = choiceCodes
        }
        /// True when every choice code reads as a number, so the field can be used as one.
        public var hasNumericCodes: Bool {
            !choiceCodes.isEmpty && choiceCodes.allSatisfy { Double($0) != nil }
        }
    }

    /// What the expression is for; decides its required type and what it may reference.
    public enum Role: Sendable, Equatable {
        /// A `show_if` condition: boolean; this form's fields only at the record's own visit.
        case branching
        /// A `calculation`: a number; this form's fields only at the record's own visit.
        case calculation
        /// An edit check: boolean; may read any visit.
        case check
    }

    public var fields: [String: FieldInfo]
    /// Forms collected at each visit.
    public var visitForms: [String: [String]]
    /// The form whose records the expression is evaluated on.
    public var form: String
    /// The visits at which it is evaluated (the visits collecting `form`, or a check's `visits`).
    public var runVisits: [String]
    public var role: Role

    public init(fields: [String: FieldInfo], visitForms: [String: [String]], form: String,
                runVisits: [String], role: Role) {
        self.fields = fields; self.visitForms = visitForms; self.form = form
        self.runVisits = runVisits; self.role = role
    }

    /// The scope of an expression on records of `form` in a protocol's forms and visits;
    /// `runVisits` defaults to every visit collecting the form.
    public init(forms: [Form], visits: [Visit], form: String, role: Role, runVisits: [String]? = nil) {
        var fields: [String: FieldInfo] = [:]
        for candidate in forms {
            for field in candidate.fields where fields[field.name] == nil {
                fields[field.name] = FieldInfo(name: field.name, form: candidate.name, kind: field.kind,
                                               choiceCodes: field.choices.map(\.code))
            }
        }
        var visitForms: [String: [String]] = [:]
        for visit in visits { visitForms[visit.name] = visit.forms }
        let collecting = visits.filter { $0.forms.contains(form) }.map(\.name)
        self.init(fields: fields, visitForms: visitForms, form: form, runVisits: runVisits ?? collecting, role: role)
    }

    /// The type a condition or calculation of this role must have.
    public var requiredType: ExpressionType { role == .calculation ? .number : .boolean }
}

extension Expression {
    /// Type-checks the expression in `scope`: every reference names a known field (and visit)
    /// that is collected where the expression runs, operands have compatible types, function
    /// calls have the right arguments, and the whole has the type the role requires.
    /// Returns the typed expression, or every problem found.
    public func typeChecked(in scope: ExpressionScope, source: String) -> Result<TypedExpression, ExpressionErrors> {
        var checker = ExpressionChecker(scope: scope, source: source)
        let typed = checker.infer(self)
        if let typed, checker.errors.isEmpty {
            let required = scope.requiredType
            if typed.type == required { return .success(typed) }
            if required == .number, let number = checker.coerce(typed, to: .number, range: range, quiet: true) {
                return .success(number)
            }
            let what = scope.role == .calculation ? "a calculation must give a number"
                : "a condition must be true or false"
            checker.errors.append(ExpressionError(text: source, range: range, message:
                "\(what), but this expression gives \(article(typed.type)); "
                    + (scope.role == .calculation ? "check the operators" : "compare it with something, e.g. `... = 1`")))
        }
        return .failure(ExpressionErrors(errors: checker.errors))
    }

    /// Parses and type-checks `text` in one step.
    public static func compile(_ text: String, in scope: ExpressionScope) -> Result<TypedExpression, ExpressionErrors> {
        do {
            return try parse(text).typeChecked(in: scope, source: text)
        } catch {
            return .failure(ExpressionErrors(errors: [error]))
        }
    }
}

/// All problems found in one expression.
public struct ExpressionErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [ExpressionError]
    public init(errors: [ExpressionError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

func article(_ type: ExpressionType) -> String {
    switch type {
    case .number: "a number"
    case .text: "a text"
    case .date: "a date"
    case .datetime: "a date-time"
    case .boolean: "true or false"
    case .choice: "a choice code"
    case .multichoice: "a set of choices"
    }
}
