import ArgumentParser
import Foundation
import Randomization
import TrialStore

/// `trialkit randomize generate [--seed N] [--per-stratum K]` (statistician).
struct RandomizeGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate and store the sealed allocation lists (statistician).",
        discussion: """
            One list per stratum, from the protocol's method and the seed, with algorithm \
            \(AlgorithmVersion.current). The seed and the slots are stored sealed: no command \
            prints them, and the audit trail keeps only salted SHA-256 commitments. Without \
            --seed a 64-bit seed is drawn from the operating system. Refused when lists exist.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The list seed, a whole number 0…18446744073709551615 (default: drawn from the operating system).", valueName: "n"))
    var seed: UInt64?

    @Option(name: .customLong("per-stratum"), help: ArgumentHelp("Minimum slots per stratum (default: ⌈1.5 × target sample size / strata⌉; the last block is completed).", valueName: "k"))
    var perStratum: Int?

    @Option(help: "Why the lists are generated (kept in the audit trail).")
    var reason: String?

    func validate() throws {
        if let perStratum, perStratum < 1 { throw ValidationError("--per-stratum must be at least 1, not \(perStratum).") }
    }

    func run() throws {
        let context = try TrialContext.open(global, for: .randomizeGenerate)
        if let existing = try context.store.allocationLists().first {
            throw StoreError.allocationListsExist(strata: try context.store.allocationLists().count,
                                                  createdAt: existing.createdAt, createdBy: existing.createdBy)
        }
        var generator = SystemRandomNumberGenerator()
        let seed = self.seed ?? generator.next()
        let spec = context.spec
        let lists: [NewAllocationList]
        var minimum: Int?
        if spec.randomization.method == .minimization {
            if perStratum != nil {
                throw CLIError.usage("--per-stratum does not apply: this protocol uses minimization, which decides each allocation from the earlier ones instead of a list.")
            }
            _ = try MinimizationDesign(protocol: spec)
            lists = [NewAllocationList(stratum: "all", stratumLevels: [:], slots: [])]
        } else {
            let design = try ListDesign(protocol: spec)
            let slots = perStratum ?? design.defaultSlotsPerStratum(targetSampleSize: spec.targetSampleSize ?? 1)
            minimum = slots
            let list = try AllocationList.generate(design: design, slotsPerStratum: slots, seed: seed)
            let violations = list.checkInvariants()
            guard violations.isEmpty else {
                throw StoreError.invalidAllocationHistory(detail: "the generated list breaks its invariants: \(violations[0])")
            }
            lists = RandomizationWiring.newLists(from: list, codes: RandomizationCodes.generate(count: list.slots.count, seed: seed))
        }
        let stored = try context.store.storeAllocationLists(
            lists, method: spec.randomization.method.rawValue,
            parameters: try RandomizationWiring.parameters(spec, slotsPerStratum: minimum),
            source: .generated(seed: seed, algorithmVersion: AlgorithmVersion.current), actor: context.user, reason: reason)
        let result = GenerateResult(protocolID: spec.id, protocolVersion: context.stored.version,
                                    method: spec.randomization.method.rawValue, strata: stored.count,
                                    minimumSlotsPerStratum: minimum, totalSlots: stored.reduce(0) { $0 + $1.slots },
                                    algorithmVersion: AlgorithmVersion.current,
                                    createdAt: stored.first?.createdAt ?? "", createdBy: context.user)
        if global.json { try Console.json(result); return }
        print("Generated the sealed allocation lists of protocol \(spec.id) (protocol version \(context.stored.version)).")
        if let minimum {
            print("Method \(result.method): \(result.strata) strata, at least \(minimum) slots each with the last block completed, \(result.totalSlots) slots in all.")
        } else {
            print("Method minimization: each allocation is computed when the participant is randomized.")
        }
        print("Algorithm \(result.algorithmVersion); stored at \(result.createdAt) by \(context.user).")
        print("The seed is stored sealed in the database: no command prints it, and the audit trail keeps only a salted SHA-256 commitment to it and to the slots.")
    }
}

struct GenerateResult: Encodable {
    var protocolID: String
    var protocolVersion: Int
    var method: String
    var strata: Int
    var minimumSlotsPerStratum: Int?
    var totalSlots: Int
    var algorithmVersion: String
    var seedSealed = true
    var createdAt: String
    var createdBy: String

    enum CodingKeys: String, CodingKey {
        case method, strata
        case protocolID = "protocol_id", protocolVersion = "protocol_version"
        case minimumSlotsPerStratum = "minimum_slots_per_stratum", totalSlots = "total_slots"
        case algorithmVersion = "algorithm_version", seedSealed = "seed_sealed"
        case createdAt = "created_at", createdBy = "created_by"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(protocolID, forKey: .protocolID)
        try container.encode(protocolVersion, forKey: .protocolVersion)
        try container.encode(method, forKey: .method)
        try container.encode(strata, forKey: .strata)
        try container.encode(minimumSlotsPerStratum, forKey: .minimumSlotsPerStratum)
        try container.encode(totalSlots, forKey: .totalSlots)
        try container.encode(algorithmVersion, forKey: .algorithmVersion)
        try container.encode(seedSealed, forKey: .seedSealed)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(createdBy, forKey: .createdBy)
    }
}
