import GRDB

/// Schema of migration `003-crf-entry`. Frozen: change the schema with a new migration.
///
/// Migration 001 created `query` before any TrialKit could write it; its states (`answered`) and
/// columns (no code, no response) cannot hold the query workflow open → responded → closed, and
/// SQLite cannot change a CHECK constraint in place, so this migration replaces the table. It
/// refuses a file whose old table holds rows (none can exist unless written by hand). It adds
/// `crf_value_pass2` for the second pass of double data entry, kept apart from the values of
/// record (`crf_value`) until the passes are compared, and an index to read a form's values.
enum CRFSchema {
    static let identifier = "003-crf-entry"

    static func migrate(_ db: Database) throws {
        let rows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM query") ?? 0
        if rows > 0 {
            throw DatabaseError(resultCode: .SQLITE_CONSTRAINT, message:
                "table query holds \(rows) rows that no TrialKit version wrote; migration \(identifier) replaces that table, so it refuses to run")
        }
        for statement in statements { try db.execute(sql: statement) }
    }

    static let statements: [String] = [
        "DROP TABLE query",
        """
        CREATE TABLE query (
            id INTEGER NOT NULL PRIMARY KEY CHECK (id >= 1),
            participant_id TEXT NOT NULL REFERENCES participant(id),
            visit TEXT,
            form TEXT,
            field TEXT,
            code TEXT,
            text TEXT NOT NULL CHECK (length(text) > 0),
            status TEXT NOT NULL CHECK (status IN ('open', 'responded', 'closed')),
            opened_at TEXT NOT NULL CHECK (length(opened_at) = 24),
            opened_by TEXT NOT NULL REFERENCES "user"(name),
            response TEXT,
            responded_at TEXT CHECK (length(responded_at) = 24),
            responded_by TEXT REFERENCES "user"(name),
            closed_at TEXT CHECK (length(closed_at) = 24),
            closed_by TEXT REFERENCES "user"(name),
            CHECK ((response IS NULL AND responded_at IS NULL AND responded_by IS NULL)
                OR (response IS NOT NULL AND responded_at IS NOT NULL AND responded_by IS NOT NULL)),
            CHECK ((status = 'closed' AND closed_at IS NOT NULL AND closed_by IS NOT NULL)
                OR (status <> 'closed' AND closed_at IS NULL AND closed_by IS NULL)),
            CHECK (status <> 'responded' OR response IS NOT NULL)
        )
        """,
        "CREATE INDEX query_by_status ON query (status)",
        """
        CREATE TABLE crf_value_pass2 (
            participant_id TEXT NOT NULL REFERENCES participant(id),
            visit TEXT NOT NULL CHECK (length(visit) > 0),
            form TEXT NOT NULL CHECK (length(form) > 0),
            field TEXT NOT NULL CHECK (length(field) > 0),
            value TEXT,
            entered_at TEXT NOT NULL CHECK (length(entered_at) = 24),
            entered_by TEXT NOT NULL REFERENCES "user"(name),
            PRIMARY KEY (participant_id, visit, form, field)
        )
        """,
        "CREATE INDEX crf_value_by_form ON crf_value (form, participant_id, visit)",
        "CREATE INDEX crf_value_pass2_by_form ON crf_value_pass2 (form, participant_id, visit)",
    ]
}
