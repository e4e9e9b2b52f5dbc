import TrialCore

/// The commands that act on a trial database as a named user.
///
/// `init`, `protocol check`, `protocol show FILE` and `fit` are not listed: they read no
/// database and need no registered user (`fit` is a statistical tool on any CSV file).
enum GuardedCommand: String, CaseIterable, Sendable {
    case userAdd = "user add"
    case userList = "user list"
    case userRole = "user role"
    case userDeactivate = "user deactivate"
    case protocolShow = "protocol show"
    case auditLog = "audit log"
    case auditVerify = "audit verify"
}

/// Who may run what: the one place where commands declare their allowed roles.
///
/// - Managing users is for admins only.
/// - Everyone may list users, read the protocol and verify the audit trail's integrity (which
///   reveals no values).
/// - The audit log shows old and new values, so it is limited to the admin, the data manager
///   (who answers for data changes), the statistician and the monitor (read-only oversight).
///   Trial managers and unblinders do not need it.
enum Permissions {
    static let allowedRoles: [GuardedCommand: Set<Role>] = [
        .userAdd: [.admin],
        .userList: Set(Role.allCases),
        .userRole: [.admin],
        .userDeactivate: [.admin],
        .protocolShow: Set(Role.allCases),
        .auditLog: [.admin, .dataManager, .statistician, .monitor],
        .auditVerify: Set(Role.allCases),
    ]

    static func roles(for command: GuardedCommand) -> Set<Role> {
        allowedRoles[command] ?? []
    }

    /// The allowed roles in the standard order, e.g. `admin or monitor`.
    static func roleList(for command: GuardedCommand) -> String {
        let names = roles(for: command).sorted().map(\.rawValue)
        if names.count <= 1 { return names.first ?? "none" }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}
