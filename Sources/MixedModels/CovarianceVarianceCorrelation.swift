import Foundation

/// Σ_g = D_g R(ρ) D_g with D_g = diag(√v_g1, …, √v_gm) (heterogeneous: one variance per visit)
/// or √v_g I (homogeneous), and one correlation model R(ρ) common to the groups.
///
/// Covers SAS AR(1) (homogeneous, φ = (ρ "AR(1)", σ² "Residual")), ARH(1), CSH and TOEPH
/// (heterogeneous, φ = (Var(1)…Var(m), correlations)), and, with several groups, nlme's
/// `varIdent(~ 1 | visit * group)` with one `corStruct`. θ = (log v, θ_R).
///
/// Derivatives, with s_i = √v_i and R_k = ∂R/∂ρ_k:
///
///     ∂Σ_ij/∂v_a = R_ij (δ_ia s_j/s_i + δ_ja s_i/s_j)/2 (heterogeneous),  R (homogeneous),
///     ∂Σ/∂ρ_k = D R_k D,   ∂²Σ/∂ρ_k∂ρ_l = D (∂²R/∂ρ_k∂ρ_l) D,
///     ∂²Σ_aj/∂v_a² = −R_aj s_j/(4 s_a³),  ∂²Σ_ab/∂v_a∂v_b = R_ab/(4 s_a s_b)  (a ≠ b, j ≠ a),
///     ∂²Σ/∂v_a∂ρ_k = ∂(D R_k D)/∂v_a (heterogeneous),  R_k (homogeneous).
struct VarianceCorrelationCovariance: ResidualCovarianceModel {
    let visitCount: Int
    let groupCount: Int
    let heterogeneous: Bool
    let correlation: any CorrelationModel

    private var variancesPerGroup: Int { heterogeneous ? visitCount : 1 }
    private var varianceCount: Int { variancesPerGroup * groupCount }
    var parameterCount: Int { varianceCount + correlation.parameterCount }
    var isLinear: Bool { false }

    /// Heterogeneous: variances first (SAS Var(1)…, then the correlation); homogeneous:
    /// correlation first, then "Residual" (SAS AR(1)).
    private func varianceIndex(group: Int, visit: Int) -> Int {
        let base = heterogeneous ? 0 : correlation.parameterCount
        return base + group * variancesPerGroup + (heterogeneous ? visit : 0)
    }

    private func correlationIndex(_ k: Int) -> Int { (heterogeneous ? varianceCount : 0) + k }

    var parameterNames: [String] {
        let variances = (0..<groupCount).flatMap { _ in
            heterogeneous ? (1...visitCount).map { "Var(\($0))" } : ["Residual"]
        }
        return heterogeneous ? variances + correlation.parameterNames : correlation.parameterNames + variances
    }

    var parameterGroups: [Int?] {
        var groups = [Int?](repeating: nil, count: parameterCount)
        for g in 0..<groupCount {
            for visit in 0..<variancesPerGroup where groupCount > 1 { groups[varianceIndex(group: g, visit: visit)] = g }
        }
        return groups
    }

    private func variances(_ group: Int, _ phi: [Double]) -> [Double] {
        (0..<visitCount).map { phi[varianceIndex(group: group, visit: heterogeneous ? $0 : 0)] }
    }

    private func rho(_ phi: [Double]) -> [Double] { (0..<correlation.parameterCount).map { phi[correlationIndex($0)] } }

    func matrix(group: Int, _ phi: [Double]) -> [Double] {
        CovarianceStart.scale(correlation.matrix(rho(phi)), variances: variances(group, phi))
    }

    func derivatives(group: Int, _ phi: [Double]) -> [(parameter: Int, matrix: [Double])] {
        let m = visitCount, v = variances(group, phi), s = v.map { $0.squareRoot() }
        let r = correlation.matrix(rho(phi))
        var result: [(parameter: Int, matrix: [Double])] = []
        if heterogeneous {
            for a in 0..<m {
                var e = [Double](repeating: 0, count: m * m)
                e[a + a * m] = 1
                for j in 0..<m where j != a {
                    e[a + j * m] = r[a + j * m] * s[j] / (2 * s[a])
                    e[j + a * m] = e[a + j * m]
                }
                result.append((varianceIndex(group: group, visit: a), e))
            }
        } else {
            result.append((varianceIndex(group: group, visit: 0), r))
        }
        for (k, dr) in correlation.derivatives(rho(phi)).enumerated() {
            result.append((correlationIndex(k), CovarianceStart.scale(dr, variances: v)))
        }
        return result.sorted { $0.parameter < $1.parameter }
    }

