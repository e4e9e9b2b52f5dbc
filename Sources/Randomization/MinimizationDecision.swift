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
        let counts = levelCounts(levels: levels, tally: tally)
        var imbalances: [[Double]] = []
        let totals = candidateTotals(levelCounts: counts, factorImbalances: &imbalances)
        let preferred = preferredArms(totals: totals)
        let arm = draw(preferred: preferred, generator: &generator)
        let scores = (0..<arms.count).map {
            MinimizationDecision.CandidateScore(arm: $0, factorImbalances: imbalances[$0], total: totals[$0])
        }
        return MinimizationDecision(arm: arm, levelCounts: (0..<levels.count).map { Array(counts[$0 * arms.count ..< ($0 + 1) * arms.count]) },
                                    scores: scores, preferredArms: preferred,
                                    probabilities: probabilities(preferred: preferred))
    }

    /// The same choice as ``allocate(levels:tally:generator:)`` without validation or audit
    /// details (for simulation).
    func choose(levels: [Int], tally: MinimizationTally,
                generator: inout Xoshiro256StarStar) -> (arm: Int, deterministic: Bool)
    {
        var unused: [[Double]] = []
        let totals = candidateTotals(levelCounts: levelCounts(levels: levels, tally: tally),
                                     factorImbalances: &unused, keepDetails: false)
        let preferred = preferredArms(totals: totals)
        let arm = draw(preferred: preferred, generator: &generator)
        return (arm, preferred.count == 1 && preferredProbability == 1)
    }

    /// x_{i, r_i, k}, flattened factor-major.
    private func levelCounts(levels: [Int], tally: MinimizationTally) -> [Int] {
        var counts = [Int](repeating: 0, count: levels.count * arms.count)
        for (i, level) in levels.enumerated() {
            for k in 0..<arms.count { counts[i * arms.count + k] = tally.count(factor: i, level: level, arm: k) }
        }
        return counts
    }

    /// G(t) for every candidate arm t; d_i(t) into `factorImbalances[t][i]` when `keepDetails`.
    private func candidateTotals(levelCounts: [Int], factorImbalances: inout [[Double]],
                                 keepDetails: Bool = true) -> [Double]
    {
        let armCount = arms.count
        let factorCount = levelCounts.count / armCount
        var scaled = [Double](repeating: 0, count: armCount)
        var totals = [Double](repeating: 0, count: armCount)
        if keepDetails { factorImbalances = [[Double]](repeating: [], count: armCount) }
        for t in 0..<armCount {
            for i in 0..<factorCount {
                for k in 0..<armCount {
                    scaled[k] = Double(levelCounts[i * armCount + k] + (k == t ? 1 : 0)) / Double(arms.ratios[k])
                }
                let d = scaled.withUnsafeBufferPointer { measure.measure($0) }
                if keepDetails { factorImbalances[t].append(d) }
                totals[t] += weights[i] * d
            }
        }
        return totals
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
