import TrialCore
import TrialStore

/// An open database and the user acting on it, checked against `Permissions`.
struct Session {
    let store: TrialStore
    let user: User

    /// Opens the database and admits the user when their role may run `command`.
    /// - Throws: `CLIError.noUser`, `.unknownUser`, `.inactiveUser`, `.notPermitted`; `StoreError`
    ///   when the database cannot be opened.
    static func open(_ options: GlobalOptions, for command: GuardedCommand, readOnly: Bool = false) throws -> Session {
        guard let name = options.userName else { throw CLIError.noUser(command: command.rawValue) }
        // Admit the user on a read-only connection, so that a refusal leaves the file untouched;
        // only a command that writes then opens the database for writing.
        let reader = try TrialStore.openForReading(path: options.databasePath)
        guard let user = try reader.user(named: name) else {
            throw CLIError.unknownUser(name: name, database: reader.path)
        }
        guard user.active else { throw CLIError.inactiveUser(name: name) }
        guard Permissions.roles(for: command).contains(user.role) else {
            throw CLIError.notPermitted(command: command, user: name, role: user.role)
        }
        if readOnly || !command.writes { return Session(store: reader, user: user) }
        return Session(store: try TrialStore.open(path: options.databasePath), user: user)
    }
}
