import Foundation
import LinearAlgebra
import Testing
@testable import MixedModels

/// Named tolerances for inference against lmerTest / pbkrtest / emmeans (fixtures/reference/README.md).
enum InferenceTolerance {
    /// lmerTest's df come from numDeriv; intrinsic precision ~2e-7 (README "Reproducibility").
    static let satterthwaiteDF = 1e-4
    static let kenwardRogerDF = 1e-3
    /// SEs, including Kenward–Roger adjusted SEs.
    static let standardError = 1e-5
    /// EMMs and contrasts: estimate, SE, CI.
    static let marginalMean = 1e-6
    /// Reported p-values inherit the df error (README guidance).
    static let pValue = 1e-3
    /// Exact and Richardson-extrapolated derivatives of the same function.
    static let numericVersusExact = 1e-6
}

/// Satterthwaite df per fixed effect vs lmerTest 3.1-3 `summary(m, ddf = "Satterthwaite")`.
@Suite struct SatterthwaiteTests {
    static let models = [
        "sleepstudy_reml", "sleepstudy_ml", "sleepstudy_uncorr", "sleepstudy_intercept", "dyestuff_reml",
        "dyestuff_ml", "dyestuff2_reml", "pastes_reml", "pastes_ml", "penicillin_reml", "penicillin_ml",
        "orthodont_reml", "orthodont_reml_sorted", "trial_sim", "trial_sim_age", "rankdef", "rankdef_empty_cell",
    ]

    @Test(arguments: models)
    func matchesLmerTest(model: String) throws {
        let case_ = try FixtureModels.load(model)
        let fit = try case_.fit()
        let inference = try fit.inference(method: .satterthwaite)
        try expectSatterthwaite(try inference.coefficients(), case_.fixture, label: model)
        // lmerTest warns about Hessian eigenvalues near zero or negative; none of these fits does.
        let lmerTestWarned = (case_.fixture.messages ?? []).contains { $0.contains("eigenvalue") }
        #expect(inference.warnings.isEmpty == !lmerTestWarned, "\(inference.warnings)")
    }

    /// lmerTest on a singular fit (θ = 0): the zero variance component contributes nothing to the
    /// gradient of Φ, so ν = n − p = 29 (pbkrtest's KR gives 5; see KenwardRogerTests).
    @Test func singularDyestuff2GivesResidualDegreesOfFreedom() throws {
        let fit = try FixtureModels.load("dyestuff2_reml").fit()
        #expect(fit.theta == [0])
        let row = try #require(try fit.coefficientTable(method: .satterthwaite).first)
        expectClose("dyestuff2 Satterthwaite df", row.degreesOfFreedom, 29, relative: 1e-10)
    }

    /// The Richardson (numDeriv-like) fallback agrees with the exact derivatives.
    @Test(arguments: ["sleepstudy_reml", "sleepstudy_ml", "penicillin_reml", "trial_sim"])
    func numericDerivativesAgreeWithExact(model: String) throws {
        let fit = try FixtureModels.load(model).fit()
        let exact = try fit.inference(method: .satterthwaite, derivatives: .exact).coefficients()
        let numeric = try fit.inference(method: .satterthwaite, derivatives: .numeric).coefficients()
        for (e, n) in zip(exact, numeric) {
            expectClose("\(model) \(e.term) df numeric vs exact", n.degreesOfFreedom, e.degreesOfFreedom,
                        relative: InferenceTolerance.numericVersusExact)
        }
    }

    @Test func residualDegreesOfFreedomAreNMinusP() throws {
        let fixture = try FixtureModels.load("trial_sim")
        let fit = try fixture.fit()
        let table = try fit.coefficientTable(method: .residual)
        for (row, reference) in zip(table, fixture.fixture.fixed) {
            #expect(row.degreesOfFreedom == Double(801 - 10))
            expectClose("\(row.term) SE", row.standardError, reference.se, relative: InferenceTolerance.standardError)
            let p = try StudentTReference.twoSided(t: row.tStatistic, df: row.degreesOfFreedom)
            expectClose("\(row.term) p", row.pValue, p, relative: 1e-12, absoluteFloor: 1e-300)
        }
    }
}

/// Compares a Satterthwaite table with the fixture's lmerTest columns.
func expectSatterthwaite(_ table: [CoefficientRow], _ fixture: ModelFixture, label: String,
                         sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(table.map(\.term) == fixture.fixed.map(\.term), sourceLocation: sourceLocation)
    for (row, reference) in zip(table, fixture.fixed) {
        let name = "\(label) \(row.term)"
        expectClose("\(name) estimate", row.estimate, reference.estimate, relative: Tolerance.fixedEffect,
                    absoluteFloor: 1e-6, sourceLocation: sourceLocation)
        expectClose("\(name) SE", row.standardError, reference.se, relative: InferenceTolerance.standardError,
                    sourceLocation: sourceLocation)
        let df = try #require(reference.df_satterthwaite)
        expectClose("\(name) Satterthwaite df", row.degreesOfFreedom, df, relative: InferenceTolerance.satterthwaiteDF,
                    sourceLocation: sourceLocation)
        let p = try #require(reference.p_satterthwaite)
        expectPValue("\(name) p", row.pValue, p, sourceLocation: sourceLocation)
        // Our p from the reference t and df equals R's pt() (Distributions is R's Rmath).
        let recomputed = try StudentTReference.twoSided(t: reference.t, df: df)
        expectClose("\(name) p from reference t, df", recomputed, p, relative: 1e-10, absoluteFloor: 1e-300,
                    sourceLocation: sourceLocation)
    }
}

/// 10,000 participants × 3 visits (28,791 observations): the one-term algebra is block-diagonal,
/// so the exact Hessian costs O(levels).
@Suite struct LargeSatterthwaiteTests {
    @Test func tenThousandParticipants() throws {
        let case_ = try FixtureModels.load("large_10k")
        let fit = try case_.fit()
        try expectSatterthwaite(try fit.coefficientTable(method: .satterthwaite), case_.fixture, label: "large_10k")
    }
}

/// lmerTest `as_lmerModLT`: A = 2 H⁺ over eigenvalues > 10⁻⁸, with its warnings for negative and
/// near-zero eigenvalues; pbkrtest: W = 2 I⁻¹, or 2 · ginv(I) when I is (near) singular.
@Suite struct VarianceParameterCovarianceTests {
    @Test func pseudoInverseAndWarnings() throws {
        var h = Matrix(rows: 3, columns: 3)
        h[0, 0] = 4
        h[1, 1] = -0.5
        h[2, 2] = 1e-10
        let p = Matrix(rows: 1, columns: 1, columnMajor: [1])
        let s = try Satterthwaite(vcov: p, hessian: h, jacobians: [p, p, p])
        #expect(s.warnings == ["Model failed to converge with 1 negative eigenvalue: -5.0e-01",
                               "Model may not have converged with 1 eigenvalue close to zero: 1.0e-10"])
        #expect(s.varianceParameterCovariance.storage == [0.5, 0, 0, 0, 0, 0, 0, 0, 0])
        // g = (1, 1, 1), gᵀAg = 0.5, ν = 2 · 1² / 0.5.
        #expect(s.degreesOfFreedom([1]) == 4)
    }

    @Test func kenwardRogerGeneralisedInverse() throws {
        var i = Matrix(rows: 2, columns: 2)
        i[0, 0] = 2
        let w = try KenwardRoger.twiceInverse(i)
        #expect(w.storage == [1, 0, 0, 0])
        i[1, 1] = 4
        #expect(try KenwardRoger.twiceInverse(i).storage == [1, 0, 0, 0.5])
    }
}
