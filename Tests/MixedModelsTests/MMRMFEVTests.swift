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
        #expect(fit.convergence.converged)
        #expect(fit.convergence.hessianPositiveDefinite)
        #expect(fit.convergence.covariancePositiveDefinite)
        #expect(fit.covariance.visits == ["VIS1", "VIS2", "VIS3", "VIS4"])
        let sigma = fit.covariance.matrices[0]
        for (name, expected) in sas.covariance_unstructured_lower {
            let indices = name.dropFirst(3).dropLast().split(separator: ",").map { Int($0)! - 1 }
            let visits = indices.map { FEVOracle.sasVisitOrder[$0] }
            let (i, j) = (fit.covariance.visits.firstIndex(of: visits[0])!, fit.covariance.visits.firstIndex(of: visits[1])!)
            expectAbsolute("\(name) = Σ[\(visits[0]), \(visits[1])]", sigma[i, j], expected, MMRMTolerance.sasPrinted)
            let parameter = fit.covariance.parameters.first { $0.name == "UN(\(max(i, j) + 1),\(min(i, j) + 1))" }
            #expect(parameter?.estimate == sigma[i, j])
        }
        let names = ["(Intercept)", "ARMCDTRT", "AVISITVIS2", "AVISITVIS3", "AVISITVIS4", "ARMCDTRT:AVISITVIS2",
                     "ARMCDTRT:AVISITVIS3", "ARMCDTRT:AVISITVIS4", "RACEBlack or African American", "RACEWhite",
                     "SEXFemale"]
        let sasOrder = ["Intercept", "ARMCD TRT", "AVISIT VIS2", "AVISIT VIS3", "AVISIT VIS4", "AVISIT*ARMCD VIS2 TRT",
                        "AVISIT*ARMCD VIS3 TRT", "AVISIT*ARMCD VIS4 TRT", "RACE Black or African American", "RACE White",
                        "SEX Female"]
        for (name, effect) in zip(names, sasOrder) {
            let reference = try #require(sas.fixed_effects.first { $0.effect == effect })
            let j = try #require(fit.fixedEffectNames.firstIndex(of: name), "\(name) in \(fit.fixedEffectNames)")
            expectAbsolute("\(name) estimate", fit.fixedEffects[j], reference.estimate, MMRMTolerance.sasPrinted)
            expectAbsolute("\(name) SE", fit.standardErrors[j], reference.se, MMRMTolerance.sasPrinted)
        }
    }
}
