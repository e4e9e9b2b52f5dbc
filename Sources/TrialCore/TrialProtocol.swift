/// A trial's definition, as read from a protocol YAML file by `TrialSpec`.
///
/// Plain values only: nothing here knows about files, YAML or the database.
public struct TrialProtocol: Sendable, Equatable, Codable {
    public var id: String
    public var title: String
    public var registration: String?
    public var arms: [Arm]
    public var stratification: [StratificationFactor]
    public var randomization: RandomizationScheme
    public var visits: [Visit]
    public var forms: [Form]
    public var analysis: AnalysisPlan

    public init(id: String, title: String, registration: String?, arms: [Arm],
                stratification: [StratificationFactor], randomization: RandomizationScheme,
                visits: [Visit], forms: [Form], analysis: AnalysisPlan) {
        self.id = id; self.title = title; self.registration = registration; self.arms = arms
        self.stratification = stratification; self.randomization = randomization
        self.visits = visits; self.forms = forms; self.analysis = analysis
    }
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
    public var levels: [String]
    public init(name: String, levels: [String]) { self.name = name; self.levels = levels }
}
