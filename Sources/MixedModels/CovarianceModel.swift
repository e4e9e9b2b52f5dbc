import Foundation

/// A second derivative ∂²Σ/∂φ_first∂φ_second (first ≤ second) that is not identically zero.
struct CovarianceSecondDerivative: Sendable {
    let first: Int
    let second: Int
    /// m × m, column-major.
    let matrix: [Double]
}

/// The residual covariance Σ_g(φ) of every level g of the group variable over m visits, in the
/// reported (SAS) parametrisation φ, with its derivatives, and the map from an unconstrained
/// parametrisation θ (used by the optimiser) onto φ.
///
/// Matrices are m × m, column-major, over all visits in time-level order; a subject observed at
/// some visits uses the rows and columns of those visits.
protocol ResidualCovarianceModel: Sendable {
    var visitCount: Int { get }
    var groupCount: Int { get }
    var parameterCount: Int { get }
    /// SAS's names, e.g. "UN(2,1)", "AR(1)", "Residual".
    var parameterNames: [String] { get }
    /// The group each parameter belongs to (`nil` for parameters common to all groups).
    var parameterGroups: [Int?] { get }
    /// True when Σ is linear in φ (all second derivatives vanish).
    var isLinear: Bool { get }

    func matrix(group: Int, _ phi: [Double]) -> [Double]
    /// ∂Σ_g/∂φ_h for every parameter h that Σ_g depends on.
    func derivatives(group: Int, _ phi: [Double]) -> [(parameter: Int, matrix: [Double])]
    /// The non-zero second derivatives of Σ_g.
    func secondDerivatives(group: Int, _ phi: [Double]) -> [CovarianceSecondDerivative]
    /// φ(θ) and the Jacobian J_ha = ∂φ_h/∂θ_a (d × d, column-major).
    func natural(_ theta: [Double]) -> (phi: [Double], jacobian: [Double])
    /// θ(φ), or `nil` when φ is outside the structure's domain (not positive definite, a
    /// correlation outside its range).
    func unconstrained(_ phi: [Double]) -> [Double]?
    /// Starting φ from an empirical covariance per group (pairwise-complete, positive semi-definite
    /// or not); always inside the domain.
    func start(_ empirical: [[Double]]) -> [Double]
    /// φ with Σ_g = I for every group, for structures linear in φ (the MIVQUE0 prior); else `nil`.
    func identityParameters() -> [Double]?
}

/// A single-group structure replicated for each level of the group variable with its own
/// parameters (SAS `GROUP=`): φ = (φ_1, …, φ_G).
struct SeparateGroupsCovariance: ResidualCovarianceModel {
    let base: any ResidualCovarianceModel
    let groupCount: Int

    var visitCount: Int { base.visitCount }
    var parameterCount: Int { base.parameterCount * groupCount }
    var parameterNames: [String] { (0..<groupCount).flatMap { _ in base.parameterNames } }
    var parameterGroups: [Int?] { (0..<groupCount).flatMap { g in [Int?](repeating: g, count: base.parameterCount) } }
    var isLinear: Bool { base.isLinear }

    private func slice(_ phi: [Double], _ group: Int) -> [Double] {
        Array(phi[(group * base.parameterCount)..<((group + 1) * base.parameterCount)])
    }

    func matrix(group: Int, _ phi: [Double]) -> [Double] { base.matrix(group: 0, slice(phi, group)) }

    func derivatives(group: Int, _ phi: [Double]) -> [(parameter: Int, matrix: [Double])] {
        base.derivatives(group: 0, slice(phi, group)).map { ($0.parameter + group * base.parameterCount, $0.matrix) }
    }

    func secondDerivatives(group: Int, _ phi: [Double]) -> [CovarianceSecondDerivative] {
        let offset = group * base.parameterCount
        return base.secondDerivatives(group: 0, slice(phi, group)).map {
            CovarianceSecondDerivative(first: $0.first + offset, second: $0.second + offset, matrix: $0.matrix)
        }
    }

    func natural(_ theta: [Double]) -> (phi: [Double], jacobian: [Double]) {
        let d = base.parameterCount, total = parameterCount
        var phi: [Double] = []
        var jacobian = [Double](repeating: 0, count: total * total)
        for g in 0..<groupCount {
            let part = base.natural(slice(theta, g))
            phi += part.phi
            for a in 0..<d { for h in 0..<d { jacobian[(g * d + h) + (g * d + a) * total] = part.jacobian[h + a * d] } }
        }
        return (phi, jacobian)
    }

    func unconstrained(_ phi: [Double]) -> [Double]? {
        var theta: [Double] = []
        for g in 0..<groupCount {
            guard let part = base.unconstrained(slice(phi, g)) else { return nil }
            theta += part
        }
        return theta
    }

    func start(_ empirical: [[Double]]) -> [Double] {
        (0..<groupCount).flatMap { base.start([empirical[$0]]) }
    }

    func identityParameters() -> [Double]? {
        base.identityParameters().map { one in (0..<groupCount).flatMap { _ in one } }
    }
}

/// A number with its gradient with respect to a few inputs (forward-mode differentiation), for
/// the Jacobians of the non-linear θ → φ maps (partial autocorrelations, canonical partial
/// correlations).
struct Dual {
    var value: Double
    var gradient: [Double]

    init(_ value: Double, count: Int) {
        self.value = value
        self.gradient = [Double](repeating: 0, count: count)
    }

    init(variable value: Double, index: Int, count: Int) {
        self.init(value, count: count)
        gradient[index] = 1
    }

    init(value: Double, gradient: [Double]) {
        self.value = value
        self.gradient = gradient
    }

    static func + (a: Dual, b: Dual) -> Dual {
        Dual(value: a.value + b.value, gradient: zip(a.gradient, b.gradient).map { $0 + $1 })
    }

    static func - (a: Dual, b: Dual) -> Dual {
        Dual(value: a.value - b.value, gradient: zip(a.gradient, b.gradient).map { $0 - $1 })
    }

    static func * (a: Dual, b: Dual) -> Dual {
        Dual(value: a.value * b.value, gradient: zip(a.gradient, b.gradient).map { a.value * $1 + b.value * $0 })
    }

    static func * (a: Double, b: Dual) -> Dual {
        Dual(value: a * b.value, gradient: b.gradient.map { a * $0 })
    }

    static func / (a: Dual, b: Dual) -> Dual {
        let q = a.value / b.value
        return Dual(value: q, gradient: zip(a.gradient, b.gradient).map { ($0 - q * $1) / b.value })
    }

    func squareRoot() -> Dual {
        let root = value.squareRoot()
        return Dual(value: root, gradient: gradient.map { $0 / (2 * root) })
    }

    static func tanh(_ x: Dual) -> Dual {
        let t = Foundation.tanh(x.value)
        return Dual(value: t, gradient: x.gradient.map { $0 * (1 - t * t) })
    }

    static func exp(_ x: Dual) -> Dual {
        let e = Foundation.exp(x.value)
        return Dual(value: e, gradient: x.gradient.map { $0 * e })
    }
}

extension Array where Element == Dual {
    /// Values and the Jacobian (column-major, rows = elements, columns = inputs).
    var valuesAndJacobian: (values: [Double], jacobian: [Double]) {
        let n = count, k = first?.gradient.count ?? 0
        var jacobian = [Double](repeating: 0, count: n * k)
        for (h, element) in enumerated() { for a in 0..<k { jacobian[h + a * n] = element.gradient[a] } }
        return (map(\.value), jacobian)
    }
}
