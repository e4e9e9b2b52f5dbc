/// A design to assess by simulation.
public enum AssessedDesign: Sendable, Equatable {
    /// Permuted blocks or complete randomization, allocated from per-stratum lists.
    case list(ListDesign)
    /// Minimization over the design's factors; strata are the combinations of their levels.
    case minimization(MinimizationDesign)

    var arms: ArmSet {
        switch self {
        case let .list(design): design.arms
        case let .minimization(design): design.arms
        }
    }

    var strata: StratumLayout {
        switch self {
        case let .list(design): design.strata
        case let .minimization(design): design.factors
        }
    }
}

/// How many trials to simulate and how participants arrive.
public struct AssessmentSettings: Sendable, Equatable {
    /// N, participants per simulated trial.
    public var participants: Int
    /// R, simulated trials.
    public var replicates: Int
    /// P(a participant belongs to stratum s), in ``StratumLayout`` order; nil for equal probabilities.
    public var stratumProbabilities: [Double]?
    public var seed: UInt64
    public var algorithmVersion: String

    public init(participants: Int, replicates: Int, stratumProbabilities: [Double]? = nil, seed: UInt64,
                algorithmVersion: String = AlgorithmVersion.current) {
        self.participants = participants; self.replicates = replicates
        self.stratumProbabilities = stratumProbabilities; self.seed = seed
        self.algorithmVersion = algorithmVersion
    }

    /// The list seed of simulated trial `replicate` (0-based): the first output of stream
    /// ["assessment-replicate", replicate] under `seed`. For list designs, trial `replicate`
    /// allocates exactly from `AllocationList.generate(design:, slotsPerStratum:, seed: replicateSeed)`.
    public func replicateSeed(_ replicate: Int) -> UInt64 {
        var generator = StreamKey(["assessment-replicate", String(replicate)]).generator(seed: seed)
        return generator.next()
    }

    /// The arrival stream of simulated trial `replicate`: one stratum draw per participant, uniform
    /// (bounded draw) or by ``stratumProbabilities`` (unit double).
    func arrivalGenerator(_ replicate: Int) -> Xoshiro256StarStar {
        StreamKey(["assessment-arrivals", String(replicate)]).generator(seed: seed)
    }

    func validate(strata: Int) throws(RandomizationError) {
        try AlgorithmVersion.require(algorithmVersion)
        guard participants > 0 else { throw .nonPositiveCount(name: "Participants per trial", value: participants) }
        guard replicates > 0 else { throw .nonPositiveCount(name: "Simulated trials", value: replicates) }
        guard strata <= 100_000 else { throw .tooManyStrata(strata) }
        guard let probabilities = stratumProbabilities else { return }
        guard probabilities.count == strata else {
            throw .stratumProbabilityCountMismatch(strata: strata, probabilities: probabilities.count)
        }
        guard probabilities.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw .invalidStratumProbabilities("a value is negative or not finite")
        }
        let sum = probabilities.reduce(0, +)
        guard abs(sum - 1) <= BlockSizeDistribution.probabilitySumTolerance else {
            throw .invalidStratumProbabilities("they sum to \(sum)")
        }
    }
}
