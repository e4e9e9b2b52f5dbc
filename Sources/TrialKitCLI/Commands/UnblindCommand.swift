import ArgumentParser
import TrialStore

/// `trialkit unblind P001 --reason TEXT` (unblinder), `trialkit unblind list`.
struct UnblindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unblind",
        abstract: "Reveal one participant's arm to the unblinder, with a reason, or list unblindings.",
        discussion: "trialkit unblind P001 --reason \"serious adverse event\" shows the arm to an unblinder and records who, whom, when and why; the arm itself never enters the audit trail.",
        subcommands: [UnblindParticipant.self, UnblindList.self],
        defaultSubcommand: UnblindParticipant.self)
}

struct UnblindParticipant: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "participant",
        abstract: "Reveal a participant's arm (unblinder; a reason is required).",
        shouldDisplay: false)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The participant whose arm is revealed.", valueName: "participant-id"))
    var participant: String

    @Option(help: "Why the arm must be revealed (kept in the audit trail).")
    var reason: String?

    func run() throws {
        let context = try TrialContext.open(global, for: .unblind)
        let (record, allocation) = try context.store.unblind(participantID: participant, actor: context.user, reason: reason)
        if global.json {
            try Console.json(UnblindResult(unblinding: record, arm: allocation.arm, stratum: allocation.stratumLevels,
                                           randomizationNumber: allocation.randomizationNumber,
                                           allocatedAt: allocation.allocatedAt))
            return
        }
        let label = context.spec.arm(code: allocation.arm).map { " (\($0.label))" } ?? ""
        print("\(participant) is on arm \(allocation.arm)\(label): randomization number \(allocation.randomizationNumber), stratum \(context.label(allocation.stratumLevels)), randomized at \(allocation.allocatedAt) by \(allocation.allocatedBy).")
        print("Unblinding \(record.id) recorded at \(record.unblindedAt) by \(record.unblindedBy); reason: \(record.reason)")
    }
}

struct UnblindResult: Encodable {
    var unblinding: Unblinding
    var arm: String
    var stratum: [String: String]
    var randomizationNumber: Int
    var allocatedAt: String

    enum CodingKeys: String, CodingKey {
        case arm, stratum
        case randomizationNumber = "randomization_number", allocatedAt = "allocated_at"
    }

    func encode(to encoder: any Encoder) throws {
        try unblinding.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(arm, forKey: .arm)
        try container.encode(stratum, forKey: .stratum)
        try container.encode(randomizationNumber, forKey: .randomizationNumber)
        try container.encode(allocatedAt, forKey: .allocatedAt)
    }
}

struct UnblindList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List every unblinding: who learned whose arm, when and why (never the arm).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let session = try Session.open(global, for: .unblindList)
        let records = try session.store.unblindings()
        if global.json { try Console.json(records); return }
        if records.isEmpty { print("No participant has been unblinded."); return }
        var rows = [["ID", "PARTICIPANT", "UNBLINDED (UTC)", "BY", "REASON"]]
        rows += records.map { [String($0.id), $0.participantID, $0.unblindedAt, $0.unblindedBy, $0.reason] }
        print(Console.table(rows))
    }
}
