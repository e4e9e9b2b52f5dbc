/// A token of the expression language, with its place in the text (Unicode scalars from 0).
struct ExpressionToken: Equatable {
    enum Kind: Equatable {
        case number(Double)
        case text(String)
        case reference(visit: String?, field: String)
        /// A bare word: a keyword (`and`, `or`, `not`, `true`, `false`) or a function name.
        case word(String)
        /// `=`, `!=`, `<`, `<=`, `>`, `>=`, `+`, `-`, `*`, `/`, `^` (`==` and `<>` are normalized).
        case symbol(String)
        case openParenthesis, closeParenthesis, comma, end
    }
    var kind: Kind
    var range: Range<Int>
}

/// Splits an expression into tokens; reports the first character that cannot start one.
struct ExpressionLexer {
    let text: String
    let scalars: [Unicode.Scalar]

    init(_ text: String) {
        self.text = text
        scalars = Array(text.unicodeScalars)
    }

    func tokens() throws(ExpressionError) -> [ExpressionToken] {
        var tokens: [ExpressionToken] = []
        var index = 0
        while true {
            while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
            guard index < scalars.count else {
                tokens.append(ExpressionToken(kind: .end, range: scalars.count..<scalars.count))
                return tokens
            }
            let token = try token(at: index)
            tokens.append(token)
            index = token.range.upperBound
        }
    }

    private func token(at start: Int) throws(ExpressionError) -> ExpressionToken {
        let scalar = scalars[start]
        let next = start + 1 < scalars.count ? scalars[start + 1] : nil
        func single(_ kind: ExpressionToken.Kind, _ length: Int = 1) -> ExpressionToken {
            ExpressionToken(kind: kind, range: start..<(start + length))
        }
        switch scalar {
        case "(": return single(.openParenthesis)
        case ")": return single(.closeParenthesis)
        case ",": return single(.comma)
        case "+", "-", "*", "/", "^": return single(.symbol(String(scalar)))
        case "=": return next == "=" ? single(.symbol("="), 2) : single(.symbol("="))
        case "<":
            if next == "=" { return single(.symbol("<="), 2) }
            if next == ">" { return single(.symbol("!="), 2) }
            return single(.symbol("<"))
        case ">": return next == "=" ? single(.symbol(">="), 2) : single(.symbol(">"))
        case "!":
            if next == "=" { return single(.symbol("!="), 2) }
            throw error(start..<(start + 1), "`!` is not an operator; write `not` for negation or `!=` for \"not equal\"")
        case "&", "|":
            let word = scalar == "&" ? "and" : "or"
            let length = next == scalar ? 2 : 1
            throw error(start..<(start + length), "`\(String(repeating: String(scalar), count: length))` is not an "
                + "operator; write `\(word)`")
        case "'", "\"": return try text(at: start, quote: scalar)
        case "[": return try reference(at: start)
        case "0"..."9", ".": return try number(at: start)
        default:
            if isNameStart(scalar) {
                var end = start + 1
                while end < scalars.count, isNamePart(scalars[end]) { end += 1 }
                return ExpressionToken(kind: .word(slice(start..<end)), range: start..<end)
            }
            throw error(start..<(start + 1), "unexpected character `\(scalar)`")
        }
    }

    private func number(at start: Int) throws(ExpressionError) -> ExpressionToken {
        var end = start
        var sawPoint = false, sawDigit = false
        while end < scalars.count {
            let scalar = scalars[end]
            if scalar == "." {
                if sawPoint { break }
                sawPoint = true
            } else if ("0"..."9").contains(scalar) {
                sawDigit = true
            } else {
                break
            }
            end += 1
        }
        if end < scalars.count, isNamePart(scalars[end]) || scalars[end] == "." {
            var stop = end
            while stop < scalars.count, isNamePart(scalars[stop]) || scalars[stop] == "." { stop += 1 }
            throw error(start..<stop, "`\(slice(start..<stop))` is not a number; write numbers as digits with "
                + "an optional decimal point, e.g. 2.5")
        }
        guard sawDigit, let value = Double(slice(start..<end)) else {
            throw error(start..<end, "`\(slice(start..<end))` is not a number")
        }
        return ExpressionToken(kind: .number(value), range: start..<end)
    }

    private func text(at start: Int, quote: Unicode.Scalar) throws(ExpressionError) -> ExpressionToken {
        var value = String.UnicodeScalarView()
        var index = start + 1
        while index < scalars.count {
            if scalars[index] == quote {
                if index + 1 < scalars.count, scalars[index + 1] == quote {
                    value.append(quote)
                    index += 2
                    continue
                }
                return ExpressionToken(kind: .text(String(value)), range: start..<(index + 1))
            }
            value.append(scalars[index])
            index += 1
        }
        throw error(start..<scalars.count, "the text starting here has no closing \(quote)")
    }

    /// `[name]` or `[visit][field]` (the second bracket must follow the first directly).
    private func reference(at start: Int) throws(ExpressionError) -> ExpressionToken {
        let (first, afterFirst) = try bracketedName(at: start)
        if afterFirst < scalars.count, scalars[afterFirst] == "[" {
            let (second, end) = try bracketedName(at: afterFirst)
            return ExpressionToken(kind: .reference(visit: first, field: second), range: start..<end)
        }
        return ExpressionToken(kind: .reference(visit: nil, field: first), range: start..<afterFirst)
    }

    private func bracketedName(at start: Int) throws(ExpressionError) -> (String, Int) {
        var end = start + 1
        while end < scalars.count, scalars[end] != "]", scalars[end] != "[" { end += 1 }
        guard end < scalars.count, scalars[end] == "]" else {
            throw error(start..<min(end, scalars.count), "`[` has no closing `]`; a field is written `[name]`")
        }
        let name = slice((start + 1)..<end)
        guard let first = name.unicodeScalars.first, isNameStart(first),
              name.unicodeScalars.allSatisfy(isNamePart) else {
            throw error(start..<(end + 1), "`[\(name)]` does not name a field; names start with a letter and "
                + "hold only letters, digits and `_`")
        }
        return (name, end + 1)
    }

    private func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private func isNamePart(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }

    func slice(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range.clamped(to: 0..<scalars.count)])
        return String(view)
    }

    func error(_ range: Range<Int>, _ message: String) -> ExpressionError {
        ExpressionError(text: text, range: range, message: message)
    }
}
