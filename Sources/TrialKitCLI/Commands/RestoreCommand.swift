import ArgumentParser
import Foundation
import TrialCore
import TrialStore

/// `trialkit restore IN.sqlite [--reason TEXT]`: replace the database with a checked backup.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the database with a backup after checking it (admin).",
        discussion: """
            The backup must pass every check of `trialkit check` (SQLite integrity, foreign keys, \
            protocol checksum, audit chain, audit against data) before anything is replaced. The \
            current database is kept as <db>.before-restore-<UTC time>, and the restore is recorded \
            in the restored database's audit trail. Stop other TrialKit processes first. The user \
            must be an active admin of the current database, or of the backup when the current \
            database is missing or unreadable.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The backup file (from `trialkit backup`).", valueName: "in.sqlite"))
    var input: String

    @Option(help: "Why the database is restored (kept in the audit trail).")
    var reason: String?

    func run() throws {
        let user = try admitted()
        let summary = try TrialStore.restore(from: input, to: global.databasePath, actor: user, reason: reason)
        if global.json {
            try Console.json(summary)
            return
        }
        print("Restored \(summary.database) from \(input) (SHA-256 \(summary.sourceSHA256)): \(summary.restoredEventCount) audit events, head \(summary.restoredHeadHash ?? "none").")
        if let kept = summary.keptAs {
            let events = summary.replacedEventCount.map { "\($0) audit events" } ?? "unreadable"
            print("The replaced database (\(events)) is kept as \(kept).")
        }
        print("The restore is audit event \(summary.restoreEventSeq) of the restored database.")
    }

    /// The user's name once they are known to be an active admin (see the discussion).
    private func admitted() throws -> String {
        guard let name = global.userName else { throw CLIError.noUser(command: GuardedCommand.restore.rawValue) }
        let path = global.databasePath
        let current = FileManager.default.fileExists(atPath: path) ? try? TrialStore.openForReading(path: path) : nil
        if current != nil { return try Session.open(global, for: .restore, readOnly: true).user.name }
        guard FileManager.default.fileExists(atPath: input) else { throw StoreError.databaseMissing(path: input) }
        guard let user = try TrialStore.users(inFileAt: input).first(where: { $0.name == name }) else {
            throw CLIError.unknownUser(name: name, database: input)
        }
        guard user.active else { throw CLIError.inactiveUser(name: name) }
        guard Permissions.roles(for: .restore).contains(user.role) else {
            throw CLIError.notPermitted(command: .restore, user: name, role: user.role)
        }
        return name
    }
}
