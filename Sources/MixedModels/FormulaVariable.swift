import Foundation

/// One variable of a formula term: a column, `factor(column)`, or a numeric expression of
/// columns such as `log(x)` or `I(age^2)` (what R's `terms()` calls a variable).
public struct FormulaVariable: Hashable, Sendable, CustomStringConvertible {
    /// The label R gives the variable (its deparsed expression), e.g. `factor(age)`.
    public let label: String
    /// The table columns the variable reads, in order of appearance.
    public let columns: [String]
    let expression: VariableExpression

    /// `true` for `factor(x)` / `as.factor(x)`: a factor even when `x` is numeric.
    public var isExplicitFactor: Bool {
        if case .factor = expression { return true }
        return false
    }

    /// `true` when the variable is a bare column (a factor or a covariate depending on the data).
    public var isBareColumn: Bool {
        if case .column = expression { return true }
        return false
    }

    public var description: String { label }

    init(node: FormulaNode, formula: String) throws(FormulaError) {
        self.label = node.deparsed
        self.expression = try VariableExpression.make(node, formula: formula, topLevel: true)
        var seen: [String] = []
        for column in expression.columns where !seen.contains(column) { seen.append(column) }
        self.columns = seen
    }

    public static func == (lhs: FormulaVariable, rhs: FormulaVariable) -> Bool {
        lhs.label == rhs.label
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(label)
    }
}

/// A numeric function allowed in formulas, applied element by element.
enum NumericFunction: String, Sendable, CaseIterable {
    case log, log2, log10, log1p, exp, sqrt, abs

    func apply(_ x: Double) -> Double {
        switch self {
        case .log: Foundation.log(x)
        case .log2: Foundation.log2(x)
        case .log10: Foundation.log10(x)
        case .log1p: Foundation.log1p(x)
        case .exp: Foundation.exp(x)
        case .sqrt: x.squareRoot()
        case .abs: Swift.abs(x)
        }
    }
}

/// What a formula variable computes from a row.
indirect enum VariableExpression: Hashable, Sendable {
    case column(String)
    case factor(String)
    case literal(Double)
    case function(NumericFunction, VariableExpression)
    case arithmetic(String, VariableExpression, VariableExpression)
    case negate(VariableExpression)

    var columns: [String] {
        switch self {
        case .column(let name), .factor(let name): [name]
        case .literal: []
        case .function(_, let inner), .negate(let inner): inner.columns
        case .arithmetic(_, let lhs, let rhs): lhs.columns + rhs.columns
        }
    }

    /// Evaluates a numeric expression; `value` gives each column's number.
    func evaluate(_ value: (String) -> Double) -> Double {
        switch self {
        case .column(let name), .factor(let name): value(name)
        case .literal(let number): number
        case .function(let function, let inner): function.apply(inner.evaluate(value))
        case .negate(let inner): -inner.evaluate(value)
        case .arithmetic(let op, let lhs, let rhs):
            Self.combine(op, lhs.evaluate(value), rhs.evaluate(value))
        }
    }

    private static func combine(_ op: String, _ a: Double, _ b: Double) -> Double {
        switch op {
        case "+": a + b
        case "-": a - b
        case "*": a * b
        case "/": a / b
        default: Foundation.pow(a, b)
        }
    }

    /// Builds the expression of a formula variable from its parse tree.
    static func make(_ node: FormulaNode, formula: String,
                     topLevel: Bool) throws(FormulaError) -> VariableExpression {
        func fail(_ reason: FormulaError.Reason, _ offset: Int) -> FormulaError {
            FormulaError(formula: formula, column: offset + 1, reason: reason)
        }
        switch node {
        case .name(let name, _):
            return .column(name)
        case .number(let value, let text, let offset):
            guard !topLevel, value.isFinite else { throw fail(.numberAsTerm(text), offset) }
            return .literal(value)
        case .group(let inner, let offset):
            if node.isRandomTerm { throw fail(.misplacedRandomTerm, offset) }
            return try make(inner, formula: formula, topLevel: topLevel)
        case .unary(let op, let operand, _):
            let inner = try make(operand, formula: formula, topLevel: false)
            return op == "-" ? .negate(inner) : inner
        case .binary(let op, let lhs, let rhs, let offset):
            if op == "|" || op == "||" { throw fail(.randomTermOutsideParentheses, offset) }
            guard ["+", "-", "*", "/", "^"].contains(op) else {
                throw fail(.unsupportedOperator(op), offset)
            }
            return .arithmetic(op, try make(lhs, formula: formula, topLevel: false),
                               try make(rhs, formula: formula, topLevel: false))
        case .call(let name, let arguments, let offset):
            return try makeCall(name, arguments, offset: offset, formula: formula, topLevel: topLevel)
        }
    }

    private static func makeCall(_ name: String, _ arguments: [FormulaNode], offset: Int,
                                 formula: String, topLevel: Bool) throws(FormulaError) -> VariableExpression {
        func fail(_ reason: FormulaError.Reason) -> FormulaError {
            FormulaError(formula: formula, column: offset + 1, reason: reason)
        }
        let isFactor = name == "factor" || name == "as.factor"
        guard isFactor || name == "I" || NumericFunction(rawValue: name) != nil else {
            throw fail(.unknownFunction(name))
        }
        guard arguments.count == 1 else { throw fail(.wrongArgumentCount(function: name, expected: 1)) }
        let argument = arguments[0]
        if isFactor {
            guard topLevel else { throw fail(.factorInArithmetic) }
            guard case .name(let column, _) = argument.ungrouped else {
                throw fail(.factorNeedsColumn(function: name))
            }
            return .factor(column)
        }
        let inner = try make(argument, formula: formula, topLevel: false)
        if let function = NumericFunction(rawValue: name) { return .function(function, inner) }
        return inner  // I(...) only protects arithmetic from formula meaning
    }
}
