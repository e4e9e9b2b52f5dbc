import ArgumentParser
import TrialCore

/// `trialkit user role NAME --role ROLE --reason TEXT`
struct UserRole: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role", abstract: "Give a user another role (admin only; a reason is required).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The user whose role changes.")
    var name: String

    @Option(help: ArgumentHelp("The new role.", valueName: "role"))
    var role: Role

    @Option(help: "Why the role changes (kept in the audit trail).")
    var reason: String?

    func run() throws {
        let session = try Session.open(global, for: .userRole)
        let user = try session.store.changeRole(of: name, to: role, actor: session.user.name, reason: reason)
        try UserCommand.printUser(user, verb: "Changed the role of", json: global.json)
    }
}
