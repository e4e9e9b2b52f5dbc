/// Infers and checks the types of an expression's parts; collects every problem.
struct ExpressionChecker {
    let scope: ExpressionScope
    let source: String
    var errors: [ExpressionError] = []

    init(scope: ExpressionScope, source: String) { self.scope = scope; self.source = source }

    mutating func fail(_ range: Range<Int>, _ message: String) -> TypedExpression? {
        errors.append(ExpressionError(text: source, range: range, message: message))
        return nil
    }

    mutating func infer(_ expression: Expression) -> TypedExpression? {
        switch expression.node {
        case .number(let value): return .number(value)
        case .text(let value): return .text(value)
        case .boolean(let value): return .boolean(value)
        case .reference(let visit, let field): return reference(visit: visit, field: field, range: expression.range)
        case .negate(let operand):
            guard let typed = infer(operand), let number = coerce(typed, to: .number, range: operand.range) else { return nil }
            if case .number(let value) = number { return .number(-value) }
            return .negate(number)
        case .not(let operand):
            guard let typed = infer(operand), let condition = coerce(typed, to: .boolean, range: operand.range) else {
                return nil
            }
            return .not(condition)
        case .binary(let op, let left, let right):
            let typedLeft = infer(left), typedRight = infer(right)
            guard let typedLeft, let typedRight else { return nil }
            switch op {
            case .and, .or:
                guard let l = coerce(typedLeft, to: .boolean, range: left.range),
                      let r = coerce(typedRight, to: .boolean, range: right.range) else { return nil }
                return .logical(op, l, r)
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
                return comparison(op, (typedLeft, left.range), (typedRight, right.range), whole: expression.range)
            case .add, .subtract, .multiply, .divide, .power:
                return arithmetic(op, (typedLeft, left.range), (typedRight, right.range), whole: expression.range)
            }
        case .call(let name, let arguments):
            return call(name, arguments, range: expression.range)
        }
    }

    // MARK: - References

    private mutating func reference(visit: String?, field name: String, range: Range<Int>) -> TypedExpression? {
        let isVisitDate = name == FieldReference.visitDate
        let info = scope.fields[name]
        guard isVisitDate || info != nil else {
            let hint = closestName(to: name, among: Array(scope.fields.keys) + [FieldReference.visitDate])
                .map { "; did you mean `\($0)`?" } ?? ""
            return fail(range, "unknown field `\(name)`\(hint)")
        }
        let form = info?.form ?? scope.form
        if let visit {
            guard let forms = scope.visitForms[visit] else {
                let hint = closestName(to: visit, among: Array(scope.visitForms.keys)).map { "; did you mean `\($0)`?" }
                return fail(range, "unknown visit `\(visit)`" + (hint ?? "; visits are "
                    + scope.visitForms.keys.sorted().map { "`\($0)`" }.joined(separator: ", ")))
            }
            guard forms.contains(form) else {
                return fail(range, "visit `\(visit)` does not collect form `\(form)`"
                    + (isVisitDate ? "" : ", which holds `\(name)`"))
            }
            if form == scope.form, scope.role != .check {
                return fail(range, "branching logic and calculations read this form at the record's own visit; "
                    + "write `[\(name)]`, or compare visits in a check")
            }
        } else if form != scope.form {
            let absent = scope.runVisits.filter { !(scope.visitForms[$0] ?? []).contains(form) }
            if !absent.isEmpty {
                return fail(range, "`\(name)` belongs to form `\(form)`, which is not collected at visit "
                    + absent.map { "`\($0)`" }.joined(separator: ", ") + "; name the visit, e.g. `[visit][\(name)]`")
            }
        }
        let reference = FieldReference(visit: visit, field: name, form: form)
        guard let info else { return .field(reference, .date) }
        return .field(reference, Self.type(of: info.kind))
    }

    static func type(of kind: Field.Kind) -> ExpressionType {
        switch kind {
        case .integer, .decimal, .calculated, .yesno: .number
        case .text: .text
        case .date: .date
        case .datetime: .datetime
        case .choice: .choice
        case .multichoice: .multichoice
        }
    }

    // MARK: - Coercion

    /// `typed` as `target`: itself when it has that type; a choice field read as text, or as a
    /// number when all its codes are numbers. Otherwise reports a mismatch (unless `quiet`).
    mutating func coerce(_ typed: TypedExpression, to target: ExpressionType, range: Range<Int>,
                         quiet: Bool = false) -> TypedExpression? {
        if typed.type == target { return typed }
        if case .field(let reference, .choice) = typed, let info = scope.fields[reference.field] {
            if target == .text { return .field(reference, .text) }
            if target == .number, info.hasNumericCodes { return .field(reference, .number) }
        }
        if quiet { return nil }
        var message = "expected \(article(target)) here, but this is \(article(typed.type))"
        if case .field(let reference, let type) = typed {
            if type == .multichoice {
                message += "; test one code of `\(reference.field)` with `selected([\(reference.field)], \"code\")`"
            } else if type == .choice {
                message += "; compare `\(reference.field)` with one of its codes, e.g. `[\(reference.field)] = \"code\"`"
            }
        }
        return fail(range, message)
    }

