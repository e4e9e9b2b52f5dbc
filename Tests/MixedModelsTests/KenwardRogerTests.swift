import Foundation
import LinearAlgebra
import Testing
@testable import MixedModels

/// Kenward–Roger SEs and df vs lmerTest 3.1-3 `summary(m, ddf = "Kenward-Roger")`, i.e. pbkrtest
/// 0.5.2 `vcovAdj` + `Lb_ddf` (REML fits only).
@Suite struct KenwardRogerTests {
    static let models = [
        "sleepstudy_reml", "sleepstudy_uncorr", "sleepstudy_intercept", "dyestuff_reml", "dyestuff2_reml",
        "pastes_reml", "penicillin_reml", "orthodont_reml", "orthodont_reml_sorted", "trial_sim", "trial_sim_age",
        "rankdef", "rankdef_empty_cell",
    ]

    @Test(arguments: models)
    func matchesPbkrtest(model: String) throws {
        let case_ = try FixtureModels.load(model)
        let fit = try case_.fit()
        let table = try fit.coefficientTable(method: .kenwardRoger)
        #expect(table.map(\.term) == case_.fixture.fixed.map(\.term))
        for (row, reference) in zip(table, case_.fixture.fixed) {
            let name = "\(model) \(row.term)"
            expectClose("\(name) KR SE", row.standardError, try #require(reference.se_kr),
                        relative: InferenceTolerance.standardError)
            expectClose("\(name) KR df", row.degreesOfFreedom, try #require(reference.df_kr),
                        relative: InferenceTolerance.kenwardRogerDF)
            expectClose("\(name) KR t", row.tStatistic, try #require(reference.t_kr),
                        relative: InferenceTolerance.standardError, absoluteFloor: 1e-6)
            expectPValue("\(name) KR p", row.pValue, try #require(reference.p_kr))
        }
    }

    /// pbkrtest keeps the zero variance component of a singular fit in Σ's parametrisation, so
    /// Dyestuff2 gets 5 = batches − 1 (lmerTest's Satterthwaite gives 29).
    @Test func singularDyestuff2KeepsTheBatchComponent() throws {
        let fit = try FixtureModels.load("dyestuff2_reml").fit()
        let row = try #require(try fit.coefficientTable(method: .kenwardRoger).first)
        expectClose("dyestuff2 KR df", row.degreesOfFreedom, 5, relative: 1e-8)
    }

    /// Balanced designs where KR is exact: sleepstudy (17 = subjects − 1 for both effects).
    @Test func balancedSleepstudyGivesSubjectsMinusOne() throws {
        let fit = try FixtureModels.load("sleepstudy_reml").fit()
        for row in try fit.coefficientTable(method: .kenwardRoger) {
            expectClose("sleepstudy \(row.term) KR df", row.degreesOfFreedom, 17, relative: 1e-8)
        }
    }

    @Test func mlFitsAreRefusedAsLmerTestDoes() throws {
        let fit = try FixtureModels.load("sleepstudy_ml").fit()
        #expect(throws: InferenceError.kenwardRogerNeedsREML) { try fit.coefficientTable(method: .kenwardRoger) }
        #expect(InferenceError.kenwardRogerNeedsREML.description.contains("REML"))
    }

    /// For one contrast A₁ = A₂ and the KR df reduce to a closed form; for a multi-row L the
    /// general formula is used. A 2-row L made of the same row twice is rank-deficient and must
    /// be refused, and a 2-row L of two unit vectors gives a finite df between the two 1-df values'
    /// range bounds (sanity, no reference).
    @Test func multiRowContrasts() throws {
        let fit = try FixtureModels.load("trial_sim").fit()
        let inference = try fit.inference(method: .kenwardRoger)
        guard case .kenwardRoger(let kr) = inference.engine else { Issue.record("engine"); return }
        let p = fit.fixedEffects.count
        var l = Matrix(rows: 2, columns: p)
        l[0, 4] = 1
        l[1, 5] = 1
        let df = try kr.degreesOfFreedom(l)
        #expect(df.isFinite && df > 4)
        var twice = Matrix(rows: 2, columns: p)
        twice[0, 1] = 1
        twice[1, 1] = 1
        #expect(throws: InferenceError.degenerateContrast) { try kr.degreesOfFreedom(twice) }
    }
}

/// Above the dense limit (here lowered to 10 for Penicillin's q = 30 crossed effects) Kenward–Roger
/// is refused with advice, while Satterthwaite falls back to Richardson-extrapolated derivatives
/// of the engine's sparse deviance and still matches lmerTest.
@Suite struct DenseLimitTests {
    @Test func crossedModelAboveTheLimit() throws {
        let case_ = try FixtureModels.load("penicillin_reml")
        let fit = try case_.fit()
        #expect(throws: InferenceError.randomEffectsTooLarge(randomEffects: 30, limit: 10, method: .kenwardRoger)) {
            try fit.inference(method: .kenwardRoger, derivatives: .automatic, denseLimit: 10)
        }
        #expect(InferenceError.randomEffectsTooLarge(randomEffects: 30, limit: 10, method: .kenwardRoger)
            .description.contains("--df satterthwaite"))
        let table = try fit.inference(method: .satterthwaite, derivatives: .automatic, denseLimit: 10).coefficients()
        try expectSatterthwaite(table, case_.fixture, label: "penicillin (numeric fallback)")
    }
}
