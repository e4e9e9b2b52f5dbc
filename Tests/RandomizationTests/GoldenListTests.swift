import Foundation
import Testing
import TrialCore
@testable import Randomization

/// Golden lists: 3 schemes × 2 seeds, byte for byte. With TRIALKIT_RECORD_GOLDEN=1 the files are
/// rewritten and the test FAILS, so recording can never pass silently. The permuted-block and
/// complete lists are also reproduced by the independent `prng_reference.py --check`.
/// Parameters here must match prng_reference.py and fixtures/randomization/README.md.
@Suite struct GoldenListTests {
    static let seeds: [UInt64] = [20_240_917, 7]

    static func blockDesign() throws -> ListDesign {
        try ListDesign.permutedBlocks(
            arms: TestSupport.arms([("PEER", 1), ("SAU", 1)]),
            factors: [StratificationFactor(name: "site", levels: ["North", "South", "West"]),
                      StratificationFactor(name: "sex", levels: ["female", "male"])],
            blockSizes: [BlockSize(size: 2, probability: 0.25), BlockSize(size: 4, probability: 0.5),
                         BlockSize(size: 6, probability: 0.25)])
    }

    static func completeDesign() throws -> ListDesign {
        try ListDesign.complete(arms: TestSupport.arms([("A", 2), ("B", 1)]),
                                factors: [StratificationFactor(name: "site", levels: ["North", "South"])])
    }

    static func minimizationDesign() throws -> MinimizationDesign {
        try MinimizationDesign(
            arms: TestSupport.arms([("A", 1), ("B", 1)]),
            factors: [StratificationFactor(name: "sex", levels: ["female", "male"]),
                      StratificationFactor(name: "age", levels: ["18-39", "40-59", "60+"]),
                      StratificationFactor(name: "site", levels: ["North", "South", "West"])],
            weights: [1, 1, 2], measure: .range, preferredProbability: 0.8)
    }

    @Test(arguments: seeds) func permutedBlocks(seed: UInt64) throws {
        let list = try AllocationList.generate(design: Self.blockDesign(), slotsPerStratum: 20, seed: seed)
        #expect(list.checkInvariants().isEmpty)
        try compareOrRecord("permuted-blocks-seed\(seed).csv", AllocationListCSV.render(list))
    }

    @Test(arguments: seeds) func complete(seed: UInt64) throws {
        let list = try AllocationList.generate(design: Self.completeDesign(), slotsPerStratum: 30, seed: seed)
        #expect(list.checkInvariants().isEmpty)
        try compareOrRecord("complete-seed\(seed).csv", AllocationListCSV.render(list))
    }

    /// 60 participants whose levels come from the stream ["golden-participants"] (one bounded draw per
    /// factor, in factor order); allocation n uses the stream ``StreamKey/minimization(sequence:)``.
    @Test(arguments: seeds) func minimization(seed: UInt64) throws {
        let design = try Self.minimizationDesign()
        var participants = StreamKey(["golden-participants"]).generator(seed: seed)
        var tally = MinimizationTally(design: design)
        let codes = design.arms.arms.map(\.code)
        var lines = ["sequence,sex,age,site,arm,score_A,score_B,preferred,probability,deterministic"]
        for sequence in 1...60 {
            let levels = design.factors.factors.map { participants.nextIndex(below: $0.levels.count) }
            var generator = StreamKey.minimization(sequence: sequence).generator(seed: seed)
            let decision = try design.allocate(levels: levels, tally: tally, generator: &generator)
            tally.record(levels: levels, arm: decision.arm)
            let names = zip(design.factors.factors, levels).map { $0.levels[$1] }
            lines.append(([String(sequence)] + names + [codes[decision.arm]]
                + decision.scores.map { String(format: "%.6f", $0.total) }
                + [decision.preferredArms.map { codes[$0] }.joined(separator: "|"),
                   String(format: "%.6f", decision.probabilities[decision.arm]), String(decision.deterministic)])
                .joined(separator: ","))
        }
        try compareOrRecord("minimization-seed\(seed).csv", lines.joined(separator: "\n") + "\n")
    }

    /// Compares `text` with the stored file, or records it (and fails) when TRIALKIT_RECORD_GOLDEN=1.
    func compareOrRecord(_ name: String, _ text: String) throws {
        let url = TestSupport.fixtures.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["TRIALKIT_RECORD_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("Recorded \(name); unset TRIALKIT_RECORD_GOLDEN and run the tests again to compare.")
            return
        }
        guard let stored = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("Golden file \(name) is missing; run the tests once with TRIALKIT_RECORD_GOLDEN=1.")
            return
        }
        if stored != text {
            let a = stored.split(separator: "\n", omittingEmptySubsequences: false)
            let b = text.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record("\(name) differs from the generated list at line \(line + 1): stored \"\(line < a.count ? a[line] : "<end>")\", generated \"\(line < b.count ? b[line] : "<end>")\".")
        }
    }
}
