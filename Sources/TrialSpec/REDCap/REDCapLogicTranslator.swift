import TrialCore

/// Translates REDCap logic into TrialKit's expression language (protocols/README.md,
/// "Expressions"), using what each field is to write literals the way TrialKit types them:
///
/// - `[f] = '1'` for a number or yes/no field becomes `[f] = 1`; for a choice field `[f] = "1"`
///   (a code); for a date field `[f] = date("2024-01-31")`.
/// - `[f(2)] = '1'` (checkbox choice 2 checked) becomes `selected([f], "2")`, `= '0'` its negation;
///   `[f(2)]` in arithmetic is `if(selected([f], "2"), 1, 0)`.
/// - `[f] = ''` (blank) becomes `is_missing([f])`, `[f] <> ''` becomes `not is_missing([f])`.
/// - `datediff(d1, d2, unit, [format], [signed])` becomes `datediff(d1, d2)` (days, d2 − d1),
///   scaled for the unit as REDCap does (y = 365.2425 days, M = 30.44 days, h, m, s), inside
///   `abs(…)` unless signed; `sqrt(x)` becomes `(x) ^ 0.5`.
///
/// Anything else (events, repeating instances, smart variables, other functions) throws a
/// `REDCapLogicError` saying why.
struct REDCapLogicTranslator {
    struct FieldInfo {
        var kind: Field.Kind
        var codes: [String]
    }

    let fields: [String: FieldInfo]
    let recordID: String?

    /// Binding levels, loosest first, as in TrialKit's grammar.
    private enum Level: Int, Comparable {
        case or = 1, and, not, comparison, additive, multiplicative, unary, power, primary
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    func translate(_ logic: REDCapLogic) throws(REDCapLogicError) -> String {
        try render(logic).text
    }

    private func render(_ logic: REDCapLogic) throws(REDCapLogicError) -> (text: String, level: Level) {
        switch logic {
        case .number(let value): return (value.hasPrefix(".") ? "0" + value : value, .primary)
        case .text(let value): return (Self.quote(value), .primary)
        case .boolean(let value): return (value ? "true" : "false", .primary)
        case .reference(let name, let code, let qualifiers):
            let info = try field(name, qualifiers)
            guard let code else { return ("[\(name)]", .primary) }
            return ("if(\(try selected(name, code, info)), 1, 0)", .primary)
        case .negate(let operand):
            return ("-" + (try child(operand, atLeast: .unary)), .unary)
        case .binary(let op, let left, let right):
            switch op {
            case "or", "and":
                let level: Level = op == "or" ? .or : .and
                return (try child(left, atLeast: level) + " \(op) " + child(right, atLeast: level), level)
            case "=", "<>", "<", "<=", ">", ">=":
                return (try comparison(op, left, right), .comparison)
            case "^":
                return (try child(left, atLeast: .primary) + " ^ " + child(right, atLeast: .unary), .power)
            default:
                let level: Level = op == "+" || op == "-" ? .additive : .multiplicative
                return (try child(left, atLeast: level) + " \(op) " + child(right, above: level), level)
            }
        case .call(let name, let arguments):
            return try call(name, arguments)
        }
    }

    private func child(_ logic: REDCapLogic, atLeast level: Level) throws(REDCapLogicError) -> String {
        let (text, own) = try render(logic)
        return own >= level ? text : "(" + text + ")"
    }

    private func child(_ logic: REDCapLogic, above level: Level) throws(REDCapLogicError) -> String {
        let (text, own) = try render(logic)
        return own > level ? text : "(" + text + ")"
    }

    // MARK: - References

    private func field(_ name: String, _ qualifiers: [String]) throws(REDCapLogicError) -> FieldInfo {
        guard qualifiers.isEmpty else {
            throw REDCapLogicError(message: "`[\(name)]" + qualifiers.map { "[\($0)]" }.joined()
                + "` names a REDCap event or repeating instance; TrialKit refers to other visits only in edit checks, "
                + "so map REDCap events to visits by hand")
        }
        if let info = fields[name] { return info }
        if name == recordID { throw REDCapLogicError(message: "`[\(name)]` is the record ID, which becomes participant_id") }
        if name.contains("-") || name.contains(":") {
            throw REDCapLogicError(message: "the smart variable `[\(name)]` has no TrialKit equivalent")
        }
        throw REDCapLogicError(message: "`[\(name)]` is not a converted field of this dictionary (it does not exist or was left out)")
    }

    private func selected(_ name: String, _ code: String, _ info: FieldInfo) throws(REDCapLogicError) -> String {
        guard info.kind == .multichoice else {
            throw REDCapLogicError(message: "`[\(name)(\(code))]` names a choice, but `\(name)` is not a checkbox field")
        }
        guard info.codes.contains(code) else {
            throw REDCapLogicError(message: "`\(code)` is not a choice of the checkbox field `\(name)`")
        }
        return "selected([\(name)], \(Self.quote(code)))"
    }

    // MARK: - Comparisons

