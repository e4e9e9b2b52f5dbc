import Foundation
import LinearAlgebra

/// The exact Hessian of lmerTest's deviance d(θ, σ) and the Jacobian of Φ(θ, σ) = σ²M⁻¹.
///
/// With V₀ = I + ZΛΛᵀZᵀ, M = XᵀV₀⁻¹X, P₀ = V₀⁻¹ − V₀⁻¹XM⁻¹XᵀV₀⁻¹ and ν = n − p (REML) or n (ML):
///
///     ML:   d = log|V₀| + yᵀP₀y/σ² + n log(2πσ²)
///     REML: d = log|V₀| + log|M| + yᵀP₀y/σ² + (n − p) log(2πσ²)
///
/// (lme4: log|L_θ|² = log|V₀|, log|R_X|² = log|M|, pwrss = yᵀP₀y). Each ∂V₀/∂θ_i = Z D_i Zᵀ with
/// D_i = I ⊗ (Λ̇_iΛᵀ + ΛΛ̇_iᵀ), and ∂²V₀/∂θ_i∂θ_j = Z D_ij Zᵀ with D_ij = I ⊗ (Λ̇_iΛ̇_jᵀ + Λ̇_jΛ̇_iᵀ)
/// (Λ is linear in θ). With T = V₀⁻¹ (ML) or P₀ (REML) and K = ZᵀP₀Z = S − UM⁻¹Uᵀ, w = ZᵀP₀y:
///
///     H_ij = tr(ZᵀTZ D_ij) − tr(ZᵀTZ D_i ZᵀTZ D_j) + (2 wᵀD_iKD_jw − wᵀD_ijw)/σ²
///     H_iσ = 2 wᵀD_iw/σ³,   H_σσ = 6 yᵀP₀y/σ⁴ − 2ν/σ²
///     ∂Φ/∂θ_i = σ² M⁻¹(UᵀD_iU)M⁻¹,   ∂Φ/∂σ = 2σM⁻¹
///
/// (standard REML derivatives, e.g. Searle, Casella & McCulloch 1992 §6.3; traces in q-space as
/// in `MarginalAlgebra`). Cost O(#θ² · q · (p + 1)²) plus the algebra.
enum SatterthwaiteDerivatives {
    static func exact(algebra: MarginalAlgebra, layout: RandomEffectsLayout, criterion: EstimationCriterion,
                      sigma: Double) throws -> (hessian: Matrix, jacobians: [Matrix]) {
        let p = algebra.fixedCount, u = algebra.u, mInv = algebra.mInverse
        let parameters = thetaDerivatives(layout: layout, lambdas: algebra.lambdas)
        let count = parameters.count
        let ys = parameters.map { $0.first.times(u, algebra.terms) }
        let sys = try ys.map { try algebra.gram.times($0) }
        let pHat = try ys.map { try Matrix.product(u, .transposed, $0, .none) }
        let pUU = pHat.map { $0.leading(p) }
        let reml = criterion == .reml
        let s2 = sigma * sigma
        var h = Matrix(rows: count + 1, columns: count + 1)
        for i in 0..<count {
            for j in i..<count {
                let qHat = try Matrix.product(ys[i], .transposed, sys[j], .none)
                var logDet = -algebra.gram.traceOfProduct(parameters[i].first, parameters[j].first)
                if reml {
                    logDet += 2 * traceProduct(mInv, qHat.leading(p))
                    logDet -= traceProduct(try mInv * pUU[i], try mInv * pUU[j])
                }
                // w'D_iKD_jw = w'D_iSD_jw − (w'D_iU) M⁻¹ (U'D_jw).
                var quadratic = 2 * qHat[p, p]
                for a in 0..<p { for b in 0..<p { quadratic -= 2 * pHat[i][p, a] * mInv[a, b] * pHat[j][b, p] } }
                if let second = secondDerivative(parameters[i], parameters[j], layout: layout) {
                    logDet += algebra.gram.trace(second)
                    let yij = second.times(u, algebra.terms)
                    let pij = try Matrix.product(u, .transposed, yij, .none)
                    if reml { logDet -= traceProduct(mInv, pij.leading(p)) }
                    quadratic -= pij[p, p]
                }
                h[i, j] = logDet + quadratic / s2
                h[j, i] = h[i, j]
            }
            h[i, count] = 2 * pHat[i][p, p] / (s2 * sigma)
            h[count, i] = h[i, count]
        }
        let nu = Double(reml ? algebra.observationCount - p : algebra.observationCount)
        h[count, count] = 6 * algebra.pwrss / (s2 * s2) - 2 * nu / s2
        var jacobians = try pUU.map { puu -> Matrix in
            var j = try mInv * puu * mInv
            for e in j.storage.indices { j.storage[e] *= s2 }
            return j
        }
        var dSigma = mInv
        for e in dSigma.storage.indices { dSigma.storage[e] *= 2 * sigma }
        jacobians.append(dSigma)
        return (h, jacobians)
    }

    /// One θ parameter: its term, the entry (row, column) of Λ_t it sets, and D_i.
    struct ThetaParameter {
        let term: Int
        let row: Int
        let column: Int
        let first: TermGenerator
    }

    /// D_i = I ⊗ (e_r Λ[:, c]ᵀ + Λ[:, c] e_rᵀ) for θ_i = Λ_t[r, c], in θ order.
    static func thetaDerivatives(layout: RandomEffectsLayout, lambdas: [[Double]]) -> [ThetaParameter] {
        var result: [ThetaParameter] = []
        for (t, template) in layout.templates.enumerated() {
            let k = template.size, lambda = lambdas[t]
            for (r, c) in template.entries {
                var e = [Double](repeating: 0, count: k * k)
                for a in 0..<k {
                    e[r + a * k] += lambda[a + c * k]
                    e[a + r * k] += lambda[a + c * k]
                }
                result.append(ThetaParameter(term: t, row: r, column: c, first: TermGenerator(term: t, e: e)))
            }
        }
        return result
    }

    /// D_ij = I ⊗ (e_{r_i} e_{r_j}ᵀ + e_{r_j} e_{r_i}ᵀ) when θ_i, θ_j are in the same column of the
    /// same Λ_t (Λ̇_iΛ̇_jᵀ = e_{r_i} e_{c_i}ᵀ e_{c_j} e_{r_j}ᵀ); nil (zero) otherwise.
    static func secondDerivative(_ a: ThetaParameter, _ b: ThetaParameter,
                                 layout: RandomEffectsLayout) -> TermGenerator? {
        guard a.term == b.term, a.column == b.column else { return nil }
        let k = layout.templates[a.term].size
        var e = [Double](repeating: 0, count: k * k)
        e[a.row + b.row * k] += 1
        e[b.row + a.row * k] += 1
        return TermGenerator(term: a.term, e: e)
    }

    /// tr(A B) for square A, B of the same order.
    static func traceProduct(_ a: Matrix, _ b: Matrix) -> Double {
        var sum = 0.0
        for i in 0..<a.rows { for j in 0..<a.columns { sum += a[i, j] * b[j, i] } }
        return sum
    }
}

extension Matrix {
    /// The leading n × n block.
    func leading(_ n: Int) -> Matrix {
        var result = Matrix(rows: n, columns: n)
        for j in 0..<n { for i in 0..<n { result[i, j] = self[i, j] } }
        return result
    }
}
