import Foundation
import Testing
@testable import MixedModels

/// Estimated marginal means and revpairwise contrasts vs emmeans 1.8.4-1 (`emmeans(m, ~ arm | visit,
/// lmer.df = …)`, `pairs(reverse = TRUE, adjust = "none")`), fixtures trial_sim and trial_sim_age.
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
        expectMeans(result, set.emmeans, set.contrasts, label: "\(model) \(method.rawValue)", dfTolerance: dfTolerance)
        #expect(result.adjustment == .none && result.familySize == 2)
    }
}

/// Compares EMMs and contrasts with emmeans' rows. Estimates and interval bounds are compared
/// relative to max(|value|, SE): a bound near zero (e.g. −0.32 for a contrast with SE 1.17) has no
/// meaningful relative precision of its own.
func expectMeans(_ result: MarginalMeansResult, _ means: [ModelFixture.Mean], _ contrasts: [ModelFixture.Contrast],
             label model: String, dfTolerance: Double) {
    #expect(result.means.count == means.count)
    for (mean, expected) in zip(result.means, means) {
        let label = "\(model) EMM " + mean.levels.map { "\($0.factor)=\($0.level)" }.joined(separator: ",")
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
    #expect(result.contrasts.count == contrasts.count)
    for (contrast, expected) in zip(result.contrasts, contrasts) {
        let by = contrast.by.map { "\($0.factor)=\($0.level)" }.joined(separator: ",")
        let label = "\(model) \(contrast.name) | \(by)"
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
}

/// More emmeans specs (fixtures/inference/make_emmeans_extra.R): three visits per arm (Tukey, the
/// emmeans default, and none), all six arm × visit cells (15 Tukey contrasts), municipality and
/// visit averaged over the other factors with equal weights, and Orthodont's Sex at mean age.
@Suite struct EMMExtraTests {
    struct Block: Decodable {
        let model: String
        let spec: String
        let mode: String
        let adjust: String
        let level: Double
        let emmeans: [ModelFixture.Mean]
        let contrasts: [ModelFixture.Contrast]
        let printed_adjustment: [String]
    }

    struct File: Decodable { let blocks: [Block] }

    static let blocks: [Block] = {
        let url = ModelFixture.directory.deletingLastPathComponent().appendingPathComponent("inference/emmeans_extra.json")
        return (try? JSONDecoder().decode(File.self, from: Data(contentsOf: url)).blocks) ?? []
    }()

    @Test func fixtureIsPresent() { #expect(Self.blocks.count == 12) }

    @Test(arguments: ["trial_sim", "orthodont_reml"])
    func matchesEmmeans(model: String) throws {
        let case_ = try FixtureModels.load(model)
        let fit = try case_.fit()
        for block in Self.blocks where block.model == model {
            let method = try #require(DegreesOfFreedomMethod(rawValue: block.mode))
            let adjustment = try #require(PairwiseAdjustment(rawValue: block.adjust))
            let result = try fit.marginalMeans(block.spec, grid: case_.grid, method: method, adjustment: adjustment,
                                               level: block.level)
            let dfTolerance = method == .satterthwaite ? InferenceTolerance.satterthwaiteDF : InferenceTolerance.kenwardRogerDF
            expectMeans(result, block.emmeans, block.contrasts, label: "\(model) '\(block.spec)' \(block.mode) \(block.adjust)",
                        dfTolerance: dfTolerance)
            // emmeans prints the Tukey note exactly when a family has more than one comparison.
            #expect(result.adjustment == (block.printed_adjustment.isEmpty ? .none : .tukey))
            if let note = block.printed_adjustment.first {
                #expect(note.contains("family of \(result.familySize) estimates"))
            }
        }
    }
}

/// `--df residual`: every EMM and contrast gets n − p, SEs are the unadjusted ones (as Satterthwaite).
@Suite struct ResidualMarginalMeansTests {
    @Test func residualDegreesOfFreedom() throws {
        let case_ = try FixtureModels.load("trial_sim")
        let fit = try case_.fit()
        let residual = try fit.marginalMeans("arm | visit", grid: case_.grid, method: .residual, adjustment: .none)
        let satterthwaite = try fit.marginalMeans("arm | visit", grid: case_.grid, method: .satterthwaite, adjustment: .none)
        for (r, s) in zip(residual.means, satterthwaite.means) {
            #expect(r.degreesOfFreedom == 791 && r.levels == s.levels)
            expectClose("residual EMM SE", r.standardError, s.standardError, relative: 1e-14)
            let half = try StudentTReference.critical(level: 0.95, df: 791) * r.standardError
            expectClose("residual EMM lower", r.lower, r.estimate - half, relative: 1e-14)
        }
        for c in residual.contrasts {
            #expect(c.degreesOfFreedom == 791)
            expectClose("residual contrast p", c.pValue, try StudentTReference.twoSided(t: c.tStatistic, df: 791),
                        relative: 1e-14)
        }
    }
}
