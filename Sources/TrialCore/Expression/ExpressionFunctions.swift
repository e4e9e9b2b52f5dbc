/// Type rules of function calls and name suggestions.
extension ExpressionChecker {
    /// Names accepted in calls: the runtime functions plus `date`, `datetime` and `selected`,
    /// which are resolved while checking.
    static let callableNames = ExpressionFunction.allCases.map(\.rawValue) + ["date", "datetime", "selected"]

    mutating func call(_ name: String, _ arguments: [Expression], range: Range<Int>) -> TypedExpression? {
        switch name {
        case "date", "datetime": return literal(name, arguments, range: range)
        case "selected": return selected(arguments, range: range)
        default: break
        }
        guard let function = ExpressionFunction(rawValue: name) else {
            let hint = closestName(to: name, among: Self.callableNames).map { "; did you mean `\($0)`?" } ?? ""
            return fail(range, "unknown function `\(name)`\(hint) (functions: "
                + Self.callableNames.sorted().joined(separator: ", ") + ")")
        }
        let typed = arguments.map { infer($0) }
        guard typed.allSatisfy({ $0 != nil }) else { return nil }
        let operands = zip(typed.map { $0! }, arguments.map(\.range)).map { ($0, $1) }
        switch function {
        case .sum, .mean, .min, .max:
            guard !operands.isEmpty else { return fail(range, "`\(name)` needs at least one argument") }
            let numbers = operands.map { coerce($0.0, to: .number, range: $0.1) }
            guard numbers.allSatisfy({ $0 != nil }) else { return nil }
            return .call(function, numbers.map { $0! })
        case .countMissing, .isMissing:
            if function == .isMissing, operands.count != 1 {
                return fail(range, "`is_missing` takes one field, e.g. `is_missing([age])`")
            }
            guard !operands.isEmpty else { return fail(range, "`count_missing` needs at least one field") }
            for (typedArgument, argumentRange) in operands {
                guard case .field = typedArgument else {
                    return fail(argumentRange, "`\(name)` takes fields such as `[item1]`, not other expressions")
                }
            }
            return .call(function, operands.map(\.0))
        case .datediff:
            guard operands.count == 2 else {
                return fail(range, "`datediff` takes two dates: `datediff(start, end)` gives end − start in days")
            }
            for (typedArgument, argumentRange) in operands where typedArgument.type != .date && typedArgument.type != .datetime {
                return fail(argumentRange, "`datediff` takes dates, but this is \(article(typedArgument.type))")
            }
            return .call(function, operands.map(\.0))
        case .abs:
            guard operands.count == 1 else { return fail(range, "`abs` takes one number") }
            return coerce(operands[0].0, to: .number, range: operands[0].1).map { .call(function, [$0]) }
        case .round:
            guard operands.count == 1 || operands.count == 2 else {
                return fail(range, "`round` takes a number and optionally the digits to keep, e.g. `round([bmi], 1)`")
            }
            if operands.count == 2 {
                guard case .number(let digits) = operands[1].0, digits == digits.rounded(), (0...15).contains(digits) else {
                    return fail(operands[1].1, "the digits of `round` must be a whole number from 0 to 15")
                }
            }
            guard let value = coerce(operands[0].0, to: .number, range: operands[0].1) else { return nil }
            return .call(function, [value] + operands.dropFirst().map(\.0))
        case .if:
            guard operands.count == 3 else { return fail(range, "`if` takes three arguments: `if(condition, a, b)`") }
            guard let condition = coerce(operands[0].0, to: .boolean, range: operands[0].1) else { return nil }
            var a = operands[1].0, b = operands[2].0
            if a.type == .choice { a = coerce(a, to: b.type == .number ? .number : .text, range: operands[1].1) ?? a }
            if b.type == .choice { b = coerce(b, to: a.type == .number ? .number : .text, range: operands[2].1) ?? b }
            guard a.type == b.type, a.type != .choice, a.type != .multichoice else {
                return fail(range, "both results of `if` must have the same type; found \(article(a.type)) and "
                    + "\(article(b.type))")
            }
            return .call(function, [condition, a, b])
        }
    }

    private mutating func literal(_ name: String, _ arguments: [Expression], range: Range<Int>) -> TypedExpression? {
        guard arguments.count == 1, case .text(let text) = arguments[0].node else {
            return fail(range, "`\(name)` takes one text in quotes, e.g. `\(name)(\"2024-01-31\(name == "date" ? "" : "T09:30")\")`")
        }
        if name == "date" {
            guard let date = CalendarDate(iso: text) else {
                return fail(arguments[0].range, "`\(text)` is not a date; write YYYY-MM-DD, e.g. \"2024-01-31\"")
            }
            return .date(date.dayNumber)
        }
        guard let seconds = parseISOTimestamp(text) else {
            return fail(arguments[0].range, "`\(text)` is not a date-time; write YYYY-MM-DDTHH:MM[:SS], e.g. "
                + "\"2024-01-31T09:30\"")
        }
        return .datetime(seconds)
    }

    private mutating func selected(_ arguments: [Expression], range: Range<Int>) -> TypedExpression? {
        guard arguments.count == 2 else {
            return fail(range, "`selected` takes a choice field and a code, e.g. `selected([treatment], \"ssri\")`")
        }
        guard let typedField = infer(arguments[0]) else { return nil }
        guard case .field(let reference, let type) = typedField, type == .choice || type == .multichoice,
              let info = scope.fields[reference.field] else {
            return fail(arguments[0].range, "the first argument of `selected` must be a choice or multichoice field")
        }
        let code: String?
        switch arguments[1].node {
        case .text(let text): code = info.choiceCodes.contains(text) ? text : nil
        case .number(let number): code = info.choiceCodes.first { Double($0) == number }
        default: return fail(arguments[1].range, "the second argument of `selected` must be a code in quotes")
        }
        guard let code else {
            return fail(arguments[1].range, "not a code of `\(reference.field)` (codes: "
                + info.choiceCodes.map { "`\($0)`" }.joined(separator: ", ") + ")")
        }
        return .selected(reference, code: code)
    }
}

/// The candidate closest to `name` when it is a likely typo: equal ignoring case, or within
/// Levenshtein distance 1 (names up to 4 characters) or 2.
func closestName(to name: String, among candidates: [String]) -> String? {
    let lowered = Array(name.lowercased())
    if let same = candidates.first(where: { $0.lowercased() == name.lowercased() }) { return same }
    let limit = lowered.count <= 4 ? 1 : 2
    var best: (String, Int)?
    for candidate in candidates.sorted() {
        let distance = levenshtein(lowered, Array(candidate.lowercased()))
        if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
    }
    return best?.0
}

/// Levenshtein distance by dynamic programming over two rows.
func levenshtein(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(1, b.count) where !b.isEmpty {
            current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
