/// REDCap logic (branching logic and calculations) as a tree, before translation.
///
/// The grammar is REDCap's: `[field]`, `[field(code)]` (a checkbox choice), `[event][field]`,
/// numbers, texts in `'…'` or `"…"`, `= <> != < <= > >=`, `+ - * / ^`, `and`/`or` (any case),
/// parentheses and `name(arguments)` calls, with the usual precedence.
indirect enum REDCapLogic: Equatable {
    case number(String)
    case text(String)
    case boolean(Bool)
    /// `[field]`, `[field(code)]`; `qualifiers` holds further bracketed parts (`[event][field]`
    /// gives field `event` with qualifier `field`), which TrialKit cannot convert.
    case reference(field: String, code: String?, qualifiers: [String])
    case negate(REDCapLogic)
    case binary(String, REDCapLogic, REDCapLogic)
    case call(String, [REDCapLogic])
}

struct REDCapLogicError: Error, Equatable {
    var message: String
}

/// Recursive-descent parser for REDCap logic; never traps (depth-limited).
struct REDCapLogicParser {
    enum Token: Equatable {
        case number(String), text(String), reference(String), word(String), symbol(String)
        case open, close, comma, end
    }

    private var tokens: [Token] = []
    private var position = 0
    private var depth = 0
    static let maximumDepth = 200

    static func parse(_ text: String) throws(REDCapLogicError) -> REDCapLogic {
        var parser = REDCapLogicParser()
        parser.tokens = try tokenize(text)
        let tree = try parser.parseOr()
        guard parser.current == .end else { throw REDCapLogicError(message: "unexpected text after a complete expression") }
        return tree
    }

