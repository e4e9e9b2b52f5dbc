import ArgumentParser

/// `trialkit audit ...`
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read and verify the hash-chained audit trail.",
        subcommands: [AuditLog.self, AuditVerify.self])
}
