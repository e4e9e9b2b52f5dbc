import Foundation
import LinearAlgebra

/// The blocked Cholesky factor L(θ) of the penalized least-squares system
///
///     [ ΛᵀZᵀZΛ + I   ΛᵀZᵀX  ΛᵀZᵀy ]          [ L₁₁              ]
///     [ XᵀZΛ         XᵀX    Xᵀy   ]  = L Lᵀ,  L = [ L_r1   L_rr        ]
///     [ yᵀZΛ         yᵀX    yᵀy   ]          [ L_X1   L_Xr   L_XX ]
///
/// (Bates et al. 2015 eq. 18–19; MixedModels.jl `updateL!`), with rows ordered [Z₁, Z_rest, X, y]
/// and y standing for the shifted response y − Xb₀ (see `CrossProductBlocks.responseShift`).
/// L₁₁ is block-diagonal (one k₁ × k₁ block per first-term level), L_r1 is sparse (stored per
/// first-term level), L_rr is dense. The last row of L_XX holds [c_Xᵀ  r], so
/// pwrss = r² = L_XX[p, p]², |R_X| = Π L_XX[i, i] (i < p), |L_θ| = Π diag(L₁₁) · Π diag(L_rr).
///
/// Cost per evaluation: O(m₁(k₁³ + k₁w²) + Σ_l |R_l|²k₁ + r³ + w r²) — independent of n with one
/// grouping factor. The storage is reused between evaluations.
struct BlockedCholesky {
    /// Λ_t for every term, each k_t × k_t column-major, concatenated.
    var lambdas: [Double]
    var l11: [Double]
    /// L_X1 as one w × (m₁k₁) matrix: level l's w × k₁ block starts at column l·k₁.
    var lx1: Matrix
    var lr1: [Double]
    var lrr: Matrix
    var lxr: Matrix
    var lxx: Matrix
    /// log |L_θ|² = 2 Σ log of the diagonal of the random-effects part of L.
    private(set) var logDetL2 = 0.0
    /// When set, the first term is handled by its level patterns (`LevelPatterns`): only L_XX,
    /// L_rr and the log-determinant are formed, and `l11`/`lx1` stay empty.
    let patterns: LevelPatterns?

    /// Whether `l11`, `lx1` and `lr1` hold the per-level blocks (needed for conditional modes).
    var hasPerLevelBlocks: Bool { patterns == nil }

    init(blocks: CrossProductBlocks, layout: RandomEffectsLayout, patterns: LevelPatterns? = nil) {
        let w = blocks.width, k1 = blocks.firstSize
        let m1 = patterns == nil ? blocks.firstLevels : 0
        self.patterns = patterns
        lambdas = [Double](repeating: 0, count: layout.templates.reduce(0) { $0 + $1.size * $1.size })
        l11 = [Double](repeating: 0, count: m1 * k1 * k1)
        lx1 = Matrix(rows: w, columns: m1 * k1)
        lr1 = [Double](repeating: 0, count: blocks.rz1.count)
        lrr = Matrix(rows: blocks.restSize, columns: blocks.restSize)
        lxr = Matrix(rows: w, columns: blocks.restSize)
        lxx = Matrix(rows: w, columns: w)
    }

    /// Offset of term t's Λ in `lambdas`.
    static func lambdaOffset(_ layout: RandomEffectsLayout, term t: Int) -> Int {
        layout.templates[..<t].reduce(0) { $0 + $1.size * $1.size }
    }

