import Foundation
import Testing
@testable import MixedModels

/// `Reaction ~ Days + (Days | Subject)` on lme4's sleepstudy (180 obs, 18 subjects).
/// Expected values: /work/shared/notes/mixed-models.md §4.1 (lme4 docs and tests; "local" digits from
/// lme4 1.1-31; ML from MixedModels.jl `test/pls.jl`).
@Suite struct SleepstudyTests {
    @Test func remlMatchesLme4() throws {
        let fit = try LinearMixedModel.fit(try Reference.sleepstudy())
        expectClose("REML criterion", fit.objective, 1743.6282722424, relative: Tolerance.criterion)
        expectClose("β (Intercept)", fit.fixedEffects[0], 251.405104848485, relative: Tolerance.fixedEffect)
        expectClose("β Days", fit.fixedEffects[1], 10.467285959595, relative: Tolerance.fixedEffect)
        expectClose("SE (Intercept)", fit.standardErrors[0], 6.824596695, relative: Tolerance.secondary)
        expectClose("SE Days", fit.standardErrors[1], 1.545789644, relative: Tolerance.secondary)
        for (i, expected) in [0.9667417740, 0.0151690589, 0.2309099532].enumerated() {
            expectClose("θ[\(i)]", fit.theta[i], expected, relative: Tolerance.secondary)
        }
        expectClose("σ", fit.sigma, 25.59179572, relative: Tolerance.secondary)
        expectClose("logLik (REML)", fit.logLikelihood, -871.814136, relative: Tolerance.rounded(significantDigits: 9))
        let subject = fit.varianceComponents[0]
        #expect(subject.groupingName == "Subject" && subject.columnNames == ["(Intercept)", "Days"])
        // VarCorr as printed by lme4 (5 significant digits): 612.10, 35.07, corr 0.06555 (local).
        expectClose("Var(Intercept)", subject.variances[0], 612.10, relative: Tolerance.rounded(significantDigits: 5))
        expectClose("Var(Days)", subject.variances[1], 35.07, relative: Tolerance.rounded(significantDigits: 4))
        expectClose("Corr", subject.correlations[0, 1], 0.06555, relative: Tolerance.rounded(significantDigits: 4))
        expectClose("Residual variance", fit.residualVariance, 654.94, relative: Tolerance.rounded(significantDigits: 5))
        #expect(fit.groups == [GroupingFactorSummary(name: "Subject", levelCount: 18)])
        #expect(fit.parameterCount == 6 && fit.observationCount == 180)
        #expect(fit.summary.converged && !fit.summary.singular && fit.summary.warnings.isEmpty)
        #expect(fit.summary.thetaStart == [1, 0, 1])
        print("sleepstudy REML: \(fit.summary.evaluations) evaluations (lme4 1.1-31 nloptwrap: 43), \(fit.summary.status)")
    }

    @Test func mlMatchesLme4() throws {
        let fit = try LinearMixedModel.fit(try Reference.sleepstudy(), options: .init(criterion: .ml))
        expectClose("ML deviance", fit.objective, 1751.9393444636682, relative: Tolerance.criterion)
        expectClose("logLik", fit.logLikelihood, -875.9696722318341, relative: Tolerance.criterion)
        expectClose("β (Intercept)", fit.fixedEffects[0], 251.405104848485, relative: Tolerance.fixedEffect)
        expectClose("β Days", fit.fixedEffects[1], 10.467285959595, relative: Tolerance.fixedEffect)
        // lme4 1.1-31 (computed locally, nloptwrap): the optimum lme4 itself reports.
        expectClose("SE (Intercept)", fit.standardErrors[0], 6.63212274219, relative: Tolerance.secondary)
        expectClose("SE Days", fit.standardErrors[1], 1.50223021383, relative: Tolerance.secondary)
        for (i, expected) in [0.9291906052782, 0.0181657547204, 0.2226432056126].enumerated() {
            expectClose("θ[\(i)]", fit.theta[i], expected, relative: Tolerance.secondary)
        }
        let sd = fit.varianceComponents[0].standardDeviations
        expectClose("SD (Intercept)", sd[0], 23.779759589, relative: Tolerance.secondary)
        expectClose("SD Days", sd[1], 5.716798514, relative: Tolerance.secondary)
        // MixedModels.jl test/pls.jl publishes a slightly different ML optimum (NEWUOA, unconstrained,
        // tighter tolerances) on this flat surface: θ within atol 5e-5, SEs and SDs within 1e-4.
        for (i, expected) in [0.92923, 0.018165, 0.222646].enumerated() {
            print("θ[\(i)] ML vs MixedModels.jl: observed \(fit.theta[i]) expected \(expected) (atol 5e-5)")
            #expect(abs(fit.theta[i] - expected) < 5e-5)
        }
        expectClose("SE (Intercept) vs MixedModels.jl", fit.standardErrors[0], 6.632295, relative: Tolerance.crossOptimizer)
        expectClose("SE Days vs MixedModels.jl", fit.standardErrors[1], 1.502239, relative: Tolerance.crossOptimizer)
        expectClose("SD (Intercept) vs MixedModels.jl", sd[0], 23.7807, relative: Tolerance.crossOptimizer)
        expectClose("SD Days vs MixedModels.jl", sd[1], 5.7168, relative: Tolerance.crossOptimizer)
        // lme4 tests/lmer-1.R: AIC 1763.94, BIC 1783.1.
        expectClose("AIC", fit.aic, 1763.94, relative: Tolerance.rounded(significantDigits: 6))
        expectClose("BIC", fit.bic, 1783.1, relative: Tolerance.rounded(significantDigits: 5))
        print("sleepstudy ML: \(fit.summary.evaluations) evaluations (lme4 1.1-31 nloptwrap: 53)")
    }

