/// The audit record of one minimization allocation.
public struct MinimizationDecision: Sendable, Equatable {
    /// Imbalance if the participant were put on `arm`.
    public struct CandidateScore: Sendable, Equatable {
        public let arm: Int
        /// d_i(t) for each factor i.
        public let factorImbalances: [Double]
        /// G(t) = Σ_i w_i d_i(t).
        public let total: Double
    }

    /// The chosen arm (0-based).
    public let arm: Int
    /// x_{i, r_i, k}: earlier participants sharing the new participant's level of factor i, per arm k.
    public let levelCounts: [[Int]]
    public let scores: [CandidateScore]
    /// Arms tied at the minimum G.
    public let preferredArms: [Int]
    /// P(arm k) under the rule, for every arm.
    public let probabilities: [Double]

    /// True when the chosen arm had probability 1 (unique preferred arm and p = 1).
    public var deterministic: Bool { probabilities[arm] == 1 }
}

extension MinimizationDesign {
    /// Allocates a participant with `levels` (level index per factor) given the earlier
    /// allocations in `tally`, drawing from `generator` (see ``StreamKey/minimization(sequence:)``).
    public func allocate(levels: [Int], tally: MinimizationTally,
                         generator: inout Xoshiro256StarStar) throws(RandomizationError) -> MinimizationDecision
    {
        try tally.validate(levels: levels, design: self)
        let levelCounts = (0..<levels.count).map { i in
            (0..<arms.count).map { tally.count(factor: i, level: levels[i], arm: $0) }
        }
        var scores: [MinimizationDecision.CandidateScore] = []
        var scaled = [Double](repeating: 0, count: arms.count)
        for t in 0..<arms.count {
            var imbalances: [Double] = []
            var total = 0.0
            for i in 0..<levels.count {
                for k in 0..<arms.count {
                    scaled[k] = Double(levelCounts[i][k] + (k == t ? 1 : 0)) / Double(arms.ratios[k])
                }
                let d = scaled.withUnsafeBufferPointer { measure.measure($0) }
                imbalances.append(d)
                total += weights[i] * d
            }
            scores.append(.init(arm: t, factorImbalances: imbalances, total: total))
        }
        let preferred = preferredArms(totals: scores.map(\.total))
        let arm = draw(preferred: preferred, generator: &generator)
        return MinimizationDecision(arm: arm, levelCounts: levelCounts, scores: scores,
                                    preferredArms: preferred, probabilities: probabilities(preferred: preferred))
    }

    /// Allocates given the full history (rebuilds the tally, O(history)).
    public func allocate(history: [MinimizationRecord], levels: [Int],
                         generator: inout Xoshiro256StarStar) throws(RandomizationError) -> MinimizationDecision
    {
        try allocate(levels: levels, tally: MinimizationTally(design: self, history: history), generator: &generator)
    }

    /// Arms whose total lies within the tie tolerance of the smallest.
    func preferredArms(totals: [Double]) -> [Int] {
        let smallest = totals.min()!
        let tolerance = Self.tieTolerance * max(1, abs(smallest))
        return totals.indices.filter { totals[$0] - smallest <= tolerance }
    }

    /// P(arm k) for the preferred set (see the type's documentation).
    func probabilities(preferred: [Int]) -> [Double] {
        let ratios = arms.ratios.map(Double.init)
        guard preferred.count < arms.count else { return ratios.map { $0 / Double(arms.ratioSum) } }
        let preferredSum = preferred.reduce(0.0) { $0 + ratios[$1] }
        let otherSum = Double(arms.ratioSum) - preferredSum
        return ratios.indices.map { k in
            preferred.contains(k) ? preferredProbability * ratios[k] / preferredSum
                                  : (1 - preferredProbability) * ratios[k] / otherSum
        }
    }

    /// The draw, in the documented order.
    func draw(preferred: [Int], generator: inout Xoshiro256StarStar) -> Int {
        guard preferred.count < arms.count else { return generator.nextIndex(weights: arms.ratios) }
        let takePreferred = preferredProbability == 1 || generator.nextUnitDouble() < preferredProbability
        let group = takePreferred ? preferred : arms.ratios.indices.filter { !preferred.contains($0) }
        guard group.count > 1 else { return group[0] }
        return group[generator.nextIndex(weights: group.map { arms.ratios[$0] })]
    }
}