    static func tokenize(_ text: String) throws(REDCapLogicError) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        func peek(_ offset: Int) -> Unicode.Scalar? { index + offset < scalars.count ? scalars[index + offset] : nil }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace { index += 1; continue }
            switch scalar {
            case "(": tokens.append(.open); index += 1
            case ")": tokens.append(.close); index += 1
            case ",": tokens.append(.comma); index += 1
            case "+", "-", "*", "/", "^": tokens.append(.symbol(String(scalar))); index += 1
            case "=":
                tokens.append(.symbol("=")); index += peek(1) == "=" ? 2 : 1
            case "<":
                if peek(1) == "=" { tokens.append(.symbol("<=")); index += 2 }
                else if peek(1) == ">" { tokens.append(.symbol("<>")); index += 2 }
                else { tokens.append(.symbol("<")); index += 1 }
            case ">":
                if peek(1) == "=" { tokens.append(.symbol(">=")); index += 2 } else { tokens.append(.symbol(">")); index += 1 }
            case "!":
                guard peek(1) == "=" else { throw REDCapLogicError(message: "`!` is not an operator") }
                tokens.append(.symbol("<>")); index += 2
            case "'", "\"":
                var value = "", end = index + 1
                while end < scalars.count, scalars[end] != scalar { value.unicodeScalars.append(scalars[end]); end += 1 }
                guard end < scalars.count else { throw REDCapLogicError(message: "a text in quotes is not closed") }
                tokens.append(.text(value)); index = end + 1
            case "[":
                var value = "", end = index + 1
                while end < scalars.count, scalars[end] != "]" { value.unicodeScalars.append(scalars[end]); end += 1 }
                guard end < scalars.count else { throw REDCapLogicError(message: "a `[` is not closed") }
                tokens.append(.reference(value)); index = end + 1
            case "0"..."9", ".":
                var value = "", end = index
                while end < scalars.count, ("0"..."9").contains(scalars[end]) || scalars[end] == "." {
                    value.unicodeScalars.append(scalars[end]); end += 1
                }
                guard Double(value) != nil else { throw REDCapLogicError(message: "`\(value)` is not a number") }
                tokens.append(.number(value)); index = end
            default:
                guard scalar.isASCII, scalar.properties.isAlphabetic || scalar == "_" else {
                    throw REDCapLogicError(message: "unexpected character `\(scalar)`")
                }
                var value = "", end = index
                while end < scalars.count, scalars[end].isASCII,
                      scalars[end].properties.isAlphabetic || scalars[end] == "_" || ("0"..."9").contains(scalars[end]) {
                    value.unicodeScalars.append(scalars[end]); end += 1
                }
                tokens.append(.word(value)); index = end
            }
        }
        tokens.append(.end)
        return tokens
    }

    private var current: Token { tokens[position] }
    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private func isWord(_ word: String) -> Bool {
        if case .word(let value) = current { return value.lowercased() == word }
        return false
    }

    private mutating func parseOr() throws(REDCapLogicError) -> REDCapLogic {
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maximumDepth else { throw REDCapLogicError(message: "the expression is nested too deeply") }
        var left = try parseAnd()
        while isWord("or") { advance(); left = .binary("or", left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(REDCapLogicError) -> REDCapLogic {
        var left = try parseComparison()
        while isWord("and") { advance(); left = .binary("and", left, try parseComparison()) }
        return left
    }

    private mutating func parseComparison() throws(REDCapLogicError) -> REDCapLogic {
        let left = try parseAdditive()
        guard case .symbol(let symbol) = current, ["=", "<>", "<", "<=", ">", ">="].contains(symbol) else { return left }
        advance()
        return .binary(symbol, left, try parseAdditive())
    }

    private mutating func parseAdditive() throws(REDCapLogicError) -> REDCapLogic {
        var left = try parseMultiplicative()
        while case .symbol(let symbol) = current, symbol == "+" || symbol == "-" {
            advance()
            left = .binary(symbol, left, try parseMultiplicative())
        }
        return left
    }

    private mutating func parseMultiplicative() throws(REDCapLogicError) -> REDCapLogic {
        var left = try parseUnary()
        while case .symbol(let symbol) = current, symbol == "*" || symbol == "/" {
            advance()
            left = .binary(symbol, left, try parseUnary())
        }
        return left
    }

    private mutating func parseUnary() throws(REDCapLogicError) -> REDCapLogic {
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maximumDepth else { throw REDCapLogicError(message: "the expression is nested too deeply") }
        if case .symbol(let symbol) = current, symbol == "-" || symbol == "+" {
            advance()
            let operand = try parseUnary()
            return symbol == "-" ? .negate(operand) : operand
        }
        let base = try parsePrimary()
        guard current == .symbol("^") else { return base }
        advance()
        return .binary("^", base, try parseUnary())
    }

    private mutating func parsePrimary() throws(REDCapLogicError) -> REDCapLogic {
        switch current {
        case .number(let value): advance(); return .number(value)
        case .text(let value): advance(); return .text(value)
        case .reference(let first):
            advance()
            var parts = [first]
            while case .reference(let next) = current { parts.append(next); advance() }
            return Self.reference(parts)
        case .open:
            advance()
            let inner = try parseOr()
            guard current == .close else { throw REDCapLogicError(message: "a `(` is not closed") }
            advance()
            return inner
        case .word(let word) where ["true", "false"].contains(word.lowercased()):
            advance()
            return .boolean(word.lowercased() == "true")
        case .word(let word):
            advance()
            guard current == .open else { throw REDCapLogicError(message: "`\(word)` is not a value or a function call") }
            advance()
            var arguments: [REDCapLogic] = []
            if current == .close { advance(); return .call(word.lowercased(), []) }
            while true {
                arguments.append(try parseOr())
                if current == .comma { advance(); continue }
                guard current == .close else { throw REDCapLogicError(message: "expected `,` or `)` in the call of `\(word)`") }
                advance()
                return .call(word.lowercased(), arguments)
            }
        case .end: throw REDCapLogicError(message: "the expression ends too early")
        default: throw REDCapLogicError(message: "expected a value")
        }
    }

    /// `field`, `field(code)` (a checkbox choice), and any further bracketed parts.
    private static func reference(_ parts: [String]) -> REDCapLogic {
        let first = parts[0].trimmingCharactersInSet()
        if let open = first.firstIndex(of: "("), first.hasSuffix(")") {
            let field = String(first[..<open])
            let code = String(first[first.index(after: open)..<first.index(before: first.endIndex)])
            return .reference(field: field, code: code, qualifiers: Array(parts.dropFirst()))
        }
        return .reference(field: first, code: nil, qualifiers: Array(parts.dropFirst()))
    }
}

extension String {
    /// Without leading and trailing spaces (no Foundation needed).
    func trimmingCharactersInSet() -> String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
