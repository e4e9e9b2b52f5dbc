import LinearAlgebra

/// Second-order quantities of −2 log L at φ, all as sums over blocks (never an N × N matrix).
/// With V_h = ∂V/∂φ_h, V_hk = ∂²V/∂φ_h∂φ_k, r̃ = W r, U_t = W_t D_t(Φ̂) W_t, R̃_t = W_t D_t(aaᵀ) W_t:
///
///     A_h = XᵀW V_h W X,  b_h = XᵀW V_h W r          (= contract(V_h) of the W-transformed data)
///     tr(P V_h P V_k) = Σ_t [c_t tr(W V_h W V_k) − 2 tr(V_h W V_k U_t)] + tr(Φ A_h Φ A_k)
///     yᵀP V_h P V_k P y = Σ_t tr(V_h W V_k R̃_t) − b_hᵀ Φ b_k
///
/// REML (Jennrich & Schluchter 1986; SAS/STAT "MIXED: Newton–Raphson"): expected Hessian of
/// −2 l_R is E_hk = tr(P V_h P V_k); observed
///
///     H_hk = tr(P V_hk) − yᵀP V_hk P y − tr(P V_h P V_k) + 2 yᵀP V_h P V_k P y,
///
/// whose first two terms are Σ_t ⟨V_t,hk, M_t⟩. ML: W in place of P in the traces.
/// Kenward–Roger's weighted sums are in `MMRMKenwardRoger.swift`.
struct GLSSecondOrder: Sendable {
    /// E[H] of −2 log L (d × d).
    let expected: Matrix
    /// Observed Hessian of −2 log L (d × d).
    let observed: Matrix
    /// A_h (p × p) per parameter.
    let a: [Matrix]
}

extension GLSLikelihood {
    func secondOrder(_ e: GLSLikelihood.Evaluation, moments: [(u: [Double], r: [Double], m: [Double])]) throws
        -> GLSSecondOrder {
        let d = parametrization.parameterCount, w = design.width, p = design.fixedCount, ww = w * w
        var c = [[Double]](repeating: [Double](repeating: 0, count: ww), count: d)
        var trWW = Matrix(rows: d, columns: d), trU = trWW, trR = trWW, s2 = trWW
        for (t, type) in design.types.enumerated() {
            let block = e.blocks[t], moment = moments[t], n = type.size, count = Double(type.count)
            let transformed = type.storage.transformed(by: block.w, size: n, width: w)
            let list = block.values.derivatives
            var y: [[Double]] = [], zu: [[Double]] = [], zr: [[Double]] = []
            for (h, dv) in list {
                transformed.contract(dv, size: n, width: w, into: &c[h])
                y.append(SquareMatrixKernels.product(block.w, dv, n))
                zu.append(SquareMatrixKernels.product(moment.u, dv, n))
                zr.append(SquareMatrixKernels.product(moment.r, dv, n))
            }
            for i in list.indices {
                for j in i..<list.count {
                    let h = list[i].parameter, k = list[j].parameter
                    trWW[h, k] += count * SquareMatrixKernels.traceOfProduct(y[i], y[j], n)
                    trU[h, k] += SquareMatrixKernels.traceOfProduct(y[j], zu[i], n)
                    trR[h, k] += SquareMatrixKernels.traceOfProduct(y[j], zr[i], n)
                }
            }
            for second in block.values.second {
                s2[second.first, second.second] += SquareMatrixKernels.inner(second.matrix, moment.m)
            }
        }
        let phi = e.vcov, aVector = e.a
        let aMatrices = c.map { Self.leading($0, p, w) }
        let bVectors = c.map { cw in (0..<p).map { i in (0..<w).reduce(0) { $0 + cw[i + $1 * w] * aVector[$1] } } }
        let phiA = try aMatrices.map { try phi * $0 }
        let phiB = bVectors.map { b in (0..<p).map { i in (0..<p).reduce(0) { $0 + phi[i, $1] * b[$1] } } }
        var expected = Matrix(rows: d, columns: d), observed = expected
        let reml = criterion == .reml
        for h in 0..<d {
            for k in h..<d {
                let fixedTrace = reml ? Self.traceOfProduct(phiA[h], phiA[k]) : 0
                let traceP = trWW[h, k] - (reml ? 2 * trU[h, k] - fixedTrace : 0)
                let quadratic = trR[h, k] - zip(bVectors[h], phiB[k]).reduce(0) { $0 + $1.0 * $1.1 }
                expected[h, k] = traceP
                observed[h, k] = s2[h, k] - traceP + 2 * quadratic
                expected[k, h] = expected[h, k]
                observed[k, h] = observed[h, k]
            }
        }
        return GLSSecondOrder(expected: expected, observed: observed, a: aMatrices)
    }

    /// The leading p × p block of a w × w column-major array.
    static func leading(_ c: [Double], _ p: Int, _ w: Int) -> Matrix {
        var m = Matrix(rows: p, columns: p)
        for j in 0..<p { for i in 0..<p { m[i, j] = c[i + j * w] } }
        return m
    }

    /// tr(A B) for square matrices.
    static func traceOfProduct(_ a: Matrix, _ b: Matrix) -> Double {
        var s = 0.0
        for j in 0..<a.columns { for i in 0..<a.rows { s += a[i, j] * b[j, i] } }
        return s
    }
}
