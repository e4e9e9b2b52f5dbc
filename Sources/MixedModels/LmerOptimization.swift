/// lme4's `optimizeLmer` around BOBYQA (lme4 1.1-31, `lmerControl()` defaults):
///
/// 1. BOBYQA from the start, then (`calc.derivs`) the finite-difference gradient and Hessian at θ̂;
/// 2. `restart_edge`: if some θᵢ sits exactly on its bound and the one-sided slope
///    (d(θ + 10⁻⁵eᵢ) − d(θ))/10⁻⁵ is negative, BOBYQA is run again from θ̂ (derivatives recomputed);
/// 3. `check.boundary` (boundary.tol 10⁻⁵): a θᵢ within 10⁻⁵ of its bound is set onto it when
///    that lowers the criterion.
enum LmerOptimization {
    /// One-sided step of the boundary slope (lme4 `btol`).
    static let edgeStep = 1e-5
    /// lme4 `boundary.tol`.
    static let boundaryTolerance = 1e-5

    struct Result {
        var theta: [Double]
        var objective: Double
        /// Deviance evaluations made by BOBYQA (summed over a restart).
        var evaluations: Int
        var status: Int
        var statusName: String
        var restarted: Bool
        var derivatives: ConvergenceCheck.Derivatives?
    }

    static func run(start: [Double], lower: [Double], settings: BoundedMinimizer.Settings, computeDerivatives: Bool,
                    objective: @escaping ([Double]) throws -> Double) throws -> Result {
        var buffer = [Double](repeating: 0, count: start.count)
        let minimize = { (from: [Double]) throws -> BoundedMinimizer.Outcome in
            try BoundedMinimizer.minimize(start: from, lower: lower, settings: settings) { x in
                for i in buffer.indices { buffer[i] = x[i] }
                return try objective(buffer)
            }
        }
        var outcome = try minimize(start)
        var evaluations = outcome.evaluations
        var derivatives = computeDerivatives
            ? try ConvergenceCheck.derivatives(of: objective, at: outcome.x, value: outcome.minimum) : nil
        var restarted = false
        let onBound = outcome.x.indices.filter { lower[$0].isFinite && outcome.x[$0] == lower[$0] }
        if !onBound.isEmpty {
            let base = try objective(outcome.x)
            let slopes = try onBound.map { i -> Double in
                var moved = outcome.x
                moved[i] = lower[i] + edgeStep
                return (try objective(moved) - base) / edgeStep
            }
            if slopes.contains(where: { $0 < 0 }) {
                outcome = try minimize(outcome.x)
                evaluations += outcome.evaluations
                restarted = true
                if computeDerivatives {
                    derivatives = try ConvergenceCheck.derivatives(of: objective, at: outcome.x, value: outcome.minimum)
                }
            }
        }
        var theta = outcome.x, value = outcome.minimum
        let nearBound = theta.indices.filter { lower[$0].isFinite && theta[$0] - lower[$0] > 0
            && theta[$0] - lower[$0] < boundaryTolerance }
        if !nearBound.isEmpty {
            for i in nearBound {
                var candidate = theta
                candidate[i] = lower[i]
                if try objective(candidate) < outcome.minimum { theta[i] = lower[i] }
            }
            value = try objective(theta)
        }
        return Result(theta: theta, objective: value, evaluations: evaluations, status: outcome.status,
                      statusName: outcome.statusName, restarted: restarted, derivatives: derivatives)
    }
}
