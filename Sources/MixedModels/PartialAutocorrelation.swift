/// The Durbin–Levinson recursion between the autocorrelations ρ₁…ρ_n of a stationary sequence
/// (a Toeplitz correlation matrix) and its partial autocorrelations π₁…π_n (Durbin 1960):
///
///     φ_{1,1} = π₁ = ρ₁,
///     π_k = (ρ_k − Σ_{j<k} φ_{k−1,j} ρ_{k−j}) / (1 − Σ_{j<k} φ_{k−1,j} ρ_j),
///     φ_{k,k} = π_k,  φ_{k,j} = φ_{k−1,j} − π_k φ_{k−1,k−j}.
///
/// The Toeplitz matrix is positive definite iff every |π_k| < 1, so θ_k = atanh π_k is an
/// unconstrained parametrisation.
enum PartialAutocorrelation {
    /// ρ from π (with derivatives carried along).
    static func autocorrelations(_ pi: [Dual]) -> [Dual] {
        guard let first = pi.first else { return [] }
        let count = first.gradient.count
        let one = Dual(1, count: count)
        var rho = [first]
        var phi = [first]
        for k in 1..<pi.count {
            var lagged = Dual(0, count: count), variance = one
            for j in 0..<k {
                lagged = lagged + phi[j] * rho[k - 1 - j]
                variance = variance - phi[j] * rho[j]
            }
            rho.append(lagged + pi[k] * variance)
            var next = phi
            for j in 0..<k { next[j] = phi[j] - pi[k] * phi[k - 1 - j] }
            next.append(pi[k])
            phi = next
        }
        return rho
    }

    /// π from ρ, or `nil` when ρ is not the autocorrelation of a positive-definite Toeplitz matrix.
    static func partials(_ rho: [Double]) -> [Double]? {
        var pi: [Double] = []
        var phi: [Double] = []
        for k in 0..<rho.count {
            var lagged = 0.0, variance = 1.0
            for j in 0..<k {
                lagged += phi[j] * rho[k - 1 - j]
                variance -= phi[j] * rho[j]
            }
            guard variance > 0 else { return nil }
            let value = (rho[k] - lagged) / variance
            guard abs(value) < 1, value.isFinite else { return nil }
            pi.append(value)
            var next = phi
            for j in 0..<k { next[j] = phi[j] - value * phi[k - 1 - j] }
            next.append(value)
            phi = next
        }
        return pi
    }

    /// Empirical lag correlations shrunk towards 0 until every |π_k| ≤ 0.9.
    static func validStart(_ rho: [Double]) -> [Double] {
        for step in 0...10 {
            let shrunk = rho.map { $0 * (1 - Double(step) / 10) }
            if let pi = partials(shrunk), pi.allSatisfy({ abs($0) <= 0.9 }) { return shrunk }
        }
        return rho.map { _ in 0 }
    }
}
