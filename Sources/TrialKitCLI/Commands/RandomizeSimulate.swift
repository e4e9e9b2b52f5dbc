import ArgumentParser
import Foundation
import Randomization
import TrialCore
import TrialSpec
#if canImport(Glibc)
import Glibc
#endif

/// `trialkit randomize simulate --protocol FILE --runs N [--participants N] [--seed S]`: no database.
struct RandomizeSimulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Assess the protocol's randomization design by simulating trials (needs no database).",
        discussion: """
            Simulates --runs trials of --participants participants arriving in the strata with equal \
            probabilities, each allocated exactly as the real scheme would, and reports the final and \
            largest imbalance, forced and certain allocations, and the Blackwell–Hodges \
            convergence-strategy guess rate. The simulation seed is not the list seed. A progress \
            bar is drawn on standard error when it is a terminal.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("protocol"), help: ArgumentHelp("The protocol YAML file.", valueName: "file"))
    var protocolPath: String

    @Option(help: ArgumentHelp("Number of simulated trials.", valueName: "n"))
    var runs: Int = 10_000

    @Option(help: ArgumentHelp("Participants per simulated trial (default: the protocol's target sample size).", valueName: "n"))
    var participants: Int?

    @Option(help: ArgumentHelp("Simulation seed.", valueName: "s"))
    var seed: UInt64 = 20_240_917

    func validate() throws {
        guard (1...10_000_000).contains(runs) else { throw ValidationError("--runs must be between 1 and 10000000, not \(runs).") }
        if let participants, !(1...1_000_000).contains(participants) {
            throw ValidationError("--participants must be between 1 and 1000000, not \(participants).")
        }
    }

    func run() throws {
        let loaded = try ProtocolLoader.load(path: protocolPath)
        let design = try AssessedDesign(protocol: loaded.spec)
        let settings = AssessmentSettings(participants: participants ?? loaded.spec.targetSampleSize ?? 1,
                                          replicates: runs, seed: seed)
        let bar = isatty(STDERR_FILENO) == 1 ? ProgressBar() : nil
        let report = try DesignAssessment.run(design: design, settings: settings) { done, total in bar?.show(done, total) }
        bar?.finish()
        let result = SimulationJSON(report: report, protocolID: loaded.spec.id, design: describe(loaded.spec))
        if global.json { try Console.json(result); return }
        print(SimulationText.render(result))
    }

    private func describe(_ spec: TrialProtocol) -> String {
        let arms = spec.arms.map(\.code).joined(separator: ":") + " " + spec.arms.map { String($0.ratio) }.joined(separator: ":")
        let strata = spec.stratification.isEmpty ? "no strata" : spec.stratification.map { "\($0.name) (\($0.levels.count))" }.joined(separator: " × ")
        switch spec.randomization.method {
        case .permutedBlocks:
            let sizes = spec.randomization.blockSizes.map { "\($0.size) (p = \($0.probability))" }.joined(separator: ", ")
            return "permuted blocks of sizes \(sizes) within \(strata); arms \(arms)"
        case .complete: return "complete randomization within \(strata); arms \(arms)"
        case .minimization:
            let settings = spec.randomization.minimization
            return "minimization over \(strata), \(settings?.measure.rawValue ?? "range") imbalance, p = \(settings?.probability ?? 1); arms \(arms)"
        }
    }
}



/// A one-line progress bar redrawn in place on standard error.
final class ProgressBar {
    private var lastPercent = -1

    func show(_ done: Int, _ total: Int) {
        let percent = total == 0 ? 100 : done * 100 / total
        guard percent != lastPercent else { return }
        lastPercent = percent
        let filled = percent * 30 / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
        FileHandle.standardError.write(Data("\rSimulating [\(bar)] \(percent)% (\(done)/\(total))".utf8))
    }

    func finish() { FileHandle.standardError.write(Data("\n".utf8)) }
}
