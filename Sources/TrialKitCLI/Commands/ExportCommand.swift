import ArgumentParser

/// `trialkit export …`: data sets written from the store.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write data sets from the trial database.",
        subcommands: [ExportLong.self])
}
