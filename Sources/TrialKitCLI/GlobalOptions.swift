import ArgumentParser
import Foundation

/// Options every command accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The trial database (default: $TRIALKIT_DB, else ./trial.sqlite).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Who is running the command (default: $TRIALKIT_USER).", valueName: "name"))
    var user: String?

    @Flag(name: .long, help: "Print the result as one JSON value on stdout.")
    var json = false

    /// `--db`, else `TRIALKIT_DB`, else `trial.sqlite` in the current directory.
    var databasePath: String {
        db ?? Self.environment("TRIALKIT_DB") ?? "trial.sqlite"
    }

    /// `--user`, else `TRIALKIT_USER`, else nil.
    var userName: String? {
        user ?? Self.environment("TRIALKIT_USER")
    }

    private static func environment(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }
}
