import Testing
import TrialCore
@testable import Randomization

/// The design assessment against exact results for fixed blocks and complete randomization.
@Suite struct AssessmentTests {
    /// Exact distribution, by enumeration of all C(b, b/2) equiprobable orders of a 1:1 block, of
    /// F_b = (convergence-strategy correct guesses in the block, ties scoring ½) − b/2, and of the
    /// number of forced allocations (the rest of the block all one arm).
    static func enumerateBlock(_ b: Int) -> (meanExcess: Double, varianceExcess: Double,
                                             meanForced: Double, varianceForced: Double) {
        var excess: [Double] = [], forced: [Double] = []
        for mask in 0..<(1 << b) where mask.nonzeroBitCount == b / 2 {
            let arms = (0..<b).map { (mask >> $0) & 1 }
            var a = 0, correct = 0.0, forcedCount = 0
            for (i, arm) in arms.enumerated() {
                let bCount = i - a
                correct += a == bCount ? 0.5 : ((a < bCount) == (arm == 0) ? 1 : 0)
                if Set(arms[i...]).count == 1 { forcedCount += 1 }
                if arm == 0 { a += 1 }
            }
            excess.append(correct - Double(b) / 2)
            forced.append(Double(forcedCount))
        }
        func moments(_ x: [Double]) -> (Double, Double) {
            let mean = x.reduce(0, +) / Double(x.count)
            return (mean, x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count))
        }
        let (me, ve) = moments(excess), (mf, vf) = moments(forced)
        return (me, ve, mf, vf)
    }

    static func fixedBlockDesign(_ b: Int) throws -> AssessedDesign {
        .list(try ListDesign.permutedBlocks(arms: TestSupport.twoArms, factors: [],
                                            blockSizes: [BlockSize(size: b, probability: 1)]))
    }

    /// Blackwell & Hodges (1957): the expected excess of correct guesses per block of size b is
    /// ½(2^b / C(b, b/2) − 1) (b = 2: 1/2, 4: 5/6, 6: 11/10). One stratum of N = k·b participants
    /// holds k complete blocks, each starting balanced (a tie), so a trial's excess is a sum of k
    /// i.i.d. F_b and the estimate (rate − ½)·N/k has standard error √(Var F_b / (k R)), with
    /// Var F_b exact from enumeration. Accept within 4 standard errors. Forced allocations: b/(b/2+1)
    /// per block; with one size the observer's certain allocations are exactly the forced ones.
    @Test(arguments: [2, 4, 6]) func fixedBlockPredictabilityMatchesTheory(b: Int) throws {
        let exact = Self.enumerateBlock(b)
        let formula = 0.5 * (pow2(b) / TestSupport.binomial(b, b / 2) - 1)
        #expect(abs(exact.meanExcess - formula) < 1e-12)
        #expect(abs(exact.meanForced - Double(b) / Double(b / 2 + 1)) < 1e-12)

        let k = 10, replicates = 2000
        let settings = AssessmentSettings(participants: k * b, replicates: replicates, seed: UInt64(100 + b))
        let report = try DesignAssessment.run(design: Self.fixedBlockDesign(b), settings: settings)
        let blocks = Double(k * replicates)
        let excessPerBlock = (report.correctGuessRate - 0.5) * Double(k * b) / Double(k)
        #expect(abs(excessPerBlock - formula) <= 4 * (exact.varianceExcess / blocks).squareRoot(),
                "b = \(b): simulated \(excessPerBlock), theory \(formula)")
        let forcedPerBlock = report.forcedShare * Double(b)
        #expect(abs(forcedPerBlock - exact.meanForced) <= 4 * (exact.varianceForced / blocks).squareRoot())
        #expect(report.certainShare == report.forcedShare)
        #expect(report.largestStratumImbalance.maximum <= Double(b / 2))
        #expect(report.finalImbalance.maximum == 0, "N is a multiple of b, so every trial ends balanced")
    }

    /// Random sizes make certainty rarer than forcing: with sizes {2, 4, 6} an observer knowing the
    /// set is certain less often than one knowing each block's size.
    @Test func randomSizesReduceCertainPrediction() throws {
        let design = AssessedDesign.list(try ListDesign.permutedBlocks(
            arms: TestSupport.twoArms, factors: [],
            blockSizes: [2, 4, 6].map { BlockSize(size: $0, probability: 1.0 / 3) }))
        let report = try DesignAssessment.run(design: design,
                                              settings: AssessmentSettings(participants: 60, replicates: 500, seed: 3))
        let certain = try #require(report.certainShare)
        #expect(certain > 0 && certain < report.forcedShare / 4)
    }

    /// Complete randomization: guesses are independent of the allocation, so the expected rate is ½;
    /// nothing is forced; |D_N| of 1:1 coin flips has E D² = N.
    @Test func completeRandomizationIsUnpredictable() throws {
        let design = AssessedDesign.list(try ListDesign.complete(arms: TestSupport.twoArms, factors: []))
        let report = try DesignAssessment.run(design: design,
                                              settings: AssessmentSettings(participants: 50, replicates: 2000, seed: 8))
        #expect(abs(report.correctGuessRate - 0.5) <= 4 * report.correctGuessStandardError)
        #expect(report.forcedShare == 0)
        #expect(report.certainShare == nil)
        // E D⁴ = 3N² − 2N for a simple random walk, so Var(D²) = 2N² − 2N; 2000 trials of N = 50.
        let sd = ((2 * 2500.0 - 100) / 2000).squareRoot()
        #expect(abs(report.finalImbalance.meanSquare - 50) <= 4 * sd)
    }

    /// A simulated trial allocates exactly from the list generated with its replicate seed.
    @Test func simulationUsesTheGeneratedLists() throws {
        let listDesign = try ListDesign.permutedBlocks(
            arms: TestSupport.twoArms, factors: [StratificationFactor(name: "site", levels: ["N", "S", "W"])],
            blockSizes: [2, 4, 6].map { BlockSize(size: $0, probability: 1.0 / 3) })
        let settings = AssessmentSettings(participants: 90, replicates: 3, stratumProbabilities: [0.5, 0.3, 0.2], seed: 77)
        var simulator = try TrialSimulator(design: .list(listDesign), settings: settings)
        nonisolated(unsafe) var seen: [[Int]] = [[], [], []]
        simulator.recorder = { seen[$0.stratum].append($0.arm) }
        _ = simulator.run(replicate: 2)
        let list = try AllocationList.generate(design: listDesign, slotsPerStratum: 90, seed: settings.replicateSeed(2))
        for s in 0..<3 {
            #expect(!seen[s].isEmpty)
            #expect(seen[s] == Array(list.slots(inStratum: s).map(\.arm).prefix(seen[s].count)))
        }
        #expect(seen[0].count > seen[2].count, "arrivals follow the stratum probabilities")
    }

    @Test func progressIsReportedAndResultsAreDeterministic() throws {
        let design = try Self.fixedBlockDesign(4)
        let settings = AssessmentSettings(participants: 20, replicates: 250, seed: 1)
        nonisolated(unsafe) var calls: [Int] = []
        let first = try DesignAssessment.run(design: design, settings: settings) { done, total in
            #expect(total == 250)
            calls.append(done)
        }
        #expect(calls.last == 250)
        #expect(calls == calls.sorted() && calls.count >= 100)
        #expect(try DesignAssessment.run(design: design, settings: settings) == first)
        #expect(throws: RandomizationError.stratumProbabilityCountMismatch(strata: 1, probabilities: 2)) {
            try DesignAssessment.run(design: design, settings: AssessmentSettings(
                participants: 20, replicates: 1, stratumProbabilities: [0.5, 0.5], seed: 1))
        }
    }

    /// Type-7 quantiles as R: quantile(1:10, c(.5, .9, .99)) = 5.5, 9.1, 9.91.
    @Test func summaryQuantilesMatchR() {
        let summary = ImbalanceSummary(values: (1...10).map(Double.init).reversed())
        #expect(summary.median == 5.5)
        #expect(abs(summary.percentile90 - 9.1) < 1e-12)
        #expect(abs(summary.percentile99 - 9.91) < 1e-12)
        #expect(summary.maximum == 10 && summary.mean == 5.5)
        #expect(summary.exceedance(atLeast: 8) == 0.3)
    }
}

private func pow2(_ b: Int) -> Double { Double(1 << b) }
