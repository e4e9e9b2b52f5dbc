/// A case report form: a named list of fields, optionally with a score.
public struct Form: Sendable, Equatable, Codable {
    public var name: String
    public var label: String
    public var fields: [Field]
    /// How the form's items combine into one score (the analysis variable named after the form).
    public var score: Score?
    public init(name: String, label: String, fields: [Field], score: Score? = nil) {
        self.name = name; self.label = label; self.fields = fields; self.score = score
    }
    /// The field with this name, if the form has one.
    public func field(named name: String) -> Field? { fields.first { $0.name == name } }
}

/// One CRF field. The CRF issue extends the type system; the foundation needs
/// names, types and hard ranges.
public struct Field: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case integer, decimal, text, date, datetime, yesno, choice, multichoice, calculated
    }
    public var name: String
    public var label: String
    public var kind: Kind
    public var min: Double?
    public var max: Double?
    public var required: Bool
    /// Permitted codes of a `choice` or `multichoice` field, in display order.
    public var choices: [Choice]
    /// Expression of a `calculated` field over other fields of the form.
    public var calculation: String?
    public init(name: String, label: String, kind: Kind, min: Double? = nil, max: Double? = nil,
                required: Bool = false, choices: [Choice] = [], calculation: String? = nil) {
        self.name = name; self.label = label; self.kind = kind
        self.min = min; self.max = max; self.required = required
        self.choices = choices; self.calculation = calculation
    }
}

/// One permitted answer of a choice field: the stored code and the label shown.
public struct Choice: Sendable, Equatable, Codable {
    public var code: String
    public var label: String
    public init(code: String, label: String) { self.code = code; self.label = label }
}

/// A form's score: the sum or mean of item values, after reverse-keying.
///
/// A reversed item with range [min, max] contributes `min + max − value`. When fewer than all
/// items are answered but at least `minimumAnswered`, a `sum` is prorated as
/// `mean(answered) × items.count`; with fewer answered the score is missing.
public struct Score: Sendable, Equatable, Codable {
    public enum Method: String, Sendable, Codable, CaseIterable { case sum, mean }
    public var method: Method
    /// Fields entering the score, in order.
    public var items: [String]
    /// Items that are reverse-keyed.
    public var reversed: [String]
    /// Least number of answered items for a score to be computed.
    public var minimumAnswered: Int
    public init(method: Method, items: [String], reversed: [String] = [], minimumAnswered: Int? = nil) {
        self.method = method; self.items = items; self.reversed = reversed
        self.minimumAnswered = minimumAnswered ?? items.count
    }
}

/// The statistical analysis plan: one entry per outcome, and the estimation settings they share.
public struct AnalysisPlan: Sendable, Equatable, Codable {
    /// Likelihood criterion for the mixed models.
    public enum Estimation: String, Sendable, Codable, CaseIterable { case reml, ml }
    /// Denominator degrees of freedom for tests and intervals of fixed effects.
    public enum DegreesOfFreedom: String, Sendable, Codable, CaseIterable {
        case satterthwaite
        case kenwardRoger = "kenward-roger"
        case residual
    }
    public var outcomes: [PlannedOutcome]
    public var estimation: Estimation
    public var degreesOfFreedom: DegreesOfFreedom
    /// Two-sided confidence level of reported intervals, e.g. 0.95.
    public var confidenceLevel: Double
    public init(outcomes: [PlannedOutcome], estimation: Estimation = .reml,
                degreesOfFreedom: DegreesOfFreedom = .kenwardRoger, confidenceLevel: Double = 0.95) {
        self.outcomes = outcomes; self.estimation = estimation
        self.degreesOfFreedom = degreesOfFreedom; self.confidenceLevel = confidenceLevel
    }
}

public struct PlannedOutcome: Sendable, Equatable, Codable {
    public enum Role: String, Sendable, Codable, CaseIterable { case primary, secondary, exploratory }
    public var name: String
    public var role: Role
    /// The form whose score is the outcome.
    public var form: String
    /// The visit at which the estimand is evaluated.
    public var visit: String
    /// Model formula in R/lme4 syntax.
    public var formula: String
    public init(name: String, role: Role, form: String, visit: String, formula: String) {
        self.name = name; self.role = role; self.form = form; self.visit = visit
        self.formula = formula
    }
}
