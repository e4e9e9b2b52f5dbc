import TrialCore

/// What to simulate, beyond the protocol: sample size, seed, arm effects, score distributions,
/// correlations, dropout and item non-response. Every default is generic (derived from the
/// protocol's item ranges), never a trial's constant.
public struct SimulationSettings: Sendable, Equatable, Codable {
    /// Participants to simulate (ignored when allocations are given).
    public var participants: Int
    /// Seed of every random stream (participants, scores, items, dates, allocation).
    public var seed: UInt64
    /// Score name → Δ: the mean of the score in each non-control arm exceeds the control arm's by
    /// Δ (score units) at every visit after randomization.
    public var effects: [String: Double]
    /// The arm the effects are measured against (nil: the protocol's last arm).
    public var controlArm: String?
    /// Score name → mean at baseline (default: the middle of the score's range).
    public var means: [String: Double]
    /// Score name → total standard deviation at each visit, site variation included (default:
    /// the score's range / 6).
    public var standardDeviations: [String: Double]
    /// Correlation ρ of one participant's score between any two visits (within site), the same
    /// for every score: the participant's trait carries ρ of the within-site variance.
    public var visitCorrelation: Double
    /// Correlation of the participant traits of two different scores (a shared general factor).
    public var traitCorrelation: Double
    /// Share of each score's variance that lies between the levels of the stratification factors
    /// (split equally among the factors); constant over visits.
    public var siteVarianceShare: Double
    /// Proportion of participants without data at the last visit after randomization. Dropout is
    /// monotone and missing completely at random; the proportion missing at the k-th of K
    /// post-randomization visits is dropout · k / K.
    public var dropout: Double
    /// Probability that one score item is not answered (only where the score's
    /// `minimum_answered` allows a missing item, at most count − minimum_answered per record).
    public var itemNonResponse: Double
    /// First day of recruitment when the simulator randomizes itself.
    public var recruitmentStart: CalendarDate
    /// Days over which participants are randomized, in ID order.
    public var recruitmentDays: Int
    /// Plant a marked batch of defective records (see ``PlantedError``).
    public var withErrors: Bool

    public init(participants: Int, seed: UInt64, effects: [String: Double] = [:], controlArm: String? = nil,
                means: [String: Double] = [:], standardDeviations: [String: Double] = [:],
                visitCorrelation: Double = 0.5, traitCorrelation: Double = 0.4, siteVarianceShare: Double = 0.05,
                dropout: Double = 0.15, itemNonResponse: Double = 0.01,
                recruitmentStart: CalendarDate = CalendarDate(year: 2025, month: 1, day: 6)!,
                recruitmentDays: Int = 365, withErrors: Bool = false) {
        self.participants = participants; self.seed = seed; self.effects = effects; self.controlArm = controlArm
        self.means = means; self.standardDeviations = standardDeviations
        self.visitCorrelation = visitCorrelation; self.traitCorrelation = traitCorrelation
        self.siteVarianceShare = siteVarianceShare; self.dropout = dropout; self.itemNonResponse = itemNonResponse
        self.recruitmentStart = recruitmentStart; self.recruitmentDays = recruitmentDays; self.withErrors = withErrors
    }

    enum CodingKeys: String, CodingKey {
        case participants, seed, effects, means, dropout
        case controlArm = "control_arm", standardDeviations = "standard_deviations"
        case visitCorrelation = "visit_correlation", traitCorrelation = "trait_correlation"
        case siteVarianceShare = "site_variance_share", itemNonResponse = "item_non_response"
        case recruitmentStart = "recruitment_start", recruitmentDays = "recruitment_days", withErrors = "with_errors"
    }

    /// Checks every setting against the protocol; throws the first problem, naming the option.
    func validate(against trial: TrialProtocol) throws(SimulationError) {
        func check(_ ok: Bool, _ option: String, _ value: String, _ requirement: String) throws(SimulationError) {
            if !ok { throw .invalidSetting(option: option, value: value, requirement: requirement) }
        }
        try check(participants >= 2, "--participants", String(participants), "at least 2")
        try check((0...1).contains(dropout) && dropout < 1, "--dropout", "\(dropout)", "a proportion in [0, 1)")
        try check((0..<1).contains(visitCorrelation), "--visit-correlation", "\(visitCorrelation)", "in [0, 1)")
        try check((0...1).contains(traitCorrelation), "--trait-correlation", "\(traitCorrelation)", "in [0, 1]")
        try check((0..<1).contains(siteVarianceShare), "--site-variance", "\(siteVarianceShare)", "in [0, 1)")
        try check((0...0.5).contains(itemNonResponse), "--item-non-response", "\(itemNonResponse)", "in [0, 0.5]")
        try check(recruitmentDays >= 0, "--recruitment-days", String(recruitmentDays), "0 or more")
        let scored = trial.forms.filter { $0.score != nil }.map(\.name)
        for (name, values, option) in [("effect", effects, "--effect"), ("mean", means, "--mean"),
                                       ("sd", standardDeviations, "--sd")] {
            for (score, value) in values.sorted(by: { $0.key < $1.key }) {
                guard scored.contains(score) else { throw .unknownScore(option: option, name: score, known: scored) }
                try check(value.isFinite && (name != "sd" || value > 0), option, "\(score)=\(value)",
                          name == "sd" ? "a positive number" : "a finite number")
            }
        }
        if let controlArm, trial.arm(code: controlArm) == nil {
            throw .unknownArm(controlArm, known: trial.arms.map(\.code))
        }
    }
}
