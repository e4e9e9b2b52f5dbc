import Foundation
import LinearAlgebra

/// Newton–Raphson / Fisher scoring with a backtracking line search, as SAS PROC MIXED fits
/// covariance parameters (ridge-stabilised Newton–Raphson; SAS/STAT "MIXED: Computational
/// Issues"; Lindstrom & Bates 1988; Jennrich & Schluchter 1986), with exact derivatives from
/// `GLSLikelihood`, in one of two spaces:
///
/// - natural: x = φ (SAS's parameters), J = I;
/// - unconstrained: x = θ, φ = φ(θ), J = ∂φ/∂θ.
///
///     g = Jᵀ g_φ,   M = Jᵀ M_φ J,   δ = −M⁻¹ g,   x ← x + α δ  (α = 1, ½, ¼, … until −2 log L decreases),
///
/// M_φ = the observed Hessian of −2 log L when M is positive definite, else the expected one
/// (Fisher scoring), else a ridge M + λI. Convergence: gᵀM⁻¹g ≤ tolerance · |−2 log L| (SAS's
/// relative Hessian criterion, default 1e-8). Random-effects variances are kept ≥ 0 (natural:
/// projected; unconstrained: Cholesky entry ~0) and fixed at 0 when −2 log L still increases
/// with them (SAS's boundary constraint).
struct MMRMOptimizer {
    enum Space { case natural, unconstrained }

    let likelihood: GLSLikelihood
    let tolerance: Double
    let maxIterations: Int
    let space: Space

    struct Outcome {
        /// φ at the end.
        var phi: [Double]
        var evaluation: GLSLikelihood.Evaluation
        var iterations: Int
        var evaluations: Int
        var converged: Bool
        var criterion: Double
        /// φ indices fixed at zero (boundary variance components).
        var fixed: Set<Int>
        var message: String
        /// The φ-gradient and second-order quantities at the end, when the last iteration formed them.
        var final: (gradient: [Double], second: GLSSecondOrder)? = nil
    }

    private var parametrization: CovarianceParametrization { likelihood.parametrization }

    private func map(_ x: [Double]) -> (phi: [Double], jacobian: [Double]) {
        switch space {
        case .unconstrained: return parametrization.natural(x)
        case .natural:
            let d = x.count
            var identity = [Double](repeating: 0, count: d * d)
            for i in 0..<d { identity[i + i * d] = 1 }
            return (x, identity)
        }
    }

    /// Indices of x whose variance must stay ≥ 0 (natural: G variances; unconstrained: their
    /// Cholesky diagonal, which is symmetric about 0).
    private var boundary: [Int] { parametrization.boundaryIndices }

    func minimize(start: [Double]) throws(MMRMError) -> Outcome {
        var x = start
        var evaluations = 1
        guard var current = try likelihood.evaluate(map(x).phi, derivatives: true) else {
            throw .startNotPositiveDefinite(detail: "a subject's marginal covariance has a non-positive pivot")
        }
        var fixed: Set<Int> = []
        var criterion = Double.infinity
        let scale = max(abs(current.objective), 1e-300)
        for iteration in 1...max(1, maxIterations) {
            var moments = likelihood.blockMoments(current)
            var gPhi = likelihood.gradient(current, moments: moments)
            let hits = boundaryHits(x: x, phiGradient: gPhi, fixed: fixed)
            if !hits.isEmpty {
                fixed.formUnion(hits)
                for index in hits { x[index] = 0 }
                evaluations += 1
                guard let next = try likelihood.evaluate(map(x).phi, derivatives: true) else {
                    throw .numerical(step: "fixing a variance component at zero")
                }
                current = next
                moments = likelihood.blockMoments(current)
                gPhi = likelihood.gradient(current, moments: moments)
            }
            let jacobian = map(x).jacobian
            guard let second = try? likelihood.secondOrder(current, moments: moments) else {
                throw .numerical(step: "forming the information matrix")
            }
            let free = (0..<x.count).filter { !fixed.contains($0) }
            let g = Self.pullBack(gPhi, jacobian, free, x.count)
            var accepted = false
            for hessian in [second.observed, second.expected] {
                let m = Self.pullBack(hessian, jacobian, free, x.count)
                guard let step = Self.newtonStep(m, g) ?? Self.ridgeStep(m, g) else { continue }
                criterion = -zip(g, step).reduce(0) { $0 + $1.0 * $1.1 }
                if criterion <= tolerance * scale {
                    return Outcome(phi: current.phi, evaluation: current, iterations: iteration - 1,
                                   evaluations: evaluations, converged: true, criterion: criterion, fixed: fixed,
                                   message: "converged", final: (gPhi, second))
                }
                var alpha = 1.0
                for _ in 0..<40 {
                    var trial = x
                    for (position, index) in free.enumerated() { trial[index] += alpha * step[position] }
                    if space == .natural { for index in boundary where trial[index] < 0 { trial[index] = 0 } }
                    // Armijo on the actual (possibly projected) displacement.
                    let predicted = -free.enumerated().reduce(0) { $0 + g[$1.offset] * (trial[$1.element] - x[$1.element]) }
                    evaluations += 1
                    if let next = try likelihood.evaluate(map(trial).phi, derivatives: true),
                       next.objective <= current.objective - 1e-4 * max(predicted, 0) {
                        x = trial
                        current = next
                        accepted = true
                        break
                    }
                    alpha /= 2
                }
                if accepted { break }
            }
            if !accepted {
                let atNoise = criterion <= 1e-8 * scale
                return Outcome(phi: current.phi, evaluation: current, iterations: iteration, evaluations: evaluations,
                               converged: atNoise, criterion: criterion, fixed: fixed,
                               message: atNoise ? "converged (no further decrease at rounding level)"
                                   : "the line search could not decrease −2 log L")
            }
        }
        return Outcome(phi: current.phi, evaluation: current, iterations: maxIterations, evaluations: evaluations,
                       converged: false, criterion: criterion, fixed: fixed,
                       message: "the iteration limit \(maxIterations) was reached")
    }

