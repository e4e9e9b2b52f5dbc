import Testing
import TrialCore
@testable import Randomization

/// Distributional and structural properties of permuted-block lists over many seeds.
@Suite struct BlockListPropertyTests {
    static let seedCount = 10_000
    static let sizes = [BlockSize(size: 2, probability: 0.2), BlockSize(size: 4, probability: 0.5),
                        BlockSize(size: 6, probability: 0.3)]

    static func design() throws -> ListDesign {
        try ListDesign.permutedBlocks(arms: TestSupport.twoArms,
                                      factors: [StratificationFactor(name: "site", levels: ["N", "S"])],
                                      blockSizes: sizes)
    }

    /// Over 10,000 seeds (2 strata × ≥ 40 slots): invariants hold, |#A − #B| ≤ b_max/2 = 3 at every
    /// point of every stratum, P(A) at each position of each block size is ½ within the 99.9%
    /// normal-approximation binomial interval n/2 ± 3.2905 √(n/4), and block sizes follow their
    /// probabilities (χ², 2 df, α = 0.001).
    @Test func invariantsAndDistributionsOverTenThousandSeeds() throws {
        let design = try Self.design()
        let sizes = Self.sizes.map(\.size)
        var sizeCounts = [Int](repeating: 0, count: sizes.count)
        var armACounts = sizes.map { [Int](repeating: 0, count: $0) }
        var violations = 0, worstImbalance = 0
        for seed in 1...UInt64(Self.seedCount) {
            let list = try AllocationList.generate(design: design, slotsPerStratum: 40, seed: seed)
            violations += list.checkInvariants().count
            var difference = [0, 0]
            for slot in list.slots {
                difference[slot.stratum] += slot.arm == 0 ? 1 : -1
                worstImbalance = max(worstImbalance, abs(difference[slot.stratum]))
                let s = sizes.firstIndex(of: slot.blockSize!)!
                if slot.positionInBlock == 1 { sizeCounts[s] += 1 }
                if slot.arm == 0 { armACounts[s][slot.positionInBlock! - 1] += 1 }
            }
        }
        #expect(violations == 0)
        #expect(worstImbalance <= 3)
        #expect(worstImbalance == 3, "b_max/2 = 3 is reachable and should occur over 10,000 lists")

        for (s, size) in sizes.enumerated() {
            let n = Double(sizeCounts[s])
            let halfWidth = TestSupport.z999TwoSided * (n / 4).squareRoot()
            for position in 0..<size {
                #expect(abs(Double(armACounts[s][position]) - n / 2) <= halfWidth,
                        "size \(size), position \(position + 1): \(armACounts[s][position]) of \(Int(n))")
            }
        }
        let blocks = Double(sizeCounts.reduce(0, +))
        let chi = TestSupport.chiSquare(observed: sizeCounts, expected: Self.sizes.map { $0.probability * blocks })
        #expect(chi < TestSupport.chiSquareCritical(df: 2), "block sizes \(sizeCounts), χ² = \(chi)")
    }

    /// All C(6, 3) = 20 orders of a 6-block are equally likely (χ², 19 df, α = 0.001).
    @Test func blockOrdersAreEquiprobable() throws {
        let distribution = try BlockSizeDistribution([BlockSize(size: 6, probability: 1)], ratioSum: 2)
        var stream = PermutedBlockStream(distribution: distribution, arms: try ArmSet(TestSupport.twoArms),
                                         generator: Xoshiro256StarStar(seed: 5))
        var orders = [[Int]: Int]()
        let blocks = 40_000
        for _ in 0..<blocks {
            stream.nextBlock()
            orders[Array(stream.block[0..<6]), default: 0] += 1
        }
        #expect(orders.count == 20)
        let chi = TestSupport.chiSquare(observed: Array(orders.values),
                                        expected: [Double](repeating: Double(blocks) / 20, count: 20))
        #expect(chi < TestSupport.chiSquareCritical(df: 19))
    }

    /// Unequal and multi-arm ratios: complete blocks hold r_k·b/R of arm k, and P(arm) = r_k/R.
    @Test(arguments: [[("A", 2), ("B", 1)], [("A", 1), ("B", 1), ("C", 1)]])
    func ratiosAreKeptInEveryBlock(spec: [(String, Int)]) throws {
        let arms = TestSupport.arms(spec)
        let ratioSum = spec.reduce(0) { $0 + $1.1 }
        let design = try ListDesign.permutedBlocks(
            arms: arms, factors: [], blockSizes: [BlockSize(size: ratioSum, probability: 0.5),
                                                  BlockSize(size: 2 * ratioSum, probability: 0.5)])
        var counts = [Int](repeating: 0, count: arms.count)
        for seed in 1...UInt64(1000) {
            let list = try AllocationList.generate(design: design, slotsPerStratum: 30, seed: seed)
            #expect(list.checkInvariants().isEmpty)
            for slot in list.slots.prefix(30) { counts[slot.arm] += 1 }
        }
        let total = Double(counts.reduce(0, +))
        for (k, (_, ratio)) in spec.enumerated() {
            let p = Double(ratio) / Double(ratioSum)
            #expect(abs(Double(counts[k]) / total - p) <= 4 * (p * (1 - p) / total).squareRoot())
        }
    }

    /// Complete randomization 2:1: P(A) = 2/3 within 4 standard errors over 30,000 draws.
    @Test func completeRandomizationFollowsTheRatio() throws {
        let design = try ListDesign.complete(arms: TestSupport.arms([("A", 2), ("B", 1)]), factors: [])
        let list = try AllocationList.generate(design: design, slotsPerStratum: 30_000, seed: 11)
        #expect(list.checkInvariants().isEmpty)
        let share = Double(list.slots.filter { $0.arm == 0 }.count) / 30_000
        #expect(abs(share - 2.0 / 3) <= 4 * (2.0 / 9 / 30_000).squareRoot())
    }
}
