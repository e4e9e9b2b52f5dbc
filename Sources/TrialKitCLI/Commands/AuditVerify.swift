import ArgumentParser

/// `trialkit audit verify`: exit 0 when intact, 65 naming the first bad event.
struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the audit hash chain and compare the data with it.",
        discussion: "Exits 0 when intact and 65 naming the first bad event. Keep the printed head hash elsewhere: a later verify showing the same head proves the trail was not rewritten.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let session = try Session.open(global, for: .auditVerify)
        let verification = try session.store.verifyAudit()
        if global.json { try Console.json(verification) }
        if let problem = verification.problem { throw CLIError.auditBroken(problem) }
        if !global.json {
            let head = verification.headSeq.map { "event \($0), hash \(verification.headHash ?? "")" } ?? "no events"
            print("Audit trail intact: \(verification.eventCount) events, hash chain and records agree. Head: \(head).")
        }
    }
}
