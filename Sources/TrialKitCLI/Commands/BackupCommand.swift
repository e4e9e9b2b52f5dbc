import ArgumentParser
import Foundation
import TrialStore

/// `trialkit backup OUT.sqlite [--force]`: an online, consistent, checked copy.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to a file while others keep working (admin).",
        discussion: """
            Uses SQLite's online backup API: the copy is one consistent snapshot even while other \
            commands write. The copy is checked like `trialkit check`, written to a temporary name \
            with mode 0600 and renamed into place; an existing file is refused unless --force. \
            The copy holds everything, sealed allocation lists included: keep it as safe as the \
            database. The backup is recorded in the audit trail with the copy's head hash.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The backup file to write.", valueName: "out.sqlite"))
    var output: String

    @Flag(help: "Replace an existing output file.")
    var force = false

    func run() throws {
        let session = try Session.open(global, for: .backup)
        let database = URL(fileURLWithPath: session.store.path).resolvingSymlinksInPath().path
        let target = URL(fileURLWithPath: output).resolvingSymlinksInPath().path
        if target == database || target.hasPrefix(database + "-") {
            throw CLIError.usage("\(output) is the database itself (or one of its -wal/-shm files); choose another file for the backup.")
        }
        let summary = try OutputFile.write(to: output, force: force) { temporary in
            try session.store.backup(into: temporary)
        }
        try session.store.recordBackup(summary, path: output, actor: session.user.name)
        if global.json {
            try Console.json(BackupResult(output: output, summary: summary))
        } else {
            let head = summary.headSeq.map { "head event \($0), hash \(summary.headHash ?? "")" } ?? "no events"
            print("Backed up \(session.store.path) to \(output) (\(summary.bytes) bytes, SHA-256 \(summary.sha256)).")
            print("The copy passed its check: \(summary.eventCount) audit events, \(head).")
        }
    }
}

struct BackupResult: Encodable {
    var output: String
    var summary: BackupSummary
    enum CodingKeys: String, CodingKey { case output }
    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(output, forKey: .output)
    }
}
