import Foundation
import LinearAlgebra

/// Satterthwaite degrees of freedom for a contrast lᵀβ, computed as lmerTest 3.1 does
/// (Kuznetsova, Brockhoff & Christensen 2017, JSS 82(13), §3.1; `as_lmerModLT`, `contest1D`):
///
/// - variance parameters ϑ = (θ, σ) (lme4's θ and the residual SD);
/// - A = 2 H⁺, H the Hessian of the *unprofiled* deviance d(θ, σ) (lmerTest `devfun_vp`) at
///   (θ̂, σ̂), H⁺ the Moore–Penrose inverse over the eigenvalues > 10⁻⁸ (lmerTest's `tol`);
/// - J_i = ∂Φ/∂ϑ_i with Φ(θ, σ) = σ² (XᵀV₀(θ)⁻¹X)⁻¹;
/// - ν = 2 (lᵀΦl)² / (gᵀ A g),  g_i = lᵀ J_i l.
///
/// lmerTest differentiates numerically (numDeriv, Richardson); `SatterthwaiteDerivatives`
/// computes H and J analytically, and falls back to Richardson extrapolation when the
/// random-effects algebra would be too large. At a boundary θ (singular fit) the same formulas
/// are evaluated across the boundary, as numDeriv does.
struct Satterthwaite: Sendable {
    /// Var(β̂) at the fit (`vcov(model)`).
    let vcov: Matrix
    /// A = 2 H⁺ ((#θ + 1) × (#θ + 1)).
    let varianceParameterCovariance: Matrix
    /// ∂Φ/∂θ_i for each θ_i, then ∂Φ/∂σ.
    let jacobians: [Matrix]
    /// lmerTest's warnings about negative or near-zero Hessian eigenvalues.
    let warnings: [String]

    /// lmerTest's tolerance for positive Hessian eigenvalues.
    static let eigenvalueTolerance = 1e-8

    init(vcov: Matrix, hessian: Matrix, jacobians: [Matrix]) throws {
        let eigen: SymmetricEigen
        do {
            eigen = try SymmetricEigen(hessian)
        } catch {
            throw InferenceError.numerical(step: "decomposing the deviance Hessian", detail: "\(error)")
        }
        let tol = Self.eigenvalueTolerance
        let negative = eigen.values.filter { $0 < -tol }
        let zero = eigen.values.filter { $0 > -tol && $0 < tol }
        var warnings: [String] = []
        func listed(_ values: [Double]) -> String {
            values.sorted(by: >).map { String(format: "%1.1e", $0) }.joined(separator: " ")
        }
        if !negative.isEmpty {
            warnings.append("Model failed to converge with \(negative.count) negative "
                + (negative.count > 1 ? "eigenvalues" : "eigenvalue") + ": \(listed(negative))")
        }
        if !zero.isEmpty {
            warnings.append("Model may not have converged with \(zero.count) "
                + (zero.count > 1 ? "eigenvalues" : "eigenvalue") + " close to zero: \(listed(zero))")
        }
        let d = hessian.rows
        var a = Matrix(rows: d, columns: d)
        for (index, value) in eigen.values.enumerated() where value > tol {
            for j in 0..<d {
                for i in 0..<d {
                    a[i, j] += 2 * eigen.vectors[i, index] * eigen.vectors[j, index] / value
                }
            }
        }
        self.vcov = vcov
        self.varianceParameterCovariance = a
        self.jacobians = jacobians
        self.warnings = warnings
    }

    /// ν = 2 (lᵀΦl)² / (gᵀAg) for one contrast (lmerTest `contest1D`).
    func degreesOfFreedom(_ l: [Double]) -> Double {
        let variance = Self.quadraticForm(l, vcov)
        let g = jacobians.map { Self.quadraticForm(l, $0) }
        let denominator = Self.quadraticForm(g, varianceParameterCovariance)
        return 2 * variance * variance / denominator
    }

    /// xᵀ A x.
    static func quadraticForm(_ x: [Double], _ a: Matrix) -> Double {
        var sum = 0.0
        for j in 0..<a.columns {
            var column = 0.0
            for i in 0..<a.rows { column += a[i, j] * x[i] }
            sum += column * x[j]
        }
        return sum
    }
}
