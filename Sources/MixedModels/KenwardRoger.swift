import Foundation
import LinearAlgebra

/// The Kenward–Roger adjusted covariance of β̂, exactly as pbkrtest 0.5 computes it
/// (`vcovAdj_internal`, `get_SigmaG`; Kenward & Roger 1997, Biometrics 53; Halekoh & Højsgaard
/// 2014, JSS 59(9)), but without the n × n matrices pbkrtest forms.
///
/// Parametrisation (pbkrtest): Σ = Σ_r γ_r G_r with γ = the lower-triangle elements (variances
/// and covariances) of each term's covariance matrix, G_r = Z E_r Zᵀ, E_r = I ⊗ (e_ae_bᵀ + e_be_aᵀ)
/// (e_ae_aᵀ on the diagonal), and finally σ² with G = I. With Φ = (XᵀΣ⁻¹X)⁻¹:
///
///     P_r = XᵀΣ⁻¹G_rΣ⁻¹X,  Q_rs = XᵀΣ⁻¹G_rΣ⁻¹G_sΣ⁻¹X,  K_rs = tr(Σ⁻¹G_rΣ⁻¹G_s)
///     I_rs = K_rs − 2 tr(ΦQ_rs) + tr(ΦP_rΦP_s),   W = 2 I⁻¹   (generalised inverse if near singular)
///     Φ_A = Φ + 2Φ [Σ_rs W_rs (Q_rs − P_rΦP_s)] Φ
///
/// For the random-effects γ_r these are q-space products with S = ZᵀΣ⁻¹Z and U = ZᵀΣ⁻¹X
/// (`MarginalAlgebra`). For σ² (G = I), Σ = σ²I + ZGZᵀ gives Σ⁻¹IΣ⁻¹ = σ⁻²(Σ⁻¹ − Σ⁻¹ZGZᵀΣ⁻¹),
/// and with G = Σ_r γ_r E_r:
///
///     P_σ = σ⁻²(Φ⁻¹ − Σ_r γ_r P_r),   Q_rσ = σ⁻²(P_r − Σ_s γ_s Q_rs),
///     Q_σσ = σ⁻²(P_σ − σ⁻²(Σ_s γ_s P_s − Σ_st γ_s γ_t Q_st)),
///     K_rσ = σ⁻²(tr(SE_r) − Σ_s γ_s K_rs),   K_σσ = σ⁻⁴(n − 2Σ_r γ_r tr(SE_r) + Σ_rs γ_r γ_s K_rs).
///
/// Cost: O(#γ² · q · p²) plus the algebra — O(levels) for one grouping factor.
struct KenwardRoger: Sendable {
    /// Φ, the unadjusted Var(β̂).
    let vcov: Matrix
    /// Φ_A.
    let adjustedVcov: Matrix
    /// P_r, one per γ_r (σ² last). pbkrtest stores −P_r; only products of two P's are used.
    let p: [Matrix]
    /// W = 2 I⁻¹.
    let w: Matrix

