import Foundation
import LinearAlgebra
import Tabular
import Testing
@testable import MixedModels

/// G-side random effects together with a structured R (SAS RANDOM + REPEATED): the block-wise
/// likelihood against a dense N × N computation on small simulated trials.
@Suite("MMRM random effects + structured R")
struct MMRMRandomEffectsTests {
    struct Case: Sendable {
        let label: String
        let formula: String
        let structure: CovarianceStructure
        let group: String?
        let partiallyNested: Bool
        let criterion: EstimationCriterion
    }

    static let cases: [Case] = [
        Case(label: "(1|therapist) + us", formula: "y ~ arm * visit + (1 | therapist)", structure: .unstructured,
             group: nil, partiallyNested: false, criterion: .reml),
        Case(label: "(1|therapist) + us, ML", formula: "y ~ arm * visit + (1 | therapist)", structure: .unstructured,
             group: nil, partiallyNested: false, criterion: .ml),
        Case(label: "partially nested (0+treated|therapist) + ar1h by arm",
             formula: "y ~ arm * visit + age + (0 + treated | therapist)", structure: .heterogeneousAutoregressive,
             group: "arm", partiallyNested: true, criterion: .reml),
        Case(label: "(1 + age|therapist) + cs", formula: "y ~ arm * visit + (1 + age | therapist)",
             structure: .compoundSymmetry, group: nil, partiallyNested: false, criterion: .reml),
    ]

    @Test("block-wise likelihood = dense N × N likelihood", arguments: cases.indices)
    func denseAgreement(_ index: Int) throws {
        let c = Self.cases[index]
        let table = simulatedTherapyTable(seed: 20261123 + UInt64(index), partiallyNested: c.partiallyNested)
        let spec = CovarianceSpecification(structure: c.structure, subject: "id", time: "visit", group: c.group)
        let frame = try ModelFrame.build(formula: c.formula, table: table)
        let fit = try MMRM.fit(frame: frame, table: table, covariance: spec,
                               options: MMRMOptions(criterion: c.criterion, tolerance: MMRMOptions.strictTolerance))
        print(c.label, fit.convergence, fit.covariance.parameters.map { ($0.name, $0.estimate) })
        #expect(fit.convergence.converged, "\(c.label): \(fit.convergence.message)")
        let optimum = fit.evaluation.phi
        // At the optimum and at a perturbed point (every parameter moved by 10 %).
        for phi in [optimum, optimum.map { $0 * 1.1 }] {
            let ours = try #require(try fit.likelihood.evaluate(phi, derivatives: false)).objective
            let dense = try denseCriterion(fit: fit, frame: frame, table: table, spec: spec, phi: phi)
            expectClose("\(c.label) −2 log L", ours, dense, relative: MMRMTolerance.dense)
        }
        #expect(fit.blockCount < fit.subjectCount || c.partiallyNested)
    }

    @Test("partially nested: control participants stay independent blocks")
    func partiallyNestedBlocks() throws {
        let table = simulatedTherapyTable(seed: 7, subjects: 40, therapists: 5, partiallyNested: true)
        let fit = try MMRM.fit(formula: "y ~ arm * visit + (0 + treated | therapist)", table: table,
                               covariance: CovarianceSpecification(structure: .unstructured, subject: "id", time: "visit"))
        // 20 control participants (singletons) + 5 therapist clusters of treated participants.
        #expect(fit.blockCount == 25)
        #expect(fit.covariance.randomEffects.count == 1)
        #expect(fit.covariance.randomEffects[0].groupingName == "therapist")
        #expect(fit.covariance.parameters.last?.name == "treated")
        #expect(fit.covariance.parameters.last?.subject == "therapist")
    }
}
