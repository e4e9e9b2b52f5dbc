/// Everything the HTML report shows, as plain values. The analysis maps its results into this;
/// Reporting knows nothing of stores, protocols or models and only formats and lays out.
///
/// Numbers are raw `Double`s; every one is formatted here (fixed decimals, p-values as
/// "< 0.001"). Every text is escaped when rendered, so labels may contain any character.
/// Arms are referred to by their position in ``armNames`` everywhere (per-arm arrays must have
/// one entry per arm, in that order); ``HTMLReport/render(_:)`` checks this.
public struct ReportDocument: Sendable {
    /// Report heading, e.g. the trial's title.
    public var title: String
    /// Trial registration id, e.g. "NCT04639167".
    public var registrationID: String
    /// When the report was generated, as a UTC ISO-8601 string (shown verbatim).
    public var generatedAt: String
    /// SHA-256 (hex) of the protocol the analysis followed.
    public var protocolChecksum: String
    /// Hash identifying the data snapshot analysed (e.g. of the exported CSV or the audit chain head).
    public var dataSnapshotHash: String
    /// Arm names in allocation order (e.g. ["PEER", "SAU"]); the index used by every per-arm array.
    public var armNames: [String]
    /// Participant flow for the CONSORT diagram.
    public var consort: ConsortFlow
    /// Baseline characteristics by arm ("Table 1").
    public var baseline: BaselineTable
    /// Every outcome of the analysis plan; the first with role `.primary` is the primary result.
    public var outcomes: [OutcomeResult]
    /// Mean trajectories over visits for one outcome (usually the primary), or nil to omit the plot.
    public var trajectory: Trajectory?
    /// Observed and missing values of the primary outcome by arm and visit.
    public var missingness: [MissingnessCell]
    /// Labelled free-text details of the model (formula, covariance, estimation, df method, ...).
    public var modelDetails: [LabelledText]
    /// Software used to produce the results (TrialKit, Swift, LAPACK, ...).
    public var software: [SoftwareVersion]

    public init(
        title: String, registrationID: String, generatedAt: String, protocolChecksum: String,
        dataSnapshotHash: String, armNames: [String], consort: ConsortFlow, baseline: BaselineTable,
        outcomes: [OutcomeResult], trajectory: Trajectory?, missingness: [MissingnessCell],
        modelDetails: [LabelledText], software: [SoftwareVersion]
    ) {
        self.title = title
        self.registrationID = registrationID
        self.generatedAt = generatedAt
        self.protocolChecksum = protocolChecksum
        self.dataSnapshotHash = dataSnapshotHash
        self.armNames = armNames
        self.consort = consort
        self.baseline = baseline
        self.outcomes = outcomes
        self.trajectory = trajectory
        self.missingness = missingness
        self.modelDetails = modelDetails
        self.software = software
    }
}

/// A label with a free text, e.g. ("Covariance", "unstructured").
public struct LabelledText: Sendable, Equatable {
    public var label: String
    public var text: String
    public init(label: String, text: String) {
        self.label = label
        self.text = text
    }
}

/// A piece of software and its version, e.g. ("TrialKit", "0.3.0").
public struct SoftwareVersion: Sendable, Equatable {
    public var name: String
    public var version: String
    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }
}
