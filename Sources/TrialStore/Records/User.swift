import Foundation
import GRDB
import TrialCore

/// A person who may use the trial database, identified by name, with one role.
///
/// Users are never deleted, only deactivated, so every audit event keeps naming a known user.
public struct User: Sendable, Equatable, Codable {
    public var name: String
    public var role: Role
    public var active: Bool
    /// UTC time the user was added.
    public var createdAt: String
    /// The admin who added the user (the first admin added themself).
    public var createdBy: String

    enum CodingKeys: String, CodingKey {
        case name, role, active
        case createdAt = "created_at", createdBy = "created_by"
    }

    init(row: Row) throws {
        let roleText: String = row["role"]
        guard let role = Role(rawValue: roleText) else {
            throw StoreError.database(operation: "read users", message: "unknown role \(roleText)")
        }
        self.init(name: row["name"], role: role, active: row["active"],
                  createdAt: row["created_at"], createdBy: row["created_by"])
    }

    init(name: String, role: Role, active: Bool, createdAt: String, createdBy: String) {
        self.name = name; self.role = role; self.active = active
        self.createdAt = createdAt; self.createdBy = createdBy
    }

    /// User names: 1-64 of `A-Z a-z 0-9 . _ -`, starting with a letter or digit.
    static func validate(name: String) throws(StoreError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard (1...64).contains(name.count), name.allSatisfy(allowed.contains),
              let first = name.first, first.isLetter || first.isNumber
        else { throw .invalidUserName(name) }
    }

    /// What the audit trail records about a user: the fields a later event can change.
    struct Snapshot: AuditSnapshot {
        static let entity = "user"
        var name: String
        var role: String
        var active: Bool

        static func current(_ db: Database) throws -> [String: Snapshot] {
            var states: [String: Snapshot] = [:]
            for row in try Row.fetchAll(db, sql: #"SELECT name, role, active FROM "user""#) {
                states[row["name"]] = Snapshot(name: row["name"], role: row["role"], active: row["active"])
            }
            return states
        }
    }

    var snapshot: Snapshot { Snapshot(name: name, role: role.rawValue, active: active) }
}

extension TrialStore {
    /// All users, sorted by name.
    public func users() throws(StoreError) -> [User] {
        try read("list users") { db in
            try Row.fetchAll(db, sql: #"SELECT * FROM "user" ORDER BY name"#).map(User.init(row:))
        }
    }

    /// The user with this name, or nil.
    public func user(named name: String) throws(StoreError) -> User? {
        try read("look up user \(name)") { db in try Self.fetchUser(name, db) }
    }

    /// Adds a user; `actor` is recorded as the creator.
    /// - Throws: `.invalidUserName`, `.userExists`, `.unknownActor`.
    @discardableResult
    public func addUser(name: String, role: Role, actor: String, reason: String?) throws(StoreError) -> User {
        try User.validate(name: name)
        return try write(actor: actor, action: AuditAction.userAdd, entity: User.Snapshot.entity, reason: reason) { db, now in
            try Self.insertUser(User(name: name, role: role, active: true, createdAt: now, createdBy: actor), db)
        }
    }

    /// Gives a user another role. A reason is required.
    /// - Throws: `.userMissing`, `.unchanged` when the role is the same, `.lastAdmin`.
    @discardableResult
    public func changeRole(of name: String, to role: Role, actor: String, reason: String?) throws(StoreError) -> User {
        try requireReason(reason, action: AuditAction.userRole)
        return try updateUser(name, action: AuditAction.userRole, actor: actor, reason: reason) { user in
            guard user.role != role else {
                throw StoreError.unchanged(entity: "user", entityID: name, detail: "the role is already \(role.rawValue)")
            }
            user.role = role
        }
    }

    /// Deactivates a user: they keep their history but can no longer act. A reason is required.
    /// - Throws: `.userMissing`, `.unchanged` when already inactive, `.lastAdmin`.
    @discardableResult
    public func deactivateUser(_ name: String, actor: String, reason: String?) throws(StoreError) -> User {
        try requireReason(reason, action: AuditAction.userDeactivate)
        return try updateUser(name, action: AuditAction.userDeactivate, actor: actor, reason: reason) { user in
            guard user.active else {
                throw StoreError.unchanged(entity: "user", entityID: name, detail: "the user is already inactive")
            }
            user.active = false
        }
    }

    func requireReason(_ reason: String?, action: String) throws(StoreError) {
        guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .reasonRequired(action: action)
        }
    }

    private func updateUser(_ name: String, action: String, actor: String, reason: String?,
                            _ change: @escaping (inout User) throws -> Void) throws(StoreError) -> User {
        try write(actor: actor, action: action, entity: User.Snapshot.entity, reason: reason) { db, _ in
            guard let before = try Self.fetchUser(name, db) else { throw StoreError.userMissing(name: name) }
            var after = before
            try change(&after)
            let remainsAdmin = after.role == .admin && after.active
            if before.role == .admin, before.active, !remainsAdmin {
                let admins = try Int.fetchOne(db, sql: #"SELECT COUNT(*) FROM "user" WHERE role = 'admin' AND active = 1"#) ?? 0
                if admins <= 1 { throw StoreError.lastAdmin(name: name) }
            }
            try db.execute(sql: #"UPDATE "user" SET role = ?, active = ? WHERE name = ?"#,
                           arguments: [after.role.rawValue, after.active, name])
            return Change(entityID: name, oldValue: try AuditJSON.encode(before.snapshot),
                          newValue: try AuditJSON.encode(after.snapshot), result: after)
        }
    }

    static func fetchUser(_ name: String, _ db: Database) throws -> User? {
        try Row.fetchOne(db, sql: #"SELECT * FROM "user" WHERE name = ?"#, arguments: [name]).map(User.init(row:))
    }

    static func insertUser(_ user: User, _ db: Database) throws -> Change<User> {
        if let existing = try fetchUser(user.name, db) {
            throw StoreError.userExists(name: user.name, role: existing.role.rawValue)
        }
        try db.execute(
            sql: #"INSERT INTO "user" (name, role, active, created_at, created_by) VALUES (?, ?, ?, ?, ?)"#,
            arguments: [user.name, user.role.rawValue, user.active, user.createdAt, user.createdBy])
        return Change(entityID: user.name, oldValue: nil, newValue: try AuditJSON.encode(user.snapshot), result: user)
    }
}
