import CRFValidation
import Foundation
import Testing
import TrialCore
@testable import TrialSimulation

/// The item-level data carry the requested score distribution: the arm difference after
/// randomization is Δ in score units (sum and mean scores), none before, and the SD is σ.
@Suite struct ScoreModelTests {
    /// Scores by (participant, visit) of one form, computed from the simulated items by the
    /// protocol's scoring rule (`ScoreCalculator`), as the analysis will.
    static func scores(_ trial: TrialProtocol, settings: SimulationSettings, form name: String)
        throws -> (participants: [SimulatedParticipant], scores: [String: [String: Double]], control: Int) {
        let streams = RandomStreams(seed: settings.seed)
        let roster = try Roster.simulate(trial, settings: settings, streams: streams)
        let simulator = TrialDataSimulator(trial: trial, settings: settings, roster: roster)
        let form = trial.form(named: name)!
        let calculator = ScoreCalculator(form: form)!
        var scores: [String: [String: Double]] = [:]
        for record in try simulator.records(of: form, validating: false) {
            scores[record.visit.name, default: [:]][roster.participants[record.participant].id] = calculator.total(record.itemValues)
        }
        return (roster.participants, scores, simulator.control)
    }

    static func armDifference(_ data: (participants: [SimulatedParticipant], scores: [String: [String: Double]], control: Int),
                              visit: String) -> (difference: Double, sd: Double, n: Int) {
        var treated: [Double] = [], control: [Double] = []
        for p in data.participants {
            guard let value = data.scores[visit]?[p.id] else { continue }
            if p.arm == data.control { control.append(value) } else { treated.append(value) }
        }
        func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
        let all = treated + control
        let m = mean(all)
        let sd = (all.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(all.count - 1)).squareRoot()
        return (mean(treated) - mean(control), sd, all.count)
    }

    /// 3000 participants: SE of the difference ≈ σ √(4/n) (0.43 for σ = 11.9); tolerance 4 SE.
    @Test func sumScoreShiftsByDeltaAfterRandomizationOnly() throws {
        let trial = try loadProtocol("peer.yaml")
        let settings = SimulationSettings(participants: 3000, seed: 21, effects: ["qpr15": 5.1],
                                          standardDeviations: ["qpr15": 11.9], dropout: 0)
        let data = try Self.scores(trial, settings: settings, form: "qpr15")
        let tolerance = 4 * 11.9 * (4.0 / 3000).squareRoot()
        let post = Self.armDifference(data, visit: "post"), followup = Self.armDifference(data, visit: "followup")
        let baseline = Self.armDifference(data, visit: "baseline")
        #expect(abs(post.difference - 5.1) <= tolerance, "post difference \(post.difference)")
        #expect(abs(followup.difference - 5.1) <= tolerance, "follow-up difference \(followup.difference)")
        #expect(abs(baseline.difference) <= tolerance, "baseline difference \(baseline.difference)")
        // Total SD at baseline ≈ 11.9 (range clamping and rounding change it by < 2%; SE of an SD ≈ σ/√(2n)).
        #expect(abs(baseline.sd - 11.9) <= 0.05 * 11.9, "baseline SD \(baseline.sd)")
    }

    /// A mean score (MANSA, items 1-7) shifts by Δ on the mean scale; the default SD is range / 6.
    @Test func meanScoreShiftsByDelta() throws {
        let trial = try loadProtocol("peer.yaml")
        let settings = SimulationSettings(participants: 3000, seed: 22, effects: ["mansa": 0.4], dropout: 0)
        let data = try Self.scores(trial, settings: settings, form: "mansa")
        let post = Self.armDifference(data, visit: "post"), baseline = Self.armDifference(data, visit: "baseline")
        let sd = 6.0 / 6
        let tolerance = 4 * sd * (4.0 / 3000).squareRoot()
        #expect(abs(post.difference - 0.4) <= tolerance, "post difference \(post.difference)")
        #expect(abs(baseline.difference) <= tolerance)
        #expect(abs(baseline.sd - sd) <= 0.05 * sd, "baseline SD \(baseline.sd)")
    }

    /// Within-participant correlation between visits ≈ ρ (within site, no arm effect): Fisher z
    /// SE 1/√(n − 3), tolerance 4 SE plus the site share.
    @Test func visitsCorrelateAsRequested() throws {
        let trial = try loadProtocol("peer.yaml")
        let settings = SimulationSettings(participants: 2000, seed: 23, visitCorrelation: 0.6, siteVarianceShare: 0, dropout: 0)
        let data = try Self.scores(trial, settings: settings, form: "qpr15")
        let ids = data.participants.map(\.id)
        let x = ids.map { data.scores["baseline"]![$0]! }, y = ids.map { data.scores["post"]![$0]! }
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        let sxy = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        let r = sxy / (x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +) * y.map { ($0 - my) * ($0 - my) }.reduce(0, +)).squareRoot()
        #expect(abs(atanh(r) - atanh(0.6)) <= 4 / Double(2000 - 3).squareRoot(), "r = \(r)")
    }

    /// Two instruments correlate through the general trait: at one visit, corr = ρ·κ when no
    /// variance lies between sites (0.6 · 0.5 = 0.3); Fisher z tolerance 4 / √(n − 3).
    @Test func instrumentsCorrelateThroughTheGeneralTrait() throws {
        let trial = try loadProtocol("peer.yaml")
        let settings = SimulationSettings(participants: 2000, seed: 24, visitCorrelation: 0.6, traitCorrelation: 0.5,
                                          siteVarianceShare: 0, dropout: 0)
        let qpr = try Self.scores(trial, settings: settings, form: "qpr15")
        let mansa = try Self.scores(trial, settings: settings, form: "mansa")
        let ids = qpr.participants.map(\.id)
        let x = ids.map { qpr.scores["baseline"]![$0]! }, y = ids.map { mansa.scores["baseline"]![$0]! }
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        let sxy = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        let r = sxy / (x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +) * y.map { ($0 - my) * ($0 - my) }.reduce(0, +)).squareRoot()
        #expect(abs(atanh(r) - atanh(0.3)) <= 4 / Double(2000 - 3).squareRoot(), "r = \(r)")
    }

    /// Items written for a score T sum to T rounded (integer items, no non-response).
    @Test func itemsSumToTheTargetScore() throws {
        let trial = try loadProtocol("example-3arm.yaml")
        let form = trial.form(named: "rses")!  // five reverse-keyed items
        let settings = SimulationSettings(participants: 10, seed: 1)
        let model = ScoreModel(form: form, score: form.score!, settings: settings, streams: RandomStreams(seed: 1))
        let calculator = ScoreCalculator(form: form)!
        var generator = RandomStreams(seed: 2).generator("test")
        for target in stride(from: 0.0, through: 30.0, by: 1.5) {
            let items = ItemResponses(model: model, target: target, nonResponse: 0, generator: &generator)
            let score = try #require(calculator.total(items.values))
            #expect(abs(score - target) <= 1, "target \(target) gave \(score)")
            if target == target.rounded() { #expect(score == target) }
        }
    }
}
