import CRFValidation
import Foundation
import TrialCore

/// The power of the planned primary analysis for one arm against control.
public struct ArmPower: Sendable, Equatable, Codable {
    public var arm: String
    public var control: String
    /// Runs with p < α.
    public var rejections: Int
    public var power: Double
    /// Monte-Carlo standard error √(p(1 − p)/R).
    public var monteCarloSE: Double
    /// Wilson score interval at 95% (Wilson 1927, JASA 22:209), which stays inside [0, 1].
    public var lower: Double
    public var upper: Double
    /// Mean estimated difference and mean standard error over the analysed runs.
    public var meanEstimate: Double
    public var meanStandardError: Double
    public var meanDegreesOfFreedom: Double
    public var approximation: PowerApproximation

    enum CodingKeys: String, CodingKey {
        case arm, control, rejections, power, lower, upper, approximation
        case monteCarloSE = "monte_carlo_se", meanEstimate = "mean_estimate"
        case meanStandardError = "mean_standard_error", meanDegreesOfFreedom = "mean_degrees_of_freedom"
    }
}

/// What `simulate-trial --power` reports.
public struct PowerResult: Sendable, Equatable, Codable {
    public var outcome: String
    public var formula: String
    public var visit: String
    public var degreesOfFreedomMethod: String
    public var alpha: Double
    public var runs: Int
    /// Runs whose model could be fitted and tested.
    public var analysed: Int
    public var failures: [String]
    public var effect: Double
    public var standardDeviation: Double
    public var settings: SimulationSettings
    public var arms: [ArmPower]

    enum CodingKeys: String, CodingKey {
        case outcome, formula, visit, alpha, runs, analysed, failures, effect, settings, arms
        case degreesOfFreedomMethod = "df_method", standardDeviation = "standard_deviation"
    }
}

/// Monte-Carlo power of the protocol's primary analysis: each run simulates a whole trial's
/// primary-outcome data in memory (allocation by the protocol's scheme, scores written as items
/// and scored by the protocol's rule, dropout), fits the planned model and tests each arm
/// against control at the primary visit (``PrimaryAnalysisRunner``). Run r uses the seed
/// ``RandomStreams/replicateSeed(_:run:)``, so results do not depend on how runs are scheduled.
public enum PowerSimulation {
    public static func run(_ trial: TrialProtocol, settings: SimulationSettings, runs: Int,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> PowerResult {
        try settings.validate(against: trial)
        guard runs >= 1 else { throw SimulationError.invalidSetting(option: "--runs", value: String(runs), requirement: "at least 1") }
        let controlIndex = settings.controlArm.flatMap { code in trial.arms.firstIndex { $0.code == code } } ?? trial.arms.count - 1
        let control = trial.arms[controlIndex].code
        let runner = try PrimaryAnalysisRunner(trial: trial, control: control)
        let outcome = runner.outcome
        guard let form = trial.form(named: outcome.form), let calculator = ScoreCalculator(form: form) else {
            throw SimulationError.noPrimaryOutcome
        }
        // Runs are spread over the cores; run r always uses its own seed and its own slot, so
        // the result does not depend on the number of cores or the order in which runs finish.
        let store = RunStore(count: runs, progress: progress)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, runs))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for run in stride(from: worker, to: runs, by: workers) {
                let result: Result<[PrimaryTest], any Error>
                do {
                    var replicate = settings
                    replicate.seed = RandomStreams.replicateSeed(settings.seed, run: run)
                    let streams = RandomStreams(seed: replicate.seed)
                    let roster = try Roster.simulate(trial, settings: replicate, streams: streams)
                    let simulator = TrialDataSimulator(trial: trial, settings: replicate, roster: roster)
                    var scores = [[String: Double]](repeating: [:], count: roster.participants.count)
                    for record in try simulator.records(of: form, validating: false) {
                        scores[record.participant][record.visit.name] = calculator.total(record.itemValues)
                    }
                    result = .success(try runner.run(participants: roster.participants, scores: scores))
                } catch {
                    result = .failure(error)
                }
                store.finish(run, result)
            }
        }
        var tests: [[PrimaryTest]] = []
        var failures: [String] = []
        for (run, result) in store.results.enumerated() {
            switch result {
            case .success(let value): tests.append(value)
            case .failure(let error): if failures.count < 5 { failures.append("run \(run + 1): \(error)") }
            case nil: break
            }
        }
        let model = simulator(trial, settings).models[form.name]!
        let arms = try trial.arms.enumerated().filter { $0.offset != controlIndex }.map { index, arm -> ArmPower in
            let results = tests.compactMap { $0.first { $0.arm == arm.code } }
            let r = Double(max(results.count, 1))
            let rejections = results.filter { $0.pValue < runner.alpha }.count
            let p = Double(rejections) / r
            let (lower, upper) = wilson(successes: rejections, trials: results.count)
            return ArmPower(
                arm: arm.code, control: control, rejections: rejections, power: p,
                monteCarloSE: (p * (1 - p) / r).squareRoot(), lower: lower, upper: upper,
                meanEstimate: results.map(\.estimate).reduce(0, +) / r,
                meanStandardError: results.map(\.standardError).reduce(0, +) / r,
                meanDegreesOfFreedom: results.map(\.degreesOfFreedom).reduce(0, +) / r,
                approximation: try PowerApproximation.make(trial: trial, outcome: outcome, formula: runner.formula.columns,
                                                           settings: settings, model: model, arm: index, control: controlIndex))
        }
        return PowerResult(outcome: outcome.name, formula: outcome.formula, visit: outcome.visit,
                           degreesOfFreedomMethod: runner.method.rawValue, alpha: runner.alpha, runs: runs,
                           analysed: tests.count, failures: failures, effect: model.effect,
                           standardDeviation: model.standardDeviation, settings: settings, arms: arms)
    }

    private static func simulator(_ trial: TrialProtocol, _ settings: SimulationSettings) -> TrialDataSimulator {
        TrialDataSimulator(trial: trial, settings: settings, roster: Roster(participants: []))
    }

    /// Wilson's 95% score interval for a binomial proportion.
    static func wilson(successes: Int, trials: Int) -> (Double, Double) {
        guard trials > 0 else { return (0, 1) }
        let z = 1.959963984540054, n = Double(trials), p = Double(successes) / n
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }
}

/// Results of the runs by index, filled from several threads; reports progress in order.
private final class RunStore: @unchecked Sendable {
    private let lock = NSLock()
    private let progress: (@Sendable (Int, Int) -> Void)?
    private(set) var results: [Result<[PrimaryTest], any Error>?]
    private var done = 0

    init(count: Int, progress: (@Sendable (Int, Int) -> Void)?) {
        results = Array(repeating: nil, count: count)
        self.progress = progress
    }

    func finish(_ run: Int, _ result: Result<[PrimaryTest], any Error>) {
        lock.lock()
        defer { lock.unlock() }
        results[run] = result
        done += 1
        progress?(done, results.count)
    }
}
