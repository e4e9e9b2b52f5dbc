import TrialCore

/// A design whose allocations can be generated in advance as a list: permuted blocks or complete
/// (simple) randomization, each with a separate list per stratum.
public struct ListDesign: Sendable, Equatable {
    public enum Method: Sendable, Equatable {
        /// Permuted blocks whose sizes are drawn independently from the distribution.
        case permutedBlocks(BlockSizeDistribution)
        /// Each slot independently arm k with probability r_k / R.
        case complete
    }

    public let arms: ArmSet
    public let strata: StratumLayout
    public let method: Method

    public init(arms: ArmSet, strata: StratumLayout, method: Method) {
        self.arms = arms; self.strata = strata; self.method = method
    }

    /// Stratified permuted blocks with random sizes.
    public static func permutedBlocks(arms: [Arm], factors: [StratificationFactor],
                                      blockSizes: [BlockSize]) throws(RandomizationError) -> ListDesign {
        let armSet = try ArmSet(arms)
        return ListDesign(arms: armSet, strata: try StratumLayout(factors),
                          method: .permutedBlocks(try BlockSizeDistribution(blockSizes, ratioSum: armSet.ratioSum)))
    }

    /// Complete randomization with ratio weights, one list per stratum.
    public static func complete(arms: [Arm], factors: [StratificationFactor]) throws(RandomizationError) -> ListDesign {
        ListDesign(arms: try ArmSet(arms), strata: try StratumLayout(factors), method: .complete)
    }

    /// The list design a protocol names (its arms, stratification factors and randomization
    /// scheme); refuses minimization, which allocates from the history instead of a list.
    public init(protocol trial: TrialProtocol) throws(RandomizationError) {
        switch trial.randomization.method {
        case .permutedBlocks:
            self = try .permutedBlocks(arms: trial.arms, factors: trial.stratification,
                                       blockSizes: trial.randomization.blockSizes)
        case .complete:
            self = try .complete(arms: trial.arms, factors: trial.stratification)
        case .minimization:
            throw .notAListMethod(trial.randomization.method.rawValue)
        }
    }

    /// The block-size distribution, or nil for complete randomization.
    public var blockSizes: BlockSizeDistribution? {
        if case let .permutedBlocks(distribution) = method { return distribution }
        return nil
    }

    /// Short scheme name used in file names and exports.
    public var schemeName: String { blockSizes == nil ? "complete" : "permuted-blocks" }
}
