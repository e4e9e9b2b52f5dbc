import TrialCore
import TrialStore

/// Refusals and failures decided by the CLI itself.
enum CLIError: Error, CustomStringConvertible {
    /// No --user and no TRIALKIT_USER.
    case noUser(command: String)
    case unknownUser(name: String, database: String)
    case inactiveUser(name: String)
    case notPermitted(command: GuardedCommand, user: String, role: Role)
    /// `audit verify` found a problem.
    case auditBroken(AuditProblem)

    var description: String {
        switch self {
        case .noUser(let command):
            return "`trialkit \(command)` needs to know who you are; pass --user NAME or set TRIALKIT_USER."
        case .unknownUser(let name, let database):
            return "\(name) is not a user of \(database); an admin can add them with `trialkit user add \(name) --role ROLE` (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))."
        case .inactiveUser(let name):
            return "User \(name) has been deactivated; ask an admin for a new account."
        case .notPermitted(let command, let user, let role):
            return "`trialkit \(command.rawValue)` needs the role \(Permissions.roleList(for: command)), but \(user) has the role \(role.rawValue); ask an admin to run it or to change your role."
        case .auditBroken(let problem):
            let detail = problem.detail.hasSuffix(".") ? String(problem.detail.dropLast()) : problem.detail
            return "\(detail); restore the database from a backup and find out who changed the file."
        }
    }
}
