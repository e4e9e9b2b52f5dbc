import Foundation

/// SAS TYPE=UN: φ = the lower triangle of Σ row by row, UN(1,1), UN(2,1), UN(2,2), UN(3,1), ….
/// Σ is linear in φ (∂Σ/∂φ_(i,j) = e_ie_jᵀ + e_je_iᵀ, or e_ie_iᵀ), as SAS parametrises it, so
/// Kenward–Roger needs no second derivatives. Optimisation uses the log-Cholesky parametrisation
/// (Pinheiro & Bates 1996, Stat. Comput. 6): Σ = LLᵀ, θ = (log L_ii on the diagonal, L_ij below).
struct UnstructuredCovariance: ResidualCovarianceModel {
    let visitCount: Int
    var groupCount: Int { 1 }
    var parameterCount: Int { visitCount * (visitCount + 1) / 2 }
    var parameterNames: [String] {
        (0..<visitCount).flatMap { i in (0...i).map { j in "UN(\(i + 1),\(j + 1))" } }
    }
    var parameterGroups: [Int?] { [Int?](repeating: nil, count: parameterCount) }
    var isLinear: Bool { true }

    /// Position of (i, j), i ≥ j, in φ and θ.
    static func index(_ i: Int, _ j: Int) -> Int { i * (i + 1) / 2 + j }

    func matrix(group: Int, _ phi: [Double]) -> [Double] {
        let m = visitCount
        var s = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in 0...i {
                s[i + j * m] = phi[Self.index(i, j)]
                s[j + i * m] = phi[Self.index(i, j)]
            }
        }
        return s
    }

    func derivatives(group: Int, _ phi: [Double]) -> [(parameter: Int, matrix: [Double])] {
        let m = visitCount
        var result: [(parameter: Int, matrix: [Double])] = []
        for i in 0..<m {
            for j in 0...i {
                var e = [Double](repeating: 0, count: m * m)
                e[i + j * m] = 1
                e[j + i * m] = 1
                result.append((Self.index(i, j), e))
            }
        }
        return result
    }

    func secondDerivatives(group: Int, _ phi: [Double]) -> [CovarianceSecondDerivative] { [] }

    /// Σ_ij = Σ_k L_ik L_jk, so ∂Σ_ij/∂L_ab = δ_ia L_jb + δ_ja L_ib (and × L_aa for θ = log L_aa).
    func natural(_ theta: [Double]) -> (phi: [Double], jacobian: [Double]) {
        let m = visitCount, d = parameterCount
        var l = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in 0...i { l[i + j * m] = i == j ? exp(theta[Self.index(i, j)]) : theta[Self.index(i, j)] }
        }
        var phi = [Double](repeating: 0, count: d)
        var jacobian = [Double](repeating: 0, count: d * d)
        for i in 0..<m {
            for j in 0...i {
                let h = Self.index(i, j)
                phi[h] = (0...j).reduce(0) { $0 + l[i + $1 * m] * l[j + $1 * m] }
                for a in 0..<m {
                    for b in 0...a {
                        var value = 0.0
                        if i == a, b <= j { value += l[j + b * m] }
                        if j == a, b <= i { value += l[i + b * m] }
                        if value == 0 { continue }
                        if a == b { value *= l[a + a * m] }
                        jacobian[h + Self.index(a, b) * d] = value
                    }
                }
            }
        }
        return (phi, jacobian)
    }

    func unconstrained(_ phi: [Double]) -> [Double]? {
        let m = visitCount
        guard let l = CovarianceStart.cholesky(matrix(group: 0, phi), m) else { return nil }
        var theta = [Double](repeating: 0, count: parameterCount)
        for i in 0..<m { for j in 0...i { theta[Self.index(i, j)] = i == j ? log(l[i + j * m]) : l[i + j * m] } }
        return theta
    }

    func start(_ empirical: [[Double]]) -> [Double] {
        let m = visitCount, s = empirical[0]
        let r = CovarianceStart.positiveDefiniteCorrelation(CovarianceStart.correlation(s, m), m)
        let sigma = CovarianceStart.scale(r, variances: CovarianceStart.variances(s, m))
        return (0..<m).flatMap { i in (0...i).map { j in sigma[i + j * m] } }
    }

    func identityParameters() -> [Double]? { (0..<visitCount).flatMap { i in (0...i).map { j in i == j ? 1 : 0 } } }
}

/// SAS TYPE=CS: Σ = σ₁ J + σ² I, φ = (σ₁ "CS", σ² "Residual"), linear in φ. Positive definite
/// iff τ = σ₁ + σ² > 0 and ρ = σ₁/τ ∈ (−1/(m−1), 1); θ = (log τ, z) with
/// ρ = ℓ + (1 − ℓ) · logistic(z), ℓ = −1/(m − 1).
struct CompoundSymmetryCovariance: ResidualCovarianceModel {
    let visitCount: Int
    var groupCount: Int { 1 }
    var parameterCount: Int { 2 }
    var parameterNames: [String] { ["CS", "Residual"] }
    var parameterGroups: [Int?] { [nil, nil] }
    var isLinear: Bool { true }
    private var lowerCorrelation: Double { -1 / Double(visitCount - 1) }

