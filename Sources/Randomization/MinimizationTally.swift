/// One earlier allocation: the participant's level index for every factor, and the arm.
public struct MinimizationRecord: Sendable, Equatable {
    public var levels: [Int]
    public var arm: Int
    public init(levels: [Int], arm: Int) { self.levels = levels; self.arm = arm }
}

/// The marginal counts x_{i,l,k} (participants with level l of factor i on arm k), updated in O(M)
/// per allocation.
public struct MinimizationTally: Sendable, Equatable {
    public let factorLevels: [Int]
    public let armCount: Int
    private let offsets: [Int]
    private var counts: [Int]
    /// Participants recorded so far.
    public private(set) var total = 0

    public init(design: MinimizationDesign) {
        factorLevels = design.factors.factors.map(\.levels.count)
        armCount = design.arms.count
        var offsets: [Int] = [], next = 0
        for levels in factorLevels {
            offsets.append(next)
            next += levels * armCount
        }
        self.offsets = offsets
        counts = [Int](repeating: 0, count: next)
    }

    /// The tally of `history`, after checking every row.
    public init(design: MinimizationDesign, history: [MinimizationRecord]) throws(RandomizationError) {
        self.init(design: design)
        for row in history {
            try validate(levels: row.levels, design: design)
            guard row.arm >= 0, row.arm < armCount else { throw .armOutOfRange(index: row.arm, arms: armCount) }
            record(levels: row.levels, arm: row.arm)
        }
    }

    /// x_{factor, level, arm}.
    public func count(factor: Int, level: Int, arm: Int) -> Int {
        counts[offsets[factor] + level * armCount + arm]
    }

    /// Adds one participant (levels and arm must be valid for the design).
    public mutating func record(levels: [Int], arm: Int) {
        for (factor, level) in levels.enumerated() {
            counts[offsets[factor] + level * armCount + arm] += 1
        }
        total += 1
    }

    func validate(levels: [Int], design: MinimizationDesign) throws(RandomizationError) {
        guard levels.count == factorLevels.count else {
            throw .levelCountMismatch(expected: factorLevels.count, got: levels.count)
        }
        for (factor, level) in levels.enumerated() where level < 0 || level >= factorLevels[factor] {
            throw .levelOutOfRange(factor: design.factors.factors[factor].name, index: level,
                                   levels: factorLevels[factor])
        }
    }
}
