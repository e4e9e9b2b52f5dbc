/// One row of a pre-generated allocation list.
public struct AllocationSlot: Sendable, Equatable {
    /// Stratum index (0-based, ``StratumLayout`` order).
    public var stratum: Int
    /// Position within the stratum's list, 1, 2, 3, …: the n-th participant of the stratum takes slot n.
    public var sequence: Int
    /// Block number within the stratum (1-based); nil for complete randomization.
    public var block: Int?
    public var blockSize: Int?
    /// Position within the block (1-based).
    public var positionInBlock: Int?
    /// Arm index (0-based, protocol order).
    public var arm: Int

    public init(stratum: Int, sequence: Int, block: Int?, blockSize: Int?, positionInBlock: Int?, arm: Int) {
        self.stratum = stratum; self.sequence = sequence; self.block = block
        self.blockSize = blockSize; self.positionInBlock = positionInBlock; self.arm = arm
    }
}

/// A complete allocation list: a pure function of (design, slots per stratum, seed, algorithm
/// version). Slots are ordered by stratum, then sequence.
public struct AllocationList: Sendable, Equatable {
    public let design: ListDesign
    /// The minimum list length per stratum; permuted-block lists end with a complete block, so a
    /// stratum may hold up to b_max − 1 more slots (as Sealed Envelope's lists do).
    public let slotsPerStratum: Int
    public let seed: UInt64
    public let algorithmVersion: String
    public let slots: [AllocationSlot]

    /// Generates the list. Stratum s uses the stream ``StratumLayout/streamKey(ofStratum:)`` under
    /// `seed`, so each stratum's list depends only on (its factor and level names, design, seed).
    public static func generate(design: ListDesign, slotsPerStratum: Int, seed: UInt64,
                                algorithmVersion: String = AlgorithmVersion.current)
        throws(RandomizationError) -> AllocationList
    {
        try AlgorithmVersion.require(algorithmVersion)
        guard slotsPerStratum > 0 else { throw .nonPositiveCount(name: "Slots per stratum", value: slotsPerStratum) }
        let keys = try design.strata.streamKeys()
        var slots: [AllocationSlot] = []
        slots.reserveCapacity(design.strata.count * slotsPerStratum)
        for (stratum, key) in keys.enumerated() {
            let generator = key.generator(seed: seed)
            switch design.method {
            case let .permutedBlocks(distribution):
                var stream = PermutedBlockStream(distribution: distribution, arms: design.arms, generator: generator)
                var sequence = 0, blockNumber = 0
                while sequence < slotsPerStratum {
                    let size = stream.nextBlock()
                    blockNumber += 1
                    for position in 0..<size {
                        sequence += 1
                        slots.append(AllocationSlot(stratum: stratum, sequence: sequence, block: blockNumber,
                                                    blockSize: size, positionInBlock: position + 1,
                                                    arm: stream.block[position]))
                    }
                }
            case .complete:
                var stream = CompleteRandomizationStream(arms: design.arms, generator: generator)
                for sequence in 1...slotsPerStratum {
                    slots.append(AllocationSlot(stratum: stratum, sequence: sequence, block: nil, blockSize: nil,
                                                positionInBlock: nil, arm: stream.nextArm()))
                }
            }
        }
        return AllocationList(design: design, slotsPerStratum: slotsPerStratum, seed: seed,
                              algorithmVersion: algorithmVersion, slots: slots)
    }

    /// The slots of one stratum, in sequence order.
    public func slots(inStratum stratum: Int) -> [AllocationSlot] { slots.filter { $0.stratum == stratum } }

    /// Every structural rule a list must satisfy (see ``ListInvariants``); empty when the list is sound.
    public func checkInvariants() -> [ListInvariantViolation] {
        ListInvariants.check(slots: slots, design: design, slotsPerStratum: slotsPerStratum)
    }
}
