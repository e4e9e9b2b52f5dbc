import Foundation
import LinearAlgebra
import Testing
@testable import MixedModels

/// mmrm's FEV data against SAS PROC MIXED (REML, TYPE=UN, DDFM=SATTERTHWAITE), the published
/// output in /work/shared/oracles/fev/sas_reml_unstructured.json (notes §4.4).
@Suite("MMRM FEV vs SAS", .enabled(if: FEVOracle.available, FEVOracle.skipMessage))
struct MMRMFEVTests {
    @Test("−2 REML log-likelihood, UN matrix, fixed effects and SEs")
    func likelihoodAndEstimates() throws {
        let fit = try FEVOracle.fit()
        let sas = try FEVOracle.sas()
        print(fit.convergence, fit.covariance.visits)
        expectClose("-2 REML logLik", fit.minus2LogLikelihood, sas.minus2_reml_loglik, relative: MMRMTolerance.sasCriterion)
        #expect(fit.observationCount == 537)
        #expect(fit.subjectCount == 197)
        #expect(fit.subjectsInData == 200)
        // SAS "Fit Statistics" (notes §4.4), printed to one decimal.
        expectAbsolute("AIC", fit.aic, 3406.4, MMRMTolerance.sasOneDecimal)
        expectAbsolute("AICC", fit.aicc, 3406.9, MMRMTolerance.sasOneDecimal)
        expectAbsolute("BIC", fit.bic, 3439.4, MMRMTolerance.sasOneDecimal)
        #expect(fit.convergence.converged)
        #expect(fit.convergence.hessianPositiveDefinite)
        #expect(fit.convergence.covariancePositiveDefinite)
        #expect(fit.covariance.visits == ["VIS1", "VIS2", "VIS3", "VIS4"])
        let sigma = fit.covariance.matrices[0]
        for (name, expected) in sas.covariance_unstructured_lower {
            let indices = name.dropFirst(3).dropLast().split(separator: ",").map { Int($0)! - 1 }
            let visits = indices.map { FEVOracle.sasVisitOrder[$0] }
            let (i, j) = (fit.covariance.visits.firstIndex(of: visits[0])!, fit.covariance.visits.firstIndex(of: visits[1])!)
            expectAbsolute("\(name) = Σ[\(visits[0]), \(visits[1])]", sigma[i, j], expected, MMRMTolerance.sasRounding)
            let parameter = fit.covariance.parameters.first { $0.name == "UN(\(max(i, j) + 1),\(min(i, j) + 1))" }
            #expect(parameter?.estimate == sigma[i, j])
        }
        for (name, effect) in zip(FEVOracle.coefficientNames, FEVOracle.sasEffects) {
            let reference = try #require(sas.fixed_effects.first { $0.effect == effect })
            let j = try #require(fit.fixedEffectNames.firstIndex(of: name), "\(name) in \(fit.fixedEffectNames)")
            expectAbsolute("\(name) estimate", fit.fixedEffects[j], reference.estimate, MMRMTolerance.sasRounding)
            expectAbsolute("\(name) SE", fit.standardErrors[j], reference.se, MMRMTolerance.sasRounding)
        }
    }
}

/// Inference on FEV against SAS: Satterthwaite df, Type 3 F tests, LS means and TRT − PBO by visit
/// (SAS prints df rounded to integers and F to 2 decimals).
@Suite("MMRM FEV inference vs SAS", .enabled(if: FEVOracle.available, FEVOracle.skipMessage))
struct MMRMFEVInferenceTests {
    @Test("Satterthwaite df per coefficient")
    func satterthwaiteCoefficients() throws {
        let fit = try FEVOracle.fit()
        let sas = try FEVOracle.sas()
        let table = try fit.coefficientTable(method: .satterthwaite)
        for (name, effect) in zip(FEVOracle.coefficientNames, FEVOracle.sasEffects) {
            let reference = try #require(sas.fixed_effects.first { $0.effect == effect })
            let row = try #require(table.first { $0.term == name })
            expectAbsolute("\(name) df", row.degreesOfFreedom, reference.df, MMRMTolerance.sasDegreesOfFreedom)
            expectAbsolute("\(name) SE", row.standardError, reference.se, MMRMTolerance.sasRounding)
        }
    }

    @Test("Type 3 tests of fixed effects")
    func typeIII() throws {
        let fit = try FEVOracle.fit()
        let sas = try FEVOracle.sas()
        let tests = try fit.typeIIITests(method: .satterthwaite)
        let names = ["ARMCD": "ARMCD", "AVISIT": "AVISIT", "ARMCD:AVISIT": "AVISIT*ARMCD", "RACE": "RACE", "SEX": "SEX"]
        #expect(tests.map(\.term) == ["ARMCD", "AVISIT", "RACE", "SEX", "ARMCD:AVISIT"])
        for test in tests {
            let reference = try #require(sas.type3_tests.first { $0.effect == names[test.term] })
            #expect(test.numeratorDegreesOfFreedom == reference.num_df, "\(test.term)")
            expectAbsolute("\(test.term) den df", test.denominatorDegreesOfFreedom, reference.den_df,
                           MMRMTolerance.sasDegreesOfFreedom)
            expectAbsolute("\(test.term) F", test.fStatistic, reference.F, MMRMTolerance.sasF)
        }
    }

