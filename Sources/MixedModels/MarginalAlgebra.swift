import Foundation
import LinearAlgebra

/// The q-space quantities behind Satterthwaite and Kenward–Roger inference, at given θ, with
/// V₀ = I + ZΛΛᵀZᵀ (so Var(y) = Σ = σ²V₀) and never an n × n matrix. By Woodbury,
///
///     V₀⁻¹ = I − ZΛ C⁻¹ ΛᵀZᵀ,   C = ΛᵀZᵀZΛ + I = L Lᵀ,
///
/// so with A = ZᵀZ, B = Zᵀ[X y], F̂ = L⁻¹ΛᵀA and Ĝ = L⁻¹ΛᵀB (all from the sufficient statistics):
///
///     S = ZᵀV₀⁻¹Z = A − F̂ᵀF̂,   Zᵀ V₀⁻¹[X y] = B − F̂ᵀĜ,   [X y]ᵀV₀⁻¹[X y] = [X y]ᵀ[X y] − ĜᵀĜ.
///
/// One term: C, L and S are block-diagonal with one k × k block per level, cost O(levels·k³·w²).
/// Several terms: dense q × q (cost O(q³)), refused above `denseLimit`.
struct MarginalAlgebra: Sendable {
    let terms: [TermColumns]
    /// S = ZᵀV₀⁻¹Z.
    let gram: RandomEffectsGram
    /// Û = [ZᵀV₀⁻¹X, ZᵀV₀⁻¹r] (q × (p + 1)), r = y − Xβ̂: the last column is ZᵀP₀y.
    let u: Matrix
    /// M = XᵀV₀⁻¹X (p × p) and its inverse (Var(β̂) = σ²M⁻¹).
    let m: Matrix
    let mInverse: Matrix
    /// β̂ for the response as stored in the cross-products (the engine may store y shifted by a
    /// preliminary fit Xβ₀, giving β̂ − β₀); only residual-based quantities are used, which do not change.
    let beta: [Double]
    /// r² = (y − Xβ̂)ᵀV₀⁻¹(y − Xβ̂) = yᵀP₀y, lme4's penalized residual sum of squares.
    let pwrss: Double
    let observationCount: Int
    let fixedCount: Int
    /// Λ_t per term (column-major k_t × k_t).
    let lambdas: [[Double]]

    /// The largest q for the dense (several-term) algebra: three q × q matrices of doubles.
    static let denseLimit = 3000

    init(deviance: ProfiledDeviance, theta: [Double], method: DegreesOfFreedomMethod,
         denseLimit: Int = MarginalAlgebra.denseLimit) throws {
        let layout = deviance.layout, blocks = deviance.blocks
        let p = deviance.fixedCount, w = p + 1, q = layout.totalColumns
        terms = layout.terms.indices.map {
            TermColumns(offset: layout.columnOffsets[$0], size: layout.terms[$0].columnCount,
                        levels: layout.terms[$0].levelCount)
        }
        lambdas = layout.templates.map { $0.lambda(theta: theta) }
        observationCount = deviance.observationCount
        fixedCount = p
        var reduced: (s: RandomEffectsGram.Storage, b: Matrix, down: Matrix)
        if layout.terms.count == 1 {
            reduced = Self.reduceBlockDiagonal(blocks: blocks, lambda: lambdas[0])
        } else {
            guard q <= denseLimit else {
                throw InferenceError.randomEffectsTooLarge(randomEffects: q, limit: denseLimit, method: method)
            }
            reduced = try Self.reduceDense(blocks: blocks, layout: layout, terms: terms, lambdas: lambdas)
        }
        gram = RandomEffectsGram(terms: terms, storage: reduced.s)
        // [X y]ᵀV₀⁻¹[X y] = N; its Cholesky gives R_X, β̂ and r (lme4's last diagonal element).
        var n = blocks.xx
        for e in n.storage.indices { n.storage[e] -= reduced.down.storage[e] }
        let factor: Cholesky
        do {
            factor = try Cholesky(n)
        } catch {
            throw InferenceError.numerical(step: "factorising XᵀV⁻¹X for inference", detail: "\(error)")
        }
        let l = factor.lower
        var rx = Matrix(rows: p, columns: p)
        for j in 0..<p { for i in j..<p { rx[i, j] = l[i, j] } }
        let cx = (0..<p).map { l[p, $0] }
        beta = p > 0 ? try Matrix.solveTriangular(rx, .lower, .transposed, cx) : []
        pwrss = l[p, p] * l[p, p]
        m = rx.crossProductTransposed
        mInverse = p > 0 ? try Cholesky(lowerFactor: rx).inverse() : m
        var u = Matrix(rows: q, columns: w)
        for i in 0..<q {
            var residual = reduced.b[i, p]
            for j in 0..<p {
                u[i, j] = reduced.b[i, j]
                residual -= reduced.b[i, j] * beta[j]
            }
            u[i, p] = residual
        }
        self.u = u
    }