    // MARK: - Operators

    private typealias Operand = (typed: TypedExpression, range: Range<Int>)

    private mutating func comparison(_ op: BinaryOperator, _ left: Operand, _ right: Operand,
                                     whole: Range<Int>) -> TypedExpression? {
        let isEquality = op == .equal || op == .notEqual
        if isEquality, let test = choiceTest(left, right) ?? choiceTest(right, left) {
            guard let selected = test else { return nil }
            return op == .equal ? selected : .not(selected)
        }
        if left.typed.type == .multichoice || right.typed.type == .multichoice {
            let operand = left.typed.type == .multichoice ? left : right
            return coerce(operand.typed, to: .text, range: operand.range)
        }
        var l = left.typed, r = right.typed
        if l.type == .choice || r.type == .choice {
            let other = l.type == .choice ? r.type : l.type
            let target: ExpressionType = other == .number || !isEquality ? .number : .text
            guard let cl = coerce(l, to: target, range: left.range),
                  let cr = coerce(r, to: target, range: right.range) else { return nil }
            l = cl; r = cr
        }
        let temporal: Set<ExpressionType> = [.date, .datetime]
        let sameKind = l.type == r.type || (temporal.contains(l.type) && temporal.contains(r.type))
        guard sameKind else {
            var message = "cannot compare \(article(l.type)) with \(article(r.type))"
            if yesNoField(left.typed) || yesNoField(right.typed) {
                message += "; yes/no fields hold 1 (yes) or 0 (no)"
            } else if temporal.contains(l.type) || temporal.contains(r.type) {
                message += "; write a date as `date(\"YYYY-MM-DD\")`"
            }
            return fail(whole, message)
        }
        if !isEquality, l.type == .text || l.type == .boolean {
            return fail(whole, "`\(op.rawValue)` orders numbers and dates; \(article(l.type)) can only be compared "
                + "with `=` or `!=`")
        }
        return .comparison(op, l, r)
    }

    /// When `field` is a choice field and `other` a literal: `.some(selected)` if the literal is
    /// one of its codes, `.some(nil)` after reporting that it is not; nil when not applicable.
    private mutating func choiceTest(_ field: Operand, _ other: Operand) -> TypedExpression?? {
        guard case .field(let reference, let type) = field.typed, type == .choice || type == .multichoice,
              let info = scope.fields[reference.field] else { return nil }
        let code: String?
        switch other.typed {
        case .text(let text): code = info.choiceCodes.contains(text) ? text : nil
        case .number(let number): code = info.choiceCodes.first { Double($0) == number }
        default: return nil
        }
        guard let code else {
            let codes = info.choiceCodes.map { "`\($0)`" }.joined(separator: ", ")
            return .some(fail(other.range, "not a code of `\(reference.field)` (codes: \(codes))"))
        }
        return .some(.selected(reference, code: code))
    }

    private func yesNoField(_ typed: TypedExpression) -> Bool {
        if case .field(let reference, _) = typed { return scope.fields[reference.field]?.kind == .yesno }
        return false
    }

    private mutating func arithmetic(_ op: BinaryOperator, _ left: Operand, _ right: Operand,
                                     whole: Range<Int>) -> TypedExpression? {
        var l = left.typed, r = right.typed
        if l.type == .choice, let number = coerce(l, to: .number, range: left.range) { l = number }
        if r.type == .choice, let number = coerce(r, to: .number, range: right.range) { r = number }
        if l.type == .choice || r.type == .choice { return nil }
        if l.type == .multichoice { return coerce(l, to: .number, range: left.range) }
        if r.type == .multichoice { return coerce(r, to: .number, range: right.range) }
        let temporal: Set<ExpressionType> = [.date, .datetime]
        switch (op, l.type, r.type) {
        case (_, .number, .number):
            return .arithmetic(op, l, r, .number)
        case (.add, .date, .number), (.subtract, .date, .number), (.add, .datetime, .number),
             (.subtract, .datetime, .number):
            return .arithmetic(op, l, r, l.type)
        case (.add, .number, .date), (.add, .number, .datetime):
            return .arithmetic(op, r, l, r.type)
        case (.subtract, _, _) where temporal.contains(l.type) && temporal.contains(r.type):
            return .arithmetic(op, l, r, .number)
        default:
            let rule = temporal.contains(l.type) || temporal.contains(r.type)
                ? "; dates allow date − date (days), date ± number of days, and comparisons" : ""
            return fail(whole, "`\(op.rawValue)` cannot combine \(article(l.type)) and \(article(r.type))\(rule)")
        }
    }
}