    /// Factorises the system at θ. Throws when the fixed-effects part is not positive definite
    /// (`rankDeficientFixedEffects` carrying the 1-based column number, named by the caller), when
    /// r² = 0, or when the dense later-term block fails to factorise.
    mutating func update(theta: [Double], blocks: CrossProductBlocks, layout: RandomEffectsLayout) throws {
        guard theta.count == layout.thetaCount else {
            throw MixedModelError.thetaLength(expected: layout.thetaCount, actual: theta.count)
        }
        theta.withUnsafeBufferPointer { t in
            lambdas.withUnsafeMutableBufferPointer { l in
                var offset = 0
                for template in layout.templates {
                    template.fill(l.baseAddress! + offset, from: t.baseAddress!)
                    offset += template.size * template.size
                }
            }
        }
        lxx = blocks.xx
        if let patterns {
            logDetL2 = lambdas.withUnsafeBufferPointer { lam in
                lxx.storage.withUnsafeMutableBufferPointer { patterns.downdate(lambda: lam.baseAddress!, lxx: $0.baseAddress!) }
            }
        } else {
            if blocks.restSize > 0 { prepareRest(blocks: blocks, layout: layout) }
            logDetL2 = factorFirstTerm(blocks: blocks, layout: layout)
            do {
                try Matrix.rankKUpdate(lx1, .none, alpha: -1, beta: 1, into: &lxx)
            } catch let error as LinearAlgebraError {
                throw MixedModelError.linearAlgebra(step: "downdating the fixed-effects block", underlying: error)
            }
        }
        if blocks.restSize > 0 { logDetL2 += try factorRest(blocks: blocks) }
        let w = blocks.width
        let info = lxx.storage.withUnsafeMutableBufferPointer { SmallDense.cholesky($0.baseAddress!, w, ld: w) }
        if info == w { throw MixedModelError.perfectFit }
        if info > 0 { throw MixedModelError.rankDeficientFixedEffects(column: "\(info)") }
        for j in 0..<w { for i in 0..<j { lxx[i, j] = 0 } }
    }

    /// L₁₁, L_X1 and L_r1, level by level, downdating L_rr and L_Xr as it goes. Returns log |L₁₁|².
    /// (L_XX is downdated afterwards by one `dsyrk` with all of L_X1.)
    private mutating func factorFirstTerm(blocks: CrossProductBlocks, layout: RandomEffectsLayout) -> Double {
        let w = blocks.width, k1 = blocks.firstSize, m1 = blocks.firstLevels
        var logDet = LogProduct()
        var scratch = [Double](repeating: 0, count: k1 * k1)
        let lambdaOffsets = layout.templates.indices.map { BlockedCholesky.lambdaOffset(layout, term: $0) }
        lambdas.withUnsafeBufferPointer { lam in
        l11.withUnsafeMutableBufferPointer { l11 in
        lx1.storage.withUnsafeMutableBufferPointer { lx1 in
        scratch.withUnsafeMutableBufferPointer { t in
        blocks.zz1.withUnsafeBufferPointer { zz1 in
        blocks.xz1.withUnsafeBufferPointer { xz1 in
        lr1.withUnsafeMutableBufferPointer { lr1 in
        lrr.storage.withUnsafeMutableBufferPointer { lrr in
        lxr.storage.withUnsafeMutableBufferPointer { lxr in
        blocks.rz1.withUnsafeBufferPointer { rz1 in
        blocks.levelRestColumns.withUnsafeBufferPointer { columns in
            let rest = blocks.restSize == 0 ? nil : RestPointers(
                lr1: lr1.baseAddress!, lrr: lrr.baseAddress!, lxr: lxr.baseAddress!,
                rz1: rz1.baseAddress!, columns: columns.baseAddress!)
            let lambda1 = lam.baseAddress!, tmp = t.baseAddress!
            let zz = zz1.baseAddress!, xz = xz1.baseAddress!
            for l in 0..<m1 {
                let block = l11.baseAddress! + l * k1 * k1
                let x1 = lx1.baseAddress! + l * w * k1
                if k1 == 1 {
                    // Scalar term: L_l = √(λ² (Z₁ᵀZ₁)_l + 1), L_X1,l = ([X y]ᵀZ₁)_l λ / L_l.
                    let lambda = lambda1[0]
                    let d = (lambda * lambda * zz[l] + 1).squareRoot()
                    block[0] = d
                    logDet.multiply(by: d)
                    let scale = lambda / d
                    for c in 0..<w { x1[c] = xz[l * w + c] * scale }
                } else {
                    // L_l = chol(Λ₁ᵀ (Z₁ᵀZ₁)_l Λ₁ + I), positive definite by construction.
                    for e in 0..<(k1 * k1) { tmp[e] = zz[l * k1 * k1 + e] }
                    SmallDense.multiplyRightByLower(tmp, rows: k1, ld: k1, lambda1, k1)
                    SmallDense.multiplyLeftByLowerTransposed(tmp, columns: k1, ld: k1, lambda1, k1)
                    for e in 0..<(k1 * k1) { block[e] = tmp[e] }
                    for d in 0..<k1 { block[d + d * k1] += 1 }
                    _ = SmallDense.cholesky(block, k1, ld: k1)
                    for d in 0..<k1 {
                        logDet.multiply(by: block[d + d * k1])
                        for i in 0..<d { block[i + d * k1] = 0 }
                    }
                    // L_X1,l = ([X y]ᵀZ₁)_l Λ₁ L_l⁻ᵀ.
                    for e in 0..<(w * k1) { x1[e] = xz[l * w * k1 + e] }
                    SmallDense.multiplyRightByLower(x1, rows: w, ld: w, lambda1, k1)
                    SmallDense.solveRightLowerTransposed(x1, rows: w, ld: w, block, k1, ldL: k1)
                }
                if let rest {
                    Self.downdateRest(level: l, block: block, x1: x1, lambdas: lam.baseAddress!,
                                      lambdaOffsets: lambdaOffsets, rest: rest, blocks: blocks, layout: layout)
                }
            }
        }}}}}}}}}}}
        return 2 * logDet.logarithm
    }

