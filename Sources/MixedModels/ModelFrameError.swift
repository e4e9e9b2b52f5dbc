/// Why a model frame cannot be built from a formula and a table. Each case names the column
/// or term and its description says what to do next.
public enum ModelFrameError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A column and how many of its values were missing.
    public struct MissingCount: Equatable, Sendable {
        public let column: String
        public let count: Int
    }

    case formula(FormulaError)
    case unknownColumn(name: String, available: [String], source: String)
    case nonNumericResponse(label: String, column: String)
    case numericFunctionOfText(label: String, column: String)
    case numericColumnWithText(column: String, value: String, source: String, line: Int)
    case nonFiniteValue(label: String, source: String, line: Int)
    case noCompleteRows(source: String, rowCount: Int, missing: [MissingCount])
    case singleLevelFactor(label: String, level: String)
    case groupingSingleLevel(grouping: String)
    case tooManyGroupingLevels(grouping: String, levels: Int, observations: Int)
    case referenceNotAFactor(column: String, factors: [String])
    case unknownReferenceLevel(column: String, level: String, validLevels: [String])
    case unknownDesignVariable(name: String, available: [String])
    case missingDesignValue(variable: String, levels: [String])
    case unknownDesignLevel(variable: String, level: String, validLevels: [String])
    case designValueNotNumeric(variable: String)

    public var description: String {
        switch self {
        case .formula(let error):
            return error.description
        case .unknownColumn(let name, let available, let source):
            return "The formula uses the column '\(name)', which \(source) does not have; "
                + "available columns: \(Self.list(available))."
        case .nonNumericResponse(let label, let column):
            return "The response '\(label)' must be numeric, but the column '\(column)' holds text; "
                + "choose a numeric outcome or fix the non-numeric values."
        case .numericFunctionOfText(let label, let column):
            return "The term '\(label)' does arithmetic on the column '\(column)', which holds text; "
                + "use a numeric column or fix the non-numeric values."
        case .numericColumnWithText(let column, let value, let source, let line):
            return "The column '\(column)' holds numbers except for '\(value)' (\(source) line "
                + "\(line)), so it would become a factor with one level per number; fix that "
                + "value, or write factor(\(column)) if a factor is meant."
        case .nonFiniteValue(let label, let source, let line):
            return "The term '\(label)' is not a finite number for \(source) line \(line) "
                + "(e.g. log of zero or a negative value); transform the data differently "
                + "or remove that row."
        case .noCompleteRows(let source, let rowCount, let missing):
            if rowCount == 0 { return "\(source) has no data rows; add rows before fitting a model." }
            let counts = missing.filter { $0.count > 0 }.map { "\($0.column) (\($0.count) missing)" }
            return "No row of \(source) has values for every column the model uses "
                + "(\(counts.joined(separator: ", "))); fill in the missing values or drop terms."
        case .singleLevelFactor(let label, let level):
            return "The factor '\(label)' has only one level ('\(level)') in the rows used; a factor "
                + "needs at least two levels (R: \"contrasts can be applied only to factors with 2 "
                + "or more levels\"); remove it from the formula or check the data."
        case .groupingSingleLevel(let grouping):
            return "The grouping factor '\(grouping)' has only one level in the rows used "
                + "(lme4: \"grouping factors must have > 1 sampled level\"); remove the "
                + "random-effects term or check the data."
        case .tooManyGroupingLevels(let grouping, let levels, let observations):
            return "The grouping factor '\(grouping)' has \(levels) levels for \(observations) "
                + "observations (lme4: \"number of levels of each grouping factor must be < number "
                + "of observations\"); each group needs repeated observations, so remove the term "
                + "or group by a coarser factor."
        case .referenceNotAFactor(let column, let factors):
            let known = factors.isEmpty ? "the model has no factors" : "factors: \(Self.list(factors))"
            return "A reference level was given for '\(column)', which is not a factor in the "
                + "model (\(known)); give reference levels only for factors."
        case .unknownReferenceLevel(let column, let level, let valid):
            return "'\(level)' is not a level of '\(column)' in the rows used; "
                + "valid levels: \(Self.list(valid))."
        case .unknownDesignVariable(let name, let available):
            return "'\(name)' is not a variable of the fixed effects; "
                + "variables: \(Self.list(available))."
        case .missingDesignValue(let variable, let levels):
            return "No level given for the factor '\(variable)'; choose one of \(Self.list(levels))."
        case .unknownDesignLevel(let variable, let level, let valid):
            return "'\(level)' is not a level of '\(variable)'; valid levels: \(Self.list(valid))."
        case .designValueNotNumeric(let variable):
            return "'\(variable)' is a numeric covariate; give it a number, not a level."
        }
    }

    private static func list(_ names: [String]) -> String {
        let shown = names.prefix(30).map { "'\($0)'" }
        let rest = names.count > 30 ? " and \(names.count - 30) more" : ""
        return shown.joined(separator: ", ") + rest
    }
}
