/// A formula that cannot be parsed, with the 1-based character column of the problem.
///
/// The description shows the formula with a caret under the column:
/// ```
/// Formula error at column 9: expected a term after '+'.
///   y ~ x + + z
///           ^
/// ```
public struct FormulaError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong; tests match on this, users read `description`.
    public enum Reason: Equatable, Sendable {
        case emptyFormula
        case missingTilde
        case missingResponse
        case extraTilde
        case invalidResponse
        case expectedTerm(after: String)
        case expectedOperator
        case unclosedParenthesis
        case unmatchedParenthesis
        case emptyParentheses
        case unterminatedBackquote
        case unexpectedCharacter(Character)
        case unsupportedOperator(String)
        case unknownFunction(String)
        case wrongArgumentCount(function: String, expected: Int)
        case factorNeedsColumn(function: String)
        case factorInArithmetic
        case numberAsTerm(String)
        case invalidPower
        case randomTermOutsideParentheses
        case misplacedRandomTerm
        case emptyRandomTerm
        case missingGroupingFactor
        case invalidGroupingFactor
        case negatedInteraction
        case allColumnsDot
        /// More nested parentheses, calls or signs, or more terms in a row, than the parser allows.
        case tooDeep(limit: Int)
        /// An interaction that would expand to more terms than a model can use.
        case tooManyTerms(limit: Int)
    }

    /// The formula as the user wrote it.
    public let formula: String
    /// The 1-based character column the error points at (one past the end for "missing").
    public let column: Int
    public let reason: Reason

    public init(formula: String, column: Int, reason: Reason) {
        self.formula = formula
        self.column = column
        self.reason = reason
    }

    /// The functions a formula may use, as listed in error messages.
    static let supportedFunctions = "factor, as.factor, I, log, log2, log10, log1p, exp, sqrt, abs"

    /// One sentence saying what is wrong and what to write instead.
    public var message: String {
        switch reason {
        case .emptyFormula:
            return "the formula is empty; write it as 'response ~ terms', e.g. 'y ~ x + (1 | g)'."
        case .missingTilde:
            return "the formula has no '~'; write it as 'response ~ terms', e.g. 'y ~ x + (1 | g)'."
        case .missingResponse:
            return "the formula has no response before '~'; write the outcome column first, e.g. 'y ~ x'."
        case .extraTilde:
            return "a formula has exactly one '~'; remove this one."
        case .invalidResponse:
            return "the response must be one column or a numeric function of it, e.g. 'y' or 'log(y)'."
        case .expectedTerm(let after):
            return "expected a term after '\(after)'."
        case .expectedOperator:
            return "expected an operator such as '+' between terms."
        case .unclosedParenthesis:
            return "this '(' is never closed; add the matching ')'."
        case .unmatchedParenthesis:
            return "this ')' has no matching '('; remove it or add the '('."
        case .emptyParentheses:
            return "empty parentheses; put a term inside or remove them."
        case .unterminatedBackquote:
            return "this backquoted name is never closed; add the closing '`'."
        case .unexpectedCharacter(let character):
            return "unexpected character '\(character)'; names with spaces or symbols must be "
                + "written in backquotes, e.g. `my column`."
        case .unsupportedOperator(let op):
            return "the operator '\(op)' is not supported in formulas; use +, -, *, /, :, ^ or |."
        case .unknownFunction(let name):
            return "unknown function '\(name)'; supported are \(Self.supportedFunctions)."
        case .wrongArgumentCount(let function, let expected):
            return "\(function)() takes exactly \(expected) argument\(expected == 1 ? "" : "s")."
        case .factorNeedsColumn(let function):
            return "\(function)() takes a single column name, e.g. \(function)(visit)."
        case .factorInArithmetic:
            return "factor() cannot be used inside arithmetic or another function; "
                + "use it as a term of its own, e.g. 'y ~ factor(visit)'."
        case .numberAsTerm(let text):
            return "'\(text)' is not a term; use 1 to keep or 0 to remove the intercept."
        case .invalidPower:
            return "'^' needs a whole number of 1 or more, e.g. (a + b + c)^2."
        case .randomTermOutsideParentheses:
            return "a random-effects term must be in parentheses, e.g. (1 | g)."
        case .misplacedRandomTerm:
            return "a random-effects term can only be added with '+', e.g. 'y ~ x + (1 | g)'."
        case .emptyRandomTerm:
            return "the random-effects term has nothing before '|'; write (1 | g) for a random intercept."
        case .missingGroupingFactor:
            return "expected a grouping factor after '|', e.g. (1 | subject)."
        case .invalidGroupingFactor:
            return "the grouping factor must be a column name, an interaction (g1:g2) or a "
                + "nesting (g1/g2) of column names."
        case .negatedInteraction:
            return "a removed term must stand on its own; write it as 'x - a:b'."
        case .allColumnsDot:
            return "'.' (all other columns) is not supported; list the terms."
        case .tooDeep(let limit):
            return "the formula nests or chains more than \(limit) terms deep; simplify it."
        case .tooManyTerms(let limit):
            return "this interaction expands to more than \(limit) terms; interact fewer variables, e.g. (a + b + c)^2 for the two-way interactions."
        }
    }

    public var description: String {
        let caret = String(repeating: " ", count: max(column - 1, 0)) + "^"
        return "Formula error at column \(column): \(message)\n  \(formula)\n  \(caret)"
    }
}
