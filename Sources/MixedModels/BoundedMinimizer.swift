import CNLopt

/// Derivative-free minimisation with lower bounds by NLopt's BOBYQA (Powell 2009), configured as
/// lme4's default optimizer `nloptwrap`: `NLOPT_LN_BOBYQA`, xtol_abs = ftol_abs = 1e-8,
/// maxeval = 1e5 (lme4 `defaultControl`), xtol_rel = 1e-4 (nloptr's default, which lme4 keeps),
/// and NLopt's default initial step (nloptr sets none). BOBYQA accepts a single parameter in
/// NLopt 2.7, so 1-parameter models need no special case.
enum BoundedMinimizer {
    struct Settings: Sendable, Equatable {
        var xtolAbs = 1e-8
        var ftolAbs = 1e-8
        var xtolRel = 1e-4
        var ftolRel = 0.0
        var maxEvaluations = 100_000
    }

    struct Outcome: Sendable {
        var x: [Double]
        var minimum: Double
        var evaluations: Int
        /// NLopt's `nlopt_result` code (positive = success).
        var status: Int
        var statusName: String
    }

    /// The objective and bookkeeping, passed to the C callback as an opaque pointer.
    private final class Context {
        let objective: (UnsafeBufferPointer<Double>) throws -> Double
        var evaluations = 0
        var failure: Error?
        var optimizer: nlopt_opt?

        init(_ objective: @escaping (UnsafeBufferPointer<Double>) throws -> Double) {
            self.objective = objective
        }
    }

    /// Minimises `objective` from `start` subject to x ≥ `lower`. An error thrown by the objective
    /// stops NLopt (`nlopt_force_stop`) and is rethrown.
    static func minimize(start: [Double], lower: [Double], settings: Settings = Settings(),
                         objective: @escaping (UnsafeBufferPointer<Double>) throws -> Double) throws -> Outcome {
        precondition(start.count == lower.count && !start.isEmpty)
        let n = start.count
        guard let optimizer = nlopt_create(NLOPT_LN_BOBYQA, UInt32(n)) else {
            throw MixedModelError.optimizerSetup(detail: "nlopt_create(NLOPT_LN_BOBYQA, \(n)) failed")
        }
        defer { nlopt_destroy(optimizer) }
        let context = Context(objective)
        context.optimizer = optimizer
        let callback: nlopt_func = { count, x, _, data in
            let context = Unmanaged<Context>.fromOpaque(data!).takeUnretainedValue()
            context.evaluations += 1
            do {
                return try context.objective(UnsafeBufferPointer(start: x, count: Int(count)))
            } catch {
                context.failure = error
                nlopt_force_stop(context.optimizer)
                return .infinity
            }
        }
        let results = [
            nlopt_set_lower_bounds(optimizer, lower),
            nlopt_set_min_objective(optimizer, callback, Unmanaged.passUnretained(context).toOpaque()),
            nlopt_set_xtol_abs1(optimizer, settings.xtolAbs),
            nlopt_set_ftol_abs(optimizer, settings.ftolAbs),
            nlopt_set_xtol_rel(optimizer, settings.xtolRel),
            nlopt_set_ftol_rel(optimizer, settings.ftolRel),
            nlopt_set_maxeval(optimizer, Int32(clamping: settings.maxEvaluations)),
        ]
        if let bad = results.first(where: { $0.rawValue < 0 }) {
            throw MixedModelError.optimizerSetup(detail: "NLopt rejected a setting (\(statusName(Int(bad.rawValue))))")
        }
        var x = start
        var minimum = Double.infinity
        let status = withExtendedLifetime(context) { nlopt_optimize(optimizer, &x, &minimum) }
        if let failure = context.failure { throw failure }
        return Outcome(x: x, minimum: minimum, evaluations: context.evaluations,
                       status: Int(status.rawValue), statusName: statusName(Int(status.rawValue)))
    }

    /// nloptr's message for a result code (what lme4 puts in its convergence warning).
    static func statusMessage(_ status: Int) -> String {
        let detail: String = switch status {
        case 1: "Generic success return value."
        case 2: "Optimization stopped because stopval (above) was reached."
        case 3: "Optimization stopped because ftol_rel or ftol_abs (above) was reached."
        case 4: "Optimization stopped because xtol_rel or xtol_abs (above) was reached."
        case 5: "Optimization stopped because maxeval (above) was reached."
        case 6: "Optimization stopped because maxtime (above) was reached."
        case -1: "Generic failure code."
        case -2: "Invalid arguments."
        case -3: "Ran out of memory."
        case -4: "Roundoff errors led to a breakdown of the optimization algorithm; the returned minimum may still be useful."
        case -5: "Halted because of a forced termination."
        default: "Unknown result code."
        }
        return "\(statusName(status)): \(detail)"
    }

    /// NLopt's name for a result code, as nloptr prints it.
    static func statusName(_ status: Int) -> String {
        switch status {
        case 1: "NLOPT_SUCCESS"
        case 2: "NLOPT_STOPVAL_REACHED"
        case 3: "NLOPT_FTOL_REACHED"
        case 4: "NLOPT_XTOL_REACHED"
        case 5: "NLOPT_MAXEVAL_REACHED"
        case 6: "NLOPT_MAXTIME_REACHED"
        case -1: "NLOPT_FAILURE"
        case -2: "NLOPT_INVALID_ARGS"
        case -3: "NLOPT_OUT_OF_MEMORY"
        case -4: "NLOPT_ROUNDOFF_LIMITED"
        case -5: "NLOPT_FORCED_STOP"
        default: "NLOPT_UNKNOWN(\(status))"
        }
    }
}
