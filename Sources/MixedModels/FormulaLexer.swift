/// A token of an R model formula, with its 0-based character offset.
struct FormulaToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// A column or function name; backquotes already removed.
        case name(String, quoted: Bool)
        /// A numeric literal with its source text.
        case number(Double, text: String)
        /// An operator or punctuation: `~ + - * / ^ : | || ( ) , %in%`.
        case symbol(String)
        case end
    }

    var kind: Kind
    var offset: Int

    var symbol: String? {
        if case .symbol(let text) = kind { return text }
        return nil
    }
}

/// Splits a formula into tokens following R's lexical rules for names and numbers.
///
/// A name starts with a letter or a dot not followed by a digit and continues with letters,
/// digits, `.` and `_` (R's syntactic names, letters in any script); any other name is written
/// in backquotes. Numbers are decimal with an optional exponent.
struct FormulaLexer {
    private let characters: [Character]
    private let formula: String
    private var position = 0

    init(_ formula: String) {
        self.formula = formula
        self.characters = Array(formula)
    }

    static func tokens(of formula: String) throws(FormulaError) -> [FormulaToken] {
        var lexer = FormulaLexer(formula)
        var tokens: [FormulaToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func fail(_ reason: FormulaError.Reason, at offset: Int) -> FormulaError {
        FormulaError(formula: formula, column: offset + 1, reason: reason)
    }

    private func peek(_ ahead: Int = 0) -> Character? {
        let index = position + ahead
        return index < characters.count ? characters[index] : nil
    }

    private mutating func next() throws(FormulaError) -> FormulaToken {
        while let character = peek(), character.isWhitespace { position += 1 }
        let start = position
        guard let character = peek() else { return FormulaToken(kind: .end, offset: start) }
        if character == "`" { return try backquotedName() }
        if character.isNumber && character.isASCII || character == "." && (peek(1)?.isASCIIDigit ?? false) {
            return number()
        }
        if character.isLetter || character == "." { return name() }
        if character == "%" {
            var end = position + 1
            while end < characters.count && characters[end] != "%" { end += 1 }
            guard end < characters.count else { throw fail(.unexpectedCharacter("%"), at: start) }
            let op = String(characters[position...end])
            position = end + 1
            return FormulaToken(kind: .symbol(op), offset: start)
        }
        if character == "|" && peek(1) == "|" {
            position += 2
            return FormulaToken(kind: .symbol("||"), offset: start)
        }
        if "~+-*/^:|(),".contains(character) {
            position += 1
            return FormulaToken(kind: .symbol(String(character)), offset: start)
        }
        if "&!<>=$@[]{};\"'?#\\".contains(character) {
            position += 1
            let op = character == "&" && peek() == "&" ? "&&" : String(character)
            throw fail(.unsupportedOperator(op), at: start)
        }
        throw fail(.unexpectedCharacter(character), at: start)
    }

    private mutating func backquotedName() throws(FormulaError) -> FormulaToken {
        let start = position
        position += 1
        var text = ""
        while let character = peek(), character != "`" {
            text.append(character)
            position += 1
        }
        guard peek() == "`", !text.isEmpty else { throw fail(.unterminatedBackquote, at: start) }
        position += 1
        return FormulaToken(kind: .name(text, quoted: true), offset: start)
    }

    private mutating func name() -> FormulaToken {
        let start = position
        var text = ""
        while let character = peek(),
              character.isLetter || character.isNumber || character == "." || character == "_" {
            text.append(character)
            position += 1
        }
        return FormulaToken(kind: .name(text, quoted: false), offset: start)
    }

    private mutating func number() -> FormulaToken {
        let start = position
        var text = ""
        while let character = peek(), character.isASCIIDigit || character == "." {
            text.append(character)
            position += 1
        }
        if let e = peek(), e == "e" || e == "E" {
            let sign = peek(1)
            let digitOffset = (sign == "+" || sign == "-") ? 2 : 1
            if peek(digitOffset)?.isASCIIDigit ?? false {
                for _ in 0..<digitOffset {
                    text.append(peek()!)
                    position += 1
                }
                while let character = peek(), character.isASCIIDigit {
                    text.append(character)
                    position += 1
                }
            }
        }
        if peek() == "L" { position += 1 }  // R's integer suffix, e.g. 1L
        return FormulaToken(kind: .number(Double(text) ?? .nan, text: text), offset: start)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
