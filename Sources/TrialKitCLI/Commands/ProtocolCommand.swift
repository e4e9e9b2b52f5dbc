import ArgumentParser

/// `trialkit protocol ...`
struct ProtocolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protocol",
        abstract: "Check and show trial protocols.",
        subcommands: [ProtocolCheck.self, ProtocolShow.self])
}
