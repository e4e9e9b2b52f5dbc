/// Recursive-descent parser for the grammar documented on `Expression`.
///
/// Depth is bounded so that no input can exhaust the stack (found by fuzzing: 50,000 nested
/// parentheses, or 1,000 terms added in a row, crashed the parser or the tree walks after it):
/// parentheses, calls, signs and `not` may nest ``maxNesting`` deep, and the tree may be
/// ``maxDepth`` deep (a chain `[a] + [b] + …` is as deep as it is long).
struct ExpressionParser {
    static let maxNesting = 256
    static let maxDepth = 256

    private let lexer: ExpressionLexer
    private let tokens: [ExpressionToken]
    private var position = 0
    /// Open parentheses, calls, signs and `not`s around the current token.
    private var nesting = 0
    /// The depth of the tree the last parse function returned.
    private var lastDepth = 0

    init(_ text: String) throws(ExpressionError) {
        lexer = ExpressionLexer(text)
        tokens = try lexer.tokens()
    }

    mutating func parseComplete() throws(ExpressionError) -> Expression {
        if case .end = current.kind {
            throw lexer.error(current.range, "the expression is empty")
        }
        let expression = try parseOr()
        switch current.kind {
        case .end:
            return expression
        case .closeParenthesis:
            throw lexer.error(current.range, "`)` has no matching `(`")
        default:
            throw lexer.error(current.range, "unexpected \(describe(current)) after a complete expression; "
                + "is an operator such as `and` missing?")
        }
    }

    // MARK: - Precedence levels

    private mutating func parseOr() throws(ExpressionError) -> Expression {
        var left = try parseAnd()
        var depth = lastDepth
        while isKeyword("or") {
            advance()
            let right = try parseAnd()
            left = Expression(.binary(.or, left, right), range: left.range.lowerBound..<right.range.upperBound)
            depth = try deeper(max(depth, lastDepth), left.range)
        }
        lastDepth = depth
        return left
    }

    private mutating func parseAnd() throws(ExpressionError) -> Expression {
        var left = try parseNot()
        var depth = lastDepth
        while isKeyword("and") {
            advance()
            let right = try parseNot()
            left = Expression(.binary(.and, left, right), range: left.range.lowerBound..<right.range.upperBound)
            depth = try deeper(max(depth, lastDepth), left.range)
        }
        lastDepth = depth
        return left
    }

