/// The allocation stream of one stratum for permuted blocks with random sizes.
///
/// Each block: one unit double chooses the size b from the distribution
/// (``Xoshiro256StarStar/nextIndex(probabilities:)``, always drawn, even for a single size);
/// the block is the template arm 0 repeated r_0·b/R times, then arm 1 repeated r_1·b/R times, …;
/// a Fisher–Yates shuffle (b − 1 bounded draws) permutes it, so all multinomial orders are equally
/// likely (C(b, b/2) for two arms 1:1).
public struct PermutedBlockStream: Sendable {
    public let distribution: BlockSizeDistribution
    public let ratios: [Int]
    private let ratioSum: Int
    private var generator: Xoshiro256StarStar
    /// The current block's arms in allocation order; valid in `0 ..< blockSize`.
    public private(set) var block: [Int]
    public private(set) var blockSize = 0

    public init(distribution: BlockSizeDistribution, arms: ArmSet, generator: Xoshiro256StarStar) {
        self.distribution = distribution
        ratios = arms.ratios
        ratioSum = arms.ratioSum
        self.generator = generator
        block = [Int](repeating: 0, count: distribution.maximum)
    }

    /// Draws the next block into ``block`` and returns its size.
    @discardableResult
    public mutating func nextBlock() -> Int {
        let size = distribution.sizes[generator.nextIndex(probabilities: distribution.probabilities)]
        let multiple = size / ratioSum
        var position = 0
        for (arm, ratio) in ratios.enumerated() {
            for _ in 0..<(ratio * multiple) {
                block[position] = arm
                position += 1
            }
        }
        generator.shuffle(&block, count: size)
        blockSize = size
        return size
    }
}

/// The allocation stream of one stratum for complete randomization: each allocation is one
/// bounded draw over the ratio weights (``Xoshiro256StarStar/nextIndex(weights:)``).
public struct CompleteRandomizationStream: Sendable {
    public let ratios: [Int]
    private var generator: Xoshiro256StarStar

    public init(arms: ArmSet, generator: Xoshiro256StarStar) {
        ratios = arms.ratios
        self.generator = generator
    }

    public mutating func nextArm() -> Int { generator.nextIndex(weights: ratios) }
}
