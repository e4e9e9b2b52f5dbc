import Foundation

/// Small dense n × n kernels (column-major) for the per-block covariance algebra, where n is a
/// handful of visits (or one random-effects cluster) and a BLAS call costs more than the work.
enum SquareMatrixKernels {
    /// C = A B.
    static func product(_ a: [Double], _ b: [Double], _ n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            for k in 0..<n {
                let bkj = b[k + j * n]
                if bkj == 0 { continue }
                for i in 0..<n { c[i + j * n] += a[i + k * n] * bkj }
            }
        }
        return c
    }

    /// tr(A B) = Σ_ij A_ij B_ji.
    static func traceOfProduct(_ a: [Double], _ b: [Double], _ n: Int) -> Double {
        var s = 0.0
        for j in 0..<n { for i in 0..<n { s += a[i + j * n] * b[j + i * n] } }
        return s
    }

    /// ⟨A, B⟩ = Σ_ij A_ij B_ij (= tr(AB) for symmetric A or B).
    static func inner(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for e in a.indices { s += a[e] * b[e] }
        return s
    }

    /// The inverse of a symmetric positive-definite matrix and its log-determinant, or `nil` when
    /// the matrix is not (numerically) positive definite.
    static func inverseAndLogDeterminant(_ a: [Double], _ n: Int) -> (inverse: [Double], logDeterminant: Double)? {
        var l = a
        let info = l.withUnsafeMutableBufferPointer { SmallDense.cholesky($0.baseAddress!, n, ld: n) }
        guard info == 0 else { return nil }
        var logDeterminant = 0.0
        for i in 0..<n { logDeterminant += log(l[i + i * n]) }
        // L⁻¹ (lower), then A⁻¹ = L⁻ᵀL⁻¹.
        var li = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            li[j + j * n] = 1 / l[j + j * n]
            for i in (j + 1)..<max(n, j + 1) {
                var s = 0.0
                for k in j..<i { s -= l[i + k * n] * li[k + j * n] }
                li[i + j * n] = s / l[i + i * n]
            }
        }
        var inverse = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            for i in j..<n {
                var s = 0.0
                for k in i..<n { s += li[k + i * n] * li[k + j * n] }
                inverse[i + j * n] = s
                inverse[j + i * n] = s
            }
        }
        return (inverse, 2 * logDeterminant)
    }

    /// The smallest eigenvalue of a symmetric matrix (Jacobi sweeps; n is small).
    static func smallestEigenvalue(_ a: [Double], _ n: Int) -> Double {
        var m = a
        for _ in 0..<100 {
            var off = 0.0
            for j in 0..<n { for i in 0..<n where i != j { off += m[i + j * n] * m[i + j * n] } }
            if off < 1e-30 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(n, p + 1) {
                    let apq = m[p + q * n]
                    if abs(apq) < 1e-300 { continue }
                    let theta = (m[q + q * n] - m[p + p * n]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let mkp = m[k + p * n], mkq = m[k + q * n]
                        m[k + p * n] = c * mkp - s * mkq
                        m[k + q * n] = s * mkp + c * mkq
                    }
                    for k in 0..<n {
                        let mpk = m[p + k * n], mqk = m[q + k * n]
                        m[p + k * n] = c * mpk - s * mqk
                        m[q + k * n] = s * mpk + c * mqk
                    }
                }
            }
        }
        return (0..<n).map { m[$0 + $0 * n] }.min() ?? .nan
    }
}
