import Foundation
import Testing

/// R's values for the distribution functions, read from `fixtures/distributions/values.json`.
/// That file is written by `fixtures/distributions/make_values.R` (R 4.2.2); rerun the script
/// from the package root to regenerate it.
struct ReferenceValues: Decodable {
    /// One call of an R function: `value == function(x, params..., lower.tail = lower_tail)`.
    struct Case: Decodable, CustomTestStringConvertible {
        let function: String
        let x: Double
        let params: [Double]
        let lowerTail: Bool
        let value: Double

        enum CodingKeys: String, CodingKey {
            case function, x, params, value
            case lowerTail = "lower_tail"
        }

        var testDescription: String {
            "\(function)(\(x), \(params.map { "\($0)" }.joined(separator: ", ")), lower.tail = \(lowerTail))"
        }
    }

    /// `2 * pt(abs(t), df, lower.tail = FALSE)`.
    struct TwoSidedP: Decodable {
        let t: Double
        let df: Double
        let value: Double
    }

    /// `qt(1 - (1 - level) / 2, df)`.
    struct IntervalQuantile: Decodable {
        let level: Double
        let df: Double
        let value: Double
    }

    let cases: [Case]
    let twoSidedTP: [TwoSidedP]
    let tCIQuantile: [IntervalQuantile]

    enum CodingKeys: String, CodingKey {
        case cases
        case twoSidedTP = "two_sided_t_p"
        case tCIQuantile = "t_ci_quantile"
    }

    /// The fixture, located relative to this source file (Tests/DistributionsTests/ → package root).
    static func load(filePath: String = #filePath) throws -> ReferenceValues {
        let root = URL(fileURLWithPath: filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent("fixtures/distributions/values.json")
        return try JSONDecoder().decode(ReferenceValues.self, from: Data(contentsOf: url))
    }
}

/// Relative agreement with R. The wrappers call the same Rmath code R does, so agreement is
/// expected to the last bits; 1e-12 leaves room for a different libm in `log`/`exp`.
let relativeTolerance = 1e-12
/// Used only when R's value is exactly 0 (e.g. `qt(0.5, df)`), where a relative error is undefined.
let absoluteToleranceAtZero = 1e-12

/// True when `actual` equals R's `expected` within the named tolerances.
func agreesWithR(_ actual: Double, _ expected: Double) -> Bool {
    if expected == 0 { return Swift.abs(actual) <= absoluteToleranceAtZero }
    return Swift.abs(actual - expected) <= relativeTolerance * Swift.abs(expected)
}
