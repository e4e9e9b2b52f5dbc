/// One term of a formula: a product (interaction) of variables, e.g. `age:Sex`.
public struct FormulaTerm: Hashable, Sendable, CustomStringConvertible {
    /// The variables in the order they first appear in the formula (R's `terms` order).
    public let variables: [FormulaVariable]

    /// R's term label, e.g. `age:Sex`.
    public var label: String { variables.map(\.label).joined(separator: ":") }
    /// Number of variables (1 = main effect, 2 = two-way interaction, ...).
    public var degree: Int { variables.count }
    public var description: String { label }
}

/// The expanded terms of a formula's right-hand side, as R's `terms.formula` gives them.
public struct FormulaTermList: Sendable, Equatable, CustomStringConvertible {
    public let hasIntercept: Bool
    /// Terms sorted by degree (main effects, then two-way interactions, ...); within a degree
    /// in order of first appearance, duplicates removed.
    public let terms: [FormulaTerm]

    public var labels: [String] { terms.map(\.label) }

    public var description: String {
        let parts = [hasIntercept ? "1" : "0"] + labels
        return parts.joined(separator: " + ")
    }

    init(hasIntercept: Bool, terms: [FormulaTerm]) {
        self.hasIntercept = hasIntercept
        self.terms = terms
    }

    /// Expands a right-hand side with R's rules (Chambers & Hastie 1992, *Statistical Models
    /// in S*, ch. 2; R's `terms.formula`): `a + b` joins, `a:b` interacts every pair,
    /// `a * b = a + b + a:b`, `a / b = a + a:b` (with all of `a`'s variables), `(a + b)^2`
    /// gives all interactions up to order 2, `a %in% b = a:b`, `- t` removes a term, `1`/`0`
    /// (or `- 1`) keep/remove the intercept.
    init(expanding node: FormulaNode?, formula: String) throws(FormulaError) {
        var encoder = TermEncoder(formula: formula)
        let sets = try node.map { (node) throws(FormulaError) in try encoder.encode(node) } ?? []
        var ordered: [[Int]] = []
        for set in sets where !set.isEmpty && !ordered.contains(set) { ordered.append(set) }
        let maxDegree = ordered.map(\.count).max() ?? 0
        var terms: [FormulaTerm] = []
        for degree in stride(from: 1, through: maxDegree, by: 1) {
            for set in ordered where set.count == degree {
                terms.append(FormulaTerm(variables: set.map { encoder.variables[$0] }))
            }
        }
        self.init(hasIntercept: encoder.intercept, terms: terms)
    }
}

/// R's `EncodeVars`: turns a formula tree into a list of terms, each a sorted set of variable
/// indices (indices in order of first appearance), and tracks the intercept.
private struct TermEncoder {
    let formula: String
    var variables: [FormulaVariable] = []
    var intercept = true
    /// `false` while encoding the right operand of `-` (R's `parity`).
    var adding = true

    init(formula: String) { self.formula = formula }

    private func fail(_ reason: FormulaError.Reason, at offset: Int) -> FormulaError {
        FormulaError(formula: formula, column: offset + 1, reason: reason)
    }

    mutating func encode(_ node: FormulaNode) throws(FormulaError) -> [[Int]] {
        switch node {
        case .number(let value, let text, let offset):
            if value == 1 { intercept = adding } else if value == 0 { intercept = !adding } else {
                throw fail(.numberAsTerm(text), at: offset)
            }
            return []
        case .name, .call:
            return [[install(try FormulaVariable(node: node, formula: formula))]]
        case .group(let inner, let offset):
            if node.isRandomTerm { throw fail(.misplacedRandomTerm, at: offset) }
            return try encode(inner)
        case .unary(let op, let operand, _):
            if op == "+" { return try encode(operand) }
            adding.toggle()
            _ = try encode(operand)  // R: removing from nothing only affects the intercept
            adding.toggle()
            return []
        case .binary(let op, let lhs, let rhs, let offset):
            return try encodeBinary(op, lhs, rhs, offset: offset)
        }
    }

    private mutating func encodeBinary(_ op: String, _ lhs: FormulaNode, _ rhs: FormulaNode,
                                       offset: Int) throws(FormulaError) -> [[Int]] {
        switch op {
        case "|", "||":
            throw fail(.randomTermOutsideParentheses, at: offset)
        case "-":
            let kept = try encode(lhs)
            adding.toggle()
            let removed = try encode(rhs)
            adding.toggle()
            return kept.filter { !removed.contains($0) }
        case "^":
            let base = try encode(lhs)
            guard case .number(let power, _, _) = rhs.ungrouped, power >= 1,
                  power == power.rounded(), power < 64 else {
                throw fail(.invalidPower, at: offset)
            }
            var result = base
            for _ in 1..<Int(power) {
                if result.count * base.count > Self.maxTerms { throw fail(.tooManyTerms(limit: Self.maxTerms), at: offset) }
                result = Self.unique(result + Self.interact(result, base))
            }
            return result
        case "+":
            break
        default:
            // R parses `-a:b` as `(-a):b`, which removes nothing; say how to write it.
            for operand in [lhs, rhs] {
                if case .unary("-", _, let at) = operand { throw fail(.negatedInteraction, at: at) }
            }
        }
        let left = try encode(lhs)
        let right = try encode(rhs)
        // `a*b*c*…` has 2^k terms: refuse long before that exhausts time or memory (found by
        // fuzzing: 25 factors joined by `*` ran for minutes).
        if op == "*" || op == ":" || op == "%in%", left.count * right.count > Self.maxTerms {
            throw fail(.tooManyTerms(limit: Self.maxTerms), at: offset)
        }
        switch op {
        case "+": return Self.unique(left + right)
        case ":", "%in%": return Self.unique(Self.interact(left, right))
        case "*": return Self.unique(left + right + Self.interact(left, right))
        case "/":
            let all = Self.union(left.flatMap { $0 }, [])
            return Self.unique(left + right.map { Self.union(all, $0) })
        default:
            throw fail(.unsupportedOperator(op), at: offset)
        }
    }

    private mutating func install(_ variable: FormulaVariable) -> Int {
        if let index = variables.firstIndex(of: variable) { return index }
        variables.append(variable)
        return variables.count - 1
    }

    private static func union(_ a: [Int], _ b: [Int]) -> [Int] { Array(Set(a + b)).sorted() }

    private static func interact(_ left: [[Int]], _ right: [[Int]]) -> [[Int]] {
        left.flatMap { l in right.map { r in union(l, r) } }
    }

    /// The most terms an interaction may expand to before the formula is refused.
    static let maxTerms = 1024

    /// `terms` without repeats, in first-seen order (a set keeps this linear).
    private static func unique(_ terms: [[Int]]) -> [[Int]] {
        var seen = Set<[Int]>()
        var result: [[Int]] = []
        for term in terms where seen.insert(term).inserted { result.append(term) }
        return result
    }
}
