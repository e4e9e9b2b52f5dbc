import Foundation
import LinearAlgebra

extension SatterthwaiteDerivatives {
    /// The Hessian of d(θ, σ) and the Jacobian of Φ(θ, σ) by central differences with Richardson
    /// extrapolation, the scheme of numDeriv (Gilbert & Varadhan; `genD`/`jacobian` with
    /// d = 0.1, eps = 10⁻⁴, r = 4 halvings) that lmerTest uses. Used when the exact q-space
    /// algebra would need a dense matrix above `MarginalAlgebra.denseLimit`; each evaluation is
    /// one sparse deviance evaluation of the engine, so the cost is O(#ϑ²) evaluations.
    static func numeric(deviance: ProfiledDeviance, theta: [Double],
                        sigma: Double) throws -> (hessian: Matrix, jacobians: [Matrix]) {
        let x0 = theta + [sigma]
        let d = x0.count
        func f(_ x: [Double]) throws -> Double { try deviance.deviance(theta: Array(x.dropLast()), sigma: x[d - 1]) }
        let steps = x0.map { abs($0) > zeroTolerance ? relativeStep * abs($0) : absoluteStep }
        let f0 = try f(x0)
        var h = Matrix(rows: d, columns: d)
        for i in 0..<d {
            for j in 0...i {
                let value = try richardson { scale -> Double in
                    let hi = steps[i] * scale, hj = steps[j] * scale
                    if i == j {
                        var plus = x0, minus = x0
                        plus[i] += hi
                        minus[i] -= hi
                        return (try f(plus) - 2 * f0 + f(minus)) / (hi * hi)
                    }
                    var total = 0.0
                    for (si, sj, sign) in [(1.0, 1.0, 1.0), (1, -1, -1), (-1, 1, -1), (-1, -1, 1)] {
                        var x = x0
                        x[i] += si * hi
                        x[j] += sj * hj
                        total += sign * (try f(x))
                    }
                    return total / (4 * hi * hj)
                }
                h[i, j] = value[0]
                h[j, i] = value[0]
            }
        }
        var jacobians: [Matrix] = []
        for i in 0..<d {
            let values = try richardson { scale -> [Double] in
                let hi = steps[i] * scale
                var plus = x0, minus = x0
                plus[i] += hi
                minus[i] -= hi
                let a = try deviance.vcovBeta(theta: Array(plus.dropLast()), sigma: plus[d - 1])
                let b = try deviance.vcovBeta(theta: Array(minus.dropLast()), sigma: minus[d - 1])
                return zip(a.storage, b.storage).map { ($0 - $1) / (2 * hi) }
            }
            let p = deviance.fixedCount
            jacobians.append(Matrix(rows: p, columns: p, columnMajor: values))
        }
        return (h, jacobians)
    }

    /// numDeriv's defaults: relative step d = 0.1, eps = 10⁻⁴ for |x| below the zero tolerance.
    static let relativeStep = 0.1
    static let absoluteStep = 1e-4
    static let zeroTolerance = (Double.ulpOfOne / 7e-7).squareRoot()
    static let richardsonLevels = 4

    /// Richardson extrapolation of a central difference D(h) = D + c₂h² + c₄h⁴ + …, evaluated at
    /// h, h/2, h/4, h/8: A_{k,m} = (4^m A_{k,m−1} − A_{k−1,m−1}) / (4^m − 1).
    static func richardson(_ difference: (Double) throws -> Double) throws -> [Double] {
        try richardson { [try difference($0)] }
    }

    static func richardson(_ difference: (Double) throws -> [Double]) throws -> [Double] {
        var table: [[Double]] = []
        for level in 0..<richardsonLevels {
            table.append(try difference(pow(0.5, Double(level))))
        }
        for m in 1..<richardsonLevels {
            let factor = pow(4.0, Double(m))
            var next: [[Double]] = []
            for k in 1..<table.count {
                next.append(zip(table[k], table[k - 1]).map { (factor * $0 - $1) / (factor - 1) })
            }
            table = next
        }
        return table[0]
    }
}