    init(algebra: MarginalAlgebra, layout: RandomEffectsLayout, sigma: Double) throws {
        let pCount = algebra.fixedCount, s2 = sigma * sigma
        let u0 = algebra.u.leadingColumns(pCount)
        var generators: [TermGenerator] = [], gamma: [Double] = []
        for (t, template) in layout.templates.enumerated() {
            let k = template.size, lambda = algebra.lambdas[t]
            for j in 0..<k {
                for i in j..<k {
                    var e = [Double](repeating: 0, count: k * k)
                    e[i + j * k] = 1
                    e[j + i * k] = 1
                    generators.append(TermGenerator(term: t, e: e))
                    gamma.append(s2 * (0...j).reduce(0) { $0 + lambda[i + $1 * k] * lambda[j + $1 * k] })
                }
            }
        }
        let r = generators.count
        // Σ units: S = S₀/σ², U = U₀/σ², so P = U₀ᵀE U₀/σ⁴, Q = U₀ᵀE S₀ E U₀/σ⁶, K = tr(S₀ES₀E)/σ⁴.
        let ys = generators.map { $0.times(u0, algebra.terms) }
        let sys = try ys.map { try algebra.gram.times($0) }
        var pList = try ys.map { try Matrix.product(u0, .transposed, $0, .none).scaled(1 / (s2 * s2)) }
        var q = [[Matrix]](repeating: [], count: r + 1)
        var k = Matrix(rows: r + 1, columns: r + 1)
        let traces = generators.map { algebra.gram.trace($0) / s2 }
        for a in 0..<r {
            for b in 0..<r {
                q[a].append(try Matrix.product(ys[a], .transposed, sys[b], .none).scaled(1 / (s2 * s2 * s2)))
                if b >= a {
                    k[a, b] = algebra.gram.traceOfProduct(generators[a], generators[b]) / (s2 * s2)
                    k[b, a] = k[a, b]
                }
            }
        }
        let phi = algebra.mInverse.scaled(s2)
        let phiInverse = algebra.m.scaled(1 / s2)
        // The residual variance σ² (G = I).
        let gP = Self.combination(gamma, pList)
        let pSigma = (phiInverse - gP).scaled(1 / s2)
        var gQg = Matrix(rows: pCount, columns: pCount)
        for a in 0..<r { gQg = gQg + Self.combination(gamma, q[a]).scaled(gamma[a]) }
        for a in 0..<r { q[a].append((pList[a] - Self.combination(gamma, q[a])).scaled(1 / s2)) }
        q[r] = (0..<r).map { q[$0][r].transposed }
        q[r].append((pSigma - (gP - gQg).scaled(1 / s2)).scaled(1 / s2))
        pList.append(pSigma)
        var gKg = 0.0, gTrace = 0.0
        for a in 0..<r {
            k[a, r] = (traces[a] - (0..<r).reduce(0) { $0 + gamma[$1] * k[a, $1] }) / s2
            k[r, a] = k[a, r]
            gTrace += gamma[a] * traces[a]
            for b in 0..<r { gKg += gamma[a] * gamma[b] * k[a, b] }
        }
        k[r, r] = (Double(algebra.observationCount) - 2 * gTrace + gKg) / (s2 * s2)
        // Expected information, W and the adjustment.
        var information = Matrix(rows: r + 1, columns: r + 1)
        let phiP = try pList.map { try phi * $0 }
        for a in 0...r {
            for b in a...r {
                information[a, b] = k[a, b] - 2 * SatterthwaiteDerivatives.traceProduct(phi, q[a][b])
                    + SatterthwaiteDerivatives.traceProduct(phiP[a], phiP[b])
                information[b, a] = information[a, b]
            }
        }
        let w = try Self.twiceInverse(information)
        var uu = Matrix(rows: pCount, columns: pCount)
        for a in 0...r {
            for b in 0...r {
                uu = uu + (q[a][b] - (try pList[a] * phiP[b])).scaled(w[a, b])
            }
        }
        let adjustment = try phi * uu * phi
        self.vcov = phi
        self.adjustedVcov = phi + adjustment.scaled(2)
        self.p = pList
        self.w = w
    }

    /// Σ_r γ_r A_r.
    static func combination(_ gamma: [Double], _ matrices: [Matrix]) -> Matrix {
        var sum = Matrix(rows: matrices[0].rows, columns: matrices[0].columns)
        for (g, m) in zip(gamma, matrices) { sum = sum + m.scaled(g) }
        return sum
    }

    /// pbkrtest: W = 2 I⁻¹ if the smallest |eigenvalue| of I exceeds 10⁻¹⁰, else 2 · MASS::ginv(I)
    /// (eigenvalues below √ε · the largest in absolute value treated as zero).
    static func twiceInverse(_ information: Matrix) throws -> Matrix {
        let eigen: SymmetricEigen
        do {
            eigen = try SymmetricEigen(information)
        } catch {
            throw InferenceError.numerical(step: "inverting the Kenward–Roger information", detail: "\(error)")
        }
        let largest = eigen.values.map(abs).max() ?? 0
        let smallest = eigen.values.map(abs).min() ?? 0
        let cutoff = smallest > 1e-10 ? 0 : Double.ulpOfOne.squareRoot() * largest
        let d = information.rows
        var result = Matrix(rows: d, columns: d)
        for (index, value) in eigen.values.enumerated() where abs(value) > cutoff {
            for j in 0..<d {
                for i in 0..<d { result[i, j] += 2 * eigen.vectors[i, index] * eigen.vectors[j, index] / value }
            }
        }
        return result
    }
}

extension Matrix {
    /// c · A.
    func scaled(_ c: Double) -> Matrix { Matrix(rows: rows, columns: columns, columnMajor: storage.map { $0 * c }) }

    /// The first n columns.
    func leadingColumns(_ n: Int) -> Matrix {
        Matrix(rows: rows, columns: n, columnMajor: Array(storage[0..<(rows * n)]))
    }

    static func + (a: Matrix, b: Matrix) -> Matrix {
        Matrix(rows: a.rows, columns: a.columns, columnMajor: zip(a.storage, b.storage).map { $0 + $1 })
    }

    static func - (a: Matrix, b: Matrix) -> Matrix {
        Matrix(rows: a.rows, columns: a.columns, columnMajor: zip(a.storage, b.storage).map { $0 - $1 })
    }
}