    private mutating func parseNot() throws(ExpressionError) -> Expression {
        if isKeyword("not") {
            let start = current.range.lowerBound
            try enter(current.range)
            advance()
            let operand = try parseNot()
            nesting -= 1
            lastDepth = try deeper(lastDepth, start..<operand.range.upperBound)
            return Expression(.not(operand), range: start..<operand.range.upperBound)
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(ExpressionError) -> Expression {
        let left = try parseAdditive()
        let leftDepth = lastDepth
        guard case .symbol(let symbol) = current.kind, isComparison(symbol),
              let op = BinaryOperator(rawValue: symbol) else { return left }
        advance()
        let right = try parseAdditive()
        lastDepth = try deeper(max(leftDepth, lastDepth), left.range.lowerBound..<right.range.upperBound)
        if case .symbol(let next) = current.kind, isComparison(next) {
            throw lexer.error(current.range, "comparisons cannot be chained; combine them with `and`, "
                + "e.g. `[a] < [b] and [b] < [c]`")
        }
        return Expression(.binary(op, left, right), range: left.range.lowerBound..<right.range.upperBound)
    }

    private mutating func parseAdditive() throws(ExpressionError) -> Expression {
        var left = try parseMultiplicative()
        var depth = lastDepth
        while case .symbol(let symbol) = current.kind, symbol == "+" || symbol == "-" {
            advance()
            let right = try parseMultiplicative()
            depth = max(depth, lastDepth)
            left = Expression(.binary(symbol == "+" ? .add : .subtract, left, right),
                              range: left.range.lowerBound..<right.range.upperBound)
            depth = try deeper(depth, left.range)
        }
        lastDepth = depth
        return left
    }

    private mutating func parseMultiplicative() throws(ExpressionError) -> Expression {
        var left = try parseUnary()
        var depth = lastDepth
        while case .symbol(let symbol) = current.kind, symbol == "*" || symbol == "/" {
            advance()
            let right = try parseUnary()
            depth = max(depth, lastDepth)
            left = Expression(.binary(symbol == "*" ? .multiply : .divide, left, right),
                              range: left.range.lowerBound..<right.range.upperBound)
            depth = try deeper(depth, left.range)
        }
        lastDepth = depth
        return left
    }

    private mutating func parseUnary() throws(ExpressionError) -> Expression {
        if case .symbol(let symbol) = current.kind, symbol == "-" || symbol == "+" {
            let start = current.range.lowerBound
            try enter(current.range)
            advance()
            let operand = try parseUnary()
            nesting -= 1
            let range = start..<operand.range.upperBound
            lastDepth = try deeper(lastDepth, range)
            return symbol == "-" ? Expression(.negate(operand), range: range) : Expression(operand.node, range: range)
        }
        return try parsePower()
    }

    private mutating func parsePower() throws(ExpressionError) -> Expression {
        let base = try parsePrimary()
        let baseDepth = lastDepth
        guard case .symbol("^") = current.kind else { return base }
        try enter(current.range)
        advance()
        let exponent = try parseUnary()
        nesting -= 1
        lastDepth = try deeper(max(baseDepth, lastDepth), base.range.lowerBound..<exponent.range.upperBound)
        return Expression(.binary(.power, base, exponent), range: base.range.lowerBound..<exponent.range.upperBound)
    }

    private mutating func parsePrimary() throws(ExpressionError) -> Expression {
        let token = current
        lastDepth = 1
        switch token.kind {
        case .number(let value):
            advance()
            return Expression(.number(value), range: token.range)
        case .text(let value):
            advance()
            return Expression(.text(value), range: token.range)
        case .reference(let visit, let field):
            advance()
            return Expression(.reference(visit: visit, field: field), range: token.range)
        case .openParenthesis:
            try enter(token.range)
            advance()
            let inner = try parseOr()
            nesting -= 1
            guard case .closeParenthesis = current.kind else {
                throw lexer.error(current.range, "expected `)` to close the `(` at column "
                    + "\(token.range.lowerBound + 1), found \(describe(current))")
            }
            let end = current.range.upperBound
            advance()
            return Expression(inner.node, range: token.range.lowerBound..<end)
        case .word(let word):
            let lowered = word.lowercased()
            if lowered == "true" || lowered == "false" {
                advance()
                return Expression(.boolean(lowered == "true"), range: token.range)
            }
            if ["and", "or", "not"].contains(lowered) {
                throw lexer.error(token.range, "expected a value before `\(word)`")
            }
            advance()
            guard case .openParenthesis = current.kind else {
                throw lexer.error(token.range, "`\(word)` is not a value; write a field as `[\(word)]`, "
                    + "a text in quotes, or call a function as `\(word)(...)`")
            }
            return try parseCall(lowered, start: token.range.lowerBound)
        case .end:
            throw lexer.error(token.range, "the expression ends too early; expected a value")
        default:
            throw lexer.error(token.range, "expected a value (a number, a text in quotes, a [field] or a "
                + "function call), found \(describe(token))")
        }
    }

    private mutating func parseCall(_ name: String, start: Int) throws(ExpressionError) -> Expression {
        let open = current
        try enter(open.range)
        defer { nesting -= 1 }
        advance()
        var arguments: [Expression] = []
        var depth = 1
        if case .closeParenthesis = current.kind {
            let end = current.range.upperBound
            advance()
            return Expression(.call(name, []), range: start..<end)
        }
        while true {
            arguments.append(try parseOr())
            depth = max(depth, lastDepth)
            if case .comma = current.kind {
                advance()
                continue
            }
            guard case .closeParenthesis = current.kind else {
                throw lexer.error(current.range, "expected `,` or `)` in the call of `\(name)` opened at column "
                    + "\(open.range.lowerBound + 1), found \(describe(current))")
            }
            let end = current.range.upperBound
            advance()
            lastDepth = try deeper(depth, start..<end)
            return Expression(.call(name, arguments), range: start..<end)
        }
    }

    // MARK: - Depth limits

    /// Counts one more level of nesting at `range`; throws beyond ``maxNesting``.
    private mutating func enter(_ range: Range<Int>) throws(ExpressionError) {
        nesting += 1
        if nesting > Self.maxNesting {
            throw lexer.error(range, "the expression nests parentheses, function calls, signs or `not` more than "
                + "\(Self.maxNesting) levels deep; split it into simpler checks")
        }
    }

    /// `depth + 1` for a node built over `range`; throws beyond ``maxDepth``.
    private func deeper(_ depth: Int, _ range: Range<Int>) throws(ExpressionError) -> Int {
        guard depth < Self.maxDepth else {
            throw lexer.error(range, "the expression is too long to check safely (more than \(Self.maxDepth) operators "
                + "in a row or nested); split it into simpler checks")
        }
        return depth + 1
    }

    // MARK: - Helpers

    private var current: ExpressionToken { tokens[position] }

    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private func isKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = current.kind { return word.lowercased() == keyword }
        return false
    }

    private func isComparison(_ symbol: String) -> Bool {
        BinaryOperator(rawValue: symbol)?.isComparison ?? false
    }

    private func describe(_ token: ExpressionToken) -> String {
        if case .end = token.kind { return "the end of the expression" }
        return "`" + lexer.slice(token.range) + "`"
    }
}
