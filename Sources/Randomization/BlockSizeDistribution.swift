import TrialCore

/// Block sizes with their probabilities, validated against the arms' ratio sum R: every size is a
/// positive multiple of R (so a complete block holds r_k · b / R participants of arm k), sizes
/// are distinct, probabilities lie in (0, 1] and sum to 1 within 1e-9.
public struct BlockSizeDistribution: Sendable, Equatable {
    public let sizes: [Int]
    public let probabilities: [Double]

    /// Tolerance on |Σ probabilities − 1|.
    public static let probabilitySumTolerance = 1e-9

    public init(_ blockSizes: [BlockSize], ratioSum: Int) throws(RandomizationError) {
        guard !blockSizes.isEmpty else { throw .noBlockSizes }
        var seen = Set<Int>()
        var sum = 0.0
        for entry in blockSizes {
            guard seen.insert(entry.size).inserted else { throw .duplicateBlockSize(entry.size) }
            guard entry.size > 0, entry.size % ratioSum == 0 else {
                throw .blockSizeNotMultipleOfRatio(size: entry.size, ratioSum: ratioSum)
            }
            guard entry.probability.isFinite, entry.probability > 0, entry.probability <= 1 else {
                throw .invalidBlockProbability(size: entry.size, probability: entry.probability)
            }
            sum += entry.probability
        }
        guard abs(sum - 1) <= Self.probabilitySumTolerance else { throw .blockProbabilitiesDoNotSumToOne(sum) }
        sizes = blockSizes.map(\.size)
        probabilities = blockSizes.map(\.probability)
    }

    /// Equal probabilities over `sizes`, e.g. {2, 4, 6} each with probability 1/3.
    public static func uniform(_ sizes: [Int], ratioSum: Int) throws(RandomizationError) -> BlockSizeDistribution {
        try BlockSizeDistribution(sizes.map { BlockSize(size: $0, probability: 1 / Double(sizes.count)) },
                                  ratioSum: ratioSum)
    }

    /// b_max, the largest size.
    public var maximum: Int { sizes.max()! }

    /// E[b] = Σ π_b b.
    public var meanSize: Double { zip(sizes, probabilities).reduce(0) { $0 + Double($1.0) * $1.1 } }

    /// "{2:0.25, 4:0.5, 6:0.25}".
    public var summary: String {
        "{" + zip(sizes, probabilities).map { "\($0):\($1)" }.joined(separator: ", ") + "}"
    }
}
