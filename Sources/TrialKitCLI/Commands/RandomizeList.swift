import ArgumentParser
import TrialStore

/// `trialkit randomize list`: the allocations made so far, never a future slot.
struct RandomizeList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the allocations made so far, in randomization order (roles the protocol blinds see `blinded`).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try TrialContext.open(global, for: .randomizeList)
        let allocations = try context.store.allocations()
        if global.json {
            try Console.json(allocations.map { ListedAllocation($0, context: context) })
            return
        }
        if allocations.isEmpty {
            print("Nobody has been randomized yet.")
            return
        }
        var rows = [["NUMBER", "PARTICIPANT", "STRATUM", "ARM", "RANDOMIZED (UTC)", "BY"]]
        rows += allocations.map {
            [String($0.randomizationNumber), $0.participantID, context.label($0.stratumLevels),
             context.shown(arm: $0.arm), $0.allocatedAt, $0.allocatedBy]
        }
        print(Console.table(rows))
    }
}

/// `randomize list --json`: the fields of `randomize --json` plus who randomized.
struct ListedAllocation: Encodable {
    var allocation: AllocationJSON
    var allocatedBy: String

    init(_ allocation: Allocation, context: TrialContext) {
        self.allocation = AllocationJSON(allocation, context: context)
        allocatedBy = allocation.allocatedBy
    }

    enum CodingKeys: String, CodingKey { case allocatedBy = "allocated_by" }

    func encode(to encoder: any Encoder) throws {
        try allocation.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(allocatedBy, forKey: .allocatedBy)
    }
}
