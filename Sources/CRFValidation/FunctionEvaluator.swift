import Foundation
import TrialCore

/// Evaluation of the expression language's functions (see `ExpressionFunction`).
enum FunctionEvaluator {
    static func compile(_ function: ExpressionFunction, _ arguments: [Evaluator]) -> Evaluator {
        switch function {
        case .sum, .mean, .min, .max:
            return { context in
                var total = 0.0, count = 0, low = Double.infinity, high = -Double.infinity
                for argument in arguments {
                    switch argument(context) {
                    case .number(let x):
                        total += x; count += 1; low = Swift.min(low, x); high = Swift.max(high, x)
                    case .invalid: return .invalid
                    default: continue
                    }
                }
                guard count > 0 else { return .empty }
                switch function {
                case .sum: return .number(total)
                case .mean: return .number(total / Double(count))
                case .min: return .number(low)
                default: return .number(high)
                }
            }
        case .countMissing:
            return { context in
                var missing = 0
                for argument in arguments {
                    let value = argument(context)
                    if value == .invalid { return .invalid }
                    if value.isMissing { missing += 1 }
                }
                return .number(Double(missing))
            }
        case .isMissing:
            return { context in
                let value = arguments[0](context)
                return value == .invalid ? .invalid : .boolean(value.isMissing)
            }
        case .datediff:
            // datediff(start, end) = end − start in days.
            return { context in Arithmetic.apply(.subtract, arguments[1](context), arguments[0](context)) }
        case .abs:
            return { context in
                let value = arguments[0](context)
                if case .number(let x) = value { return .number(Swift.abs(x)) }
                return unknown(value)
            }
        case .round:
            return { context in
                let value = arguments[0](context)
                guard case .number(let x) = value else { return unknown(value) }
                var digits = 0.0
                if arguments.count > 1, case .number(let d) = arguments[1](context) { digits = d }
                let scale = Foundation.pow(10, digits)
                return .number((x * scale).rounded(.toNearestOrAwayFromZero) / scale)
            }
        case .if:
            return { context in
                switch arguments[0](context) {
                case .boolean(true): return arguments[1](context)
                case .boolean(false): return arguments[2](context)
                case let other: return unknown(other)
                }
            }
        }
    }
}