    @Test("LS means and TRT − PBO by visit")
    func leastSquaresMeans() throws {
        let fit = try FEVOracle.fit()
        let sas = try FEVOracle.sas()
        let result = try fit.marginalMeans("ARMCD | AVISIT", method: .satterthwaite, adjustment: .none)
        for reference in sas.ls_means {
            let mean = try #require(result.means.first {
                $0.levels.contains(FactorLevel(factor: "ARMCD", level: reference.ARMCD))
                    && $0.levels.contains(FactorLevel(factor: "AVISIT", level: reference.AVISIT))
            })
            let label = "LS mean \(reference.ARMCD) \(reference.AVISIT)"
            expectAbsolute("\(label) estimate", mean.estimate, reference.estimate, MMRMTolerance.sasRounding)
            expectAbsolute("\(label) SE", mean.standardError, reference.se, MMRMTolerance.sasRounding)
            expectAbsolute("\(label) df", mean.degreesOfFreedom, reference.df, MMRMTolerance.sasDegreesOfFreedom)
        }
        for reference in sas.treatment_differences_TRT_minus_PBO {
            let contrast = try #require(result.contrasts.first {
                $0.by == [FactorLevel(factor: "AVISIT", level: reference.AVISIT)]
            })
            #expect(contrast.name == "TRT - PBO")
            let label = "TRT − PBO \(reference.AVISIT)"
            expectAbsolute("\(label) estimate", contrast.estimate, reference.estimate, MMRMTolerance.sasRounding)
            expectAbsolute("\(label) SE", contrast.standardError, reference.se, MMRMTolerance.sasRounding)
            expectAbsolute("\(label) df", contrast.degreesOfFreedom, reference.df, MMRMTolerance.sasDegreesOfFreedom)
            expectAbsolute("\(label) lower", contrast.lower, reference.lower95, MMRMTolerance.sasRounding)
            expectAbsolute("\(label) upper", contrast.upper, reference.upper95, MMRMTolerance.sasRounding)
        }
    }

    /// SAS DDFM=KR on `MODEL FEV1 = ARMCD`, REPEATED TYPE=UN (mmrm `design/ddfm_covtype/kr_us.csv`,
    /// SAS output at full precision, notes §4.4): −2RLL 3667.96276376, TRT − PBO 3.81972492174648,
    /// SE 0.66124382270307, df 160.733266403768 (KR and KR(LINEAR) identical for UN).
    @Test("Kenward–Roger on FEV1 ~ ARMCD (UN)")
    func kenwardRoger() throws {
        let fit = try FEVOracle.fit(formula: "FEV1 ~ ARMCD")
        expectClose("−2RLL", fit.minus2LogLikelihood, 3667.96276376, relative: MMRMTolerance.sasCriterion)
        for method in [DegreesOfFreedomMethod.kenwardRoger, .kenwardRogerLinear] {
            let estimate = try fit.inference(method: method).estimate([0, 1])
            expectClose("\(method) TRT − PBO", estimate.estimate, 3.81972492174648, relative: MMRMTolerance.sasFullPrecision)
            expectClose("\(method) SE", estimate.standardError, 0.66124382270307, relative: MMRMTolerance.sasFullPrecision)
            expectClose("\(method) df", estimate.degreesOfFreedom, 160.733266403768, relative: MMRMTolerance.sasFullPrecisionDF)
        }
    }
}

/// SAS PROC MIXED METHOD=ML on the same model (mmrm `design/SAS/sas_log.txt`, notes §4.4):
/// −2 Log Likelihood 3397.57220025; Intercept 30.7748 (SE 0.8767, df 222); TRT 3.7751 (1.0641, df 148).
@Suite("MMRM FEV ML vs SAS", .enabled(if: FEVOracle.available, FEVOracle.skipMessage))
struct MMRMFEVMaximumLikelihoodTests {
    @Test("−2 log L, estimates, SEs and Satterthwaite df")
    func maximumLikelihood() throws {
        let fit = try FEVOracle.fit(options: MMRMOptions(criterion: .ml))
        expectClose("−2 log L (ML)", fit.minus2LogLikelihood, 3397.57220025, relative: MMRMTolerance.sasCriterion)
        let table = try fit.coefficientTable(method: .satterthwaite)
        for (name, estimate, se, df) in [("(Intercept)", 30.7748, 0.8767, 222.0), ("ARMCDTRT", 3.7751, 1.0641, 148.0)] {
            let row = try #require(table.first { $0.term == name })
            expectAbsolute("ML \(name) estimate", row.estimate, estimate, MMRMTolerance.sasRounding)
            expectAbsolute("ML \(name) SE", row.standardError, se, MMRMTolerance.sasRounding)
            expectAbsolute("ML \(name) df", row.degreesOfFreedom, df, MMRMTolerance.sasDegreesOfFreedom)
        }
    }
}