    func secondDerivatives(group: Int, _ phi: [Double]) -> [CovarianceSecondDerivative] {
        let m = visitCount, v = variances(group, phi), s = v.map { $0.squareRoot() }
        let rhoValues = rho(phi), r = correlation.matrix(rhoValues)
        var result: [CovarianceSecondDerivative] = []
        func add(_ h: Int, _ k: Int, _ matrix: [Double]) {
            result.append(CovarianceSecondDerivative(first: min(h, k), second: max(h, k), matrix: matrix))
        }
        let dr = correlation.derivatives(rhoValues)
        if heterogeneous {
            for a in 0..<m {
                for b in a..<m {
                    var e = [Double](repeating: 0, count: m * m)
                    if a == b {
                        for j in 0..<m where j != a { e[a + j * m] = -r[a + j * m] * s[j] / (4 * s[a] * s[a] * s[a]) }
                    } else {
                        e[a + b * m] = r[a + b * m] / (4 * s[a] * s[b])
                    }
                    for j in 0..<m { e[j + a * m] = e[a + j * m] }
                    if a != b { e[b + a * m] = e[a + b * m] }
                    add(varianceIndex(group: group, visit: a), varianceIndex(group: group, visit: b), e)
                }
                for (k, drk) in dr.enumerated() {
                    var e = [Double](repeating: 0, count: m * m)
                    for j in 0..<m where j != a {
                        e[a + j * m] = drk[a + j * m] * s[j] / (2 * s[a])
                        e[j + a * m] = e[a + j * m]
                    }
                    add(varianceIndex(group: group, visit: a), correlationIndex(k), e)
                }
            }
        } else {
            for (k, drk) in dr.enumerated() { add(varianceIndex(group: group, visit: 0), correlationIndex(k), drk) }
        }
        for (k, l, d2) in correlation.secondDerivatives(rhoValues) {
            add(correlationIndex(k), correlationIndex(l), CovarianceStart.scale(d2, variances: v))
        }
        return result
    }

    func natural(_ theta: [Double]) -> (phi: [Double], jacobian: [Double]) {
        let d = parameterCount, c = correlation.parameterCount
        var phi = theta
        var jacobian = [Double](repeating: 0, count: d * d)
        for g in 0..<groupCount {
            for visit in 0..<variancesPerGroup {
                let h = varianceIndex(group: g, visit: visit)
                phi[h] = exp(theta[h])
                jacobian[h + h * d] = phi[h]
            }
        }
        let part = correlation.natural((0..<c).map { theta[correlationIndex($0)] })
        for k in 0..<c {
            phi[correlationIndex(k)] = part.rho[k]
            for l in 0..<c { jacobian[correlationIndex(k) + correlationIndex(l) * d] = part.jacobian[k + l * c] }
        }
        return (phi, jacobian)
    }

    func unconstrained(_ phi: [Double]) -> [Double]? {
        var theta = phi
        for g in 0..<groupCount {
            for visit in 0..<variancesPerGroup {
                let h = varianceIndex(group: g, visit: visit)
                guard phi[h] > 0 else { return nil }
                theta[h] = log(phi[h])
            }
        }
        guard let part = correlation.unconstrained(rho(phi)) else { return nil }
        for (k, value) in part.enumerated() { theta[correlationIndex(k)] = value }
        return theta
    }

    func identityParameters() -> [Double]? { nil }

    /// Variances from each group's diagonal; the correlation from the groups' average correlation.
    func start(_ empirical: [[Double]]) -> [Double] {
        let m = visitCount
        var phi = [Double](repeating: 0, count: parameterCount)
        var average = [Double](repeating: 0, count: m * m)
        for g in 0..<groupCount {
            let v = CovarianceStart.variances(empirical[g], m)
            for visit in 0..<variancesPerGroup {
                phi[varianceIndex(group: g, visit: visit)] = heterogeneous ? v[visit] : v.reduce(0, +) / Double(m)
            }
            let r = CovarianceStart.correlation(empirical[g], m)
            for e in average.indices { average[e] += r[e] / Double(groupCount) }
        }
        for (k, value) in correlation.start(average).enumerated() { phi[correlationIndex(k)] = value }
        return phi
    }
}
