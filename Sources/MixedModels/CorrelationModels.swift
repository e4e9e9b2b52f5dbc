import Foundation

/// A correlation matrix R(ρ) over m visits, its derivatives and an unconstrained θ ↦ ρ map.
protocol CorrelationModel: Sendable {
    var size: Int { get }
    var parameterCount: Int { get }
    var parameterNames: [String] { get }
    func matrix(_ rho: [Double]) -> [Double]
    func derivatives(_ rho: [Double]) -> [[Double]]
    /// Non-zero ∂²R/∂ρ_k∂ρ_l, k ≤ l.
    func secondDerivatives(_ rho: [Double]) -> [(Int, Int, [Double])]
    func natural(_ theta: [Double]) -> (rho: [Double], jacobian: [Double])
    func unconstrained(_ rho: [Double]) -> [Double]?
    /// Starting ρ from an empirical correlation matrix.
    func start(_ correlation: [Double]) -> [Double]
}

/// R_ij = ρ^|i−j|, ρ = tanh θ (SAS AR(1) / ARH(1)).
struct AutoregressiveCorrelation: CorrelationModel {
    let size: Int
    let name: String
    var parameterCount: Int { 1 }
    var parameterNames: [String] { [name] }

    private func lag(_ e: Int) -> Int { abs(e % size - e / size) }

    func matrix(_ rho: [Double]) -> [Double] { (0..<(size * size)).map { pow(rho[0], Double(lag($0))) } }

    func derivatives(_ rho: [Double]) -> [[Double]] {
        [(0..<(size * size)).map { e in
            let l = lag(e)
            return l == 0 ? 0 : Double(l) * pow(rho[0], Double(l - 1))
        }]
    }

    func secondDerivatives(_ rho: [Double]) -> [(Int, Int, [Double])] {
        guard size > 2 else { return [] }
        return [(0, 0, (0..<(size * size)).map { e in
            let l = lag(e)
            return l < 2 ? 0 : Double(l * (l - 1)) * pow(rho[0], Double(l - 2))
        })]
    }

    func natural(_ theta: [Double]) -> (rho: [Double], jacobian: [Double]) {
        let t = tanh(theta[0])
        return ([t], [1 - t * t])
    }

    func unconstrained(_ rho: [Double]) -> [Double]? { abs(rho[0]) < 1 ? [atanh(rho[0])] : nil }

    func start(_ correlation: [Double]) -> [Double] {
        [min(max(CovarianceStart.lagAverages(correlation, size).first ?? 0, -0.9), 0.9)]
    }
}

/// R_ij = ρ (i ≠ j), ρ = ℓ + (1 − ℓ) logistic(θ), ℓ = −1/(m − 1) (SAS CSH).
struct CompoundSymmetryCorrelation: CorrelationModel {
    let size: Int
    let name: String
    var parameterCount: Int { 1 }
    var parameterNames: [String] { [name] }
    private var lower: Double { -1 / Double(size - 1) }

    func matrix(_ rho: [Double]) -> [Double] { (0..<(size * size)).map { $0 % size == $0 / size ? 1 : rho[0] } }

    func derivatives(_ rho: [Double]) -> [[Double]] {
        [(0..<(size * size)).map { $0 % size == $0 / size ? 0 : 1 }]
    }

    func secondDerivatives(_ rho: [Double]) -> [(Int, Int, [Double])] { [] }

    func natural(_ theta: [Double]) -> (rho: [Double], jacobian: [Double]) {
        let s = CovarianceStart.logistic(theta[0])
        return ([lower + (1 - lower) * s], [(1 - lower) * s * (1 - s)])
    }

    func unconstrained(_ rho: [Double]) -> [Double]? {
        guard rho[0] > lower, rho[0] < 1 else { return nil }
        let s = (rho[0] - lower) / (1 - lower)
        return [log(s / (1 - s))]
    }

    func start(_ correlation: [Double]) -> [Double] {
        var sum = 0.0
        for j in 0..<size { for i in 0..<size where i != j { sum += correlation[i + j * size] } }
        return [min(max(sum / Double(size * (size - 1)), lower + 0.1 * (1 - lower)), 0.9)]
    }
}

/// R_ij = ρ_{|i−j|} (SAS TOEPH(1)…TOEPH(m−1)); θ_k = atanh of the partial autocorrelations.
struct ToeplitzCorrelation: CorrelationModel {
    let size: Int
    let name: String
    var parameterCount: Int { size - 1 }
    var parameterNames: [String] { (1..<size).map { "\(name)(\($0))" } }

