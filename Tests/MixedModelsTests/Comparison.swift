import Foundation
import Testing

/// Named tolerances for comparisons with lme4 (relative unless stated).
enum Tolerance {
    /// REML criterion and ML deviance.
    static let criterion = 1e-7
    /// Fixed-effect estimates.
    static let fixedEffect = 1e-6
    /// Standard errors, variance components, θ, σ.
    static let secondary = 1e-5
    /// One deviance evaluation at a given θ (no optimizer involved): rounding only.
    static let evaluation = 1e-11
    /// Quantities that depend on poorly determined θ directions at a nearly singular optimum.
    static let flatOptimum = 1e-3
    /// Against another engine's optimum (MixedModels.jl's NEWUOA stops at a slightly different θ).
    static let crossOptimizer = 1e-4
    /// Published values rounded to `digits` significant digits carry their own rounding error.
    static func rounded(significantDigits digits: Int) -> Double { 0.5 * pow(10, Double(1 - digits)) }
}

/// Prints observed vs expected and checks |observed − expected| ≤ tolerance · max(|expected|, floor).
func expectClose(_ label: String, _ observed: Double, _ expected: Double, relative tolerance: Double,
                 absoluteFloor: Double = 1e-12, sourceLocation: SourceLocation = #_sourceLocation) {
    let scale = max(abs(expected), absoluteFloor)
    let error = abs(observed - expected) / scale
    print(String(format: "%@: observed %.12g expected %.12g (rel. diff %.2e, tol %.0e)",
                 label, observed, expected, error, tolerance))
    #expect(error <= tolerance, "\(label): observed \(observed), expected \(expected)", sourceLocation: sourceLocation)
}
