import Foundation
import LinearAlgebra
import Testing
@testable import MixedModels

/// Multi-df Wald F tests vs lmerTest's type III `anova(m, ddf = "Satterthwaite" | "Kenward-Roger")`
/// for terms that no other term contains (for those, type III L selects the term's columns, so
/// any L with the same row space gives the same test): trial_sim's arm:visit (2 df) and
/// municipality (4 df), and 1-df Days in sleepstudy (F = t²).
@Suite struct InferenceFTests {
    static let cases: [(model: String, term: String, columns: [String])] = [
        ("trial_sim", "arm:visit", ["armPEER:visitpost", "armPEER:visitfollowup"]),
        ("trial_sim", "municipality", ["municipalityHerning", "municipalityHøje-Taastrup", "municipalityOdense",
                                       "municipalityRoskilde"]),
        ("sleepstudy_reml", "Days", ["Days"]),
        ("pastes_reml", "(Intercept)", ["(Intercept)"]),
    ]

    @Test(arguments: cases.indices)
    func matchesLmerTestAnova(index: Int) throws {
        let c = Self.cases[index]
        let case_ = try FixtureModels.load(c.model)
        let fit = try case_.fit()
        let names = case_.fixture.fixed.map(\.term)
        var l = Matrix(rows: c.columns.count, columns: names.count)
        for (row, column) in c.columns.enumerated() { l[row, try #require(names.firstIndex(of: column))] = 1 }
        let reference = case_.fixture.anova?.first { $0.term == c.term }
        let satterthwaite = try fit.inference(method: .satterthwaite).test(l)
        let kr = try fit.inference(method: .kenwardRoger).test(l)
        let label = "\(c.model) \(c.term)"
        if let reference {
            #expect(satterthwaite.numeratorDegreesOfFreedom == reference.numdf)
            expectClose("\(label) F (Satterthwaite)", satterthwaite.fStatistic, try #require(reference.F_satterthwaite),
                        relative: InferenceTolerance.standardError)
            expectClose("\(label) ddf (Satterthwaite)", satterthwaite.denominatorDegreesOfFreedom,
                        try #require(reference.dendf_satterthwaite), relative: InferenceTolerance.satterthwaiteDF)
            expectPValue("\(label) p (Satterthwaite)", satterthwaite.pValue, try #require(reference.p_satterthwaite))
            expectClose("\(label) F (KR)", kr.fStatistic, try #require(reference.F_kr), relative: InferenceTolerance.standardError)
            expectClose("\(label) ddf (KR)", kr.denominatorDegreesOfFreedom, try #require(reference.dendf_kr),
                        relative: InferenceTolerance.kenwardRogerDF)
            expectPValue("\(label) p (KR)", kr.pValue, try #require(reference.p_kr))
        } else {
            // The intercept is not in lmerTest's anova: a 1-row F test is the squared t test.
            let row = try #require(try fit.coefficientTable(method: .satterthwaite).first)
            expectClose("\(label) F = t²", satterthwaite.fStatistic, row.tStatistic * row.tStatistic, relative: 1e-12)
            expectClose("\(label) ddf = t df", satterthwaite.denominatorDegreesOfFreedom, row.degreesOfFreedom, relative: 1e-12)
        }
    }

    /// lmerTest `get_Fstat_ddf`.
    @Test func combinedDegreesOfFreedom() {
        #expect(FixedEffectsInference.combinedDegrees([10]) == 10)
        #expect(FixedEffectsInference.combinedDegrees([10, 10]) == 10)
        #expect(FixedEffectsInference.combinedDegrees([1.5, 30]) == 2)
        let e = 10.0 / 8 + 20.0 / 18
        #expect(abs(FixedEffectsInference.combinedDegrees([10, 20]) - 2 * e / (e - 2)) < 1e-12)
    }
}
