import TrialCore

/// Validated arms with their integer ratio weights (e.g. 1:1, 2:1, 1:1:1).
public struct ArmSet: Sendable, Equatable {
    public let arms: [Arm]
    /// The ratio weight r_k of each arm, in arm order.
    public let ratios: [Int]
    /// R = Σ r_k.
    public let ratioSum: Int

    public init(_ arms: [Arm]) throws(RandomizationError) {
        guard arms.count >= 2 else { throw .tooFewArms(arms.count) }
        var seen = Set<String>()
        for arm in arms {
            guard seen.insert(arm.code).inserted else { throw .duplicateArmCode(arm.code) }
            guard arm.ratio > 0 else { throw .nonPositiveRatio(arm: arm.code, ratio: arm.ratio) }
        }
        self.arms = arms
        ratios = arms.map(\.ratio)
        ratioSum = ratios.reduce(0, +)
    }

    public var count: Int { arms.count }

    /// Imbalance in ratio units: max_k n_k / r_k − min_k n_k / r_k. For two arms 1:1 this is
    /// |n_A − n_B| (the usual |D|); it is 0 exactly when the counts are in the target ratio.
    public func imbalance(_ counts: [Int]) -> Double {
        var low = Double.infinity, high = -Double.infinity
        for (n, r) in zip(counts, ratios) {
            let scaled = Double(n) / Double(r)
            low = min(low, scaled); high = max(high, scaled)
        }
        return high - low
    }
}