    func matrix(group: Int, _ phi: [Double]) -> [Double] {
        let m = visitCount
        return (0..<(m * m)).map { $0 % m == $0 / m ? phi[0] + phi[1] : phi[0] }
    }

    func derivatives(group: Int, _ phi: [Double]) -> [(parameter: Int, matrix: [Double])] {
        let m = visitCount
        return [(0, [Double](repeating: 1, count: m * m)), (1, CovarianceStart.identity(m))]
    }

    func secondDerivatives(group: Int, _ phi: [Double]) -> [CovarianceSecondDerivative] { [] }

    func natural(_ theta: [Double]) -> (phi: [Double], jacobian: [Double]) {
        let tau = exp(theta[0]), s = CovarianceStart.logistic(theta[1]), lo = lowerCorrelation
        let rho = lo + (1 - lo) * s, dRho = (1 - lo) * s * (1 - s)
        return ([tau * rho, tau * (1 - rho)], [tau * rho, tau * (1 - rho), tau * dRho, -tau * dRho])
    }

    func unconstrained(_ phi: [Double]) -> [Double]? {
        let tau = phi[0] + phi[1]
        guard tau > 0 else { return nil }
        let rho = phi[0] / tau, lo = lowerCorrelation
        guard rho > lo, rho < 1 else { return nil }
        let s = (rho - lo) / (1 - lo)
        return [log(tau), log(s / (1 - s))]
    }

    func start(_ empirical: [[Double]]) -> [Double] {
        let m = visitCount, s = empirical[0]
        let v = CovarianceStart.variances(s, m).reduce(0, +) / Double(m)
        let r = CovarianceStart.correlation(s, m)
        var sum = 0.0
        for j in 0..<m { for i in 0..<m where i != j { sum += r[i + j * m] } }
        let lo = lowerCorrelation
        let rho = min(max(sum / Double(m * (m - 1)), lo + 0.1 * (1 - lo)), 0.9)
        return [v * rho, v * (1 - rho)]
    }

    func identityParameters() -> [Double]? { [0, 1] }
}

/// SAS TYPE=TOEP: Σ_ij = σ_{|i−j|}, φ = (σ₁ "TOEP(2)", …, σ_{m−1} "TOEP(m)", σ₀ "Residual"),
/// linear in φ. θ = (atanh π₁, …, atanh π_{m−1}, log σ₀) with π the partial autocorrelations,
/// which map one-to-one onto positive-definite Toeplitz correlations (Durbin–Levinson;
/// Barndorff-Nielsen & Schou 1973).
struct ToeplitzCovariance: ResidualCovarianceModel {
    let visitCount: Int
    var groupCount: Int { 1 }
    var parameterCount: Int { visitCount }
    var parameterNames: [String] { (2..<(visitCount + 1)).map { "TOEP(\($0))" } + ["Residual"] }
    var parameterGroups: [Int?] { [Int?](repeating: nil, count: parameterCount) }
    var isLinear: Bool { true }

    func matrix(group: Int, _ phi: [Double]) -> [Double] {
        let m = visitCount
        return (0..<(m * m)).map { e in
            let lag = abs(e % m - e / m)
            return lag == 0 ? phi[m - 1] : phi[lag - 1]
        }
    }

    func derivatives(group: Int, _ phi: [Double]) -> [(parameter: Int, matrix: [Double])] {
        let m = visitCount
        return (0..<m).map { h in
            let lag = h == m - 1 ? 0 : h + 1
            return (h, (0..<(m * m)).map { abs($0 % m - $0 / m) == lag ? 1.0 : 0.0 })
        }
    }

    func secondDerivatives(group: Int, _ phi: [Double]) -> [CovarianceSecondDerivative] { [] }

    func natural(_ theta: [Double]) -> (phi: [Double], jacobian: [Double]) {
        let m = visitCount
        let inputs = (0..<m).map { Dual(variable: theta[$0], index: $0, count: m) }
        let variance = Dual.exp(inputs[m - 1])
        let rho = PartialAutocorrelation.autocorrelations(inputs[0..<(m - 1)].map(Dual.tanh))
        let result = (rho.map { variance * $0 } + [variance]).valuesAndJacobian
        return (result.values, result.jacobian)
    }

    func unconstrained(_ phi: [Double]) -> [Double]? {
        let m = visitCount
        guard phi[m - 1] > 0 else { return nil }
        guard let pacf = PartialAutocorrelation.partials(phi[0..<(m - 1)].map { $0 / phi[m - 1] }) else { return nil }
        return pacf.map(atanh) + [log(phi[m - 1])]
    }

    func start(_ empirical: [[Double]]) -> [Double] {
        let m = visitCount, s = empirical[0]
        let v = CovarianceStart.variances(s, m).reduce(0, +) / Double(m)
        let rho = PartialAutocorrelation.validStart(CovarianceStart.lagAverages(CovarianceStart.correlation(s, m), m))
        return rho.map { v * $0 } + [v]
    }

    func identityParameters() -> [Double]? { [Double](repeating: 0, count: visitCount - 1) + [1] }
}
