import TrialCore

/// Everything `trialkit analyze` reports and the HTML report needs, for the whole plan.
/// Plain, `Codable` values (JSON keys in snake_case via the caller's encoder strategy).
public struct AnalysisResult: Sendable, Equatable, Codable {
    public var trialID: String
    public var trialTitle: String
    public var registration: String?
    public var population: String
    public var confidenceLevel: Double
    /// Arm codes and labels in protocol order; the control arm.
    public var arms: [ArmLabel]
    public var controlArm: String
    public var baselineVisit: String
    /// Visits in schedule order (baseline first) with their labels.
    public var visits: [VisitLabel]
    public var consort: ConsortCounts
    public var baseline: BaselineCharacteristics
    /// Per outcome, in plan order.
    public var outcomes: [OutcomeResult]
    /// Observed score / missing counts per outcome score × arm × visit.
    public var missingData: [MissingDataPattern]
    /// Observed means of the primary outcome's score per arm × visit (baseline included).
    public var trajectories: [TrajectoryPoint]
    public var trajectoryScore: String
    /// Software that produced the numbers (set by the caller, e.g. `trialkit 0.1.0`).
    public var software: [SoftwareComponent]
}

public struct SoftwareComponent: Sendable, Equatable, Codable {
    public var name: String
    public var version: String
    public init(name: String, version: String) { self.name = name; self.version = version }
}

public struct ArmLabel: Sendable, Equatable, Codable {
    public var code: String
    public var label: String
}

public struct VisitLabel: Sendable, Equatable, Codable {
    public var name: String
    public var label: String
    public var day: Int
}

/// CONSORT 2010 flow counts (Schulz, Altman & Moher 2010, BMJ 340:c332, items 13a and 16).
public struct ConsortCounts: Sendable, Equatable, Codable {
    public var randomized: Int
    /// Allocated per arm, protocol order.
    public var allocated: [ArmCount]
    /// Participants with the primary outcome's score observed, per visit (schedule order) and arm.
    public var withData: [VisitArmCount]
    /// Participants in each outcome's model (at least one observation with every model variable).
    public var analysed: [OutcomeArmCounts]
}

public struct VisitArmCount: Sendable, Equatable, Codable {
    public var visit: String
    public var arm: String
    public var count: Int
}

public struct OutcomeArmCounts: Sendable, Equatable, Codable {
    public var outcome: String
    public var counts: [ArmCount]
}

/// Baseline table ("Table 1"): each planned score at baseline by arm, each stratification
/// factor's levels by arm.
public struct BaselineCharacteristics: Sendable, Equatable, Codable {
    public var scores: [BaselineScore]
    public var strata: [StratumDistribution]
}

public struct BaselineScore: Sendable, Equatable, Codable {
    public var score: String
    /// Per arm (protocol order), then the arms pooled as arm `all`.
    public var byArm: [Summary]
}

/// n, mean and SD (n − 1 denominator); mean and SD nil when n is 0 (SD when n < 2).
public struct Summary: Sendable, Equatable, Codable {
    public var arm: String
    public var n: Int
    public var mean: Double?
    public var sd: Double?
}

public struct StratumDistribution: Sendable, Equatable, Codable {
    public var factor: String
    public var levels: [LevelCount]
}

public struct LevelCount: Sendable, Equatable, Codable {
    public var level: String
    /// Per arm (protocol order): count and percent of the arm's randomized participants.
    public var byArm: [CountPercent]
}

public struct CountPercent: Sendable, Equatable, Codable {
    public var arm: String
    public var count: Int
    public var percent: Double
}

public struct MissingDataPattern: Sendable, Equatable, Codable {
    public var score: String
    public var visit: String
    public var arm: String
    public var observed: Int
    public var missing: Int
}

/// Observed mean with a t interval: mean ± t_{n−1, (1+level)/2} · SD/√n (nil bounds when n < 2).
public struct TrajectoryPoint: Sendable, Equatable, Codable {
    public var arm: String
    public var visit: String
    public var n: Int
    public var mean: Double?
    public var sd: Double?
    public var lower: Double?
    public var upper: Double?
}
