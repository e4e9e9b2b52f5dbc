import Foundation

/// The G-side covariance of the formula's random-effects terms: each term `(x | g)` has an
/// unstructured k × k covariance G_t, reported as SAS's RANDOM / TYPE=UN parameters (the lower
/// triangle row by row, UN(1,1), UN(2,1), UN(2,2), …; for k = 1 the column's name), linear in
/// φ. Optimisation uses the Cholesky factor G_t = L_tL_tᵀ with unconstrained entries (a zero
/// diagonal is a boundary fit, as lme4's θ).
struct RandomEffectsCovariance: Sendable {
    struct Term: Sendable {
        let grouping: String
        let columnNames: [String]
        var size: Int { columnNames.count }
        var parameterCount: Int { size * (size + 1) / 2 }
    }

    let terms: [Term]
    let offsets: [Int]
    let parameterCount: Int

    init(terms: [Term]) {
        self.terms = terms
        var offsets: [Int] = []
        var total = 0
        for term in terms {
            offsets.append(total)
            total += term.parameterCount
        }
        self.offsets = offsets
        self.parameterCount = total
    }

    var parameterNames: [String] {
        terms.flatMap { term in
            term.size == 1 ? [term.columnNames[0]]
                : (0..<term.size).flatMap { i in (0...i).map { j in "UN(\(i + 1),\(j + 1))" } }
        }
    }

    /// The grouping factor of each parameter (SAS's "Subject" column).
    var parameterSubjects: [String] { terms.flatMap { [String](repeating: $0.grouping, count: $0.parameterCount) } }

    /// Indices (into this block's θ) of the Cholesky diagonal entries: a variance at zero.
    var boundaryIndices: [Int] {
        terms.indices.flatMap { t in (0..<terms[t].size).map { offsets[t] + UnstructuredCovariance.index($0, $0) } }
    }

    func matrix(term t: Int, _ phi: [Double]) -> [Double] {
        let k = terms[t].size
        var g = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            for j in 0...i {
                g[i + j * k] = phi[offsets[t] + UnstructuredCovariance.index(i, j)]
                g[j + i * k] = g[i + j * k]
            }
        }
        return g
    }

    /// φ = vech(LLᵀ) per term and J = ∂φ/∂θ (block diagonal; ∂G_ij/∂L_ab = δ_ia L_jb + δ_ja L_ib).
    func natural(_ theta: [Double]) -> (phi: [Double], jacobian: [Double]) {
        let d = parameterCount
        var phi = [Double](repeating: 0, count: d)
        var jacobian = [Double](repeating: 0, count: d * d)
        for (t, term) in terms.enumerated() {
            let k = term.size, o = offsets[t]
            var l = [Double](repeating: 0, count: k * k)
            for i in 0..<k { for j in 0...i { l[i + j * k] = theta[o + UnstructuredCovariance.index(i, j)] } }
            for i in 0..<k {
                for j in 0...i {
                    let h = o + UnstructuredCovariance.index(i, j)
                    phi[h] = (0...j).reduce(0) { $0 + l[i + $1 * k] * l[j + $1 * k] }
                    for a in 0..<k {
                        for b in 0...a {
                            var value = 0.0
                            if i == a, b <= j { value += l[j + b * k] }
                            if j == a, b <= i { value += l[i + b * k] }
                            jacobian[h + (o + UnstructuredCovariance.index(a, b)) * d] = value
                        }
                    }
                }
            }
        }
        return (phi, jacobian)
    }

    /// θ(φ): the Cholesky factor of each G_t (a zero variance allowed for 1 × 1 terms).
    func unconstrained(_ phi: [Double]) -> [Double]? {
        var theta = [Double](repeating: 0, count: parameterCount)
        for (t, term) in terms.enumerated() {
            let k = term.size, g = matrix(term: t, phi)
            if k == 1 {
                guard g[0] >= 0 else { return nil }
                theta[offsets[t]] = g[0].squareRoot()
                continue
            }
            guard let l = CovarianceStart.cholesky(g, k) else { return nil }
            for i in 0..<k { for j in 0...i { theta[offsets[t] + UnstructuredCovariance.index(i, j)] = l[i + j * k] } }
        }
        return theta
    }

    /// G_t = diag(share · v / mean(z_j²)) per term: a modest part of the average residual variance
    /// `v` for each column, scaled by the column's size.
    func start(averageVariance v: Double, columnMeanSquares: [[Double]], share: Double = 0.1) -> [Double] {
        var phi = [Double](repeating: 0, count: parameterCount)
        for (t, term) in terms.enumerated() {
            for i in 0..<term.size {
                let scale = columnMeanSquares[t][i] > 0 ? columnMeanSquares[t][i] : 1
                phi[offsets[t] + UnstructuredCovariance.index(i, i)] = share * v / scale
            }
        }
        return phi
    }
}
