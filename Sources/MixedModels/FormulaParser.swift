/// A recursive-descent parser for R model formulas (R's operator precedence).
///
/// From loosest to tightest binding, as in R's `?Syntax`:
/// ```
/// formula   := bars '~' bars
/// bars      := sum (('|' | '||') sum)*
/// sum       := product (('+' | '-') product)*
/// product   := special (('*' | '/') special)*
/// special   := interact ('%in%' interact)*
/// interact  := unary (':' unary)*
/// unary     := '-' unary | power          (a prefix '+' is rejected: `y ~ x + + z` is a typo)
/// power     := primary ('^' unary)?
/// primary   := NAME | NUMBER | NAME '(' bars (',' bars)* ')' | '(' bars ')'
/// ```
/// The parser only checks syntax; `Formula` gives the tree its model meaning.
///
/// Depth is bounded so that no input can exhaust the stack (found by fuzzing: 50,000 nested
/// parentheses, or 20,000 terms, crashed the parser or the tree walks after it): parentheses,
/// calls and signs may nest ``maxNesting`` deep and the tree may be ``maxDepth`` deep.
struct FormulaParser {
    static let maxNesting = 100
    static let maxDepth = 500

    private let formula: String
    private let tokens: [FormulaToken]
    private var index = 0
    /// Open parentheses, calls and signs around the current token.
    private var nesting = 0
    /// The depth of the tree the last parse function returned.
    private var lastDepth = 0

    private static let binaryLevels: [[String]] = [["|", "||"], ["+", "-"], ["*", "/"], ["%"], [":"]]

    /// Parses `response ~ terms` and returns both sides.
    static func parse(_ formula: String) throws(FormulaError) -> (response: FormulaNode,
                                                                 rhs: FormulaNode) {
        var parser = FormulaParser(formula: formula, tokens: try FormulaLexer.tokens(of: formula))
        return try parser.parseFormula()
    }

    private init(formula: String, tokens: [FormulaToken]) {
        self.formula = formula
        self.tokens = tokens
    }

    private var current: FormulaToken { tokens[index] }

    private func fail(_ reason: FormulaError.Reason, at offset: Int) -> FormulaError {
        FormulaError(formula: formula, column: offset + 1, reason: reason)
    }

    private mutating func parseFormula() throws(FormulaError) -> (FormulaNode, FormulaNode) {
        if current.kind == .end {
            throw fail(.emptyFormula, at: 0)
        }
        if !tokens.contains(where: { $0.symbol == "~" }) { throw fail(.missingTilde, at: 0) }
        if current.symbol == "~" { throw fail(.missingResponse, at: current.offset) }
        guard startsOperand else {
            if current.symbol == ")" { throw fail(.unmatchedParenthesis, at: current.offset) }
            throw fail(.invalidResponse, at: current.offset)
        }
        let response = try parseBinary(level: 0)
        guard current.symbol == "~" else {
            if current.kind == .end { throw fail(.missingTilde, at: 0) }
            throw leftover()
        }
        index += 1
        let rhs = try parseOperand(after: "~", level: 0)
        guard current.kind == .end else { throw leftover() }
        return (response, rhs)
    }

    /// The error for a token that cannot continue the expression parsed so far.
    private func leftover() -> FormulaError {
        switch current.symbol {
        case ")": fail(.unmatchedParenthesis, at: current.offset)
        case "~": fail(.extraTilde, at: current.offset)
        default: fail(.expectedOperator, at: current.offset)
        }
    }

    private func matches(_ symbol: String, level: Int) -> Bool {
        let ops = Self.binaryLevels[level]
        if ops == ["%"] { return symbol.hasPrefix("%") }
        return ops.contains(symbol)
    }

    private mutating func parseBinary(level: Int) throws(FormulaError) -> FormulaNode {
        if level == Self.binaryLevels.count { return try parseUnary() }
        var lhs = try parseBinary(level: level + 1)
        var depth = lastDepth
        defer { lastDepth = depth }
        while let symbol = current.symbol, matches(symbol, level: level) {
            let offset = current.offset
            if symbol.hasPrefix("%") && symbol != "%in%" {
                throw fail(.unsupportedOperator(symbol), at: offset)
            }
            index += 1
            if (symbol == "|" || symbol == "||") && !startsOperand {
                throw fail(.missingGroupingFactor, at: current.offset)
            }
            let rhs = try parseOperand(after: symbol, level: level + 1)
            depth = try deeper(max(depth, lastDepth), at: offset)
            lhs = .binary(symbol, lhs, rhs, offset: offset)
        }
        return lhs
    }

