import Foundation
import LinearAlgebra
import Tabular
import Testing
@testable import MixedModels

/// The analytic gradient and observed Hessian of −2 log L (which Newton–Raphson, Satterthwaite
/// and Kenward–Roger rely on) against central differences, for every structure, with groups,
/// random effects, REML and ML, away from the optimum.
@Suite("MMRM analytic derivatives")
struct MMRMDerivativeTests {
    static let cases: [(String, CovarianceStructure, String?, CovarianceGrouping, EstimationCriterion)] = [
        ("y ~ arm * visit", .unstructured, nil, .separate, .reml),
        ("y ~ arm * visit", .compoundSymmetry, nil, .separate, .reml),
        ("y ~ arm * visit", .heterogeneousCompoundSymmetry, nil, .separate, .reml),
        ("y ~ arm * visit", .autoregressive, nil, .separate, .reml),
        ("y ~ arm * visit", .heterogeneousAutoregressive, "arm", .separate, .reml),
        ("y ~ arm * visit", .toeplitz, nil, .separate, .ml),
        ("y ~ arm * visit", .heterogeneousToeplitz, nil, .separate, .reml),
        ("y ~ arm * visit", .unstructured, "arm", .sharedCorrelation, .reml),
        ("y ~ arm * visit", .heterogeneousAutoregressive, "arm", .sharedCorrelation, .ml),
        ("y ~ arm * visit + (1 | therapist)", .heterogeneousAutoregressive, nil, .separate, .reml),
        ("y ~ arm * visit + (1 + age | therapist)", .toeplitz, nil, .separate, .reml),
    ]

    /// Relative agreement of analytic and central-difference derivatives (step 1e-5 relative).
    static let tolerance = 1e-6

    @Test("gradient and observed Hessian vs central differences", arguments: cases.indices)
    func derivatives(_ index: Int) throws {
        let (formula, structure, group, grouping, criterion) = Self.cases[index]
        let table = simulatedTherapyTable(seed: 99 + UInt64(index), subjects: 40, visits: 4)
        let spec = CovarianceSpecification(structure: structure, subject: "id", time: "visit", group: group,
                                           grouping: grouping)
        let fit = try MMRM.fit(formula: formula, table: table, covariance: spec,
                               options: MMRMOptions(criterion: criterion, maxIterations: 1))
        let likelihood = fit.likelihood
        // A point away from the optimum: variances × 1.2, other parameters × 0.9.
        let names = fit.covariance.parameters.map(\.name)
        let phi = zip(fit.evaluation.phi, names).map { value, name in
            name.hasPrefix("Var") || name == "Residual" || name.hasPrefix("UN(1,1)") ? value * 1.2 : value * 0.9
        }
        let label = "\(formula) \(structure.rawValue) \(group ?? "") \(grouping.rawValue) \(criterion.rawValue)"
        let e = try #require(try likelihood.evaluate(phi, derivatives: true), "\(label)")
        let moments = likelihood.blockMoments(e)
        let gradient = likelihood.gradient(e, moments: moments)
        let hessian = try likelihood.secondOrder(e, moments: moments).observed
        func objective(_ p: [Double]) throws -> Double { try #require(try likelihood.evaluate(p, derivatives: false)).objective }
        func gradientAt(_ p: [Double]) throws -> [Double] {
            let point = try #require(try likelihood.evaluate(p, derivatives: true))
            return likelihood.gradient(point, moments: likelihood.blockMoments(point))
        }
        let scaleG = gradient.map(abs).max()!
        for h in phi.indices {
            let step = 1e-5 * max(abs(phi[h]), 1e-2)
            var plus = phi, minus = phi
            plus[h] += step
            minus[h] -= step
            let numeric = (try objective(plus) - objective(minus)) / (2 * step)
            expectClose("\(label) ∂/∂\(names[h])", gradient[h], numeric, relative: Self.tolerance, absoluteFloor: scaleG)
            let gPlus = try gradientAt(plus), gMinus = try gradientAt(minus)
            for k in phi.indices {
                let numericH = (gPlus[k] - gMinus[k]) / (2 * step)
                let scaleH = max(abs(hessian[h, h] * hessian[k, k]).squareRoot(), abs(hessian[h, k]))
                expectClose("\(label) ∂²/∂\(names[h])∂\(names[k])", hessian[h, k], numericH,
                            relative: Self.tolerance, absoluteFloor: scaleH)
            }
        }
    }
}
