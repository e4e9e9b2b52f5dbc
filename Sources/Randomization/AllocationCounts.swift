/// Participants allocated so far, counted per arm overall and within each stratum.
public struct AllocationCounts: Sendable, Equatable {
    public let arms: ArmSet
    public let strataLabels: [String]
    /// counts[s][k]: participants of stratum s on arm k.
    public private(set) var byStratum: [[Int]]

    public init(arms: ArmSet, strata: StratumLayout) {
        self.arms = arms
        strataLabels = (0..<strata.count).map(strata.label(ofStratum:))
        byStratum = [[Int]](repeating: [Int](repeating: 0, count: arms.count), count: strata.count)
    }

    /// Adds one participant of stratum `stratum` on arm `arm` (both 0-based).
    public mutating func record(stratum: Int, arm: Int) { byStratum[stratum][arm] += 1 }

    /// Counts per arm over all strata.
    public var overall: [Int] {
        byStratum.reduce(into: [Int](repeating: 0, count: arms.count)) { total, row in
            for k in row.indices { total[k] += row[k] }
        }
    }

    /// Participants in stratum `s`.
    public func total(ofStratum s: Int) -> Int { byStratum[s].reduce(0, +) }

    /// Imbalance in ratio units (``ArmSet/imbalance(_:)``; |n_A − n_B| for two arms 1:1).
    public func imbalance(ofStratum s: Int) -> Double { arms.imbalance(byStratum[s]) }
    public var overallImbalance: Double { arms.imbalance(overall) }
}
