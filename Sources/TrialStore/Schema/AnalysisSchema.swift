import GRDB

/// Schema of migration `004-analysis`. Frozen: change the schema with a new migration.
///
/// `analysis_run` keeps every run of `trialkit analyze`: which protocol text (version and
/// SHA-256) and which data (SHA-256 of the exact long data analysed) gave which results, with
/// the software version, so a reported number can be traced to its inputs and re-run.
enum AnalysisSchema {
    static let identifier = "004-analysis"

    static func migrate(_ db: Database) throws {
        for statement in statements { try db.execute(sql: statement) }
    }

    static let statements: [String] = [
        """
        CREATE TABLE analysis_run (
            id INTEGER NOT NULL PRIMARY KEY CHECK (id >= 1),
            protocol_version INTEGER NOT NULL REFERENCES protocol_version(version),
            protocol_checksum TEXT NOT NULL CHECK (length(protocol_checksum) = 64),
            data_hash TEXT NOT NULL CHECK (length(data_hash) = 64),
            software_version TEXT NOT NULL CHECK (length(software_version) > 0),
            outcome TEXT,
            results TEXT NOT NULL CHECK (length(results) > 0),
            run_at TEXT NOT NULL CHECK (length(run_at) = 24),
            run_by TEXT NOT NULL REFERENCES "user"(name)
        )
        """,
    ]
}
