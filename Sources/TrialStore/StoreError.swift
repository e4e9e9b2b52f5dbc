import Foundation

/// Everything that can go wrong in the store, with the context needed to say what to do next.
///
/// Each message is one sentence that names the file, user or entity involved. The CLI maps each
/// case to an exit code in one place (`TrialKitCLI/ExitStatus.swift`).
public enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// `create` found a file (or a leftover `-wal`/`-shm` file) where the database should go.
    case databaseExists(path: String)
    /// `create` could not make the file (missing directory, no permission, disk full...).
    case cannotCreate(path: String, reason: String)
    /// `open` found no file.
    case databaseMissing(path: String)
    /// The file exists but is not a TrialKit database, or SQLite cannot read it.
    case notATrialDatabase(path: String, reason: String)
    /// The database was migrated by a newer TrialKit than this one.
    case schemaTooNew(path: String, unknownMigrations: [String])
    /// A user name that does not match `[A-Za-z0-9._-]{1,64}` starting with a letter or digit.
    case invalidUserName(String)
    case userExists(name: String, role: String)
    case userMissing(name: String)
    /// The actor of a write is not a registered, active user.
    case unknownActor(name: String)
    case userInactive(name: String)
    /// A write that would change nothing (e.g. giving a user the role they already hold).
    case unchanged(entity: String, entityID: String, detail: String)
    /// A change that needs a reason was attempted without one.
    case reasonRequired(action: String)
    /// The protocol text does not hash to the checksum that came with it.
    case checksumMismatch(expected: String, actual: String)
    /// The database holds no protocol (should not happen after `init`).
    case noProtocol(path: String)
    /// Removing this admin would leave the trial without an active admin.
    case lastAdmin(name: String)
    /// The audit trail is damaged in a way that makes appending unsafe.
    case auditTrailDamaged(detail: String)
    /// SQLite refused an operation; `operation` says what the store was doing.
    case database(operation: String, message: String)

    public var description: String {
        switch self {
        case .databaseExists(let path):
            return "\(path) already exists, so nothing was written; choose a new --db path or move the existing file away first."
        case .cannotCreate(let path, let reason):
            return "Cannot create the database \(path) (\(reason)); check that the directory exists and is writable."
        case .databaseMissing(let path):
            return "No database at \(path); create one with `trialkit init --protocol FILE --user NAME` or point --db (or TRIALKIT_DB) at an existing one."
        case .notATrialDatabase(let path, let reason):
            return "\(path) is not a TrialKit database (\(reason)); point --db at the file made by `trialkit init`."
        case .schemaTooNew(let path, let unknown):
            return "\(path) was upgraded by a newer TrialKit (unknown migrations: \(unknown.joined(separator: ", "))); use that TrialKit version or newer."
        case .invalidUserName(let name):
            return "\"\(name)\" is not a valid user name; use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit."
        case .userExists(let name, let role):
            return "User \(name) already exists with role \(role); choose another name, or change the role with `trialkit user role \(name) --role ROLE --reason TEXT`."
        case .userMissing(let name):
            return "There is no user named \(name); list users with `trialkit user list`."
        case .unknownActor(let name):
            return "\(name) is not a registered user, so the change was not written; an admin can add them with `trialkit user add \(name) --role ROLE`."
        case .userInactive(let name):
            return "User \(name) has been deactivated, so the change was not written; ask an admin to add a new user."
        case .unchanged(let entity, let entityID, let detail):
            return "Nothing to change for \(entity) \(entityID): \(detail)."
        case .reasonRequired(let action):
            return "The change \(action) needs a reason for the audit trail; add --reason TEXT."
        case .checksumMismatch(let expected, let actual):
            return "The protocol text hashes to \(actual) but was loaded with checksum \(expected); reload the protocol file."
        case .noProtocol(let path):
            return "\(path) holds no protocol; recreate it with `trialkit init --protocol FILE`."
        case .lastAdmin(let name):
            return "\(name) is the last active admin, so the change was refused; make another user admin first."
        case .auditTrailDamaged(let detail):
            return "The audit trail is damaged (\(detail)), so nothing was written; run `trialkit audit verify` and restore the database from a backup."
        case .database(let operation, let message):
            return "The database refused to \(operation) (\(message)); nothing was changed, so check the file and try again."
        }
    }
}
