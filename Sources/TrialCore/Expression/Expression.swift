/// An expression of the protocol's logic language, used for branching logic (`show_if`),
/// calculated fields (`calculation`) and edit checks (`checks`).
///
/// Grammar (EBNF; keywords and function names are case-insensitive):
///
///     expression     = or ;
///     or             = and , { "or" , and } ;
///     and            = not , { "and" , not } ;
///     not            = "not" , not | comparison ;
///     comparison     = additive , [ ( "=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">=" ) , additive ] ;
///     additive       = multiplicative , { ( "+" | "-" ) , multiplicative } ;
///     multiplicative = unary , { ( "*" | "/" ) , unary } ;
///     unary          = ( "-" | "+" ) , unary | power ;
///     power          = primary , [ "^" , unary ] ;            (* right-associative *)
///     primary        = number | text | "true" | "false" | reference
///                    | name , "(" , [ expression , { "," , expression } ] , ")"
///                    | "(" , expression , ")" ;
///     reference      = "[" , name , "]" , [ "[" , name , "]" ] ;  (* [field] or [visit][field] *)
///     number         = digit , { digit } , [ "." , { digit } ] | "." , digit , { digit } ;
///     text           = "'" , { character } , "'" | '"' , { character } , '"' ;  (* a doubled quote stands for one *)
///
/// So `-2 ^ 2` is −4, `2 ^ 3 ^ 2` is 2⁹, comparisons do not chain (`1 < [x] < 3` is an error),
/// and `not` binds looser than comparisons (`not [a] = 1` is `not ([a] = 1)`).
public struct Expression: Sendable, Equatable, CustomStringConvertible {
    public indirect enum Node: Sendable, Equatable {
        case number(Double)
        case text(String)
        case boolean(Bool)
        /// `[field]` (visit nil) or `[visit][field]`.
        case reference(visit: String?, field: String)
        case negate(Expression)
        case not(Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// A function call; the name is lowercased.
        case call(String, [Expression])
    }

    public var node: Node
    /// Where the expression lies in the source text, in Unicode scalars from 0.
    public var range: Range<Int>

    public init(_ node: Node, range: Range<Int>) { self.node = node; self.range = range }

    /// Parses `text`, or throws the first syntax error with its position.
    public static func parse(_ text: String) throws(ExpressionError) -> Expression {
        var parser = try ExpressionParser(text)
        return try parser.parseComplete()
    }

    /// Every `[field]` and `[visit][field]` the expression names, in reading order.
    public var references: [(visit: String?, field: String, range: Range<Int>)] {
        var found: [(visit: String?, field: String, range: Range<Int>)] = []
        visit { expression in
            if case .reference(let visit, let field) = expression.node { found.append((visit, field, expression.range)) }
        }
        return found
    }

    /// Calls `body` on this expression and every subexpression, parents first.
    public func visit(_ body: (Expression) -> Void) {
        body(self)
        switch node {
        case .number, .text, .boolean, .reference: break
        case .negate(let operand), .not(let operand): operand.visit(body)
        case .binary(_, let left, let right): left.visit(body); right.visit(body)
        case .call(_, let arguments): arguments.forEach { $0.visit(body) }
        }
    }

    /// A fully parenthesized rendering that shows how the expression was grouped,
    /// e.g. `((1 + (2 * 3)) = 7)`.
    public var description: String {
        switch node {
        case .number(let value):
            return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .text(let value): return "\"" + value.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
        case .boolean(let value): return value ? "true" : "false"
        case .reference(let visit, let field): return (visit.map { "[\($0)]" } ?? "") + "[\(field)]"
        case .negate(let operand): return "(-\(operand))"
        case .not(let operand): return "(not \(operand))"
        case .binary(let op, let left, let right): return "(\(left) \(op.rawValue) \(right))"
        case .call(let name, let arguments): return name + "(" + arguments.map(\.description).joined(separator: ", ") + ")"
        }
    }
}

/// Binary operators, from loosest to tightest binding: `or`; `and`; comparisons; `+ -`; `* /`; `^`.
public enum BinaryOperator: String, Sendable, Equatable, CaseIterable {
    case or, and
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: true
        default: false
        }
    }
}

/// A problem in an expression, located by Unicode-scalar offsets in its text.
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The whole expression text.
    public var text: String
    /// The offending part, in Unicode scalars from 0 (empty at the end of the text).
    public var range: Range<Int>
    public var message: String

    public init(text: String, range: Range<Int>, message: String) {
        self.text = text; self.range = range; self.message = message
    }

    /// 1-based column of the start of the offending part.
    public var column: Int { range.lowerBound + 1 }

    /// The text with a caret line under the offending part:
    ///
    ///     [a] > 1 and
    ///                ^
    public var caretDiagram: String {
        let width = max(1, range.count)
        return text + "\n" + String(repeating: " ", count: range.lowerBound) + String(repeating: "^", count: width)
    }

    /// `column N: message`, then the caret diagram.
    public var description: String { "column \(column): \(message)\n\(caretDiagram)" }
}
