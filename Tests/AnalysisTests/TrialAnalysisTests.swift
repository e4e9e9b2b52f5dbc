import Foundation
import Testing
import TrialCore
@testable import Analysis

/// The whole plan on the simulated trial: the report's counts and descriptive statistics,
/// against the numbers make_peer_analysis.R computed from its own scores.
@Suite struct TrialAnalysisTests {
    /// Means, SDs and t intervals of the same values, summed in a different order.
    static let descriptiveTolerance = 1e-12

    @Test func reportInputsMatchR() throws {
        let input = try PeerFixture.input()
        let refs = try PeerFixture.references()
        let result = try TrialAnalysis.run(input)
        #expect(result.outcomes.map(\.name) == input.trial.analysis.outcomes.map(\.name))
        #expect(result.consort.randomized == 296)
        let allocated = refs["allocated"] as! [String: Int]
        #expect(result.consort.allocated == [ArmCount(arm: "PEER", count: allocated["PEER"]!),
                                              ArmCount(arm: "SAU", count: allocated["SAU"]!)])
        #expect(result.visits.map(\.name) == ["baseline", "post", "followup"])
        #expect(result.trajectoryScore == "qpr15")
        let trajectories = refs["trajectories"] as! [[String: Any]]
        #expect(result.trajectories.count == trajectories.count)
        for reference in trajectories {
            let arm = reference["arm"] as! String, visit = reference["visit"] as! String
            let point = try #require(result.trajectories.first { $0.arm == arm && $0.visit == visit })
            #expect(point.n == reference["n"] as! Int)
            for (ours, key) in [(point.mean, "mean"), (point.sd, "sd"), (point.lower, "lower"), (point.upper, "upper")] {
                let value = try #require(ours)
                #expect(relativeError(value, reference[key] as! Double) <= Self.descriptiveTolerance, "\(arm) \(visit) \(key)")
            }
            // The CONSORT "with data" counts are the trajectory's n.
            #expect(result.consort.withData.first { $0.arm == arm && $0.visit == visit }?.count == point.n)
        }
        // Missing data: observed + missing = allocated, for every score, visit and arm.
        for entry in result.missingData {
            #expect(entry.observed + entry.missing == allocated[entry.arm]!)
        }
        #expect(result.missingData.count == 6 * 3 * 2)
        // Analysed per outcome equals the model's participants per arm, summing to its total.
        for (counts, outcome) in zip(result.consort.analysed, result.outcomes) {
            #expect(counts.outcome == outcome.name)
            #expect(counts.counts.map(\.count).reduce(0, +) == outcome.participants)
        }
        // Baseline table: strata counts add up to the arm sizes; percentages to 100.
        let strata = try #require(result.baseline.strata.first)
        #expect(strata.factor == "municipality" && strata.levels.count == 5)
        for arm in ["PEER", "SAU"] {
            let counts = strata.levels.compactMap { $0.byArm.first { $0.arm == arm } }
            #expect(counts.map(\.count).reduce(0, +) == allocated[arm]!)
            #expect(abs(counts.map(\.percent).reduce(0, +) - 100) < 1e-9)
        }
        let qpr = try #require(result.baseline.scores.first { $0.score == "qpr15" })
        #expect(qpr.byArm.map(\.arm) == ["PEER", "SAU", "all"])
        let baselinePEER = try #require(trajectories.first { $0["arm"] as? String == "PEER" && $0["visit"] as? String == "baseline" })
        #expect(relativeError(qpr.byArm[0].mean!, baselinePEER["mean"] as! Double) <= Self.descriptiveTolerance)
        // The primary effect size's standardiser pools the same baseline values.
        let primary = result.outcomes[0].comparisons[0].effectSize!
        #expect(primary.standardizerN == qpr.byArm[2].n)
    }

    @Test func unknownOutcomeAndNoParticipants() throws {
        var input = try PeerFixture.input()
        #expect(throws: AnalysisError.unknownOutcome(name: "nope", planned: input.trial.analysis.outcomes.map(\.name))) {
            try TrialAnalysis.run(input, outcome: "nope")
        }
        input.participants = []
        #expect(throws: AnalysisError.noParticipants) { try TrialAnalysis.run(input) }
    }

    @Test func oneOutcomeOnly() throws {
        let input = try PeerFixture.input()
        let result = try TrialAnalysis.run(input, outcome: "wsas_post")
        #expect(result.outcomes.map(\.name) == ["wsas_post"])
        let long = try TrialAnalysis.longData(input, outcome: "wsas_post")
        #expect(long.columns == ["participant_id", "arm", "municipality", "visit", "wsas", "wsas_baseline"])
        #expect(long.rows.count == 296 * 2)
    }
}
