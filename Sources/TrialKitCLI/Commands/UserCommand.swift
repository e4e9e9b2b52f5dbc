import TrialStore
import ArgumentParser

/// `trialkit user ...`
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add, list and manage the people who use the trial database.",
        subcommands: [UserAdd.self, UserList.self, UserRole.self, UserDeactivate.self])
}

/// How a user appears in JSON output.
extension UserCommand {
    static func printUser(_ user: User, verb: String, json: Bool) throws {
        if json {
            try Console.json(user)
        } else {
            print("\(verb) \(user.name) (role \(user.role.rawValue)\(user.active ? "" : ", inactive")).")
        }
    }
}
