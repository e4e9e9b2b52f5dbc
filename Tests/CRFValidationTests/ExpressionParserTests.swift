import Testing
import TrialCore

/// The grammar: precedence and associativity (shown fully parenthesized) and syntax errors
/// with their positions.
@Suite struct ExpressionParserTests {
    func grouping(_ text: String) throws -> String { try Expression.parse(text).description }

    @Test(arguments: [
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("(1 + 2) * 3", "((1 + 2) * 3)"),
        ("1 - 2 - 3", "((1 - 2) - 3)"),
        ("8 / 4 / 2", "((8 / 4) / 2)"),
        ("2 ^ 3 ^ 2", "(2 ^ (3 ^ 2))"),
        ("-2 ^ 2", "(-(2 ^ 2))"),
        ("2 ^ -1", "(2 ^ (-1))"),
        ("[a] + 1 > [b] * 2", "(([a] + 1) > ([b] * 2))"),
        ("[a] = 1 or [b] = 2 and [c] = 3", "(([a] = 1) or (([b] = 2) and ([c] = 3)))"),
        ("not [a] = 1 and [b] = 2", "((not ([a] = 1)) and ([b] = 2))"),
        ("not not [x] > 0", "(not (not ([x] > 0)))"),
        ("[a] <> 1", "([a] != 1)"),
        ("[a] == 1", "([a] = 1)"),
        ("[post][visit_date] > [baseline][visit_date]", "([post][visit_date] > [baseline][visit_date])"),
        ("SUM([a], [b] * 2, 3) >= 4", "(sum([a], ([b] * 2), 3) >= 4)"),
        ("'it''s' = \"say \"\"hi\"\"\"", "(\"it's\" = \"say \"\"hi\"\"\")"),
        ("[a] > .5 AND true", "(([a] > 0.5) and true)"),
        ("count_missing()", "count_missing()"),
    ])
    func precedence(_ text: String, _ expected: String) throws {
        #expect(try grouping(text) == expected)
    }

    @Test func rangesCoverTheSource() throws {
        let expression = try Expression.parse("  [a] +  (2*3)")
        #expect(expression.range == 2..<14)
        guard case .binary(.add, let left, let right) = expression.node else {
            Issue.record("expected an addition"); return
        }
        #expect(left.range == 2..<5)
        #expect(right.range == 9..<14)
        #expect(expression.references.map(\.field) == ["a"])
    }

    @Test(arguments: [
        ("", 0..<0, "the expression is empty"),
        ("[a] >", 5..<5, "the expression ends too early; expected a value"),
        ("[a] > 1 and", 11..<11, "the expression ends too early; expected a value"),
        ("1 < [x] < 3", 8..<9, "comparisons cannot be chained; combine them with `and`, e.g. `[a] < [b] and [b] < [c]`"),
        ("([a] + 1", 8..<8, "expected `)` to close the `(` at column 1, found the end of the expression"),
        ("[a] + 1)", 7..<8, "`)` has no matching `(`"),
        ("[a] [b]", 4..<7, "unexpected `[b]` after a complete expression; is an operator such as `and` missing?"),
        ("weight / 2", 0..<6, "`weight` is not a value; write a field as `[weight]`, a text in quotes, or call a function as `weight(...)`"),
        ("[a] && [b]", 4..<6, "`&&` is not an operator; write `and`"),
        ("[a] ! [b]", 4..<5, "`!` is not an operator; write `not` for negation or `!=` for \"not equal\""),
        ("[a] = 'open", 6..<11, "the text starting here has no closing '"),
        ("[a b] = 1", 0..<5, "`[a b]` does not name a field; names start with a letter and hold only letters, digits and `_`"),
        ("[a = 1", 0..<6, "`[` has no closing `]`; a field is written `[name]`"),
        ("1.2.3 > 0", 0..<5, "`1.2.3` is not a number; write numbers as digits with an optional decimal point, e.g. 2.5"),
        ("sum([a], ) > 1", 9..<10, "expected a value (a number, a text in quotes, a [field] or a function call), found `)`"),
        ("sum([a] [b])", 8..<11, "expected `,` or `)` in the call of `sum` opened at column 4, found `[b]`"),
        ("[a] = and", 6..<9, "expected a value before `and`"),
        ("[a] = #", 6..<7, "unexpected character `#`"),
    ])
    func syntaxErrors(_ text: String, _ range: Range<Int>, _ message: String) {
        #expect(throws: ExpressionError(text: text, range: range, message: message)) { try Expression.parse(text) }
    }

    @Test func caretDiagram() {
        let error = ExpressionError(text: "[a] > 1 and", range: 11..<11, message: "m")
        #expect(error.caretDiagram == "[a] > 1 and\n           ^")
        #expect(error.description == "column 12: m\n[a] > 1 and\n           ^")
        let wide = ExpressionError(text: "[a] && [b]", range: 4..<6, message: "m")
        #expect(wide.caretDiagram == "[a] && [b]\n    ^^")
    }

    @Test func positionsCountUnicodeScalars() {
        // "ø" is one scalar (two UTF-8 bytes): `[b]` starts at scalar 10.
        #expect(throws: ExpressionError(text: "'ø' = [a] [b]", range: 10..<13,
                                        message: "unexpected `[b]` after a complete expression; is an operator such as `and` missing?")) {
            try Expression.parse("'ø' = [a] [b]")
        }
    }
}
