import ArgumentParser
import TrialStore

/// `trialkit audit log [--entity E] [--entity-id ID] [--actor U] [--since T]`
struct AuditLog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List audit events, oldest first.",
        discussion: "--actor filters by who made the change; --user names who is reading the log.")

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only events on this kind of record (user, protocol_version, ...).", valueName: "entity"))
    var entity: String?

    @Option(name: .customLong("entity-id"), help: ArgumentHelp("Only events on the record with this key.", valueName: "id"))
    var entityID: String?

    @Option(help: ArgumentHelp("Only events by this user.", valueName: "name"))
    var actor: String?

    @Option(help: ArgumentHelp("Only events at or after this time: YYYY-MM-DD (UTC) or ISO-8601, e.g. 2025-01-31T14:00Z.", valueName: "time"))
    var since: String?

    func validate() throws {
        if let since, UTCTimestamp.normalize(since) == nil {
            throw ValidationError("--since \(since) is not a date or time; use YYYY-MM-DD or ISO-8601 such as 2025-01-31T14:00:00Z.")
        }
    }

    func run() throws {
        let session = try Session.open(global, for: .auditLog)
        let filter = AuditFilter(entity: entity, entityID: entityID, actor: actor,
                                 since: since.flatMap(UTCTimestamp.normalize))
        let events = try session.store.auditEvents(matching: filter)
        if global.json {
            try Console.json(events)
            return
        }
        if events.isEmpty {
            print("No audit events match.")
            return
        }
        for event in events {
            print("#\(event.seq)  \(event.occurredAt)  \(event.actor)  \(event.action)  \(event.entity) \(event.entityID)")
            if let reason = event.reason { print("    reason: \(reason)") }
            if let old = event.oldValue { print("    old:    \(old)") }
            if let new = event.newValue { print("    new:    \(new)") }
        }
    }
}
