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

/// One stored CRF record: the field texts of one form for one participant at one visit, as
/// entered (missing-value codes included; an absent or empty text is missing).
public struct FormRecord: Sendable, Equatable {
    public var participantID: String
    public var visit: String
    public var form: String
    public var values: [String: String]
    public init(participantID: String, visit: String, form: String, values: [String: String]) {
        self.participantID = participantID; self.visit = visit; self.form = form; self.values = values
    }
}

/// Everything the analysis reads, already taken from the store by the caller.
public struct AnalysisInput: Sendable {
    public var trial: TrialProtocol
    /// Every randomized participant (the intention-to-treat population).
    public var participants: [AnalysisParticipant]
    public var records: [FormRecord]
    public init(trial: TrialProtocol, participants: [AnalysisParticipant], records: [FormRecord]) {
        self.trial = trial; self.participants = participants; self.records = records
    }
}
