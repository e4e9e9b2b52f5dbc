import ArgumentParser
import Foundation
import Randomization
import Tabular
import TrialCore
import TrialStore

/// `trialkit randomize P001 --stratum F=L ...` or `trialkit randomize --from-csv FILE`.
struct RandomizeAssign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Randomize a participant (trial manager): `trialkit randomize ID --stratum FACTOR=LEVEL`.",
        shouldDisplay: false)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The participant's ID (the protocol's participant_id_pattern).", valueName: "participant-id"))
    var participant: String?

    @Option(help: ArgumentHelp("The participant's level of a stratification factor; give every factor once.", valueName: "factor=level"))
    var stratum: [String] = []

    @Option(name: .customLong("from-csv"), help: ArgumentHelp("Randomize every row of this CSV file (columns participant_id and one per factor), each in its own transaction.", valueName: "file"))
    var fromCSV: String?

    func validate() throws {
        if (participant == nil) == (fromCSV == nil) {
            throw ValidationError("Give either a participant ID with --stratum FACTOR=LEVEL, or --from-csv FILE (see `trialkit randomize --help`).")
        }
        if fromCSV != nil, !stratum.isEmpty {
            throw ValidationError("--stratum applies to one participant; with --from-csv the file's columns give each row's stratum.")
        }
    }

    func run() throws {
        let context = try TrialContext.open(global, for: .randomize)
        let randomizer = try Randomizer(context: context)
        if let participant {
            var levels: [(factor: String, level: String)] = []
            for text in stratum {
                guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { throw CLIError.malformedStratum(text) }
                levels.append((String(text[..<equals]).trimmingCharacters(in: .whitespaces),
                               String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces)))
            }
            let request = try randomizer.request(participantID: participant, levels: levels)
            let allocation = try randomizer.allocate(request)
            if global.json { try Console.json(AllocationJSON(allocation, context: context)) } else { printAllocation(allocation, context) }
        } else {
            try runBatch(randomizer, context)
        }
    }

    /// Checks every row first (nothing is written when one is wrong), then randomizes the rows in
    /// file order, each in its own transaction; stops at the first refusal, naming its line.
    private func runBatch(_ randomizer: Randomizer, _ context: TrialContext) throws {
        let table = try TextTable.read(path: fromCSV!)
        guard let ids = table.column("participant_id") else {
            throw CLIError.usage("\(table.source) has no participant_id column; its header must be participant_id followed by one column per stratification factor (\(context.spec.stratification.map(\.name).joined(separator: ", "))).")
        }
        var requests: [(line: Int, request: AllocationRequest)] = []
        var seen: [String: Int] = [:]
        for (row, id) in ids.enumerated() {
            let line = table.lineNumbers[row]
            do {
                if let first = seen[id] { throw CLIError.usage("\(id) appears on lines \(first) and \(line); randomize each participant once.") }
                seen[id] = line
                let levels = try context.spec.stratification.map { factor -> (factor: String, level: String) in
                    guard let column = table.column(factor.name) else {
                        throw CLIError.usage("\(table.source) has no column \(factor.name); add one column per stratification factor.")
                    }
                    return (factor.name, column[row])
                }
                requests.append((line, try randomizer.request(participantID: id, levels: levels)))
            } catch {
                Console.error("\(table.source), line \(line): nothing was randomized.")
                throw error
            }
        }
        var done: [Allocation] = []
        for (line, request) in requests {
            do {
                done.append(try randomizer.allocate(request))
            } catch {
                Console.error("\(table.source), line \(line): \(done.count) of \(requests.count) participants were randomized before this row; the rest were not.")
                if global.json { try Console.json(done.map { AllocationJSON($0, context: context) }) }
                throw error
            }
            if !global.json { printAllocation(done.last!, context, compact: true) }
        }
        if global.json { try Console.json(done.map { AllocationJSON($0, context: context) }) } else {
            print("Randomized \(done.count) participants from \(table.source).")
        }
    }

    private func printAllocation(_ allocation: Allocation, _ context: TrialContext, compact: Bool = false) {
        let arm = context.shown(arm: allocation.arm)
        if compact {
            print("#\(allocation.randomizationNumber)  \(allocation.participantID)  \(context.label(allocation.stratumLevels))  \(arm)  \(allocation.allocatedAt)")
            return
        }
        print(Console.table([
            ["Participant:", allocation.participantID],
            ["Arm:", arm + (context.armsBlinded ? "" : context.spec.arm(code: arm).map { " (\($0.label))" } ?? "")],
            ["Stratum:", context.label(allocation.stratumLevels)],
            ["Randomization number:", String(allocation.randomizationNumber)],
            ["Randomized at (UTC):", allocation.allocatedAt],
            ["Randomized by:", allocation.allocatedBy],
        ]))
    }
}

/// Builds and runs allocation requests for the stored protocol.
struct Randomizer {
    let context: TrialContext
    let layout: StratumLayout
    let minimization: MinimizationDesign?

    init(context: TrialContext) throws {
        self.context = context
        layout = try context.strata()
        minimization = context.spec.randomization.method == .minimization ? try MinimizationDesign(protocol: context.spec) : nil
    }

    /// Checks the ID and the stratum against the protocol.
    func request(participantID: String, levels: [(factor: String, level: String)]) throws -> AllocationRequest {
        if let reason = ParticipantID.problem(with: participantID, pattern: context.spec.participantIDPattern) {
            throw CLIError.invalidParticipantID(id: participantID, reason: reason)
        }
        let stratum = try layout.stratum(levelNames: levels)
        return AllocationRequest(participantID: participantID,
                                 stratum: minimization == nil ? layout.label(ofStratum: stratum) : "all",
                                 stratumLevels: RandomizationWiring.levels(ofStratum: stratum, layout: layout),
                                 eligibility: context.spec.randomization.eligibility)
    }

    func allocate(_ request: AllocationRequest) throws -> Allocation {
        var rule: ((MinimizationContext) throws -> MinimizationOutcome)?
        if let minimization {
            let levels = try layout.levelIndices(minimization.factors.factors.map { request.stratumLevels[$0.name] ?? "" })
            rule = RandomizationWiring.minimizer(design: minimization, levels: levels)
        }
        return try context.store.randomize(request, actor: context.user, minimize: rule)
    }
}

/// `randomize --json`: one allocation.
struct AllocationJSON: Encodable {
    var participantID: String
    var arm: String
    var stratum: [String: String]
    var randomizationNumber: Int
    var allocatedAt: String

    init(_ allocation: Allocation, context: TrialContext) {
        participantID = allocation.participantID; arm = context.shown(arm: allocation.arm)
        stratum = allocation.stratumLevels; randomizationNumber = allocation.randomizationNumber
        allocatedAt = allocation.allocatedAt
    }

    enum CodingKeys: String, CodingKey {
        case arm, stratum
        case participantID = "participant_id", randomizationNumber = "randomization_number", allocatedAt = "allocated_at"
    }
}