    @Test func devianceFunctionsAgreeWithTheFit() throws {
        for criterion in EstimationCriterion.allCases {
            let fit = try LinearMixedModel.fit(try Reference.sleepstudy(), options: .init(criterion: criterion))
            let engine = fit
            expectClose("\(criterion) deviance(θ̂)", try engine.deviance(theta: fit.theta), fit.objective,
                        relative: 1e-13)
            // At σ = σ̂ the unprofiled deviance equals the profiled one.
            expectClose("\(criterion) deviance(θ̂, σ̂)", try engine.deviance(theta: fit.theta, sigma: fit.sigma),
                        fit.objective, relative: 1e-12)
            // …and σ̂ minimises it over σ.
            #expect(try engine.deviance(theta: fit.theta, sigma: fit.sigma * 1.01) > fit.objective)
            #expect(try engine.deviance(theta: fit.theta, sigma: fit.sigma * 0.99) > fit.objective)
            let vcov = try engine.vcovBeta(theta: fit.theta, sigma: fit.sigma)
            #expect(zip(vcov.storage, fit.vcov.storage).allSatisfy { abs($0 - $1) <= 1e-12 * abs($1) })
        }
    }

    @Test func conditionalModesSatisfyThePenalizedNormalEquations() throws {
        // ũ minimises ‖y − Xβ̂ − ZΛu‖² + ‖u‖², so Λᵀ Zᵀ (y − Xβ̂ − Z b̃) = ũ for every subject, with
        // b̃ = Λ ũ. Checked directly on the data (no n × n matrix, per-subject sums).
        let frame = try Reference.sleepstudy()
        let fit = try LinearMixedModel.fit(frame)
        let modes = try #require(fit.conditionalModes?.first)
        let lambda = fit.profiledDeviance.layout.templates[0].lambda(theta: fit.theta)
        let term = frame.randomTerms[0]
        var gradient = [[Double]](repeating: [0, 0], count: 18)
        for i in 0..<frame.observationCount {
            let g = Int(term.levelIndex[i]), days = frame.fixed[i, 1]
            let fitted = fit.fixedEffects[0] + fit.fixedEffects[1] * days + modes.values[g, 0] + modes.values[g, 1] * days
            let residual = frame.response[i] - fitted
            gradient[g][0] += residual
            gradient[g][1] += residual * days
        }
        for g in 0..<18 {
            // ũ = Λ⁻¹ b̃ with Λ = [[λ₀, 0], [λ₁, λ₂]].
            let u0 = modes.values[g, 0] / lambda[0]
            let u1 = (modes.values[g, 1] - lambda[1] * u0) / lambda[3]
            let lhs0 = lambda[0] * gradient[g][0] + lambda[1] * gradient[g][1]
            let lhs1 = lambda[3] * gradient[g][1]
            #expect(abs(lhs0 - u0) < 1e-8 && abs(lhs1 - u1) < 1e-8)
        }
        #expect(modes.levels.count == 18 && modes.columnNames == ["(Intercept)", "Days"])
    }
}
