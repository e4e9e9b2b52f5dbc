import Testing
@testable import MixedModels

@Suite struct FormulaParseTests {
    private func labels(_ text: String) throws -> [String] {
        try Formula.parse(text).fixed.labels
    }

    @Test func sleepstudyFormula() throws {
        let formula = try Formula.parse("Reaction ~ Days + (Days | Subject)")
        #expect(formula.response.label == "Reaction")
        #expect(formula.fixed.hasIntercept)
        #expect(formula.fixed.labels == ["Days"])
        #expect(formula.random.count == 1)
        #expect(formula.random[0].effects.hasIntercept)
        #expect(formula.random[0].effects.labels == ["Days"])
        #expect(formula.random[0].grouping == GroupingFactor(name: "Subject", columns: ["Subject"]))
        #expect(formula.columns == ["Reaction", "Days", "Subject"])
        #expect(formula.description == "Reaction ~ 1 + Days + (Days | Subject)")
    }

    @Test func crossingAndGroupingExpandLikeR() throws {
        #expect(try labels("y ~ x*z") == ["x", "z", "x:z"])
        #expect(try labels("y ~ (a+b)*c") == ["a", "b", "c", "a:c", "b:c"])
        // R: attr(terms(y ~ b:a + a + c*b), "term.labels")
        #expect(try labels("y ~ b:a + a + c*b") == ["a", "c", "b", "b:a", "b:c"])
        // R: attr(terms(~ a + b %in% c + d/(e+f) + (g+h+i)^2 - g:h), "term.labels")
        #expect(try labels("y ~ a + b %in% c + d/(e+f) + (g+h+i)^2 - g:h")
            == ["a", "d", "g", "h", "i", "b:c", "d:e", "d:f", "g:i", "h:i"])
        #expect(try labels("y ~ age*Sex + Sex:age") == ["age", "Sex", "age:Sex"])
        #expect(try labels("y ~ a*b*c") == ["a", "b", "c", "a:b", "a:c", "b:c", "a:b:c"])
        #expect(try labels("y ~ a*b - a:b") == ["a", "b"])
        #expect(try labels("y ~ (a + b)/c") == ["a", "b", "a:b:c"])
        #expect(try labels("y ~ x:x + x") == ["x"])
    }

    @Test func interceptRules() throws {
        #expect(try Formula.parse("y ~ x").fixed.hasIntercept)
        #expect(try !Formula.parse("y ~ -1 + x").fixed.hasIntercept)
        #expect(try !Formula.parse("y ~ x - 1").fixed.hasIntercept)
        #expect(try !Formula.parse("y ~ 0 + x").fixed.hasIntercept)
        #expect(try !Formula.parse("y ~ x + 0").fixed.hasIntercept)
        #expect(try Formula.parse("y ~ x + 0 + 1").fixed.hasIntercept)
        #expect(try !Formula.parse("y ~ (x + z)^2 - 1").fixed.hasIntercept)
        let interceptOnly = try Formula.parse("y ~ 1")
        #expect(interceptOnly.fixed.hasIntercept && interceptOnly.fixed.terms.isEmpty)
        let nothing = try Formula.parse("y ~ 0")
        #expect(!nothing.fixed.hasIntercept && nothing.fixed.terms.isEmpty)
        let randomOnly = try Formula.parse("y ~ (1 | g)")
        #expect(randomOnly.fixed.hasIntercept && randomOnly.fixed.terms.isEmpty)
        let noInterceptRandom = try Formula.parse("y ~ 0 + (1 | g)")
        #expect(!noInterceptRandom.fixed.hasIntercept)
        #expect(try !Formula.parse("y ~ x + (1 | g) - 1").fixed.hasIntercept)
    }

    @Test func functionsAndLabelsDeparseLikeR() throws {
        let formula = try Formula.parse("log(y) ~ log( x+1 ) + I(x ^ 2) + I(2*x) + I(x/2) + exp(-x) + factor(age) + sqrt((x)) + I(x - 0.0001)")
        #expect(formula.response.label == "log(y)")
        #expect(formula.fixed.labels == ["log(x + 1)", "I(x^2)", "I(2 * x)", "I(x/2)", "exp(-x)",
                                         "factor(age)", "sqrt((x))", "I(x - 1e-04)"])
        #expect(formula.fixed.terms[5].variables[0].isExplicitFactor)
        #expect(formula.fixed.terms[0].variables[0].columns == ["x"])
        let quoted = try Formula.parse("`outcome score` ~ `my var` + `2g`:g")
        #expect(quoted.response.columns == ["outcome score"])
        #expect(quoted.fixed.labels == ["`my var`", "`2g`:g"])
    }

    @Test func uncorrelatedTermsExpandAsLme4() throws {
        let formula = try Formula.parse("Reaction ~ Days + (Days || Subject)")
        #expect(formula.random.map(\.description) == ["(1 | Subject)", "(0 + Days | Subject)"])
        let products = try Formula.parse("y ~ (x*z || g)")
        #expect(products.random.map(\.description)
            == ["(1 | g)", "(0 + x | g)", "(0 + z | g)", "(0 + x:z | g)"])
        let noIntercept = try Formula.parse("y ~ (0 + x || g)")
        #expect(noIntercept.random.map(\.description) == ["(0 + x | g)"])
    }

    @Test func nestedTermsExpandAsLme4() throws {
        let pastes = try Formula.parse("strength ~ 1 + (1 | batch/cask)")
        #expect(pastes.random.map(\.grouping) == [
            GroupingFactor(name: "cask:batch", columns: ["cask", "batch"]),
            GroupingFactor(name: "batch", columns: ["batch"]),
        ])
        // lme4: findbars(y ~ (1|a/b/c)) gives c:(b:a), b:a, a.
        let three = try Formula.parse("y ~ (1 | a/b/c)")
        #expect(three.random.map(\.grouping.name) == ["c:(b:a)", "b:a", "a"])
        #expect(three.random[0].grouping.columns == ["c", "b", "a"])
        // lme4: findbars(expandDoubleVerts(y ~ (x || g/h))).
        let both = try Formula.parse("y ~ (x || g/h)")
        #expect(both.random.map(\.description)
            == ["(1 | h:g)", "(1 | g)", "(0 + x | h:g)", "(0 + x | g)"])
    }

    @Test func interactionAndCrossedGrouping() throws {
        let formula = try Formula.parse("y ~ x + (1 | g1:g2) + (0 + x | g1) + (1 | item)")
        #expect(formula.random.map(\.grouping.name) == ["g1:g2", "g1", "item"])
        #expect(formula.random[0].grouping.columns == ["g1", "g2"])
        #expect(!formula.random[1].effects.hasIntercept)
        #expect(formula.random[1].effects.labels == ["x"])
        let implied = try Formula.parse("y ~ (x | g)")
        #expect(implied.random[0].effects.hasIntercept)
        let inParentheses = try Formula.parse("y ~ (x + (1 | g))")
        #expect(inParentheses.fixed.labels == ["x"])
        #expect(inParentheses.random.count == 1)
    }
}