    /// L_r1,l = Λ_restᵀ (Z_restᵀZ₁)_l Λ₁ L_l⁻ᵀ on the rest rows level l touches; then
    /// L_rr ← L_rr − L_r1,l L_r1,lᵀ (lower triangle) and L_Xr ← L_Xr − L_X1,l L_r1,lᵀ there.
    private static func downdateRest(level l: Int, block: UnsafePointer<Double>, x1: UnsafePointer<Double>,
                                     lambdas: UnsafePointer<Double>, lambdaOffsets: [Int], rest: RestPointers,
                                     blocks: CrossProductBlocks, layout: RandomEffectsLayout) {
        let w = blocks.width, k1 = blocks.firstSize, r = blocks.restSize
        let rows = blocks.levelRowStart[l + 1] - blocks.levelRowStart[l]
        let base = blocks.levelRowStart[l] * k1
        let columns = rest.columns + blocks.levelRowStart[l]
        let r1 = rest.lr1 + base
        for e in 0..<(rows * k1) { r1[e] = rest.rz1[base + e] }
        SmallDense.multiplyRightByLower(r1, rows: rows, ld: rows, lambdas, k1)
        var row = 0
        for b in blocks.levelBlockStart[l]..<blocks.levelBlockStart[l + 1] {
            let term = Int(blocks.restBlockTerm[Int(blocks.levelBlocks[b])])
            let k = layout.templates[term].size
            SmallDense.multiplyLeftByLowerTransposed(r1 + row, columns: k1, ld: rows, lambdas + lambdaOffsets[term], k)
            row += k
        }
        SmallDense.solveRightLowerTransposed(r1, rows: rows, ld: rows, block, k1, ldL: k1)
        for cb in 0..<rows {
            let colB = Int(columns[cb])
            for inner in 0..<k1 {
                let v = r1[cb + inner * rows]
                if v == 0 { continue }
                for ca in 0..<rows {
                    let colA = Int(columns[ca])
                    if colA >= colB { rest.lrr[colA + colB * r] -= r1[ca + inner * rows] * v }
                }
                for c in 0..<w { rest.lxr[c + colB * w] -= x1[c + inner * w] * v }
            }
        }
    }
}

/// Raw pointers into the later-term blocks, valid for one factorisation.
struct RestPointers {
    let lr1: UnsafeMutablePointer<Double>
    let lrr: UnsafeMutablePointer<Double>
    let lxr: UnsafeMutablePointer<Double>
    let rz1: UnsafePointer<Double>
    let columns: UnsafePointer<Int32>
}

/// A product of many positive factors kept as significand × 2^exponent, so that log Π dᵢ costs
/// one logarithm instead of one per factor and never overflows.
struct LogProduct {
    private var significand = 1.0
    private var exponent = 0

    @inline(__always)
    mutating func multiply(by factor: Double) {
        significand *= factor
        exponent += Int(significand.exponent)
        significand = significand.significand
    }

    var logarithm: Double { Foundation.log(significand) + Double(exponent) * M_LN2 }
}
