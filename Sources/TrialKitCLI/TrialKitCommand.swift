import ArgumentParser
import Foundation

/// `trialkit`: runs a randomized controlled trial from one SQLite file.
@main
struct TrialKitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trialkit",
        abstract: "Run a randomized controlled trial: protocol, users, randomization, CRF data, queries, audit trail, mixed-model analysis.",
        discussion: """
            Commands that use the trial database name their user with --user NAME (or TRIALKIT_USER) \
            and the database with --db PATH (or TRIALKIT_DB, default ./trial.sqlite); `protocol check` \
            and `fit` need neither. Exit codes: 0 ok, 64 usage, \
            65 data invalid, 66 input missing, 70 internal error, 73 cannot create, 77 not permitted.
            """,
        version: "0.1.0",
        subcommands: [InitCommand.self, UserCommand.self, ProtocolCommand.self, RandomizeCommand.self,
                      UnblindCommand.self, CRFCommand.self, QueriesCommand.self, ExportCommand.self, AuditCommand.self,
                      FitCommand.self])

    /// Parses, runs, and turns any error into a message on stderr and an exit code
    /// (see `ExitStatus`), instead of ArgumentParser's own exit handling.
    static func main() {
        let status: Int32
        do {
            var command = try parseAsRoot()
            try command.run()
            status = ExitStatus.ok
        } catch {
            status = ExitStatus.report(error)
        }
        Foundation.exit(status)
    }
}
