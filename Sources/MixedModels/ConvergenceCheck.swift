import Foundation
import LinearAlgebra

/// lme4's post-fit convergence checks (`optwrap` → `deriv12`, `checkConv`, `checkHess`; lme4 1.1-31
/// defaults of `lmerControl`): a finite-difference gradient and Hessian of the profiled criterion
/// at θ̂, and messages when they do not look like a minimum.
enum ConvergenceCheck {
    /// Step of the central differences (lme4 `deriv12` `delta`).
    static let step = 1e-4
    /// `check.conv.grad` tolerance on min(|H⁻¹ᐟ² g|, |g|).
    static let gradientTolerance = 2e-3
    /// `check.conv.hess` tolerance on the Hessian's eigenvalues.
    static let hessianTolerance = 1e-6

    struct Derivatives: Sendable {
        var gradient: [Double]
        var hessian: Matrix
    }

    /// Central-difference gradient and Hessian (lme4 `deriv12` without bounds): 2n² evaluations.
    ///
    ///     g_j = (f(x + δe_j) − f(x − δe_j)) / 2δ,  H_jj = (f(x + δe_j) − 2f(x) + f(x − δe_j)) / δ²,
    ///     H_ij = [f(++) − f(+−) − f(−+) + f(−−)] / 4δ².
    static func derivatives(of f: ([Double]) throws -> Double, at x: [Double], value fx: Double) rethrows -> Derivatives {
        let n = x.count, delta = step
        var gradient = [Double](repeating: 0, count: n)
        var hessian = Matrix(rows: n, columns: n)
        func shifted(_ moves: [(Int, Double)]) -> [Double] {
            var y = x
            for (index, amount) in moves { y[index] += amount }
            return y
        }
        for j in 0..<n {
            let up = try f(shifted([(j, delta)])), down = try f(shifted([(j, -delta)]))
            hessian[j, j] = up / (delta * delta) - 2 * fx / (delta * delta) + down / (delta * delta)
            gradient[j] = (up - down) / (2 * delta)
            for i in 0..<j {
                let pp = try f(shifted([(i, delta), (j, delta)])), pm = try f(shifted([(i, delta), (j, -delta)]))
                let mp = try f(shifted([(i, -delta), (j, delta)])), mm = try f(shifted([(i, -delta), (j, -delta)]))
                let value = (pp - pm - mp + mm) / (4 * delta * delta)
                hessian[i, j] = value
                hessian[j, i] = value
            }
        }
        return Derivatives(gradient: gradient, hessian: hessian)
    }

    /// lme4 `checkConv` after the singularity check: `failed` is true for lme4's negative codes.
    static func messages(for derivatives: Derivatives) -> (messages: [String], failed: Bool) {
        var messages: [String] = []
        var failed = false
        let g = derivatives.gradient
        guard g.allSatisfy({ !$0.isNaN }) else { return (["Gradient contains NAs"], true) }
        // lme4's scaled gradient solve(chol(H), g) = R⁻¹g with H = RᵀR, i.e. L⁻ᵀg for H = LLᵀ.
        if let factor = try? Cholesky(derivatives.hessian),
           let scaled = try? Matrix.solveTriangular(factor.lower, .lower, .transposed, g),
           scaled.allSatisfy(\.isFinite) {
            let minimal = zip(scaled, g).map { min(abs($0), abs($1)) }
            if let worst = minimal.indices.max(by: { minimal[$0] < minimal[$1] }), minimal[worst] > gradientTolerance {
                messages.append(String(format: "Model failed to converge with max|grad| = %g (tol = %g, component %d)",
                                       minimal[worst], gradientTolerance, worst + 1))
                failed = true
            }
        } else {
            messages.append("unable to evaluate scaled gradient")
            failed = true
        }
        let hessian = hessianMessages(derivatives.hessian)
        return (messages + hessian.messages, failed || hessian.failed)
    }

    /// lme4 `checkHess`.
    static func hessianMessages(_ h: Matrix) -> (messages: [String], failed: Bool) {
        let tol = hessianTolerance
        guard h.storage.allSatisfy(\.isFinite), let values = try? SymmetricEigen(h, computeVectors: false).values else {
            return (["Problem with Hessian check (infinite or missing values?)"], true)
        }
        let negative = values.filter { $0 < -tol }.count
        if negative > 0 {
            return (["Model failed to converge: degenerate  Hessian with \(negative) negative eigenvalues"], true)
        }
        let zero = values.filter { abs($0) < tol }.count
        if zero > 0 || (try? Cholesky(h)) == nil {
            return ([" Hessian is numerically singular: parameters are not uniquely determined"], true)
        }
        var messages: [String] = []
        let largest = values.max()!, smallest = values.min()!
        if largest * tol > 1 {
            messages.append("Model is nearly unidentifiable: very large eigenvalue\n - Rescale variables?")
        }
        if smallest / largest < tol {
            messages.append("Model is nearly unidentifiable: large eigenvalue ratio\n - Rescale variables?")
        }
        return (messages, false)
    }
}
