/// How the marginal covariance V of one block is assembled: the subjects it contains (each with
/// its group and observed visits, R-side Σ_g restricted to those visits, block-diagonal) plus
/// the random-effects terms that link its rows (G-side, V += Z G Zᵀ within each level):
///
///     V = blockdiag_i(S_i Σ_{g(i)} S_iᵀ) + Σ_t Z_t (I ⊗ G_t) Z_tᵀ.
///
/// Without random effects a block is one subject and V is the pattern's sub-matrix of Σ_g.
struct BlockCovarianceLayout: Sendable {
    struct Member: Sendable, Hashable {
        let group: Int
        let visits: [Int]
        /// Position of the subject's first row within the block.
        let offset: Int
    }

    struct Term: Sendable, Hashable {
        let term: Int
        let size: Int
        /// For each row of the block, its level within the block (−1 when the row's z is zero).
        let levels: [Int]
        /// Row-major n × k values of the term's columns.
        let z: [Double]
    }

    let size: Int
    let members: [Member]
    let terms: [Term]
}

/// V, its first and (non-zero) second derivatives for one block at φ.
struct BlockCovarianceValues {
    var v: [Double]
    var derivatives: [(parameter: Int, matrix: [Double])]
    var second: [CovarianceSecondDerivative]
}

/// Σ_g and its derivatives for every group, and G_t for every term, at one φ.
struct CovarianceAtParameters {
    let groups: [(sigma: [Double], derivatives: [(parameter: Int, matrix: [Double])], second: [CovarianceSecondDerivative])]
    let randomMatrices: [[Double]]
    let visitCount: Int
    let residualParameterCount: Int
    let random: RandomEffectsCovariance

    init(parametrization: CovarianceParametrization, phi: [Double], secondOrder: Bool) {
        let residual = parametrization.residual
        let rPhi = Array(phi[0..<residual.parameterCount])
        let gPhi = Array(phi[residual.parameterCount...])
        groups = (0..<residual.groupCount).map { g in
            (residual.matrix(group: g, rPhi),
             residual.derivatives(group: g, rPhi),
             secondOrder && !residual.isLinear ? residual.secondDerivatives(group: g, rPhi) : [])
        }
        let random = parametrization.random
        self.random = random
        randomMatrices = random.terms.indices.map { random.matrix(term: $0, gPhi) }
        visitCount = residual.visitCount
        residualParameterCount = residual.parameterCount
    }

    /// V of a block, with ∂V/∂φ_h (only the non-zero ones, by increasing h) when `derivatives`.
    func values(_ layout: BlockCovarianceLayout, derivatives: Bool, secondOrder: Bool) -> BlockCovarianceValues {
        let n = layout.size, m = visitCount
        var v = [Double](repeating: 0, count: n * n)
        var first: [Int: [Double]] = [:]
        var second: [[Int]: [Double]] = [:]
        for member in layout.members {
            let group = groups[member.group], visits = member.visits, o = member.offset
            for (b, vb) in visits.enumerated() {
                for (a, va) in visits.enumerated() { v[(o + a) + (o + b) * n] = group.sigma[va + vb * m] }
            }
            if derivatives {
                for (h, matrix) in group.derivatives {
                    Self.addSubmatrix(matrix, visits: visits, offset: o, n: n, m: m, into: &first, key: h)
                }
            }
            if secondOrder {
                for d in group.second {
                    Self.addSubmatrix(d.matrix, visits: visits, offset: o, n: n, m: m, into: &second, key: [d.first, d.second])
                }
            }
        }
        for term in layout.terms {
            let k = term.size, g = randomMatrices[term.term], base = residualParameterCount + random.offsets[term.term]
            for r2 in 0..<n where term.levels[r2] >= 0 {
                for r1 in 0..<n where term.levels[r1] == term.levels[r2] {
                    var s = 0.0
                    for j in 0..<k { for i in 0..<k { s += term.z[r1 * k + i] * g[i + j * k] * term.z[r2 * k + j] } }
                    v[r1 + r2 * n] += s
                    guard derivatives else { continue }
                    for i in 0..<k {
                        for j in 0...i {
                            let value = i == j ? term.z[r1 * k + i] * term.z[r2 * k + i]
                                : term.z[r1 * k + i] * term.z[r2 * k + j] + term.z[r1 * k + j] * term.z[r2 * k + i]
                            if value == 0 { continue }
                            first[base + UnstructuredCovariance.index(i, j), default: [Double](repeating: 0, count: n * n)][r1 + r2 * n] += value
                        }
                    }
                }
            }
        }
        return BlockCovarianceValues(
            v: v, derivatives: first.keys.sorted().map { ($0, first[$0]!) },
            second: second.keys.sorted { $0.lexicographicallyPrecedes($1) }.map {
                CovarianceSecondDerivative(first: $0[0], second: $0[1], matrix: second[$0]!)
            })
    }

    /// Adds matrix[visits, visits] at (offset, offset) of an n × n accumulator, unless it is zero.
    private static func addSubmatrix<Key: Hashable>(_ matrix: [Double], visits: [Int], offset o: Int, n: Int, m: Int,
                                                    into store: inout [Key: [Double]], key: Key) {
        var any = false
        for vb in visits { for va in visits where matrix[va + vb * m] != 0 { any = true; break } }
        guard any else { return }
        var target = store[key] ?? [Double](repeating: 0, count: n * n)
        for (b, vb) in visits.enumerated() {
            for (a, va) in visits.enumerated() { target[(o + a) + (o + b) * n] += matrix[va + vb * m] }
        }
        store[key] = target
    }
}

/// The full covariance parametrisation: R-side φ_R first, then the G-side φ_G.
struct CovarianceParametrization: Sendable {
    let residual: any ResidualCovarianceModel
    let random: RandomEffectsCovariance

    var parameterCount: Int { residual.parameterCount + random.parameterCount }
    var isLinear: Bool { residual.isLinear }

    /// θ indices where a variance component may sit on its boundary (Cholesky diagonal 0).
    var boundaryIndices: [Int] { random.boundaryIndices.map { $0 + residual.parameterCount } }

    func natural(_ theta: [Double]) -> (phi: [Double], jacobian: [Double]) {
        let dr = residual.parameterCount, d = parameterCount
        let r = residual.natural(Array(theta[0..<dr]))
        let g = random.natural(Array(theta[dr...]))
        var jacobian = [Double](repeating: 0, count: d * d)
        for a in 0..<dr { for h in 0..<dr { jacobian[h + a * d] = r.jacobian[h + a * dr] } }
        let dg = random.parameterCount
        for a in 0..<dg { for h in 0..<dg { jacobian[(dr + h) + (dr + a) * d] = g.jacobian[h + a * dg] } }
        return (r.phi + g.phi, jacobian)
    }

    func unconstrained(_ phi: [Double]) -> [Double]? {
        let dr = residual.parameterCount
        guard let r = residual.unconstrained(Array(phi[0..<dr])),
              let g = random.unconstrained(Array(phi[dr...])) else { return nil }
        return r + g
    }
}
