import ArgumentParser

/// `trialkit export ...`: stored CRF data for analysis and exchange.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export stored CRF data: one form as a wide CSV table, the long analysis data set, or the whole trial as CDISC ODM 1.3.2 XML.",
        discussion: """
            For the data manager, the statistician and the monitor. Roles the protocol blinds \
            (randomization.blinded_roles) get no arm anywhere in the output. Files are written \
            with --out (a new file, mode 0600; --force replaces one); without it the export goes \
            to standard output. Every export is recorded in the audit trail (data.export).
            """,
        subcommands: [ExportCSV.self, ExportLong.self, ExportODM.self])
}