    private func comparison(_ op: String, _ left: REDCapLogic, _ right: REDCapLogic) throws(REDCapLogicError) -> String {
        let symbol = op == "<>" ? "!=" : op
        let isEquality = op == "=" || op == "<>"
        for (reference, other) in [(left, right), (right, left)] {
            guard case .reference(let name, let code, let qualifiers) = reference, let literal = Self.literal(other) else { continue }
            let info = try field(name, qualifiers)
            if let code {
                guard isEquality, literal == "1" || literal == "0" else {
                    throw REDCapLogicError(message: "a checkbox choice `[\(name)(\(code))]` is compared with `= '1'` or `= '0'`")
                }
                let test = try selected(name, code, info)
                return (literal == "1") == (op == "=") ? test : "not " + test
            }
            if literal.isEmpty {
                guard isEquality else { throw REDCapLogicError(message: "a blank `''` can only be tested with `=` or `<>`") }
                return (op == "=" ? "" : "not ") + "is_missing([\(name)])"
            }
            let value = try typedLiteral(literal, for: name, info, ordering: !isEquality)
            let (first, second) = reference == left ? ("[\(name)]", value) : (value, "[\(name)]")
            return "\(first) \(symbol) \(second)"
        }
        return try child(left, above: .comparison) + " \(symbol) " + child(right, above: .comparison)
    }

    /// A literal number or text, as written.
    private static func literal(_ logic: REDCapLogic) -> String? {
        switch logic {
        case .number(let value): return value
        case .text(let value): return value
        case .negate(.number(let value)): return "-" + value
        default: return nil
        }
    }

    private func typedLiteral(_ literal: String, for name: String, _ info: FieldInfo,
                              ordering: Bool) throws(REDCapLogicError) -> String {
        let number = Double(literal.trimmingCharactersInSet())
        switch info.kind {
        case .integer, .decimal, .calculated, .yesno:
            guard let number, number.isFinite else {
                throw REDCapLogicError(message: "`\(name)` holds numbers, but is compared with the text '\(literal)'")
            }
            return Self.number(number)
        case .choice:
            if !ordering, info.codes.contains(literal) { return Self.quote(literal) }
            if let number, info.codes.allSatisfy({ Double($0) != nil }) {
                if ordering { return Self.number(number) }
                if let code = info.codes.first(where: { Double($0) == number }) { return Self.quote(code) }
            }
            throw REDCapLogicError(message: "'\(literal)' is not a choice code of `\(name)` (codes: "
                + info.codes.joined(separator: ", ") + ")")
        case .multichoice:
            throw REDCapLogicError(message: "the checkbox field `\(name)` is compared as a whole; name one choice as `[\(name)(code)]`")
        case .date:
            guard CalendarDate(iso: literal) != nil else {
                throw REDCapLogicError(message: "'\(literal)' is not a date written YYYY-MM-DD")
            }
            return "date(\(Self.quote(literal)))"
        case .datetime:
            guard parseISOTimestamp(literal) != nil else {
                throw REDCapLogicError(message: "'\(literal)' is not a date-time written YYYY-MM-DD HH:MM")
            }
            return "datetime(\(Self.quote(literal)))"
        case .text:
            return Self.quote(literal)
        }
    }

    // MARK: - Functions

    private func call(_ name: String, _ arguments: [REDCapLogic]) throws(REDCapLogicError) -> (text: String, level: Level) {
        func list(_ items: ArraySlice<REDCapLogic>) throws(REDCapLogicError) -> String {
            var parts: [String] = []
            for item in items { parts.append(try render(item).text) }
            return parts.joined(separator: ", ")
        }
        switch name {
        case "sum", "mean", "min", "max", "round", "abs", "if":
            return ("\(name)(\(try list(arguments[...])))", .primary)
        case "sqrt":
            guard arguments.count == 1 else { throw REDCapLogicError(message: "`sqrt` takes one number") }
            return (try child(arguments[0], atLeast: .primary) + " ^ 0.5", .power)
        case "datediff":
            return try datediff(arguments)
        default:
            throw REDCapLogicError(message: "the function `\(name)` has no TrialKit equivalent")
        }
    }

    /// Days per unit, as REDCap's datediff documents them (y: 365.2425 days, M: 30.44 days).
    private static let unitFactors: [String: (String, Double)] = [
        "d": ("", 1), "y": (" / ", 365.2425), "M": (" / ", 30.44), "h": (" * ", 24), "m": (" * ", 1440), "s": (" * ", 86400),
    ]

    private func datediff(_ arguments: [REDCapLogic]) throws(REDCapLogicError) -> (text: String, level: Level) {
        guard (3...5).contains(arguments.count), case .text(let unit) = arguments[2], let (operation, factor) = Self.unitFactors[unit] else {
            throw REDCapLogicError(message: "`datediff` is converted as datediff(date1, date2, unit[, format][, signed]) "
                + "with a unit of y, M, d, h, m or s")
        }
        for argument in arguments.prefix(2) {
            if case .text(let value) = argument {
                throw REDCapLogicError(message: "`datediff` with '\(value)' (such as 'today') has no TrialKit equivalent")
            }
        }
        var signed = false
        for extra in arguments.dropFirst(3) {
            switch extra {
            case .boolean(let value): signed = value
            case .text(let format) where ["ymd", "mdy", "dmy"].contains(format): continue   // stored dates are YYYY-MM-DD
            default: throw REDCapLogicError(message: "`datediff`'s last arguments are a date format and true/false")
            }
        }
        var text = "datediff(\(try render(arguments[0]).text), \(try render(arguments[1]).text))"
        if !operation.isEmpty { text += operation + Self.number(factor) }
        if signed { return (text, operation.isEmpty ? .primary : .multiplicative) }
        return ("abs(\(text))", .primary)
    }

    // MARK: - Literals

    static func quote(_ text: String) -> String {
        "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
