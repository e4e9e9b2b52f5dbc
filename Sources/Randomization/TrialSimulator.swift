/// One simulated allocation (for tests and inspection).
struct SimulatedAllocation: Equatable {
    var stratum: Int
    var arm: Int
    var forced: Bool
    var certain: Bool
    var guessCredit: Double
}

/// What one simulated trial contributes to the report.
struct ReplicateOutcome {
    var finalImbalance = 0.0
    var finalImbalanceByStratum: [Double] = []
    var largestImbalance = 0.0
    var largestStratumImbalance = 0.0
    var forced = 0
    var certain = 0
    var correctGuesses = 0.0
}

/// Simulates trials of a design: participants arrive into strata and are allocated exactly as the
/// real scheme would (per-stratum list streams, or minimization with per-allocation streams).
struct TrialSimulator {
    let design: AssessedDesign
    let settings: AssessmentSettings
    private let arms: ArmSet
    private let strataCount: Int
    private let stratumLevels: [[Int]]
    private let stratumKeys: [StreamKey]
    private let minimizationKeys: [StreamKey]
    /// Integer weight L / r_k so that n_k · weight_k compares n_k / r_k exactly (L = lcm of ratios).
    private let unitWeights: [Int]
    private let unitScale: Double
    private var observers: [BlockStructureObserver] = []
    /// When set, receives every allocation.
    var recorder: ((SimulatedAllocation) -> Void)?

    init(design: AssessedDesign, settings: AssessmentSettings) throws(RandomizationError) {
        self.design = design
        self.settings = settings
        arms = design.arms
        let strata = design.strata
        try settings.validate(strata: strata.count)
        strataCount = strata.count
        stratumLevels = (0..<strata.count).map(strata.levels(ofStratum:))
        stratumKeys = try strata.streamKeys()
        if case .minimization = design {
            minimizationKeys = (1...settings.participants).map(StreamKey.minimization(sequence:))
        } else {
            minimizationKeys = []
        }
        let lcm = arms.ratios.reduce(1) { a, b in a / greatestCommonDivisor(a, b) * b }
        unitWeights = arms.ratios.map { lcm / $0 }
        unitScale = Double(lcm)
        if case let .list(list) = design, let distribution = list.blockSizes, arms.count <= 64 {
            observers = [BlockStructureObserver](repeating: BlockStructureObserver(
                distribution: distribution, arms: arms, capacity: settings.participants), count: strataCount)
        }
    }

    /// Simulates trial `replicate` (0-based).
    mutating func run(replicate: Int) -> ReplicateOutcome {
        let listSeed = settings.replicateSeed(replicate)
        var arrivals = settings.arrivalGenerator(replicate)
        let armCount = arms.count
        // Counts in scaled units n_k · L / r_k, so that comparisons of n_k / r_k are exact integers.
        var stratumCounts = [Int](repeating: 0, count: strataCount * armCount)
        var overall = [Int](repeating: 0, count: armCount)
        let unitWeights = self.unitWeights
        var outcome = ReplicateOutcome()
        var largest = 0, largestInStratum = 0
        for s in observers.indices { observers[s].reset() }

        var blockStreams: [PermutedBlockStream] = []
        var positions = [Int](repeating: 0, count: strataCount)
        var forcedFrom = [Int](repeating: 0, count: strataCount)
        var completeStreams: [CompleteRandomizationStream] = []
        var tally: MinimizationTally?
        switch design {
        case let .list(list):
            if let distribution = list.blockSizes {
                blockStreams = stratumKeys.map {
                    PermutedBlockStream(distribution: distribution, arms: arms, generator: $0.generator(seed: listSeed))
                }
            } else {
                completeStreams = stratumKeys.map {
                    CompleteRandomizationStream(arms: arms, generator: $0.generator(seed: listSeed))
                }
            }
        case let .minimization(minimization):
            tally = MinimizationTally(design: minimization)
        }

        for participant in 0..<settings.participants {
            let stratum = settings.stratumProbabilities.map { arrivals.nextIndex(probabilities: $0) }
                ?? arrivals.nextIndex(below: strataCount)
            let base = stratum * armCount

            // Convergence-strategy guess before the allocation.
            var fewest = Int.max, tied = 0
            for k in 0..<armCount {
                let scaled = stratumCounts[base + k]
                if scaled < fewest { fewest = scaled; tied = 1 } else if scaled == fewest { tied += 1 }
            }
            let certain = observers.isEmpty ? false : observers[stratum].nextIsCertain()

            let arm: Int, forced: Bool
            switch design {
            case .list:
                if !blockStreams.isEmpty {
                    if positions[stratum] == blockStreams[stratum].blockSize {
                        let size = blockStreams[stratum].nextBlock()
                        positions[stratum] = 0
                        var from = size - 1
                        while from > 0 && blockStreams[stratum].block[from - 1] == blockStreams[stratum].block[size - 1] {
                            from -= 1
                        }
                        forcedFrom[stratum] = from
                    }
                    arm = blockStreams[stratum].block[positions[stratum]]
                    forced = positions[stratum] >= forcedFrom[stratum]
                    positions[stratum] += 1
                } else {
                    arm = completeStreams[stratum].nextArm()
                    forced = false
                }
            case let .minimization(minimization):
                var generator = minimizationKeys[participant].generator(seed: listSeed)
                let choice = minimization.choose(levels: stratumLevels[stratum], tally: tally!, generator: &generator)
                tally!.record(levels: stratumLevels[stratum], arm: choice.arm)
                arm = choice.arm
                forced = choice.deterministic
            }

            let credit = stratumCounts[base + arm] == fewest ? 1 / Double(tied) : 0
            outcome.correctGuesses += credit
            if forced { outcome.forced += 1 }
            if certain { outcome.certain += 1 }
            if !observers.isEmpty { observers[stratum].append(arm) }
            stratumCounts[base + arm] += unitWeights[arm]
            overall[arm] += unitWeights[arm]
            largest = max(largest, spread(overall, from: 0, count: armCount))
            largestInStratum = max(largestInStratum, spread(stratumCounts, from: base, count: armCount))
            recorder?(SimulatedAllocation(stratum: stratum, arm: arm, forced: forced, certain: certain,
                                          guessCredit: credit))
        }
        outcome.largestImbalance = Double(largest) / unitScale
        outcome.largestStratumImbalance = Double(largestInStratum) / unitScale
        outcome.finalImbalance = Double(spread(overall, from: 0, count: armCount)) / unitScale
        outcome.finalImbalanceByStratum = (0..<strataCount).map {
            Double(spread(stratumCounts, from: $0 * armCount, count: armCount)) / unitScale
        }
        return outcome
    }
}

/// max − min of `counts[from ..< from + count]` (scaled counts, so this is the imbalance times L).
@inline(__always)
private func spread(_ counts: [Int], from: Int, count: Int) -> Int {
    var low = counts[from], high = counts[from]
    for k in from + 1 ..< from + count {
        low = min(low, counts[k]); high = max(high, counts[k])
    }
    return high - low
}

func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int { b == 0 ? a : greatestCommonDivisor(b, a % b) }
