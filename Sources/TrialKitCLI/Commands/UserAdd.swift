import ArgumentParser
import TrialCore

/// `trialkit user add NAME --role ROLE`
struct UserAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a user with a role (admin only).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The new user's name: letters, digits, '.', '_' or '-'.")
    var name: String

    @Option(help: ArgumentHelp("The user's role.", valueName: "role"))
    var role: Role

    @Option(help: "Why the user is added (kept in the audit trail).")
    var reason: String?

    func run() throws {
        let session = try Session.open(global, for: .userAdd)
        let user = try session.store.addUser(name: name, role: role, actor: session.user.name, reason: reason)
        try UserCommand.printUser(user, verb: "Added", json: global.json)
    }
}
