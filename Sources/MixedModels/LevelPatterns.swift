import Foundation
import LinearAlgebra

/// The levels of the first (block-diagonal) term grouped by their Gram block A_l = Z_lᵀZ_l
/// ("visit patterns"), so that a deviance evaluation costs O(patterns · k²w²) instead of
/// O(levels · (k³ + k w²)).
///
/// With a single random-effects term the only θ-dependent per-level quantity of the blocked
/// Cholesky is C_l = ΛᵀA_lΛ + I. Levels with the same observed design rows (in a trial: the
/// same attended visits) share A_l exactly, hence C_l and L_l. With B_l = Z_lᵀ[X y] (k × w) and
/// L_X1,l = B_lᵀ Λ L_l⁻ᵀ:
///
///     log|L_θ|² = Σ_g n_g log|C_g|,
///     Σ_l L_X1,l L_X1,lᵀ = Σ_l B_lᵀ M_g B_l = Σ_g Σ_ij (M_g)_ij S_g[i, j],
///     M_g = Λ C_g⁻¹ Λᵀ,   S_g[i, j] = Σ_{l ∈ g} B_l[i, ·]ᵀ B_l[j, ·]   (w × w),
///
/// formed once. The grouping is by exact equality of A_l (its bytes), so the result is the
/// per-level one up to the order of floating-point summation. Used only when the patterns are
/// few (`patterns · k² < levels / 4`) and there is one term; otherwise (e.g. continuous time in
/// Z, which makes every A_l unique) the per-level path runs unchanged.
struct LevelPatterns: Sendable {
    let k: Int
    let w: Int
    /// Number of distinct A_l.
    let count: Int
    /// n_g, the number of levels in pattern g.
    let sizes: [Double]
    /// A_g, k × k column-major per pattern.
    let gram: [Double]
    /// S_g[i, j] (w × w, column-major) at offset ((g·k + j)·k + i)·w².
    let sums: [Double]

    /// Groups the levels of `blocks`; nil when there is more than one term or the patterns are
    /// too many to pay off.
    init?(blocks: CrossProductBlocks) {
        guard blocks.restSize == 0 else { return nil }
        let k = blocks.firstSize, w = blocks.width, m = blocks.firstLevels, kk = k * k
        var index: [[UInt64]: Int] = [:]
        var patternOf = [Int](repeating: 0, count: m)
        var gram: [Double] = []
        var sizes: [Double] = []
        var key = [UInt64](repeating: 0, count: kk)
        for l in 0..<m {
            for e in 0..<kk { key[e] = blocks.zz1[l * kk + e].bitPattern }
            if let g = index[key] {
                patternOf[l] = g
                sizes[g] += 1
            } else {
                let g = sizes.count
                guard 4 * (g + 1) * kk < m else { return nil }
                index[key] = g
                patternOf[l] = g
                sizes.append(1)
                gram.append(contentsOf: blocks.zz1[(l * kk)..<((l + 1) * kk)])
            }
        }
        let ww = w * w
        var sums = [Double](repeating: 0, count: sizes.count * kk * ww)
        sums.withUnsafeMutableBufferPointer { s in
            blocks.xz1.withUnsafeBufferPointer { xz in
                for l in 0..<m {
                    let b = xz.baseAddress! + l * w * k
                    let base = s.baseAddress! + patternOf[l] * kk * ww
                    for j in 0..<k {
                        for i in 0..<k {
                            let target = base + (j * k + i) * ww
                            let bi = b + i * w, bj = b + j * w
                            for col in 0..<w {
                                let v = bj[col]
                                if v == 0 { continue }
                                for row in 0..<w { target[row + col * w] += bi[row] * v }
                            }
                        }
                    }
                }
            }
        }
        self.k = k
        self.w = w
        count = sizes.count
        self.sizes = sizes
        self.gram = gram
        self.sums = sums
    }

    /// Subtracts Σ_l L_X1,l L_X1,lᵀ from `lxx` (w × w, both triangles) for the first term's
    /// Λ (k × k lower, column-major) and returns log|L₁₁|² = Σ_g n_g log|C_g|.
    func downdate(lambda: UnsafePointer<Double>, lxx: UnsafeMutablePointer<Double>) -> Double {
        let kk = k * k, ww = w * w
        var c = [Double](repeating: 0, count: kk)
        var y = [Double](repeating: 0, count: kk)
        var mg = [Double](repeating: 0, count: kk)
        var logDet = 0.0
        c.withUnsafeMutableBufferPointer { cb in
        y.withUnsafeMutableBufferPointer { yb in
        mg.withUnsafeMutableBufferPointer { mb in
        gram.withUnsafeBufferPointer { a in
        sums.withUnsafeBufferPointer { s in
            let c = cb.baseAddress!, y = yb.baseAddress!, mg = mb.baseAddress!
            for g in 0..<count {
                // C_g = Λᵀ A_g Λ + I and its Cholesky factor L_g.
                for e in 0..<kk { c[e] = a[g * kk + e] }
                SmallDense.multiplyRightByLower(c, rows: k, ld: k, lambda, k)
                SmallDense.multiplyLeftByLowerTransposed(c, columns: k, ld: k, lambda, k)
                for d in 0..<k { c[d + d * k] += 1 }
                _ = SmallDense.cholesky(c, k, ld: k)
                var logDiagonal = 0.0
                for d in 0..<k { logDiagonal += log(c[d + d * k]) }
                logDet += 2 * sizes[g] * logDiagonal
                // M_g = Y Yᵀ with Y = Λ L_g⁻ᵀ.
                for e in 0..<kk { y[e] = lambda[e] }
                SmallDense.solveRightLowerTransposed(y, rows: k, ld: k, c, k, ldL: k)
                for j in 0..<k {
                    for i in 0..<k {
                        var v = 0.0
                        for t in 0..<k { v += y[i + t * k] * y[j + t * k] }
                        mg[i + j * k] = v
                    }
                }
                let base = s.baseAddress! + g * kk * ww
                for j in 0..<k {
                    for i in 0..<k {
                        let factor = mg[i + j * k]
                        if factor == 0 { continue }
                        let sij = base + (j * k + i) * ww
                        for e in 0..<ww { lxx[e] -= factor * sij[e] }
                    }
                }
            }
        }}}}}
        return logDet
    }
}
