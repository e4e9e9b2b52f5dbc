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
    /// The command would reveal arms to a role the protocol blinds.
    case blinded(command: GuardedCommand, role: Role)
    /// A participant ID that the protocol's rules refuse.
    case invalidParticipantID(id: String, reason: String)
    /// A `--stratum` value that is not FACTOR=LEVEL.
    case malformedStratum(String)
    /// An argument that does not fit this trial (exit 64).
    case usage(String)
    /// Data that failed validation or does not fit the trial (exit 65); the message says what to do.
    case invalidData(String)
    /// An output file that already exists.
    case outputExists(path: String)
    /// An output file that cannot be written.
    case cannotWrite(path: String, reason: String)

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
        case .blinded(let command, let role):
            return "`trialkit \(command.rawValue)` reveals every arm, and the protocol blinds the role \(role.rawValue) to arms (randomization.blinded_roles), so it was refused; an unblinded statistician must run it."
        case .invalidParticipantID(let id, let reason):
            return "\"\(id)\" is not a valid participant ID: \(reason); nothing was written."
        case .malformedStratum(let text):
            return "--stratum \(text) is not FACTOR=LEVEL; write it as e.g. --stratum municipality=Fredericia, once per stratification factor."
        case .usage(let message), .invalidData(let message):
            return message
        case .outputExists(let path):
            return "\(path) already exists, so nothing was written; choose another path, or pass --force to replace it."
        case .cannotWrite(let path, let reason):
            return "Cannot write \(path) (\(reason)); check that the directory exists and is writable."
        }
    }
}
