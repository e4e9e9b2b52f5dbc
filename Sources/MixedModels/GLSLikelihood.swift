import Foundation
import LinearAlgebra

/// One evaluation of the GLS (MMRM) likelihood with β profiled out, at covariance parameters φ.
///
/// With V = blockdiag(V_t) and W = V⁻¹ (Laird & Ware 1982; SAS/STAT "MIXED: Estimating Covariance
/// Parameters"; mmrm vignette "Details of the model fitting"), the sufficient statistics
/// A = Σ_t contract_t(W_t) = [X y]ᵀW[X y] give, through one Cholesky A = LLᵀ with the response
/// last, log|XᵀWX| = 2 Σ_{i≤p} log L_ii, β̂ and r'Wr = L_{ww}² (r = y − Xβ̂), so
///
///     −2 l_REML = (N − p) log 2π + Σ_t c_t log|V_t| + log|XᵀWX| + r'Wr,
///     −2 l_ML   =  N      log 2π + Σ_t c_t log|V_t|              + r'Wr
///
/// (c_t = blocks sharing V_t). −2 l_REML is SAS's "−2 Res Log Likelihood" and nlme's REML.
/// The gradient (Harville 1977; notes §2.3), with P = W − WXΦXᵀW and Φ = (XᵀWX)⁻¹:
///
///     ∂(−2 l_REML)/∂φ_h = tr(P V_h) − yᵀP V_h P y = Σ_t ⟨V_{t,h}, M_t⟩,
///     M_t = c_t W_t − W_t D_t(Φ̂) W_t − W_t D_t(aaᵀ) W_t,
///
/// with a = (−β̂, 1), Φ̂ = [[Φ, 0], [0, 0]] and D_t the block's `dual` (Σ_i z_i Ψ z_iᵀ). ML drops
/// the D_t(Φ̂) term.
struct GLSLikelihood: Sendable {
    let design: GLSDesign
    let parametrization: CovarianceParametrization
    let criterion: EstimationCriterion

    /// The per-block factors of one evaluation.
    struct BlockState {
        let values: BlockCovarianceValues
        let w: [Double]
        let logDeterminant: Double
    }

    struct Evaluation {
        let objective: Double
        let phi: [Double]
        /// β̂ of the shifted response e = y − Xb₀ (add `design.shift` for β̂).
        let shiftedBeta: [Double]
        /// Φ = (XᵀWX)⁻¹ (p × p).
        let vcov: Matrix
        let blocks: [BlockState]
        let covariance: CovarianceAtParameters
        /// a = (−β̂_e, 1).
        var a: [Double] { shiftedBeta.map { -$0 } + [1] }
    }

    /// −2 log L (and the pieces later steps need), or `nil` when some V_t is not positive definite.
    /// With `derivatives`, each block also carries ∂V/∂φ and the non-zero ∂²V/∂φ∂φ.
    func evaluate(_ phi: [Double], derivatives: Bool) throws(MMRMError) -> Evaluation? {
        let covariance = CovarianceAtParameters(parametrization: parametrization, phi: phi, secondOrder: derivatives)
        let w = design.width, p = design.fixedCount
        var blocks: [BlockState] = []
        blocks.reserveCapacity(design.types.count)
        var gram = [Double](repeating: 0, count: w * w)
        var logDeterminant = 0.0
        for type in design.types {
            let values = covariance.values(type.layout, derivatives: derivatives, secondOrder: derivatives)
            guard let factor = SquareMatrixKernels.inverseAndLogDeterminant(values.v, type.size) else { return nil }
            type.storage.contract(factor.inverse, size: type.size, width: w, into: &gram)
            logDeterminant += Double(type.count) * factor.logDeterminant
            blocks.append(BlockState(values: values, w: factor.inverse, logDeterminant: factor.logDeterminant))
        }
        let cholesky: Cholesky
        do {
            cholesky = try Cholesky(Matrix(rows: w, columns: w, columnMajor: gram))
        } catch {
            // A leading minor inside X: XᵀWX singular; the last one: an exact fit (r'Wr = 0).
            if case LinearAlgebraError.notPositiveDefinite(_, let minor, _) = error, minor <= p {
                throw .singularFixedEffects
            }
            return nil
        }
        let l = cholesky.lower
        var logDetX = 0.0
        for i in 0..<p { logDetX += 2 * log(l[i, i]) }
        let rss = l[p, p] * l[p, p]
        var lx = Matrix(rows: p, columns: p)
        for j in 0..<p { for i in j..<p { lx[i, j] = l[i, j] } }
        let beta: [Double]
        let vcov: Matrix
        do {
            beta = p > 0 ? try Matrix.solveTriangular(lx, .lower, .transposed, (0..<p).map { l[p, $0] }) : []
            vcov = p > 0 ? try Cholesky(lowerFactor: lx).inverse() : lx
        } catch {
            throw .singularFixedEffects
        }
        let n = Double(design.observationCount)
        let objective: Double
        switch criterion {
        case .reml: objective = (n - Double(p)) * log(2 * Double.pi) + logDeterminant + logDetX + rss
        case .ml: objective = n * log(2 * Double.pi) + logDeterminant + rss
        }
        guard objective.isFinite else { return nil }
        return Evaluation(objective: objective, phi: phi, shiftedBeta: beta, vcov: vcov, blocks: blocks,
                          covariance: covariance)
    }

    /// Ψ matrices (w × w) of the gradient: Φ̂ = [[Φ, 0], [0, 0]] and aaᵀ.
    func psi(_ e: Evaluation) -> (phiHat: [Double], residual: [Double]) {
        let w = design.width, p = design.fixedCount, a = e.a
        var phiHat = [Double](repeating: 0, count: w * w)
        for j in 0..<p { for i in 0..<p { phiHat[i + j * w] = e.vcov[i, j] } }
        var residual = [Double](repeating: 0, count: w * w)
        for j in 0..<w { for i in 0..<w { residual[i + j * w] = a[i] * a[j] } }
        return (phiHat, residual)
    }

    /// Per block: U_t = W D_t(Φ̂) W, R̃_t = W D_t(aaᵀ) W and M_t = c_t W − [REML] U_t − R̃_t.
    func blockMoments(_ e: Evaluation) -> [(u: [Double], r: [Double], m: [Double])] {
        let (phiHat, residual) = psi(e)
        let w = design.width
        return zip(design.types, e.blocks).map { type, block in
            let n = type.size
            let u = SquareMatrixKernels.product(
                SquareMatrixKernels.product(block.w, type.storage.dual(phiHat, size: n, width: w), n), block.w, n)
            let r = SquareMatrixKernels.product(
                SquareMatrixKernels.product(block.w, type.storage.dual(residual, size: n, width: w), n), block.w, n)
            let c = Double(type.count), reml = criterion == .reml
            var m = [Double](repeating: 0, count: n * n)
            for i in m.indices { m[i] = c * block.w[i] - (reml ? u[i] : 0) - r[i] }
            return (u, r, m)
        }
    }

    /// ∂(−2 log L)/∂φ.
    func gradient(_ e: Evaluation, moments: [(u: [Double], r: [Double], m: [Double])]) -> [Double] {
        var g = [Double](repeating: 0, count: parametrization.parameterCount)
        for (block, moment) in zip(e.blocks, moments) {
            for (h, dv) in block.values.derivatives { g[h] += SquareMatrixKernels.inner(dv, moment.m) }
        }
        return g
    }
}
