/// A case report form: a named list of fields, optionally with a score and edit checks.
public struct Form: Sendable, Equatable, Codable {
    public var name: String
    public var label: String
    public var fields: [Field]
    /// How the form's items combine into one score (the analysis variable named after the form).
    public var score: Score?
    /// Cross-field and cross-visit edit checks run on every record of the form.
    public var checks: [EditCheck]
    public init(name: String, label: String, fields: [Field], score: Score? = nil, checks: [EditCheck] = []) {
        self.name = name; self.label = label; self.fields = fields; self.score = score; self.checks = checks
    }
    /// The field with this name, if the form has one.
    public func field(named name: String) -> Field? { fields.first { $0.name == name } }
}

/// One CRF field: its value type, ranges, missing-value codes and branching logic.
public struct Field: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case integer, decimal, text, date, datetime, yesno, choice, multichoice, calculated
    }
    public var name: String
    public var label: String
    public var kind: Kind
    /// Hard range (inclusive): a value outside it is refused.
    public var min: Double?
    public var max: Double?
    /// Soft range (inclusive): a value outside it is accepted but raises a query.
    public var softMin: Double?
    public var softMax: Double?
    /// Most decimal places a `decimal` value may have (nil: any).
    public var decimals: Int?
    /// Regular expression (ICU syntax) a `text` value must match as a whole.
    public var pattern: String?
    public var required: Bool
    /// Permitted codes of a `choice` or `multichoice` field, in display order.
    public var choices: [Choice]
    /// Expression of a `calculated` field over other fields of the form.
    public var calculation: String?
    /// Branching logic: the field is shown only when this condition is true; a hidden field
    /// must be empty (or hold a missing-value code).
    public var showIf: String?
    /// Codes that record why a value is missing (e.g. `-9` = not applicable). This is the
    /// effective list: the field's own `missing_codes`, or else the protocol's.
    public var missingCodes: [MissingCode]
    public init(name: String, label: String, kind: Kind, min: Double? = nil, max: Double? = nil,
                required: Bool = false, choices: [Choice] = [], calculation: String? = nil,
                softMin: Double? = nil, softMax: Double? = nil, decimals: Int? = nil,
                pattern: String? = nil, showIf: String? = nil, missingCodes: [MissingCode] = []) {
        self.name = name; self.label = label; self.kind = kind
        self.min = min; self.max = max; self.required = required
        self.choices = choices; self.calculation = calculation
        self.softMin = softMin; self.softMax = softMax; self.decimals = decimals
        self.pattern = pattern; self.showIf = showIf; self.missingCodes = missingCodes
    }
}

/// One permitted answer of a choice field: the stored code and the label shown.
public struct Choice: Sendable, Equatable, Codable {
    public var code: String
    public var label: String
    public init(code: String, label: String) { self.code = code; self.label = label }
}

/// A code entered instead of a value to say why the value is missing, e.g. `-9` meaning
/// "not applicable". A missing-value code satisfies `required` and counts as missing in
/// scores and expressions.
public struct MissingCode: Sendable, Equatable, Codable {
    public var code: String
    public var label: String
    public init(code: String, label: String) { self.code = code; self.label = label }
}

/// How serious a failed check is: an `error` must be corrected, a `warning` raises a query
/// that may be answered by confirming the value, a `note` is for information.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case error, warning, note

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A cross-field or cross-visit edit check: a condition every record of the form must meet.
public struct EditCheck: Sendable, Equatable, Codable {
    /// The condition, in the expression language of `TrialCore.Expression`.
    public var condition: String
    public var severity: Severity
    /// What the data manager is told when the condition is false (nil: a default naming the condition).
    public var message: String?
    /// Visits at whose records the check runs (empty: every visit that collects the form).
    public var visits: [String]
    /// The field an issue is reported against (nil: the first field the condition names).
    public var field: String?
    public init(condition: String, severity: Severity = .error, message: String? = nil,
                visits: [String] = [], field: String? = nil) {
        self.condition = condition; self.severity = severity; self.message = message
        self.visits = visits; self.field = field
    }
}

