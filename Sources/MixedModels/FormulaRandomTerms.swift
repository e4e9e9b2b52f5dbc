/// The grouping factor of a random-effects term: a column or an interaction of columns.
public struct GroupingFactor: Hashable, Sendable, CustomStringConvertible {
    /// The name lme4 gives the factor, e.g. `Subject`, `g1:g2` or, for `(1 | batch/cask)`,
    /// `cask:batch`.
    public let name: String
    /// The columns whose interaction forms the factor, slowest-varying first (R's `f1:f2`
    /// levels run through `f2` within each level of `f1`).
    public let columns: [String]

    public var description: String { name }
}

/// One random-effects term `(effects | grouping)` after lme4's expansion of `||` and `/`.
public struct RandomEffectsSpec: Sendable, Equatable, CustomStringConvertible {
    /// The left-hand side's terms (its own intercept rule: implicit unless `0` or `-1`).
    public let effects: FormulaTermList
    public let grouping: GroupingFactor

    public var description: String {
        let lhs: String
        switch (effects.hasIntercept, effects.terms.isEmpty) {
        case (true, true): lhs = "1"
        case (true, false): lhs = effects.labels.joined(separator: " + ")
        case (false, _): lhs = (["0"] + effects.labels).joined(separator: " + ")
        }
        return "(\(lhs) | \(grouping.name))"
    }
}

/// lme4's `findbars`, `expandDoubleVerts` and `expandSlash` (lme4 R/utilities.R).
enum RandomTermExpansion {
    /// Splits a right-hand side into its fixed part (`nil` when nothing is left, i.e. an
    /// intercept-only fixed part as lme4's `nobars`) and its random-effects terms.
    static func split(_ node: FormulaNode, formula: String) throws(FormulaError)
        -> (fixed: FormulaNode?, bars: [FormulaNode])
    {
        var bars: [FormulaNode] = []
        let fixed = try strip(node, bars: &bars, formula: formula)
        return (fixed, bars)
    }

    private static func strip(_ node: FormulaNode, bars: inout [FormulaNode],
                              formula: String) throws(FormulaError) -> FormulaNode? {
        if node.isRandomTerm {
            bars.append(node.ungrouped)
            return nil
        }
        switch node {
        case .binary("+", let lhs, let rhs, let offset):
            let left = try strip(lhs, bars: &bars, formula: formula)
            let right = try strip(rhs, bars: &bars, formula: formula)
            guard let left else { return right }
            guard let right else { return left }
            return .binary("+", left, right, offset: offset)
        case .binary("-", let lhs, let rhs, let offset):
            try rejectBars(in: rhs, formula: formula)
            guard let left = try strip(lhs, bars: &bars, formula: formula) else {
                return .unary("-", rhs, offset: offset)
            }
            return .binary("-", left, rhs, offset: offset)
        case .unary("+", let operand, _):
            return try strip(operand, bars: &bars, formula: formula)
        case .group(let inner, let offset):
            return try strip(inner, bars: &bars, formula: formula).map { .group($0, offset: offset) }
        default:
            try rejectBars(in: node, formula: formula)
            return node
        }
    }

    /// Fails at the first random-effects term (or bare `|`) inside `node`.
    private static func rejectBars(in node: FormulaNode, formula: String) throws(FormulaError) {
        func fail(_ reason: FormulaError.Reason, _ offset: Int) -> FormulaError {
            FormulaError(formula: formula, column: offset + 1, reason: reason)
        }
        if node.isRandomTerm { throw fail(.misplacedRandomTerm, node.offset) }
        switch node {
        case .binary(let op, let lhs, let rhs, let offset):
            if op == "|" || op == "||" { throw fail(.randomTermOutsideParentheses, offset) }
            try rejectBars(in: lhs, formula: formula)
            try rejectBars(in: rhs, formula: formula)
        case .unary(_, let operand, _), .group(let operand, _):
            try rejectBars(in: operand, formula: formula)
        case .call(_, let arguments, _):
            for argument in arguments { try rejectBars(in: argument, formula: formula) }
        case .name, .number:
            break
        }
    }

    /// Expands one `lhs | g` or `lhs || g` node into lme4's list of terms: `||` first
    /// (`(x || g)` → `(1 | g) + (0 + x | g)`), then each `/` (`(1 | a/b)` → `(1 | b:a) + (1 | a)`).
    static func expand(_ bar: FormulaNode, formula: String) throws(FormulaError) -> [RandomEffectsSpec] {
        guard case .binary(let op, let lhs, let rhs, let offset) = bar else { return [] }
        try rejectBars(in: lhs, formula: formula)
        let effects = try FormulaTermList(expanding: lhs, formula: formula)
        if !effects.hasIntercept && effects.terms.isEmpty {
            throw FormulaError(formula: formula, column: offset + 1, reason: .emptyRandomTerm)
        }
        let groupings = try GroupingTree.expand(rhs, formula: formula)
        var parts = [effects]
        if op == "||" {
            parts = effects.hasIntercept ? [FormulaTermList(hasIntercept: true, terms: [])] : []
            parts += effects.terms.map { FormulaTermList(hasIntercept: false, terms: [$0]) }
        }
        return parts.flatMap { part in
            groupings.map { RandomEffectsSpec(effects: part, grouping: $0.factor) }
        }
    }
}

/// The right-hand side of a bar: column names joined by `:` (interaction) and `/` (nesting).
indirect enum GroupingTree {
    case column(String)
    case interaction(GroupingTree, GroupingTree)

    /// lme4's `expandSlash`: `a/b` → `[b:a, a]`, `a/b/c` → `[c:(b:a), b:a, a]`.
    static func expand(_ node: FormulaNode, formula: String) throws(FormulaError) -> [GroupingTree] {
        switch node.ungrouped {
        case .name(let name, _):
            return [.column(name)]
        case .binary(":", let lhs, let rhs, _):
            let left = try single(lhs, formula: formula)
            let right = try single(rhs, formula: formula)
            return [.interaction(left, right)]
        case .binary("/", let lhs, let rhs, _):
            let outer = try expand(lhs, formula: formula)
            let inner = try single(rhs, formula: formula)
            return [.interaction(inner, outer[0])] + outer
        default:
            throw FormulaError(formula: formula, column: node.offset + 1, reason: .invalidGroupingFactor)
        }
    }

    private static func single(_ node: FormulaNode, formula: String) throws(FormulaError) -> GroupingTree {
        let trees = try expand(node, formula: formula)
        guard trees.count == 1 else {
            throw FormulaError(formula: formula, column: node.offset + 1, reason: .invalidGroupingFactor)
        }
        return trees[0]
    }

    var columns: [String] {
        switch self {
        case .column(let name): [name]
        case .interaction(let lhs, let rhs): lhs.columns + rhs.columns
        }
    }

    /// R's deparse: a right operand that is itself an interaction gets parentheses.
    var name: String {
        switch self {
        case .column(let name):
            return RNames.isSyntactic(name) ? name : "`\(name)`"
        case .interaction(let lhs, let rhs):
            if case .interaction = rhs { return "\(lhs.name):(\(rhs.name))" }
            return "\(lhs.name):\(rhs.name)"
        }
    }

    var factor: GroupingFactor { GroupingFactor(name: name, columns: columns) }
}
