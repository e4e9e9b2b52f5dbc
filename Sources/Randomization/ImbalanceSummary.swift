/// The distribution of an imbalance statistic over simulated trials.
public struct ImbalanceSummary: Sendable, Equatable {
    /// All simulated values, ascending.
    public let sortedValues: [Double]
    public let mean: Double
    /// Mean of the squares (E D² for the final imbalance).
    public let meanSquare: Double
    public let median: Double
    public let percentile90: Double
    public let percentile99: Double
    public let maximum: Double

    public init(values: [Double]) {
        sortedValues = values.sorted()
        let n = Double(max(values.count, 1))
        mean = values.reduce(0, +) / n
        meanSquare = values.reduce(0) { $0 + $1 * $1 } / n
        median = ImbalanceSummary.quantile(sortedValues, 0.5)
        percentile90 = ImbalanceSummary.quantile(sortedValues, 0.9)
        percentile99 = ImbalanceSummary.quantile(sortedValues, 0.99)
        maximum = sortedValues.last ?? 0
    }

    /// Share of simulated values ≥ threshold, e.g. P(|D| ≥ 6).
    public func exceedance(atLeast threshold: Double) -> Double {
        guard !sortedValues.isEmpty else { return 0 }
        var low = 0, high = sortedValues.count
        while low < high {
            let mid = (low + high) / 2
            if sortedValues[mid] < threshold { low = mid + 1 } else { high = mid }
        }
        return Double(sortedValues.count - low) / Double(sortedValues.count)
    }

    /// Hyndman & Fan (1996) type 7 (R's default): h = (n − 1)q, x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋).
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let h = Double(sorted.count - 1) * q
        let lower = Int(h.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (h - Double(lower)) * (sorted[upper] - sorted[lower])
    }
}