    /// An operand after `op`: fails with "expected a term after 'op'" when none starts here.
    private mutating func parseOperand(after op: String, level: Int) throws(FormulaError) -> FormulaNode {
        guard startsOperand else {
            throw fail(.expectedTerm(after: op), at: current.offset)
        }
        return level > Self.binaryLevels.count ? try parseUnary() : try parseBinary(level: level)
    }

    private var startsOperand: Bool {
        switch current.kind {
        case .name, .number: true
        case .symbol(let symbol): symbol == "(" || symbol == "-"
        case .end: false
        }
    }

    private mutating func parseUnary() throws(FormulaError) -> FormulaNode {
        if let symbol = current.symbol, symbol == "-" {
            let offset = current.offset
            try enter(at: offset)
            index += 1
            let operand = try parseOperand(after: symbol, level: Self.binaryLevels.count + 1)
            nesting -= 1
            lastDepth = try deeper(lastDepth, at: offset)
            return .unary(symbol, operand, offset: offset)
        }
        return try parsePower()
    }

    private mutating func parsePower() throws(FormulaError) -> FormulaNode {
        let base = try parsePrimary()
        let baseDepth = lastDepth
        guard current.symbol == "^" else { return base }
        let offset = current.offset
        try enter(at: offset)
        index += 1
        let exponent = try parseOperand(after: "^", level: Self.binaryLevels.count + 1)
        nesting -= 1
        lastDepth = try deeper(max(baseDepth, lastDepth), at: offset)
        return .binary("^", base, exponent, offset: offset)
    }

    private mutating func parsePrimary() throws(FormulaError) -> FormulaNode {
        let token = current
        lastDepth = 1
        switch token.kind {
        case .name(let name, let quoted):
            index += 1
            if name == "." && !quoted { throw fail(.allColumnsDot, at: token.offset) }
            guard current.symbol == "(" else { return .name(name, offset: token.offset) }
            return try parseCall(name, offset: token.offset)
        case .number(let value, let text):
            index += 1
            return .number(value, text: text, offset: token.offset)
        case .symbol("("):
            index += 1
            if current.symbol == ")" { throw fail(.emptyParentheses, at: token.offset) }
            if current.symbol == "|" || current.symbol == "||" {
                throw fail(.emptyRandomTerm, at: current.offset)
            }
            try enter(at: token.offset)
            let inner = try parseOperand(after: "(", level: 0)
            nesting -= 1
            try expectClosing(openedAt: token.offset)
            lastDepth = try deeper(lastDepth, at: token.offset)
            return .group(inner, offset: token.offset)
        default:  // unreachable: callers check `startsOperand` first
            throw fail(.expectedOperator, at: token.offset)
        }
    }

    private mutating func parseCall(_ function: String, offset: Int) throws(FormulaError) -> FormulaNode {
        let open = current.offset
        try enter(at: open)
        index += 1
        var arguments: [FormulaNode] = []
        var depth = 1
        if current.symbol != ")" {
            arguments.append(try parseOperand(after: "(", level: 0))
            depth = max(depth, lastDepth)
            while current.symbol == "," {
                index += 1
                arguments.append(try parseOperand(after: ",", level: 0))
                depth = max(depth, lastDepth)
            }
        }
        nesting -= 1
        try expectClosing(openedAt: open)
        lastDepth = try deeper(depth, at: offset)
        return .call(function, arguments: arguments, offset: offset)
    }

    /// Counts one more level of nesting at `offset`; throws beyond ``maxNesting``.
    private mutating func enter(at offset: Int) throws(FormulaError) {
        nesting += 1
        if nesting > Self.maxNesting { throw fail(.tooDeep(limit: Self.maxNesting), at: offset) }
    }

    /// `depth + 1` for a node at `offset`; throws beyond ``maxDepth``.
    private func deeper(_ depth: Int, at offset: Int) throws(FormulaError) -> Int {
        guard depth < Self.maxDepth else { throw fail(.tooDeep(limit: Self.maxDepth), at: offset) }
        return depth + 1
    }

    private mutating func expectClosing(openedAt offset: Int) throws(FormulaError) {
        if current.symbol == ")" {
            index += 1
            return
        }
        if current.kind == .end { throw fail(.unclosedParenthesis, at: offset) }
        if current.symbol == "~" { throw fail(.extraTilde, at: current.offset) }
        throw fail(.expectedOperator, at: current.offset)
    }
}
