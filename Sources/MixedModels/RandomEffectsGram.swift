import LinearAlgebra

/// Where a random-effects term's columns sit in Z: `levels` blocks of `size` columns from `offset`.
struct TermColumns: Sendable {
    let offset: Int
    let size: Int
    let levels: Int
}

/// A structured q × q matrix D = I_{m_t} ⊗ e acting on the columns of one random-effects term t
/// (zero elsewhere), with e a symmetric k_t × k_t matrix (column-major). Every derivative of the
/// marginal covariance V = σ²(I + ZΛΛᵀZᵀ) with respect to a covariance parameter of term t is
/// Z D Zᵀ for such a D (Kenward & Roger 1997 §2; Kuznetsova et al. 2017 §3.1).
struct TermGenerator: Sendable {
    let term: Int
    let e: [Double]

    /// D · Y for a q × w matrix Y: each level's k rows of Y multiplied by e. O(m_t k² w).
    func times(_ y: Matrix, _ terms: [TermColumns]) -> Matrix {
        let t = terms[term], k = t.size, q = y.rows
        var result = Matrix(rows: q, columns: y.columns)
        for c in 0..<y.columns {
            for g in 0..<t.levels {
                let base = t.offset + g * k + c * q
                for i in 0..<k {
                    var s = 0.0
                    for j in 0..<k { s += e[i + j * k] * y.storage[base + j] }
                    result.storage[base + i] = s
                }
            }
        }
        return result
    }
}

/// S = Zᵀ V₀⁻¹ Z (q × q), stored block-diagonally when there is a single random-effects term
/// (one k × k block per level, so every operation costs O(levels)), densely otherwise.
struct RandomEffectsGram: Sendable {
    enum Storage: Sendable {
        /// One term: `levels` column-major k × k blocks.
        case blockDiagonal([Double])
        case dense(Matrix)
    }

    let terms: [TermColumns]
    let storage: Storage

    var order: Int { terms.last.map { $0.offset + $0.size * $0.levels } ?? 0 }

    /// Entry (i, j) of the k_a × k_b block S_{(t_a, g), (t_b, h)}.
    @inline(__always)
    private func entry(_ ta: Int, _ g: Int, _ i: Int, _ tb: Int, _ h: Int, _ j: Int) -> Double {
        switch storage {
        case .blockDiagonal(let blocks):
            let k = terms[0].size
            return g == h ? blocks[g * k * k + i + j * k] : 0
        case .dense(let s):
            return s[terms[ta].offset + g * terms[ta].size + i, terms[tb].offset + h * terms[tb].size + j]
        }
    }

    /// tr(S D).
    func trace(_ d: TermGenerator) -> Double {
        let t = terms[d.term], k = t.size
        var sum = 0.0
        for g in 0..<t.levels {
            for i in 0..<k {
                for j in 0..<k { sum += entry(d.term, g, i, d.term, g, j) * d.e[j + i * k] }
            }
        }
        return sum
    }

    /// tr(S D_a S D_b) = Σ_{h ∈ t_b} Σ_{g ∈ t_a} tr(S_hg e_a S_gh e_b). Block-diagonal storage:
    /// only g = h contributes (O(levels · k⁴)); dense: all level pairs (O(q_a q_b k²)).
    func traceOfProduct(_ a: TermGenerator, _ b: TermGenerator) -> Double {
        let ta = terms[a.term], tb = terms[b.term], ka = ta.size, kb = tb.size
        var x = [Double](repeating: 0, count: kb * ka)
        var y = [Double](repeating: 0, count: kb * ka)
        var sum = 0.0
        let diagonalOnly: Bool
        if case .blockDiagonal = storage { diagonalOnly = true } else { diagonalOnly = false }
        for h in 0..<tb.levels {
            for g in diagonalOnly ? h..<(h + 1) : 0..<ta.levels {
                // x = S_hg (k_b × k_a), y = x e_a; add Σ_ij (y xᵀ)_ij e_b[j, i].
                for c in 0..<ka { for r in 0..<kb { x[r + c * kb] = entry(b.term, h, r, a.term, g, c) } }
                for c in 0..<ka {
                    for r in 0..<kb {
                        var s = 0.0
                        for d in 0..<ka { s += x[r + d * kb] * a.e[d + c * ka] }
                        y[r + c * kb] = s
                    }
                }
                for i in 0..<kb {
                    for j in 0..<kb {
                        var s = 0.0
                        for d in 0..<ka { s += y[i + d * kb] * x[j + d * kb] }
                        sum += s * b.e[j + i * kb]
                    }
                }
            }
        }
        return sum
    }

    /// S · Y for a q × w matrix Y.
    func times(_ y: Matrix) throws -> Matrix {
        switch storage {
        case .dense(let s):
            return try Matrix.product(s, .none, y, .none)
        case .blockDiagonal(let blocks):
            let k = terms[0].size, q = y.rows
            var result = Matrix(rows: q, columns: y.columns)
            for c in 0..<y.columns {
                for g in 0..<terms[0].levels {
                    let base = g * k + c * q
                    for i in 0..<k {
                        var s = 0.0
                        for j in 0..<k { s += blocks[g * k * k + i + j * k] * y.storage[base + j] }
                        result.storage[base + i] = s
                    }
                }
            }
            return result
        }
    }
}