    /// Variance components at (natural) or near (unconstrained Cholesky entry) zero whose
    /// −2 log L still increases with the variance.
    private func boundaryHits(x: [Double], phiGradient: [Double], fixed: Set<Int>) -> Set<Int> {
        let m = parametrization.residual.visitCount
        let reference = likelihood.design.empirical.flatMap { s in (0..<m).map { s[$0 + $0 * m] } }.max() ?? 1
        var hits: Set<Int> = []
        for index in boundary where !fixed.contains(index) && phiGradient[index] > 0 {
            let atZero = space == .natural ? x[index] == 0 : x[index] * x[index] < 1e-10 * max(reference, 1e-300)
            if atZero { hits.insert(index) }
        }
        return hits
    }

    /// Jᵀ g restricted to the free coordinates.
    static func pullBack(_ g: [Double], _ j: [Double], _ free: [Int], _ d: Int) -> [Double] {
        free.map { a in (0..<d).reduce(0) { $0 + j[$1 + a * d] * g[$1] } }
    }

    /// Jᵀ M J restricted to the free coordinates.
    static func pullBack(_ m: Matrix, _ j: [Double], _ free: [Int], _ d: Int) -> Matrix {
        let f = free.count
        var mj = [Double](repeating: 0, count: d * f)
        for (b, column) in free.enumerated() {
            for h in 0..<d { mj[h + b * d] = (0..<d).reduce(0) { $0 + m[h, $1] * j[$1 + column * d] } }
        }
        var result = Matrix(rows: f, columns: f)
        for b in 0..<f {
            for (a, row) in free.enumerated() {
                result[a, b] = (0..<d).reduce(0) { $0 + j[$1 + row * d] * mj[$1 + b * d] }
            }
        }
        return result
    }

    /// δ = −M⁻¹g, or `nil` when M is not positive definite.
    static func newtonStep(_ m: Matrix, _ g: [Double]) -> [Double]? {
        guard let factor = try? Cholesky(m), let solved = try? factor.solve(g) else { return nil }
        guard solved.allSatisfy(\.isFinite) else { return nil }
        return solved.map { -$0 }
    }

    /// δ = −(M + λI)⁻¹g with the smallest λ = 10⁻⁸·mean|M_ii|·100^k that makes it positive definite.
    static func ridgeStep(_ m: Matrix, _ g: [Double]) -> [Double]? {
        let f = m.rows
        let base = max((0..<f).reduce(0) { $0 + abs(m[$1, $1]) } / Double(max(f, 1)), 1e-12)
        var lambda = 1e-8 * base
        for _ in 0..<8 {
            var ridged = m
            for i in 0..<f { ridged[i, i] += lambda }
            if let step = newtonStep(ridged, g) { return step }
            lambda *= 100
        }
        return nil
    }
}