    /// One term: per level, S_l = A_l − F̂_lᵀF̂_l, B̂_l = B_l − F̂_lᵀĜ_l, N ← N − Ĝ_lᵀĜ_l.
    private static func reduceBlockDiagonal(blocks: CrossProductBlocks, lambda: [Double])
        -> (s: RandomEffectsGram.Storage, b: Matrix, down: Matrix) {
        let k = blocks.firstSize, w = blocks.width, levels = blocks.firstLevels
        var s = [Double](repeating: 0, count: levels * k * k)
        var bHat = Matrix(rows: levels * k, columns: w)
        var down = Matrix(rows: w, columns: w)
        var c = [Double](repeating: 0, count: k * k), f = c, lta = c
        var g = [Double](repeating: 0, count: k * w), b = g
        for l in 0..<levels {
            let a = Array(blocks.zz1[(l * k * k)..<((l + 1) * k * k)])
            for col in 0..<w { for i in 0..<k { b[i + col * k] = blocks.xz1[l * w * k + col + i * w] } }
            // ΛᵀA (k × k) and ΛᵀB (k × w); Λ is lower triangular.
            for col in 0..<k { for i in 0..<k { lta[i + col * k] = (i..<k).reduce(0) { $0 + lambda[$1 + i * k] * a[$1 + col * k] } } }
            for col in 0..<w { for i in 0..<k { g[i + col * k] = (i..<k).reduce(0) { $0 + lambda[$1 + i * k] * b[$1 + col * k] } } }
            // C = ΛᵀAΛ + I.
            for j in 0..<k {
                for i in 0..<k {
                    c[i + j * k] = (j..<k).reduce(0) { $0 + lta[i + $1 * k] * lambda[$1 + j * k] } + (i == j ? 1 : 0)
                }
            }
            f = lta
            c.withUnsafeMutableBufferPointer { cp in
                _ = SmallDense.cholesky(cp.baseAddress!, k, ld: k)
                f.withUnsafeMutableBufferPointer { SmallDense.solveLower(cp.baseAddress!, k, $0.baseAddress!, columns: k) }
                g.withUnsafeMutableBufferPointer { SmallDense.solveLower(cp.baseAddress!, k, $0.baseAddress!, columns: w) }
            }
            for j in 0..<k {
                for i in 0..<k {
                    s[l * k * k + i + j * k] = a[i + j * k] - (0..<k).reduce(0) { $0 + f[$1 + i * k] * f[$1 + j * k] }
                }
            }
            for col in 0..<w {
                for i in 0..<k {
                    bHat[l * k + i, col] = b[i + col * k] - (0..<k).reduce(0) { $0 + f[$1 + i * k] * g[$1 + col * k] }
                }
                for row in 0..<w { down[row, col] += (0..<k).reduce(0) { $0 + g[$1 + row * k] * g[$1 + col * k] } }
            }
        }
        return (.blockDiagonal(s), bHat, down)
    }
}

extension SmallDense {
    /// X ← L⁻¹ X for a k × k lower-triangular L (leading dimension k) and a k × c block X.
    static func solveLower(_ l: UnsafePointer<Double>, _ k: Int, _ x: UnsafeMutablePointer<Double>, columns c: Int) {
        for column in 0..<c {
            let base = x + column * k
            for i in 0..<k {
                var s = base[i]
                for j in 0..<i { s -= l[i + j * k] * base[j] }
                base[i] = s / l[i + i * k]
            }
        }
    }
}

extension Matrix {
    /// R Rᵀ for a square matrix R.
    var crossProductTransposed: Matrix {
        var c = Matrix(rows: rows, columns: rows)
        try? Matrix.rankKUpdate(self, .none, into: &c)
        return c
    }
}
