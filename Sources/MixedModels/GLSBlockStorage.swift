import LinearAlgebra

/// The data of the n × n covariance blocks that share one marginal covariance V (a visit
/// pattern within a group, or one random-effects cluster): each block i has z_i = [X_i e_i]
/// (n × w, w = p + 1). Stored either as the Gram sums G[j,k] = Σ_i z_ij z_ikᵀ (n² blocks of
/// w × w; one pass over the data, then every evaluation is independent of the number of
/// blocks) or as the raw blocks (when few blocks share the pattern).
///
/// The two operations the likelihood needs (mmrm's per-subject sums, collapsed per pattern):
///
///     contract(B) = Σ_i z_iᵀ B z_i = Σ_jk B_jk G[j,k]      (w × w)
///     dual(Ψ)     = Σ_i z_i Ψ z_iᵀ,  dual(Ψ)_jk = ⟨Ψ, G[j,k]⟩   (n × n)
enum GLSBlockStorage: Sendable {
    case gram([Double])
    case raw([Double])

    /// Gram sums when n²w² ≤ count · (n²w + nw²), the cost of one raw contraction. The Gram is one
    /// BLAS `dsyrk` of the blocks stacked as rows (count × nw), reordered into w × w blocks.
    static func build(blocks: [[Int]], size n: Int, data: UnsafeBufferPointer<Double>, rows: Int,
                      width w: Int) -> GLSBlockStorage {
        let count = blocks.count
        if n * n * w * w <= count * (n * n * w + n * w * w) {
            let q = n * w
            var stacked = Matrix(rows: count, columns: q)
            for (i, block) in blocks.enumerated() {
                for u in 0..<w { for j in 0..<n { stacked.storage[i + (j + n * u) * count] = data[block[j] + u * rows] } }
            }
            var product = Matrix(rows: q, columns: q)
            try? Matrix.rankKUpdate(stacked, .transposed, into: &product)
            var g = [Double](repeating: 0, count: n * n * w * w)
            for v in 0..<w {
                for k in 0..<n {
                    for u in 0..<w {
                        for j in 0..<n { g[(j + k * n) * w * w + u + v * w] = product.storage[(j + n * u) + (k + n * v) * q] }
                    }
                }
            }
            return .gram(g)
        }
        var raw = [Double](repeating: 0, count: count * n * w)
        for (i, block) in blocks.enumerated() {
            for u in 0..<w { for j in 0..<n { raw[i * n * w + j + u * n] = data[block[j] + u * rows] } }
        }
        return .raw(raw)
    }

    /// out += Σ_i z_iᵀ B z_i (w × w, both triangles).
    func contract(_ b: [Double], size n: Int, width w: Int, into out: inout [Double]) {
        switch self {
        case .gram(let g):
            g.withUnsafeBufferPointer { gp in
                out.withUnsafeMutableBufferPointer { op in
                    for k in 0..<n {
                        for j in 0..<n {
                            let scale = b[j + k * n]
                            if scale == 0 { continue }
                            let base = (j + k * n) * w * w
                            for e in 0..<(w * w) { op[e] += scale * gp[base + e] }
                        }
                    }
                }
            }
        case .raw(let raw):
            let count = raw.count / (n * w)
            var t = [Double](repeating: 0, count: n * w)
            for i in 0..<count {
                let base = i * n * w
                for u in 0..<w {
                    for j in 0..<n {
                        var s = 0.0
                        for k in 0..<n { s += b[j + k * n] * raw[base + k + u * n] }
                        t[j + u * n] = s
                    }
                }
                for v in 0..<w {
                    for u in 0..<w {
                        var s = 0.0
                        for j in 0..<n { s += raw[base + j + u * n] * t[j + v * n] }
                        out[u + v * w] += s
                    }
                }
            }
        }
    }

    /// Σ_i z_i Ψ z_iᵀ (n × n) for a symmetric w × w Ψ.
    func dual(_ psi: [Double], size n: Int, width w: Int) -> [Double] {
        var result = [Double](repeating: 0, count: n * n)
        switch self {
        case .gram(let g):
            for k in 0..<n {
                for j in 0...k {
                    let base = (j + k * n) * w * w
                    var s = 0.0
                    for e in 0..<(w * w) { s += psi[e] * g[base + e] }
                    result[j + k * n] = s
                    result[k + j * n] = s
                }
            }
        case .raw(let raw):
            let count = raw.count / (n * w)
            var t = [Double](repeating: 0, count: n * w)
            for i in 0..<count {
                let base = i * n * w
                for v in 0..<w {
                    for j in 0..<n {
                        var s = 0.0
                        for u in 0..<w { s += raw[base + j + u * n] * psi[u + v * w] }
                        t[j + v * n] = s
                    }
                }
                for k in 0..<n {
                    for j in 0...k {
                        var s = 0.0
                        for v in 0..<w { s += t[j + v * n] * raw[base + k + v * n] }
                        result[j + k * n] += s
                        if j != k { result[k + j * n] += s }
                    }
                }
            }
        }
        return result
    }

    /// The same data premultiplied by W within each block (z̃_i = W z_i), so that
    /// contract(B) on the result is Σ_i z_iᵀ W B W z_i. Gram: G̃[a,b] = Σ_jk W_aj G[j,k] W_kb.
    func transformed(by wMatrix: [Double], size n: Int, width w: Int) -> GLSBlockStorage {
        let ww = w * w
        switch self {
        case .gram(let g):
            var half = [Double](repeating: 0, count: g.count)
            var full = half
            g.withUnsafeBufferPointer { gp in
                half.withUnsafeMutableBufferPointer { hp in
                    for k in 0..<n {
                        for j in 0..<n {
                            let source = (j + k * n) * ww
                            for a in 0..<n {
                                let scale = wMatrix[a + j * n]
                                if scale == 0 { continue }
                                let target = (a + k * n) * ww
                                for e in 0..<ww { hp[target + e] += scale * gp[source + e] }
                            }
                        }
                    }
                }
                half.withUnsafeBufferPointer { hp in
                    full.withUnsafeMutableBufferPointer { fp in
                        for k in 0..<n {
                            for a in 0..<n {
                                let source = (a + k * n) * ww
                                for b in 0..<n {
                                    let scale = wMatrix[k + b * n]
                                    if scale == 0 { continue }
                                    let target = (a + b * n) * ww
                                    for e in 0..<ww { fp[target + e] += scale * hp[source + e] }
                                }
                            }
                        }
                    }
                }
            }
            return .gram(full)
        case .raw(let raw):
            var result = [Double](repeating: 0, count: raw.count)
            let count = raw.count / (n * w)
            for i in 0..<count {
                let base = i * n * w
                for u in 0..<w {
                    for a in 0..<n {
                        var s = 0.0
                        for j in 0..<n { s += wMatrix[a + j * n] * raw[base + j + u * n] }
                        result[base + a + u * n] = s
                    }
                }
            }
            return .raw(result)
        }
    }
}
