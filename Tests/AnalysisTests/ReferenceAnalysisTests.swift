import Foundation
import Testing
import Tabular
import TrialCore
@testable import Analysis

/// The analysis plan of protocols/peer.yaml on the simulated trial of fixtures/analysis/peer,
/// against lme4 + pbkrtest + emmeans (fixtures/analysis/make_peer_analysis.R).
@Suite struct ReferenceAnalysisTests {
    /// EMMs, the difference, its interval and p against R: the references are the optimum
    /// (tight NLopt tolerances on both sides), so the remaining differences come from the
    /// optimizers' last steps and from summation order.
    static let referenceTolerance = 1e-6
    /// Scores and the long data: computed from the same integers, so equal to rounding.
    static let scoreTolerance = 1e-12

    @Test func longDataEqualsTheScoresComputedInR() throws {
        let input = try PeerFixture.input()
        let long = try LongDataBuilder.build(input, scores: LongDataBuilder.plannedScores(input.trial.analysis))
        #expect(long.columns == ["participant_id", "arm", "municipality", "visit", "qpr15", "qpr15_baseline", "wsas",
                                 "wsas_baseline", "mansa", "mansa_baseline", "esr", "esr_baseline", "shs", "shs_baseline",
                                 "gse", "gse_baseline"])
        let reference = try TextTable.read(path: path("\(PeerFixture.directory)/long.csv"))
        #expect(reference.columnNames == long.columns)
        #expect(reference.rows.count == long.rows.count)
        let ours = try TextTable.read(data: Data(long.csv.utf8), source: "long")
        var worst = 0.0, mismatches = 0
        for (mine, theirs) in zip(ours.rows, reference.rows) {
            for (a, b) in zip(mine, theirs) {
                if let x = Double(a), let y = Double(b) {
                    worst = max(worst, relativeError(x, y))
                } else if a != b {
                    mismatches += 1
                }
            }
        }
        #expect(mismatches == 0)
        #expect(worst <= Self.scoreTolerance, "largest relative difference \(worst)")
    }

    @Test(arguments: ["qpr15_post", "qpr15_followup", "wsas_post", "mansa_post", "esr_post", "shs_post", "gse_post"])
    func outcomeMatchesLme4AndEmmeans(name: String) throws {
        let input = try PeerFixture.input()
        let refs = try PeerFixture.references()
        let reference = try #require((refs["outcomes"] as! [[String: Any]]).first { $0["name"] as? String == name })
        let outcome = try #require(input.trial.analysis.outcomes.first { $0.name == name })
        let specification = OutcomeSpecification(outcome, in: input.trial)
        let long = try LongDataBuilder.build(input, scores: [outcome.score])
        let result = try OutcomeAnalysis.run(specification, data: long)

        #expect(result.observations == reference["observations"] as! Int)
        #expect(result.participants == reference["participants"] as! Int)
        var worst = 0.0
        func compare(_ ours: Double, _ theirs: Any?, _ what: String) {
            let value = theirs as! Double
            let error = relativeError(ours, value)
            worst = max(worst, error)
            #expect(error <= Self.referenceTolerance, "\(name) \(what): \(ours) vs R \(value)")
        }
        let emmeans = reference["emmeans"] as! [String: [String: Any]]
        for mean in result.means {
            let r = emmeans[mean.arm]!
            compare(mean.mean.estimate, r["estimate"], "\(mean.arm) EMM")
            compare(mean.mean.standardError, r["se"], "\(mean.arm) SE")
            compare(mean.mean.degreesOfFreedom, r["df"], "\(mean.arm) df")
            compare(mean.mean.lower, r["lower"], "\(mean.arm) lower")
            compare(mean.mean.upper, r["upper"], "\(mean.arm) upper")
        }
        let comparison = try #require(result.comparisons.first)
        let difference = reference["difference"] as! [String: Any]
        #expect(comparison.label == difference["contrast"] as! String)
        compare(comparison.difference.estimate, difference["estimate"], "difference")
        compare(comparison.difference.standardError, difference["se"], "difference SE")
        compare(comparison.difference.degreesOfFreedom, difference["df"], "difference df")
        compare(comparison.difference.lower, difference["lower"], "difference lower")
        compare(comparison.difference.upper, difference["upper"], "difference upper")
        compare(comparison.tStatistic, difference["t"], "t")
        compare(comparison.pValue, difference["p"], "p")
        let effect = reference["effect_size"] as! [String: Any]
        let d = try #require(comparison.effectSize)
        compare(d.standardizer, effect["standardizer"], "pooled baseline SD")
        #expect(d.standardizerN == effect["n"] as! Int)
        compare(d.d, effect["d"], "d")
        compare(d.lower, effect["lower"], "d lower")
        compare(d.upper, effect["upper"], "d upper")
        print("\(name): largest relative deviation from R \(worst)")
    }

    @Test func rerunningGivesIdenticalNumbers() throws {
        let input = try PeerFixture.input()
        let outcome = input.trial.analysis.outcomes[0]
        let specification = OutcomeSpecification(outcome, in: input.trial)
        let first = try OutcomeAnalysis.run(specification, data: LongDataBuilder.build(input, scores: [outcome.score]))
        let second = try OutcomeAnalysis.run(specification, data: LongDataBuilder.build(input, scores: [outcome.score]))
        #expect(first == second)
    }
}
