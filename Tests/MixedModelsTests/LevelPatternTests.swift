import Foundation
import Testing
import Tabular
@testable import MixedModels

/// The visit-pattern path (`LevelPatterns`) against the per-level blocked Cholesky: the two are
/// the same algebra summed in a different order, so they agree to rounding.
@Suite struct LevelPatternTests {
    /// Relative agreement of the two evaluation paths: both sum the same terms, in another order.
    static let summationOrderTolerance = 1e-12

    /// 200 participants, visits t = 0…3, some visits missed in a fixed scheme (several patterns of
    /// Z_lᵀZ_l), two arms; the response is a deterministic pseudo-random sequence.
    static func missingVisitsFrame() throws -> ModelFrame {
        var text = "id,arm,t,y\n"
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for i in 0..<200 {
            let arm = i % 2 == 0 ? "control" : "treated"
            let intercept = 4 * (uniform() - 0.5), slope = uniform() - 0.5
            for t in 0..<4 {
                if (t == 3 && i % 5 == 0) || (t == 2 && i % 7 == 0) || (t == 1 && i % 9 == 0) { continue }
                let y = 30 + 0.8 * Double(t) + intercept + slope * Double(t) + 3 * (uniform() - 0.5)
                text += "P\(1000 + i),\(arm),\(t),\(y)\n"
            }
        }
        let table = try DataTable.read(text: text)
        return try ModelFrame.build(formula: "y ~ arm * t + (1 + t | id)", table: table)
    }

    static let thetas: [[Double]] = [[1, 0, 1], [0.4, -0.2, 0.7], [2.5, 0.3, 0.05], [0, 0, 0.3], [1.3, 0.1, 0]]

    func expectPathsAgree(_ frame: ModelFrame, thetas: [[Double]], expectedPatterns: Int) throws {
        for criterion in EstimationCriterion.allCases {
            let engine = try ProfiledDeviance(frame: frame, criterion: criterion)
            let patterns = try #require(engine.patterns)
            #expect(patterns.count == expectedPatterns)
            #expect(patterns.sizes.reduce(0, +) == Double(engine.blocks.firstLevels))
            for theta in thetas {
                let compressed = try engine.deviance(theta: theta)
                let perLevel = try engine.deviance(theta: theta, perLevel: true)
                expectClose("\(criterion) d(\(theta))", compressed, perLevel, relative: Self.summationOrderTolerance)
            }
        }
    }

    @Test func missingVisitsGiveTheSameDevianceAsThePerLevelPath() throws {
        // Patterns: all four visits, or t = 3, 2, 1 missed alone or in combination.
        let frame = try Self.missingVisitsFrame()
        try expectPathsAgree(frame, thetas: Self.thetas, expectedPatterns: 8)
    }

    @Test func sleepstudyGivesTheSameDevianceAsThePerLevelPath() throws {
        // Every subject has days 0…9: a single pattern.
        try expectPathsAgree(try Reference.sleepstudy(), thetas: Self.thetas, expectedPatterns: 1)
    }

    @Test func fitOnPatternsMatchesThePerLevelCriterionAtTheOptimum() throws {
        let frame = try Self.missingVisitsFrame()
        let fit = try LinearMixedModel.fit(frame)
        let perLevel = try fit.profiledDeviance.deviance(theta: fit.theta, perLevel: true)
        expectClose("REML criterion at θ̂", fit.objective, perLevel, relative: Self.summationOrderTolerance)
        // The conditional modes come from the per-level factor at θ̂.
        let modes = try #require(fit.conditionalModes?.first)
        #expect(modes.values.rows == 200)
    }

    @Test func uniqueDesignBlocksKeepThePerLevelPath() throws {
        // Continuous, participant-specific times: every Z_lᵀZ_l differs, so no patterns.
        var text = "id,t,y\n"
        for i in 0..<100 {
            for v in 0..<3 { text += "S\(i),\(Double(v) + Double(i) / 1000),\(Double((i * 7 + v * 3) % 11))\n" }
        }
        let frame = try ModelFrame.build(formula: "y ~ t + (1 + t | id)", table: try DataTable.read(text: text))
        let engine = try ProfiledDeviance(frame: frame, criterion: .reml)
        #expect(engine.patterns == nil)
    }
}
