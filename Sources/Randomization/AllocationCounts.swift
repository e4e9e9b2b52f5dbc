/// Participants allocated so far, counted per arm overall and within each group: the strata of
/// a list design, or each level of each factor (the margins minimization balances).
public struct AllocationCounts: Sendable, Equatable {
    public let arms: ArmSet
    public let groupLabels: [String]
    /// byStratum[g][k]: participants of group g on arm k.
    public private(set) var byStratum: [[Int]]

    public init(arms: ArmSet, groups: [String]) {
        self.arms = arms
        groupLabels = groups
        byStratum = [[Int]](repeating: [Int](repeating: 0, count: arms.count), count: groups.count)
    }

    /// One group per stratum, labelled as ``StratumLayout/label(ofStratum:)``.
    public init(arms: ArmSet, strata: StratumLayout) {
        self.init(arms: arms, groups: (0..<strata.count).map(strata.label(ofStratum:)))
    }

    /// Adds one participant of stratum `stratum` on arm `arm` (both 0-based).
    public mutating func record(stratum: Int, arm: Int) { byStratum[stratum][arm] += 1 }

    /// Counts per arm over all strata.
    public var overall: [Int] {
        byStratum.reduce(into: [Int](repeating: 0, count: arms.count)) { total, row in
            for k in row.indices { total[k] += row[k] }
        }
    }

    /// Participants in group `s`.
    public func total(ofStratum s: Int) -> Int { byStratum[s].reduce(0, +) }

    /// Imbalance in ratio units (``ArmSet/imbalance(_:)``; |n_A − n_B| for two arms 1:1).
    public func imbalance(ofStratum s: Int) -> Double { arms.imbalance(byStratum[s]) }
    public var overallImbalance: Double { arms.imbalance(overall) }
}
