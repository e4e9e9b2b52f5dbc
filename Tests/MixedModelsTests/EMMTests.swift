import Foundation
import Testing
@testable import MixedModels

/// Estimated marginal means and revpairwise contrasts vs emmeans 1.8.4-1 (`emmeans(m, ~ arm | visit,
/// lmer.df = …)`, `pairs(reverse = TRUE, adjust = "none")`), fixtures trial_sim and trial_sim_age.
/// Estimates and interval bounds are compared relative to max(|value|, SE): a bound near zero
/// (e.g. −0.32 for a contrast with SE 1.17) has no meaningful relative precision of its own.
@Suite struct EMMTests {
    @Test(arguments: ["trial_sim", "trial_sim_age"], [DegreesOfFreedomMethod.satterthwaite, .kenwardRoger])
    func matchesEmmeans(model: String, method: DegreesOfFreedomMethod) throws {
        let case_ = try FixtureModels.load(model)
        let reference = try #require(case_.fixture.emmeans)
        let set = try #require(method == .satterthwaite ? reference.satterthwaite : reference.kenwardRoger)
        let dfTolerance = method == .satterthwaite ? InferenceTolerance.satterthwaiteDF : InferenceTolerance.kenwardRogerDF
        let fit = try case_.fit()
        let result = try fit.marginalMeans(reference.spec, grid: case_.grid, method: method,
                                           adjustment: PairwiseAdjustment(rawValue: reference.adjust)!,
                                           level: reference.level)
        #expect(result.means.count == set.emmeans.count)
        for (mean, expected) in zip(result.means, set.emmeans) {
            let label = "\(model) \(method.rawValue) EMM " + mean.levels.map { "\($0.factor)=\($0.level)" }.joined(separator: ",")
            #expect(Dictionary(uniqueKeysWithValues: mean.levels.map { ($0.factor, $0.level) }) == expected.levels)
            expectClose("\(label) estimate", mean.estimate, expected.estimate, relative: InferenceTolerance.marginalMean,
                        absoluteFloor: expected.se)
            expectClose("\(label) SE", mean.standardError, expected.se, relative: InferenceTolerance.marginalMean)
            expectClose("\(label) df", mean.degreesOfFreedom, expected.df, relative: dfTolerance)
            expectClose("\(label) lower", mean.lower, expected.lower, relative: InferenceTolerance.marginalMean,
                        absoluteFloor: expected.se)
            expectClose("\(label) upper", mean.upper, expected.upper, relative: InferenceTolerance.marginalMean,
                        absoluteFloor: expected.se)
        }
        #expect(result.contrasts.count == set.contrasts.count)
        for (contrast, expected) in zip(result.contrasts, set.contrasts) {
            let by = contrast.by.map { "\($0.factor)=\($0.level)" }.joined(separator: ",")
            let label = "\(model) \(method.rawValue) \(contrast.name) | \(by)"
            #expect(contrast.name == expected.contrast)
            #expect(Dictionary(uniqueKeysWithValues: contrast.by.map { ($0.factor, $0.level) }) == (expected.by ?? [:]))
            expectClose("\(label) estimate", contrast.estimate, expected.estimate, relative: InferenceTolerance.marginalMean,
                        absoluteFloor: expected.se)
            expectClose("\(label) SE", contrast.standardError, expected.se, relative: InferenceTolerance.marginalMean)
            expectClose("\(label) df", contrast.degreesOfFreedom, expected.df, relative: dfTolerance)
            expectClose("\(label) t", contrast.tStatistic, expected.t, relative: InferenceTolerance.marginalMean)
            expectPValue("\(label) p", contrast.pValue, expected.p)
            expectClose("\(label) lower", contrast.lower, expected.lower, relative: InferenceTolerance.marginalMean,
                        absoluteFloor: expected.se)
            expectClose("\(label) upper", contrast.upper, expected.upper, relative: InferenceTolerance.marginalMean,
                        absoluteFloor: expected.se)
        }
        #expect(result.adjustment == .none && result.familySize == 2)
    }
}
