import ArgumentParser

/// `trialkit user list`
struct UserList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List users and their roles.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let session = try Session.open(global, for: .userList)
        let users = try session.store.users()
        if global.json {
            try Console.json(users)
            return
        }
        var rows = [["NAME", "ROLE", "ACTIVE", "ADDED (UTC)", "ADDED BY"]]
        rows += users.map { [$0.name, $0.role.rawValue, $0.active ? "yes" : "no", $0.createdAt, $0.createdBy] }
        print(Console.table(rows))
    }
}
