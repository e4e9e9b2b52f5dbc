/// A parsed R/lme4 model formula, `response ~ fixed terms + (random | grouping)`.
///
/// Syntax and meaning follow R's `terms.formula` for the fixed part and lme4's `lFormula`
/// for random-effects terms (Bates et al. 2015, *J. Stat. Softw.* 67(1), §2.1):
/// - fixed terms: `1`, `0` / `-1`, columns, `factor(x)`, numeric functions (`log(x)`,
///   `I(x^2)`), `a:b`, `a*b`, `a/b`, `(a + b)^2`, `- a:b`;
/// - random terms: `(1 | g)`, `(x | g)`, `(0 + x | g)`, `(x || g)` (uncorrelated:
///   `(1 | g) + (0 + x | g)`), `(1 | g1/g2)` (nested: `(1 | g2:g1) + (1 | g1)`),
///   `(1 | g1:g2)`, and several at once (crossed).
public struct Formula: Sendable, CustomStringConvertible {
    /// The formula as written.
    public let text: String
    public let response: FormulaVariable
    /// The fixed-effects terms, R's expansion and order.
    public let fixed: FormulaTermList
    /// The random-effects terms after lme4's expansion, in formula order.
    public let random: [RandomEffectsSpec]

    /// Parses a formula.
    /// - Throws: `FormulaError` with the column of the problem and a caret display.
    public static func parse(_ text: String) throws(FormulaError) -> Formula {
        let (responseNode, rhs) = try FormulaParser.parse(text)
        let response = try parseResponse(responseNode, text: text)
        let (fixedNode, bars) = try RandomTermExpansion.split(rhs, formula: text)
        let fixed = try FormulaTermList(expanding: fixedNode, formula: text)
        var random: [RandomEffectsSpec] = []
        for bar in bars { random += try RandomTermExpansion.expand(bar, formula: text) }
        return Formula(text: text, response: response, fixed: fixed, random: random)
    }

    private static func parseResponse(_ node: FormulaNode,
                                      text: String) throws(FormulaError) -> FormulaVariable {
        switch node.ungrouped {
        case .name, .call:
            let variable = try FormulaVariable(node: node.ungrouped, formula: text)
            if variable.isExplicitFactor {
                throw FormulaError(formula: text, column: node.offset + 1, reason: .invalidResponse)
            }
            return variable
        default:
            if case .binary(let op, _, _, let offset) = node.ungrouped, op == "|" || op == "||" {
                throw FormulaError(formula: text, column: offset + 1, reason: .randomTermOutsideParentheses)
            }
            throw FormulaError(formula: text, column: node.offset + 1, reason: .invalidResponse)
        }
    }

    /// The formula in expanded, canonical form, e.g.
    /// `Reaction ~ 1 + Days + (1 | Subject) + (0 + Days | Subject)`.
    public var description: String {
        let parts = [fixed.description] + random.map(\.description)
        return "\(response.label) ~ \(parts.joined(separator: " + "))"
    }

    /// Every column the model reads: response, fixed terms, random effects and grouping.
    public var columns: [String] {
        var result: [String] = []
        func add(_ names: [String]) {
            for name in names where !result.contains(name) { result.append(name) }
        }
        add(response.columns)
        for term in fixed.terms { for variable in term.variables { add(variable.columns) } }
        for spec in random {
            for term in spec.effects.terms { for variable in term.variables { add(variable.columns) } }
            add(spec.grouping.columns)
        }
        return result
    }
}
