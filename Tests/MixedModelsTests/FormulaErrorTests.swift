import Testing
@testable import MixedModels

@Suite struct FormulaErrorTests {
    private func failure(_ text: String) -> FormulaError? {
        do {
            _ = try Formula.parse(text)
            return nil
        } catch {
            return error
        }
    }

    private func expectError(_ text: String, column: Int, _ reason: FormulaError.Reason,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        let error = failure(text)
        #expect(error?.reason == reason, "\(text)", sourceLocation: sourceLocation)
        #expect(error?.column == column, "\(text)", sourceLocation: sourceLocation)
    }

    @Test func descriptionShowsTheFormulaAndACaret() {
        let error = failure("y ~ x + + z")
        #expect(error?.description == """
            Formula error at column 9: expected a term after '+'.
              y ~ x + + z
                      ^
            """)
    }

    @Test func structureErrors() {
        expectError("", column: 1, .emptyFormula)
        expectError("y x", column: 1, .missingTilde)
        expectError("~ x", column: 1, .missingResponse)
        expectError("y ~ x ~ z", column: 7, .extraTilde)
        expectError("y ~", column: 4, .expectedTerm(after: "~"))
        expectError("y ~ x +", column: 8, .expectedTerm(after: "+"))
        expectError("y ~ x + + z", column: 9, .expectedTerm(after: "+"))
        expectError("y ~ x * / z", column: 9, .expectedTerm(after: "*"))
        expectError("y ~ x z", column: 7, .expectedOperator)
        expectError("y + z ~ x", column: 1, .invalidResponse)
        expectError("factor(y) ~ x", column: 1, .invalidResponse)
    }

    @Test func parenthesisErrors() {
        expectError("y ~ (x + z", column: 5, .unclosedParenthesis)
        expectError("y ~ log(x", column: 8, .unclosedParenthesis)
        expectError("y ~ x + z)", column: 10, .unmatchedParenthesis)
        expectError("y ~ ()", column: 5, .emptyParentheses)
        expectError("y ~ (x + ) + z", column: 10, .expectedTerm(after: "+"))
    }

    @Test func lexicalErrors() {
        expectError("y ~ `my var", column: 5, .unterminatedBackquote)
        expectError("y ~ x %o% z", column: 7, .unsupportedOperator("%o%"))
        expectError("y ~ x & z", column: 7, .unsupportedOperator("&"))
        expectError("y ~ x + .", column: 9, .allColumnsDot)
        expectError("y ~ x + é€", column: 10, .unexpectedCharacter("€"))
    }

    @Test func termErrors() {
        expectError("y ~ foo(x)", column: 5, .unknownFunction("foo"))
        expectError("y ~ log(x, 2)", column: 5, .wrongArgumentCount(function: "log", expected: 1))
        expectError("y ~ factor(x + 1)", column: 5, .factorNeedsColumn(function: "factor"))
        expectError("y ~ log(factor(x))", column: 9, .factorInArithmetic)
        expectError("y ~ 2 + x", column: 5, .numberAsTerm("2"))
        expectError("y ~ (a + b)^x", column: 12, .invalidPower)
        expectError("y ~ (a + b)^0", column: 12, .invalidPower)
        expectError("y ~ -a:b", column: 5, .negatedInteraction)
    }

    @Test func randomTermErrors() {
        expectError("y ~ x + (|g)", column: 10, .emptyRandomTerm)
        expectError("y ~ x + (1|)", column: 12, .missingGroupingFactor)
        expectError("y ~ x + (0|g)", column: 11, .emptyRandomTerm)
        expectError("y ~ x + 1|g", column: 10, .randomTermOutsideParentheses)
        expectError("y ~ x:(1|g)", column: 7, .misplacedRandomTerm)
        expectError("y ~ x - (1|g)", column: 9, .misplacedRandomTerm)
        expectError("y ~ log((1|g))", column: 9, .misplacedRandomTerm)
        expectError("y ~ ((x|g) | h)", column: 6, .misplacedRandomTerm)
        expectError("y ~ (1|log(g))", column: 8, .invalidGroupingFactor)
        expectError("y ~ (1|g + h)", column: 8, .invalidGroupingFactor)
        expectError("y ~ (1|a/(b/c))", column: 10, .invalidGroupingFactor)
    }

    @Test func everyReasonHasASentence() {
        let error = FormulaError(formula: "y ~ foo(x)", column: 5, reason: .unknownFunction("foo"))
        #expect(error.message == "unknown function 'foo'; supported are factor, as.factor, I, "
            + "log, log2, log10, log1p, exp, sqrt, abs.")
    }
}
