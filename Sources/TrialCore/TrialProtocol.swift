/// A trial's definition, as read from a protocol YAML file by `TrialSpec`.
///
/// Plain values only: nothing here knows about files, YAML or the database.
public struct TrialProtocol: Sendable, Equatable, Codable {
    /// The protocol file format version this definition was read from.
    public var schemaVersion: Int
    public var id: String
    public var title: String
    /// Trial registry identifier, e.g. a ClinicalTrials.gov NCT number.
    public var registration: String?
    /// Planned number of randomized participants.
    public var targetSampleSize: Int?
    public var arms: [Arm]
    public var stratification: [StratificationFactor]
    public var randomization: RandomizationScheme
    public var visits: [Visit]
    public var forms: [Form]
    public var analysis: AnalysisPlan

    public init(id: String, title: String, registration: String?, arms: [Arm],
                stratification: [StratificationFactor], randomization: RandomizationScheme,
                visits: [Visit], forms: [Form], analysis: AnalysisPlan,
                targetSampleSize: Int? = nil, schemaVersion: Int = 1) {
        self.schemaVersion = schemaVersion
        self.id = id; self.title = title; self.registration = registration; self.arms = arms
        self.targetSampleSize = targetSampleSize
        self.stratification = stratification; self.randomization = randomization
        self.visits = visits; self.forms = forms; self.analysis = analysis
    }

    /// The form with this name, if the protocol defines one.
    public func form(named name: String) -> Form? { forms.first { $0.name == name } }
    /// The visit with this name, if the protocol defines one.
    public func visit(named name: String) -> Visit? { visits.first { $0.name == name } }
    /// The arm with this code, if the protocol defines one.
    public func arm(code: String) -> Arm? { arms.first { $0.code == code } }
}

/// A treatment arm with its allocation ratio weight (e.g. 1 for 1:1).
public struct Arm: Sendable, Equatable, Codable {
    public var code: String
    public var label: String
    public var ratio: Int
    public init(code: String, label: String, ratio: Int) {
        self.code = code; self.label = label; self.ratio = ratio
    }
}

/// A stratification factor and its levels, in protocol order.
public struct StratificationFactor: Sendable, Equatable, Codable {
    public var name: String
    public var label: String
    public var levels: [String]
    public init(name: String, levels: [String], label: String? = nil) {
        self.name = name; self.levels = levels; self.label = label ?? name
    }
}
