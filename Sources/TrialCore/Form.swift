/// A case report form: a named list of fields, optionally with a score.
public struct Form: Sendable, Equatable, Codable {
    public var name: String
    public var label: String
    public var fields: [Field]
    public init(name: String, label: String, fields: [Field]) {
        self.name = name; self.label = label; self.fields = fields
    }
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
    public init(name: String, label: String, kind: Kind, min: Double? = nil, max: Double? = nil,
                required: Bool = false) {
        self.name = name; self.label = label; self.kind = kind
        self.min = min; self.max = max; self.required = required
    }
}

/// The statistical analysis plan: one entry per outcome.
public struct AnalysisPlan: Sendable, Equatable, Codable {
    public var outcomes: [PlannedOutcome]
    public init(outcomes: [PlannedOutcome]) { self.outcomes = outcomes }
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
