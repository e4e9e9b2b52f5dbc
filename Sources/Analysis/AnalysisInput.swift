import TrialCore

/// A randomized participant as the analysis sees them: the arm allocated (intention to treat,
/// as randomized) and the stratification levels recorded at randomization.
public struct AnalysisParticipant: Sendable, Equatable {
    public var id: String
    /// The allocated arm's code.
    public var arm: String
    /// Stratification factor name → level.
    public var strata: [String: String]
    public init(id: String, arm: String, strata: [String: String]) {
        self.id = id; self.arm = arm; self.strata = strata
    }
}

/// Everything the analysis reads, already taken from the store by the caller.
public struct AnalysisInput: Sendable {
    public var trial: TrialProtocol
    /// Every randomized participant (the intention-to-treat population).
    public var participants: [AnalysisParticipant]
    public var records: [CRFRecord]
    public init(trial: TrialProtocol, participants: [AnalysisParticipant], records: [CRFRecord]) {
        self.trial = trial; self.participants = participants; self.records = records
    }
}
