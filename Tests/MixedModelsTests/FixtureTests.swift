import Foundation
import Testing
@testable import MixedModels

/// Every lmer model in fixtures/reference/models (R 4.2.2, lme4 1.1-31, optimizer tightened to the
/// optimum), fitted with the same optimizer settings. Tolerances: fixtures/reference/README.md.
@Suite struct FixtureTests {
    static let models = ["sleepstudy_reml", "sleepstudy_ml", "sleepstudy_uncorr", "sleepstudy_intercept",
                         "dyestuff_reml", "dyestuff_ml", "dyestuff2_reml", "pastes_reml", "pastes_ml",
                         "penicillin_reml", "penicillin_ml", "orthodont_reml", "orthodont_reml_sorted",
                         "trial_sim", "trial_sim_age", "large_10k", "rankdef", "rankdef_empty_cell"]

    @Test(arguments: models)
    func matchesTheLme4Fixture(_ name: String) throws {
        let reference = try ModelReference.load(name)
        var options = LinearMixedModelOptions(criterion: reference.reml ? .reml : .ml)
        options.optimizer = ModelReference.fixtureOptimizer
        let fit = try LinearMixedModel.fit(try reference.frame(), options: options)

        expectClose("\(name) criterion", fit.objective, reference.criterion, relative: Tolerance.criterion)
        expectClose("\(name) logLik", fit.logLikelihood, reference.loglik, relative: Tolerance.criterion)
        expectClose("\(name) AIC", fit.aic, reference.aic, relative: Tolerance.criterion)
        expectClose("\(name) BIC", fit.bic, reference.bic, relative: Tolerance.criterion)
        #expect(fit.observationCount == reference.nobs)
        #expect(fit.summary.singular == reference.singular)
        for group in fit.groups where reference.ngrps[group.name] != nil {
            #expect(group.levelCount == reference.ngrps[group.name])
        }
        for (j, expected) in reference.fixed.enumerated() {
            #expect(fit.fixedEffectNames[j] == expected.term)
            expectClose("\(name) β \(expected.term)", fit.fixedEffects[j], expected.estimate,
                        relative: Tolerance.fixedEffect, absoluteFloor: 1)
            expectClose("\(name) SE \(expected.term)", fit.standardErrors[j], expected.se, relative: Tolerance.secondary)
        }
        for (i, row) in reference.vcov.enumerated() {
            for (j, expected) in row.enumerated() {
                let scale = (reference.vcov[i][i] * reference.vcov[j][j]).squareRoot()
                #expect(abs(fit.vcov[i, j] - expected) <= Tolerance.secondary * scale, "\(name) vcov[\(i),\(j)]")
            }
        }
        for (i, expected) in reference.theta.enumerated() {
            expectClose("\(name) θ[\(i)]", fit.theta[i], expected, relative: Tolerance.secondary, absoluteFloor: 1)
        }
        expectClose("\(name) σ", fit.sigma, reference.sigma, relative: Tolerance.secondary)
        expectClose("\(name) residual variance", fit.residualVariance, reference.residual.variance,
                    relative: Tolerance.secondary)
        let variances = fit.varianceComponents.flatMap { $0.variances }
        for (i, expected) in reference.random.enumerated() {
            expectClose("\(name) Var \(expected.group) \(expected.term)", variances[i], expected.variance,
                        relative: Tolerance.secondary, absoluteFloor: 1e-8)
        }
        for expected in reference.correlations ?? [] {
            let component = try #require(fit.varianceComponents.first { $0.groupingName == expected.group })
            let a = try #require(component.columnNames.firstIndex(of: expected.term1))
            let b = try #require(component.columnNames.firstIndex(of: expected.term2))
            expectClose("\(name) corr \(expected.term1)/\(expected.term2)", component.correlations[a, b], expected.corr,
                        relative: Tolerance.secondary)
        }
        print("\(name): \(fit.summary.evaluations) evaluations, \(fit.summary.status), warnings \(fit.summary.warnings)")
    }
}
