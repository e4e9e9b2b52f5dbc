import TrialCore

/// The commands that act on a trial database as a named user.
///
/// `init`, `protocol check`, `protocol show FILE`, `randomize simulate` and `fit` are not listed:
/// they read no database and need no registered user (`fit` is a statistical tool on any CSV file).
enum GuardedCommand: String, CaseIterable, Sendable {
    case userAdd = "user add"
    case userList = "user list"
    case userRole = "user role"
    case userDeactivate = "user deactivate"
    case protocolShow = "protocol show"
    case auditLog = "audit log"
    case auditVerify = "audit verify"
    case randomize = "randomize"
    case randomizeGenerate = "randomize generate"
    case randomizeImport = "randomize import"
    case randomizeList = "randomize list"
    case randomizeReport = "randomize report"
    case randomizeExport = "randomize export"
    case unblind = "unblind"
    case unblindList = "unblind list"
    case crfValidate = "crf validate"
    case crfImport = "crf import"
    case crfEnter = "crf enter"
    case crfCompare = "crf compare"
    case queriesList = "queries list"
    case queriesOpen = "queries open"
    case queriesRespond = "queries respond"
    case queriesClose = "queries close"
    case exportCSV = "export csv"
    case exportLong = "export long"
    case exportODM = "export odm"
    case analyze = "analyze"
    case backup = "backup"
    case restore = "restore"
    case check = "check"
}

extension GuardedCommand {
    /// Whether the command may change the database. The others open it read-only, so that
    /// reading (by a monitor above all) leaves the file byte-identical: a read-write open alone
    /// makes GRDB write a transaction (it creates and drops a table to start the WAL file).
    var writes: Bool {
        switch self {
        case .userList, .protocolShow, .auditLog, .auditVerify, .randomizeList, .randomizeReport,
             .unblindList, .crfValidate, .crfCompare, .queriesList, .check:
            return false
        case .userAdd, .userRole, .userDeactivate, .randomize, .randomizeGenerate, .randomizeImport,
             .randomizeExport, .unblind, .crfImport, .crfEnter, .queriesOpen, .queriesRespond, .queriesClose,
             .exportCSV, .exportLong, .exportODM, .analyze, .backup, .restore:
            return true
        }
    }
}

/// Who may run what: the one place where commands declare their allowed roles.
///
/// - Managing users is for admins only.
/// - Everyone may list users, read the protocol and verify the audit trail's integrity (which
///   reveals no values).
/// - The audit log shows old and new values, so it is limited to the admin, the data manager
///   (who answers for data changes), the statistician and the monitor (read-only oversight).
///   Trial managers and unblinders do not need it. (It never shows an arm, a seed or a slot.)
/// - Randomization separates duties (SPIRIT 2013 items 16a–c, ICH E6(R3) 4.3.8): the
///   statistician generates, imports and exports the sealed lists, the trial manager randomizes
///   participants one at a time, the unblinder reveals an arm. No other role, the admin
///   included, can do these. Everyone may list allocations, read the report and the unblinding
///   log; roles the protocol blinds see `blinded` instead of arms.
/// - CRF data (ICH E6(R3) 4.2, data handling): the data manager enters, imports and compares
///   data; the data manager and the monitor validate files (which writes nothing). Queries are
///   raised by validation or by the data manager and monitor, answered by the data manager (who
///   enters site data) or the trial manager, and closed by the data manager or the monitor who
///   checks the answer. Exports are for the data manager, the statistician and the monitor;
///   roles the protocol blinds get no arm column.
/// - Analysis (ICH E9, the trial statistician): only the statistician runs the analysis plan;
///   a statistician the protocol blinds is refused, since every result compares arms.
/// - Database care (21 CFR 11.10(c), protection of records): backup and restore are the admin's
///   (a backup holds everything, sealed lists included, and a restore replaces the trial's
///   data); `check`, like `audit verify`, reads only and reveals no values beyond what
///   `audit verify` shows, so every role may run it.
enum Permissions {
    static let allowedRoles: [GuardedCommand: Set<Role>] = [
        .userAdd: [.admin],
        .userList: Set(Role.allCases),
        .userRole: [.admin],
        .userDeactivate: [.admin],
        .protocolShow: Set(Role.allCases),
        .auditLog: [.admin, .dataManager, .statistician, .monitor],
        .auditVerify: Set(Role.allCases),
        .randomize: [.trialManager],
        .randomizeGenerate: [.statistician],
        .randomizeImport: [.statistician],
        .randomizeList: Set(Role.allCases),
        .randomizeReport: Set(Role.allCases),
        .randomizeExport: [.statistician],
        .unblind: [.unblinder],
        .unblindList: Set(Role.allCases),
        .crfValidate: [.dataManager, .monitor],
        .crfImport: [.dataManager],
        .crfEnter: [.dataManager],
        .crfCompare: [.dataManager, .monitor],
        .queriesList: [.dataManager, .monitor, .trialManager],
        .queriesOpen: [.dataManager, .monitor],
        .queriesRespond: [.dataManager, .trialManager],
        .queriesClose: [.dataManager, .monitor],
        .exportCSV: [.dataManager, .statistician, .monitor],
        .exportLong: [.dataManager, .statistician, .monitor],
        .exportODM: [.dataManager, .statistician, .monitor],
        .analyze: [.statistician],
        .backup: [.admin],
        .restore: [.admin],
        .check: Set(Role.allCases),
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
