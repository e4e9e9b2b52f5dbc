import Foundation
import Testing
import TrialCore
import TrialSpec
@testable import TrialSimulation

/// Without allocations, the simulator allocates by the protocol's own scheme.
@Suite struct RosterTests {
    /// example-3arm.yaml with Pocock–Simon minimization over site and severity instead of blocks.
    static func minimizationProtocol() throws -> TrialProtocol {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("protocols/example-3arm.yaml"), encoding: .utf8)
        let blocks = """
          method: permuted-blocks
          block_sizes:
            - {size: 3, probability: 0.5}
            - {size: 6, probability: 0.5}
        """
        #expect(text.contains(blocks))
        let edited = text.replacingOccurrences(of: blocks, with: """
          method: minimization
          minimization: {probability: 0.9, measure: range, weights: {site: 1, severity: 1}}
        """)
        let path = NSTemporaryDirectory() + "trialkit-min-\(UUID().uuidString).yaml"
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        return try ProtocolLoader.load(path: path).spec
    }

    /// Minimization with p = 0.9 keeps every factor level's arms within a few of each other
    /// (complete randomization of ~30 per level would often differ by 8 or more).
    @Test func minimizationBalancesEveryFactorLevel() throws {
        let trial = try Self.minimizationProtocol()
        let settings = SimulationSettings(participants: 180, seed: 8)
        let roster = try Roster.simulate(trial, settings: settings, streams: RandomStreams(seed: 8))
        for (f, factor) in trial.stratification.enumerated() {
            for level in factor.levels.indices {
                var counts = [0, 0, 0]
                for p in roster.participants where p.levels[f] == level { counts[p.arm] += 1 }
                #expect(counts.max()! - counts.min()! <= 3, "\(factor.name) \(factor.levels[level]): \(counts)")
            }
        }
        let again = try Roster.simulate(trial, settings: settings, streams: RandomStreams(seed: 8))
        #expect(again.participants == roster.participants)
    }

    /// Permuted blocks: within each stratum, every complete block is balanced, so arms differ by
    /// at most half the largest block (3 of 6) per stratum.
    @Test func permutedBlocksBalanceEveryStratum() throws {
        let trial = try loadProtocol("example-3arm.yaml")
        let roster = try Roster.simulate(trial, settings: SimulationSettings(participants: 300, seed: 2), streams: RandomStreams(seed: 2))
        var counts: [[Int]: [Int]] = [:]
        for p in roster.participants { counts[p.levels, default: [0, 0, 0]][p.arm] += 1 }
        for (levels, perArm) in counts { #expect(perArm.max()! - perArm.min()! <= 4, "\(levels): \(perArm)") }
    }
}
