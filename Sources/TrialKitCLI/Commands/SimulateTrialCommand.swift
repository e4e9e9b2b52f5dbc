import ArgumentParser
import Foundation
import TrialCore
import TrialSimulation
import TrialSpec
#if canImport(Glibc)
import Glibc
#endif

/// `trialkit simulate-trial`: simulated CRF files for a protocol, or the power of its primary
/// analysis. Needs no database and no user. Wiring only; the work is in `TrialSimulation`.
struct SimulateTrialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate-trial",
        abstract: "Simulate a trial's CRF data files, or the power of its primary analysis (needs no database).",
        discussion: """
            Writes one CSV per form (every visit that collects it) in the format `crf import` reads, \
            participants.csv for `randomize --from-csv`, allocations.csv (when the simulator \
            allocated) and manifest.json. With --allocations FILE (from `randomize list --json` by an \
            unblinded role) the participants, arms and randomization dates are the real ones. \
            With --power, each of --runs simulated trials is analysed with the protocol's primary \
            planned model, and the power is reported with its Monte-Carlo error and the two-sample \
            t-test approximation. Exit codes: 64 bad option, 65 unusable allocations file or \
            protocol, 66 missing file, 73 an output file exists (use --force).
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("protocol"), help: ArgumentHelp("The protocol YAML file.", valueName: "file"))
    var protocolPath: String

    @Option(help: ArgumentHelp("Participants (default: the protocol's target sample size).", valueName: "n"))
    var participants: Int?

    @Option(help: ArgumentHelp("Seed of every random stream.", valueName: "s"))
    var seed: UInt64

    @Option(name: .customLong("effect"), parsing: .singleValue,
            help: ArgumentHelp("Arm effect on a score after randomization, score units (each arm vs control); repeatable.", valueName: "score=delta"))
    var effects: [String] = []

    @Option(name: .customLong("sd"), parsing: .singleValue,
            help: ArgumentHelp("Total SD of a score at each visit (a bare number: the primary outcome's score); repeatable. Default: range / 6.", valueName: "score=sd"))
    var standardDeviations: [String] = []

    @Option(name: .customLong("mean"), parsing: .singleValue,
            help: ArgumentHelp("Mean of a score in the control arm; repeatable. Default: the middle of its range.", valueName: "score=mean"))
    var means: [String] = []

    @Option(help: ArgumentHelp("Proportion missing at the last visit after randomization (monotone, increasing over visits).", valueName: "p"))
    var dropout: Double = 0.15

    @Option(name: .customLong("visit-correlation"), help: ArgumentHelp("Within-participant correlation of a score between visits.", valueName: "rho"))
    var visitCorrelation: Double = 0.5

    @Option(name: .customLong("trait-correlation"), help: ArgumentHelp("Correlation of a participant's traits across instruments.", valueName: "r"))
    var traitCorrelation: Double = 0.4

    @Option(name: .customLong("site-variance"), help: ArgumentHelp("Share of a score's variance between stratification levels (sites).", valueName: "share"))
    var siteVariance: Double = 0.05

    @Option(name: .customLong("item-non-response"), help: ArgumentHelp("Probability that an item is unanswered where the scoring rule allows it.", valueName: "q"))
    var itemNonResponse: Double = 0.01

    @Option(help: ArgumentHelp("The control arm (default: the protocol's last arm).", valueName: "arm"))
    var control: String?

    @Option(name: .customLong("start-date"), help: ArgumentHelp("First randomization date when the simulator allocates.", valueName: "YYYY-MM-DD"))
    var startDate: String = "2025-01-06"

    @Option(name: .customLong("allocations"), help: ArgumentHelp("Real allocations: `randomize list --json` output, or a CSV with participant_id, arm, the factors and randomization_date.", valueName: "file"))
    var allocations: String?

    @Flag(name: .customLong("with-errors"), help: "Also write errors/<form>.csv, a batch with planted defects listed in the manifest.")
    var withErrors = false

    @Option(help: ArgumentHelp("Directory for the files (created if missing).", valueName: "dir"))
    var out: String?

    @Flag(help: "Replace files that already exist in the output directory.")
    var force = false

    @Flag(help: "Estimate the power of the primary analysis instead of writing files.")
    var power = false

    @Option(help: ArgumentHelp("Simulated trials for --power.", valueName: "n"))
    var runs: Int = 500

    func validate() throws {
        if power {
            guard out == nil, allocations == nil, !withErrors else {
                throw ValidationError("--power simulates in memory; leave out --out, --allocations and --with-errors.")
            }
            guard (1...100_000).contains(runs) else { throw ValidationError("--runs must be between 1 and 100000, not \(runs).") }
        } else if out == nil {
            throw ValidationError("Give --out DIR for the simulated files, or --power to estimate power.")
        }
        if allocations != nil, participants != nil {
            throw ValidationError("--participants and --allocations exclude each other: the allocations file gives the participants.")
        }
        guard CalendarDate(iso: startDate) != nil else { throw ValidationError("--start-date \(startDate) is not a YYYY-MM-DD date.") }
    }

    func run() throws {
        let loaded = try ProtocolLoader.load(path: protocolPath)
        let trial = loaded.spec
        let primaryForm = trial.analysis.outcomes.first { $0.role == .primary }?.form
        var settings = SimulationSettings(
            participants: participants ?? trial.targetSampleSize ?? 100, seed: seed,
            effects: try Self.pairs(effects, option: "--effect", bare: nil),
            controlArm: control, means: try Self.pairs(means, option: "--mean", bare: nil),
            standardDeviations: try Self.pairs(standardDeviations, option: "--sd", bare: primaryForm),
            visitCorrelation: visitCorrelation, traitCorrelation: traitCorrelation, siteVarianceShare: siteVariance,
            dropout: dropout, itemNonResponse: itemNonResponse, recruitmentStart: CalendarDate(iso: startDate)!,
            withErrors: withErrors)
        if power {
            let progress = ProgressReporter()
            let result = try PowerSimulation.run(trial, settings: settings, runs: runs) { progress.show($0, $1) }
            progress.finish()
            if global.json { try Console.json(result) } else { print(SimulateTrialText.power(result)) }
            return
        }
        let allocated = try allocations.map { try AllocationsFile.read(path: $0, trial: trial) }
        if let allocated { settings.participants = allocated.count }
        let simulated = try TrialSimulation.simulate(trial, settings: settings, allocations: allocated, protocolChecksum: loaded.checksum)
        try write(simulated)
        if global.json {
            try Console.json(SimulateTrialText.FilesJSON(out: out!, trial: trial, simulated: simulated))
        } else {
            print(SimulateTrialText.files(out: out!, trial: trial, simulated: simulated))
        }
    }

    /// Creates the directory, refuses before writing anything when a file exists (without
    /// --force), then writes each file atomically.
    private func write(_ simulated: SimulatedTrial) throws {
        let directory = out!
        let paths = simulated.files.map { directory + "/" + $0.path }
        if !force, let existing = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) {
            throw CLIError.outputExists(path: existing)
        }
        for folder in Set(paths.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }).sorted() {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw CLIError.cannotWrite(path: folder, reason: error.localizedDescription)
            }
        }
        for (file, path) in zip(simulated.files, paths) { try OutputFile.write(file.text, to: path, force: force) }
    }

    /// `name=value` pairs; a bare number stands for `bare=value` when `bare` is given.
    static func pairs(_ texts: [String], option: String, bare: String?) throws -> [String: Double] {
        var result: [String: Double] = [:]
        for text in texts {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            let name: String, valueText: String
            if parts.count == 2 { (name, valueText) = (parts[0], parts[1]) } else if let bare { (name, valueText) = (bare, text) } else {
                throw CLIError.usage("\(option) \(text) must be written SCORE=VALUE, e.g. \(option) qpr15=5.1.")
            }
            guard let value = Double(valueText) else { throw CLIError.usage("\(option) \(text): \(valueText) is not a number.") }
            if result[name] != nil { throw CLIError.usage("\(option) names \(name) twice; give it once.") }
            result[name] = value
        }
        return result
    }
}

/// Progress on standard error: a bar redrawn in place on a terminal, otherwise one line per
/// 10% so that logs and pipes get whole lines. Called under the power simulation's lock.
final class ProgressReporter: @unchecked Sendable {
    private let bar = isatty(STDERR_FILENO) == 1 ? ProgressBar() : nil
    private var lastTenth = 0

    func show(_ done: Int, _ total: Int) {
        if let bar { bar.show(done, total); return }
        let tenth = total == 0 ? 10 : done * 10 / total
        guard tenth > lastTenth else { return }
        lastTenth = tenth
        FileHandle.standardError.write(Data("Simulated \(tenth * 10)% (\(done)/\(total))\n".utf8))
    }

    func finish() { bar?.finish() }
}
