import Foundation

/// Helpers for starting values from an empirical covariance (pairwise-complete covariance of
/// OLS residuals per visit, which need not be positive definite).
enum CovarianceStart {
    /// Variances with non-positive or non-finite entries replaced by the mean of the positive ones
    /// (1 if none).
    static func variances(_ s: [Double], _ m: Int) -> [Double] {
        let diagonal = (0..<m).map { s[$0 + $0 * m] }
        let positive = diagonal.filter { $0 > 0 && $0.isFinite }
        let fallback = positive.isEmpty ? 1 : positive.reduce(0, +) / Double(positive.count)
        return diagonal.map { $0 > 0 && $0.isFinite ? $0 : fallback }
    }

    /// The empirical correlation matrix (off-diagonals clipped to [−0.99, 0.99]).
    static func correlation(_ s: [Double], _ m: Int) -> [Double] {
        let v = variances(s, m)
        var r = [Double](repeating: 0, count: m * m)
        for j in 0..<m {
            for i in 0..<m {
                if i == j { r[i + j * m] = 1; continue }
                let value = s[i + j * m] / (v[i] * v[j]).squareRoot()
                r[i + j * m] = value.isFinite ? min(max(value, -0.99), 0.99) : 0
            }
        }
        return r
    }

    /// The correlation matrix shrunk towards the identity, (1 − λ)R + λI, with the smallest λ in
    /// 0, 0.1, …, 1 that leaves it comfortably positive definite (Cholesky pivots ≥ 0.01).
    static func positiveDefiniteCorrelation(_ r: [Double], _ m: Int) -> [Double] {
        for step in 0...10 {
            let lambda = Double(step) / 10
            var shrunk = r
            for j in 0..<m { for i in 0..<m where i != j { shrunk[i + j * m] *= 1 - lambda } }
            if minimumPivot(shrunk, m) >= 0.01 { return shrunk }
        }
        return identity(m)
    }

    /// The average correlation at each lag 1…m−1 of a correlation matrix.
    static func lagAverages(_ r: [Double], _ m: Int) -> [Double] {
        (1..<max(m, 1)).map { lag in
            let values = (0..<(m - lag)).map { r[($0 + lag) + $0 * m] }
            return values.reduce(0, +) / Double(values.count)
        }
    }

    static func identity(_ m: Int) -> [Double] {
        var r = [Double](repeating: 0, count: m * m)
        for i in 0..<m { r[i + i * m] = 1 }
        return r
    }

    /// The smallest squared pivot of the Cholesky factorisation (−∞ if it breaks down).
    static func minimumPivot(_ a: [Double], _ m: Int) -> Double {
        var l = a
        var smallest = Double.infinity
        for j in 0..<m {
            var d = l[j + j * m]
            for k in 0..<j { d -= l[j + k * m] * l[j + k * m] }
            guard d > 0, d.isFinite else { return -.infinity }
            smallest = min(smallest, d)
            let root = d.squareRoot()
            l[j + j * m] = root
            for i in (j + 1)..<max(m, j + 1) {
                var s = l[i + j * m]
                for k in 0..<j { s -= l[i + k * m] * l[j + k * m] }
                l[i + j * m] = s / root
            }
        }
        return smallest
    }

    /// The lower Cholesky factor (column-major), or `nil` when not positive definite.
    static func cholesky(_ a: [Double], _ m: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: m * m)
        for j in 0..<m {
            var d = a[j + j * m]
            for k in 0..<j { d -= l[j + k * m] * l[j + k * m] }
            guard d > 0, d.isFinite else { return nil }
            let root = d.squareRoot()
            l[j + j * m] = root
            for i in (j + 1)..<max(m, j + 1) {
                var s = a[i + j * m]
                for k in 0..<j { s -= l[i + k * m] * l[j + k * m] }
                l[i + j * m] = s / root
            }
        }
        return l
    }

    /// D R D with D = diag(√v).
    static func scale(_ r: [Double], variances v: [Double]) -> [Double] {
        let m = v.count
        var s = r
        for j in 0..<m { for i in 0..<m { s[i + j * m] *= (v[i] * v[j]).squareRoot() } }
        return s
    }

    static func logistic(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
}
