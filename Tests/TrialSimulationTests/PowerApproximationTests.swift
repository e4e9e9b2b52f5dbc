import Testing
import TrialCore
@testable import TrialSimulation

/// The approximation's formula against R (values printed by R 4.x with `sprintf("%.15g")`):
/// `c <- qt(.975, df); pt(c, df, ncp, lower.tail = FALSE) + pt(-c, df, ncp)`.
@Suite struct PowerApproximationTests {
    static let tolerance = 1e-10

    static func approximation(_ settings: SimulationSettings) throws -> PowerApproximation {
        let trial = try loadProtocol("peer.yaml")
        let outcome = trial.analysis.outcomes[0]
        let model = ScoreModel(form: trial.form(named: "qpr15")!, score: trial.form(named: "qpr15")!.score!,
                               settings: settings, streams: RandomStreams(seed: 1))
        let formula = ["qpr15", "arm", "visit", "qpr15_baseline", "municipality", "participant_id"]
        return try PowerApproximation.make(trial: trial, outcome: outcome, formula: formula, settings: settings,
                                           model: model, arm: 0, control: 1)
    }

    /// No site variance, no visit correlation, no dropout: n = 148 per arm, σ_e = 11.9,
    /// df = 296 − 2 − 5 (baseline + 4 municipality contrasts): R gives 0.95677862016042.
    @Test func plainTwoSampleCase() throws {
        let a = try Self.approximation(SimulationSettings(participants: 296, seed: 1, effects: ["qpr15": 5.1],
                                                          standardDeviations: ["qpr15": 11.9], visitCorrelation: 0,
                                                          siteVarianceShare: 0, dropout: 0))
        #expect(a.perArm == [148, 148])
        #expect(a.degreesOfFreedom == 289)
        #expect(abs(a.residualSD - 11.9) < 1e-12)
        #expect(abs(a.power - 0.95677862016042) < Self.tolerance)
    }

    /// Site share 0.1, ρ = 0.6, dropout 0.2 (0.1 at post, the first of two visits):
    /// n = 133.2 per arm, σ_e = 11.9 √(0.9 · 0.64) = 9.03146499744089; R gives 0.995747063806163.
    @Test func ancovaFactorSitesAndDropout() throws {
        let a = try Self.approximation(SimulationSettings(participants: 296, seed: 1, effects: ["qpr15": 5.1],
                                                          standardDeviations: ["qpr15": 11.9], visitCorrelation: 0.6,
                                                          siteVarianceShare: 0.1, dropout: 0.2))
        #expect(abs(a.perArm[0] - 133.2) < 1e-9)
        #expect(abs(a.residualSD - 9.03146499744089) < 1e-12)
        #expect(abs(a.power - 0.995747063806163) < Self.tolerance)
    }
}
