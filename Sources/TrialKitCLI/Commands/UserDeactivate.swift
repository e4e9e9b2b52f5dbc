import ArgumentParser

/// `trialkit user deactivate NAME --reason TEXT`
struct UserDeactivate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deactivate",
        abstract: "Stop a user from acting; their history stays (admin only; a reason is required).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The user to deactivate.")
    var name: String

    @Option(help: "Why the user is deactivated (kept in the audit trail).")
    var reason: String?

    func run() throws {
        let session = try Session.open(global, for: .userDeactivate)
        let user = try session.store.deactivateUser(name, actor: session.user.name, reason: reason)
        try UserCommand.printUser(user, verb: "Deactivated", json: global.json)
    }
}
