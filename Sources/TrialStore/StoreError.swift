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
    /// Lists were to be stored but the trial already has them.
    case allocationListsExist(strata: Int, createdAt: String, createdBy: String)
    /// Randomization was asked for before any list was generated or imported.
    case noAllocationLists
    /// The lists hold no list for this stratum.
    case noListForStratum(String)
    /// The participant already holds an allocation.
    case alreadyRandomized(participantID: String, randomizationNumber: Int, stratum: String,
                           allocatedAt: String, allocatedBy: String)
    /// Every slot of the stratum's list is taken.
    case listExhausted(stratum: String, slots: Int)
    /// The protocol requires a "yes" eligibility answer that is missing or not yes.
    case notEligible(participantID: String, form: String, field: String, visit: String, recorded: String?)
    /// An enrolled participant is being randomized in another stratum than recorded.
    case stratumMismatch(participantID: String, recorded: String, given: String)
    /// The participant exists but is not in the `enrolled` state.
    case participantNotEnrolled(participantID: String, status: String)
    /// The participant has not been randomized.
    case notRandomized(participantID: String)
    /// Earlier allocations cannot be read as the protocol's design (a minimization history).
    case invalidAllocationHistory(detail: String)
    /// No query has this number.
    case queryMissing(id: Int)
    /// The query is closed and can no longer change.
    case queryClosed(id: Int, closedAt: String, closedBy: String)
    /// No participant has this ID.
    case participantMissing(participantID: String)
    /// A backup could not be made, or the copy failed its check.
    case backupFailed(path: String, detail: String)
    /// A restore was refused because the backup failed a check; nothing was replaced.
    case restoreRefused(source: String, detail: String)
    /// The database is open in another process, so it cannot be replaced now.
    case databaseInUse(path: String)

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
        case .allocationListsExist(let strata, let createdAt, let createdBy):
            return "This trial already has its allocation lists (\(strata) strata, stored at \(createdAt) by \(createdBy)), so nothing was written; a trial keeps one set of sealed lists."
        case .noAllocationLists:
            return "This trial has no allocation list yet, so nobody can be randomized; a statistician must first run `trialkit randomize generate` or `trialkit randomize import`."
        case .noListForStratum(let stratum):
            return "The allocation lists hold no list for stratum \(stratum), so nothing was written; ask the statistician to check the lists against the protocol."
        case .alreadyRandomized(let participantID, let number, let stratum, let allocatedAt, let allocatedBy):
            return "\(participantID) was already randomized (randomization number \(number), stratum \(stratum), at \(allocatedAt) by \(allocatedBy)), so nothing was written; a participant is randomized once (see `trialkit randomize list`)."
        case .listExhausted(let stratum, let slots):
            return "The allocation list of stratum \(stratum) is used up (all \(slots) slots are taken), so nothing was written and no slot was consumed; ask the trial statistician how to continue."
        case .notEligible(let participantID, let form, let field, let visit, let recorded):
            let state = recorded.map { "is recorded as \"\($0)\"" } ?? "is not recorded"
            return "\(participantID) cannot be randomized: the protocol requires \(form).\(field) at visit \(visit) to be yes, and it \(state); record eligibility first."
        case .stratumMismatch(let participantID, let recorded, let given):
            return "\(participantID) was enrolled in stratum \(recorded), not \(given), so nothing was written; randomize them in their recorded stratum."
        case .participantNotEnrolled(let participantID, let status):
            return "\(participantID) has the status \(status), so they cannot be randomized."
        case .notRandomized(let participantID):
            return "\(participantID) has not been randomized, so there is no arm to reveal; check the ID with `trialkit randomize list`."
        case .queryMissing(let id):
            return "There is no query \(id); list queries with `trialkit queries list`."
        case .queryClosed(let id, let closedAt, let closedBy):
            return "Query \(id) was closed at \(closedAt) by \(closedBy), so it cannot change; open a new query if the question remains."
        case .participantMissing(let participantID):
            return "There is no participant \(participantID) in this trial; check the ID with `trialkit randomize list`."
        case .backupFailed(let path, let detail):
            return "The backup \(path) could not be made (\(detail)), so no backup was written; run `trialkit check` on the database and try again."
        case .restoreRefused(let source, let detail):
            return "\(source) cannot be restored: \(detail) Nothing was replaced; restore an earlier backup."
        case .databaseInUse(let path):
            return "\(path) is open in another TrialKit process (its -wal file remains after a checkpoint), so it was not replaced; stop the other processes and run the restore again."
        case .invalidAllocationHistory(let detail):
            return "The earlier allocations do not fit the protocol (\(detail)), so nothing was written; run `trialkit audit verify`."
        }
    }
}