    func matrix(_ rho: [Double]) -> [Double] {
        (0..<(size * size)).map { e in
            let lag = abs(e % size - e / size)
            return lag == 0 ? 1 : rho[lag - 1]
        }
    }

    func derivatives(_ rho: [Double]) -> [[Double]] {
        (1..<size).map { lag in (0..<(size * size)).map { abs($0 % size - $0 / size) == lag ? 1 : 0 } }
    }

    func secondDerivatives(_ rho: [Double]) -> [(Int, Int, [Double])] { [] }

    func natural(_ theta: [Double]) -> (rho: [Double], jacobian: [Double]) {
        let n = parameterCount
        let pi = (0..<n).map { Dual.tanh(Dual(variable: theta[$0], index: $0, count: n)) }
        let result = PartialAutocorrelation.autocorrelations(pi).valuesAndJacobian
        return (result.values, result.jacobian)
    }

    func unconstrained(_ rho: [Double]) -> [Double]? { PartialAutocorrelation.partials(rho)?.map(atanh) }

    func start(_ correlation: [Double]) -> [Double] {
        PartialAutocorrelation.validStart(CovarianceStart.lagAverages(correlation, size))
    }
}

/// Unstructured correlations ρ_ij, i > j, in SAS UNR order Corr(2,1), Corr(3,1), Corr(3,2), ….
/// θ = atanh of the canonical partial correlations z_ij (Lewandowski, Kurowicka & Joe 2009):
/// R = LLᵀ with L_i1 = z_i1, L_ij = z_ij √(1 − Σ_{k<j} L_ik²), L_ii = √(1 − Σ_{k<i} L_ik²).
struct UnstructuredCorrelation: CorrelationModel {
    let size: Int
    var parameterCount: Int { size * (size - 1) / 2 }
    var parameterNames: [String] {
        (1..<size).flatMap { i in (0..<i).map { j in "Corr(\(i + 1),\(j + 1))" } }
    }

    /// Position of (i, j), i > j.
    static func index(_ i: Int, _ j: Int) -> Int { i * (i - 1) / 2 + j }

    func matrix(_ rho: [Double]) -> [Double] {
        var r = CovarianceStart.identity(size)
        for i in 1..<max(size, 1) {
            for j in 0..<i {
                r[i + j * size] = rho[Self.index(i, j)]
                r[j + i * size] = rho[Self.index(i, j)]
            }
        }
        return r
    }

    func derivatives(_ rho: [Double]) -> [[Double]] {
        (1..<max(size, 1)).flatMap { i in
            (0..<i).map { j in
                var e = [Double](repeating: 0, count: size * size)
                e[i + j * size] = 1
                e[j + i * size] = 1
                return e
            }
        }
    }

    func secondDerivatives(_ rho: [Double]) -> [(Int, Int, [Double])] { [] }

    func natural(_ theta: [Double]) -> (rho: [Double], jacobian: [Double]) {
        let n = parameterCount, m = size
        let zero = Dual(0, count: n)
        var l = [[Dual]](repeating: [Dual](repeating: zero, count: m), count: m)
        l[0][0] = Dual(1, count: n)
        for i in 1..<max(m, 1) {
            var remaining = Dual(1, count: n)
            for j in 0..<i {
                let z = Dual.tanh(Dual(variable: theta[Self.index(i, j)], index: Self.index(i, j), count: n))
                l[i][j] = j == 0 ? z : z * remaining.squareRoot()
                remaining = remaining - l[i][j] * l[i][j]
            }
            l[i][i] = remaining.squareRoot()
        }
        var rho = [Dual](repeating: zero, count: n)
        for i in 1..<max(m, 1) {
            for j in 0..<i {
                var sum = zero
                for k in 0...j { sum = sum + l[i][k] * l[j][k] }
                rho[Self.index(i, j)] = sum
            }
        }
        let result = rho.valuesAndJacobian
        return (result.values, result.jacobian)
    }

    func unconstrained(_ rho: [Double]) -> [Double]? {
        guard let l = CovarianceStart.cholesky(matrix(rho), size) else { return nil }
        var theta = [Double](repeating: 0, count: parameterCount)
        for i in 1..<max(size, 1) {
            var remaining = 1.0
            for j in 0..<i {
                let z = l[i + j * size] / remaining.squareRoot()
                guard abs(z) < 1 else { return nil }
                theta[Self.index(i, j)] = atanh(z)
                remaining -= l[i + j * size] * l[i + j * size]
            }
        }
        return theta
    }

    func start(_ correlation: [Double]) -> [Double] {
        let r = CovarianceStart.positiveDefiniteCorrelation(correlation, size)
        return (1..<max(size, 1)).flatMap { i in (0..<i).map { j in r[i + j * size] } }
    }
}
