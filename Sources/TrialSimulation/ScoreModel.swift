import Foundation
import TrialCore

/// How one scored form is simulated: the score's distribution and the items that carry it.
///
/// The score of participant i at visit v is
///
///     T = μ + σ · [ √s · Σ_f E_f(level_if) / √F + √(1 − s) · (√ρ · B_i + √(1 − ρ) · W_iv) ] + Δ · 1[arm ≠ control, day_v > 0]
///
/// with E (site effects per stratification level, F factors), B_i = √κ · G_i + √(1 − κ) · S_i
/// (G general across scores, S specific to this score) and W_iv (occasion) all independent
/// standard normal. So Var T = σ², the within-site correlation between visits is ρ, traits of two
/// scores correlate κ, and a share s of the variance lies between sites. T is then written as
/// items whose score equals T rounded (``ItemResponses``), clamped to the score's range.
struct ScoreModel: Sendable {
    struct Item: Sendable {
        var field: Field
        /// Keyed range: the item's `min`…`max` (0…10 when the protocol gives no range).
        var low: Double
        var high: Double
        var reversed: Bool
        /// Fixed item "difficulty" (keyed units), centred over the items.
        var offset: Double
        var isInteger: Bool { field.kind == .integer }
    }

    let form: Form
    let score: Score
    let items: [Item]
    let mean: Double
    let standardDeviation: Double
    let effect: Double
    /// The score's possible range (sum or mean of the keyed item ranges).
    let range: ClosedRange<Double>

    init(form: Form, score: Score, settings: SimulationSettings, streams: RandomStreams) {
        self.form = form
        self.score = score
        var offsets = streams.generator("item-offsets", form.name)
        var items = score.items.compactMap { name -> Item? in
            guard let field = form.field(named: name) else { return nil }
            let low = field.min ?? 0, high = field.max ?? (low + 10)
            return Item(field: field, low: low, high: high, reversed: score.reversed.contains(name),
                        offset: 0.1 * (high - low) * offsets.nextGaussian())
        }
        let centre = items.map(\.offset).reduce(0, +) / Double(max(items.count, 1))
        for index in items.indices { items[index].offset -= centre }
        self.items = items
        let lowSum = items.map(\.low).reduce(0, +), highSum = items.map(\.high).reduce(0, +)
        let n = Double(max(items.count, 1))
        range = score.method == .sum ? lowSum...highSum : (lowSum / n)...(highSum / n)
        mean = settings.means[form.name] ?? (range.lowerBound + range.upperBound) / 2
        standardDeviation = settings.standardDeviations[form.name] ?? (range.upperBound - range.lowerBound) / 6
        effect = settings.effects[form.name] ?? 0
    }

    /// The score's value on the scale of the sum of keyed items (mean scores × number of items).
    func sumScale(_ score: Double) -> Double {
        self.score.method == .sum ? score : score * Double(items.count)
    }
}

/// The participant-level random parts of every score, drawn once per participant.
struct LatentScores {
    let settings: SimulationSettings
    let streams: RandomStreams
    let trial: TrialProtocol
    /// Site effect per (score, factor, level), standard normal.
    private var siteEffects: [String: [[Double]]] = [:]

    init(trial: TrialProtocol, settings: SimulationSettings, streams: RandomStreams, scores: [String]) {
        self.trial = trial; self.settings = settings; self.streams = streams
        for score in scores {
            siteEffects[score] = trial.stratification.map { factor in
                factor.levels.map { level in
                    var stream = streams.generator("site", score, factor.name, level)
                    return stream.nextGaussian()
                }
            }
        }
    }

    /// T for one participant, score and visit (see ``ScoreModel``).
    func score(_ model: ScoreModel, participant: SimulatedParticipant, visit: Visit, treated: Bool) -> Double {
        let rho = settings.visitCorrelation, kappa = settings.traitCorrelation
        let factors = trial.stratification.count
        let share = factors == 0 ? 0 : settings.siteVarianceShare
        var general = streams.generator("trait", participant.id)
        var specific = streams.generator("trait", participant.id, model.form.name)
        var occasion = streams.generator("occasion", participant.id, model.form.name, visit.name)
        let trait = kappa.squareRoot() * general.nextGaussian() + (1 - kappa).squareRoot() * specific.nextGaussian()
        let within = rho.squareRoot() * trait + (1 - rho).squareRoot() * occasion.nextGaussian()
        var site = 0.0
        if factors > 0, let effects = siteEffects[model.form.name] {
            for (factor, level) in participant.levels.enumerated() { site += effects[factor][level] }
            site /= Double(factors).squareRoot()
        }
        let z = share.squareRoot() * site + (1 - share).squareRoot() * within
        let shift = treated && visit.day > 0 ? model.effect : 0
        return model.mean + model.standardDeviation * z + shift
    }
}
