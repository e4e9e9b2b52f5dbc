import Foundation
import GRDB

/// The trial database: an SQLite file in WAL mode with foreign keys on, whose every change is
/// recorded in a hash-chained audit trail.
///
/// All writes go through ``write(actor:action:entity:reason:_:)``, which runs the change and the
/// audit event in one immediate transaction: either both are stored or neither is. The type
/// offers no other way to change the database.
public final class TrialStore: Sendable {
    /// The database file.
    public let path: String
    let queue: DatabaseQueue
    let clock: @Sendable () -> Date

    init(path: String, queue: DatabaseQueue, clock: @escaping @Sendable () -> Date) {
        self.path = path; self.queue = queue; self.clock = clock
    }

    static func configuration(readonly: Bool = false) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(10)
        configuration.readonly = readonly
        return configuration
    }

    /// What a write changed, for its audit event, plus the value the write returns.
    struct Change<Result> {
        var entityID: String
        var oldValue: String?
        var newValue: String?
        var result: Result
        /// Further records the same write changed, in order. Each gets its own audit event after
        /// the first, with the same actor, action, time and reason, in the same transaction.
        var alsoChanged: [RecordChange] = []
    }

    /// One more record changed by a write (see ``Change/alsoChanged``).
    struct RecordChange {
        var entity: String
        var entityID: String
        var oldValue: String?
        var newValue: String?
    }

    /// Runs `body` and appends its audit event(s) in one transaction; the only way to write.
    ///
    /// `body` receives the connection and the UTC timestamp that the audit event will carry, so
    /// that rows and their event agree on the time. The actor must be a registered, active user
    /// or ``AuditEvent/systemActor``; this is checked before `body` runs, and only when
    /// `actorCreatedByBody` (the first admin creating themself) after it.
    /// Any error rolls the whole transaction back.
    @discardableResult
    func write<Result>(actor: String, action: String, entity: String, reason: String?,
                       actorCreatedByBody: Bool = false,
                       _ body: (Database, _ now: String) throws -> Change<Result>) throws(StoreError) -> Result {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            return try queue.writeWithoutTransaction { db in
                var result: Result?
                try db.inTransaction(.immediate) {
                    let now = UTCTimestamp.format(clock())
                    if !actorCreatedByBody { try Self.requireActiveActor(actor, db) }
                    let change = try body(db, now)
                    if actorCreatedByBody { try Self.requireActiveActor(actor, db) }
                    try AuditChain.append(
                        db, occurredAt: now, actor: actor, action: action, entity: entity,
                        entityID: change.entityID, oldValue: change.oldValue,
                        newValue: change.newValue, reason: reason?.isEmpty == true ? nil : reason)
                    for other in change.alsoChanged {
                        try AuditChain.append(
                            db, occurredAt: now, actor: actor, action: action, entity: other.entity,
                            entityID: other.entityID, oldValue: other.oldValue, newValue: other.newValue,
                            reason: reason?.isEmpty == true ? nil : reason)
                    }
                    result = change.result
                    return .commit
                }
                return result!
            }
        } catch {
            throw StoreError.wrapping(error, operation: "record \(action)")
        }
    }

    /// Runs a read-only query.
    func read<Result>(_ operation: String, _ body: (Database) throws -> Result) throws(StoreError) -> Result {
        do {
            return try queue.read(body)
        } catch {
            throw StoreError.wrapping(error, operation: operation)
        }
    }

    private static func requireActiveActor(_ actor: String, _ db: Database) throws {
        if actor == AuditEvent.systemActor { return }
        guard let active = try Bool.fetchOne(db, sql: #"SELECT active FROM "user" WHERE name = ?"#, arguments: [actor]) else {
            throw StoreError.unknownActor(name: actor)
        }
        guard active else { throw StoreError.userInactive(name: actor) }
    }
}

extension StoreError {
    /// Keeps store errors as they are and turns anything else (SQLite, I/O) into `.database`.
    static func wrapping(_ error: any Error, operation: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            return .database(operation: operation, message: error.message ?? error.resultCode.description)
        }
        return .database(operation: operation, message: String(describing: error))
    }
}
