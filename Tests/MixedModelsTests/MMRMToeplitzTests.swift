import Foundation
import LinearAlgebra
import Tabular
import Testing
@testable import MixedModels

/// Toeplitz structures: against nlme `corARMA(p = 2)` on 3 visits (= TOEP, and with varIdent =
/// TOEPH; fixtures/mmrm/toeplitz_gls.json), and identities that must hold with 2 visits.
@Suite("MMRM Toeplitz structures")
struct MMRMToeplitzTests {
    struct Fixture: Decodable {
        struct Fixed: Decodable {
            let term: String
            let estimate: Double
            let se: Double
        }

        struct Case: Decodable {
            let name: String
            let reml_criterion: Double
            let fixed: [Fixed]
            let matrix: [[Double]]
        }

        let cases: [Case]
    }

    static let trialSim = ["arm": "SAU", "visit": "baseline", "municipality": "Aalborg"]

    @Test("toep and toeph vs nlme corARMA(p = 2)", arguments: [CovarianceStructure.toeplitz, .heterogeneousToeplitz])
    func againstNlme(_ structure: CovarianceStructure) throws {
        let url = ReferenceTable.dataDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("mmrm/toeplitz_gls.json")
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        let reference = try #require(fixture.cases.first { $0.name == structure.rawValue })
        let table = try DataTable.read(path: ReferenceTable.dataDirectory.appendingPathComponent("trial_sim.csv").path)
        let fit = try MMRM.fit(formula: "qpr15 ~ arm * visit + municipality", table: table,
                               covariance: CovarianceSpecification(structure: structure, subject: "participant_id",
                                                                   time: "visit_index"),
                               referenceLevels: Self.trialSim, options: MMRMOptions(tolerance: MMRMOptions.strictTolerance))
        #expect(fit.convergence.converged)
        expectClose("\(structure) REML criterion", fit.minus2LogLikelihood, reference.reml_criterion,
                    relative: MMRMTolerance.nlmeCriterion)
        #expect(fit.minus2LogLikelihood <= reference.reml_criterion * (1 + 1e-12))
        // TOEPH's optimum is flat: nlme's criterion agrees with ours to 1.5e-13 but its estimates stop
        // ~2e-6 away, so its estimates get the early-stop tolerance.
        let estimateTolerance = structure == .toeplitz ? MMRMTolerance.nlmeEstimate : MMRMTolerance.nlmeEarlyStopEstimate
        for expected in reference.fixed {
            let j = try #require(fit.fixedEffectNames.firstIndex(of: expected.term))
            expectClose("\(structure) \(expected.term)", fit.fixedEffects[j], expected.estimate,
                        relative: estimateTolerance, absoluteFloor: 1)
            expectClose("\(structure) SE \(expected.term)", fit.standardErrors[j], expected.se,
                        relative: MMRMTolerance.nlmeSecondary)
        }
        for i in 0..<3 {
            for j in 0..<3 {
                expectClose("\(structure) Σ(\(i + 1),\(j + 1))", fit.covariance.matrices[0][i, j], reference.matrix[i][j],
                            relative: MMRMTolerance.nlmeSecondary, absoluteFloor: reference.matrix[i][i])
            }
        }
        let names = fit.covariance.parameters.map(\.name)
        #expect(names == (structure == .toeplitz ? ["TOEP(2)", "TOEP(3)", "Residual"]
            : ["Var(1)", "Var(2)", "Var(3)", "TOEPH(1)", "TOEPH(2)"]))
    }

    @Test("two visits: toep = cs and toeph = csh = ar1h")
    func twoVisitIdentities() throws {
        let base = simulatedTherapyTable(seed: 11, subjects: 30, visits: 2)
        func criterion(_ structure: CovarianceStructure) throws -> Double {
            try MMRM.fit(formula: "y ~ arm * visit", table: base,
                         covariance: CovarianceSpecification(structure: structure, subject: "id", time: "visit"),
                         options: MMRMOptions(tolerance: MMRMOptions.strictTolerance)).minus2LogLikelihood
        }
        expectClose("toep = cs", try criterion(.toeplitz), try criterion(.compoundSymmetry), relative: 1e-12)
        expectClose("toeph = csh", try criterion(.heterogeneousToeplitz), try criterion(.heterogeneousCompoundSymmetry),
                    relative: 1e-12)
        expectClose("ar1h = csh", try criterion(.heterogeneousAutoregressive), try criterion(.heterogeneousCompoundSymmetry),
                    relative: 1e-12)
        expectClose("us = csh", try criterion(.unstructured), try criterion(.heterogeneousCompoundSymmetry), relative: 1e-12)
    }
}
