import GRDB

/// Schema of migration `002-randomization`. Frozen: change the schema with a new migration.
///
/// Migration 001 created `allocation_list` and `allocation` before any TrialKit could write
/// them. Their columns could not hold an imported list (no seed), a textual algorithm version,
/// a randomization code, a minimization decision or a randomization number, and SQLite cannot
/// change a CHECK constraint in place, so this migration replaces both tables. It refuses a file
/// whose old tables hold rows (none can exist unless someone wrote them by hand), so no data is
/// ever dropped. It also adds `unblinding`.
enum RandomizationSchema {
    static let identifier = "002-randomization"

    static func migrate(_ db: Database) throws {
        for table in ["allocation", "allocation_list"] {
            let rows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            if rows > 0 {
                throw DatabaseError(resultCode: .SQLITE_CONSTRAINT, message:
                    "table \(table) holds \(rows) rows that no TrialKit version wrote; migration \(identifier) replaces that table, so it refuses to run")
            }
        }
        for statement in statements { try db.execute(sql: statement) }
    }

    static let statements: [String] = [
        "DROP TABLE allocation",
        "DROP TABLE allocation_list",
        """
        CREATE TABLE allocation_list (
            id INTEGER NOT NULL PRIMARY KEY CHECK (id >= 1),
            protocol_version INTEGER NOT NULL REFERENCES protocol_version(version),
            stratum TEXT NOT NULL UNIQUE CHECK (length(stratum) > 0),
            stratum_levels TEXT NOT NULL,
            method TEXT NOT NULL CHECK (method IN ('permuted-blocks', 'complete', 'minimization')),
            parameters TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('generated', 'imported')),
            seed TEXT CHECK (length(seed) > 0),
            algorithm_version TEXT CHECK (length(algorithm_version) > 0),
            source_sha256 TEXT CHECK (length(source_sha256) = 64),
            seal TEXT NOT NULL CHECK (length(seal) = 32),
            created_at TEXT NOT NULL CHECK (length(created_at) = 24),
            created_by TEXT NOT NULL REFERENCES "user"(name),
            CHECK ((source = 'generated' AND seed IS NOT NULL AND algorithm_version IS NOT NULL AND source_sha256 IS NULL)
                OR (source = 'imported' AND seed IS NULL AND algorithm_version IS NULL AND source_sha256 IS NOT NULL))
        )
        """,
        """
        CREATE TABLE allocation (
            list_id INTEGER NOT NULL REFERENCES allocation_list(id),
            slot INTEGER NOT NULL CHECK (slot >= 1),
            block_number INTEGER CHECK (block_number >= 1),
            block_size INTEGER CHECK (block_size >= 1),
            block_position INTEGER CHECK (block_position >= 1),
            arm TEXT NOT NULL CHECK (length(arm) > 0),
            code TEXT CHECK (length(code) > 0),
            decision TEXT,
            participant_id TEXT UNIQUE REFERENCES participant(id),
            randomization_number INTEGER UNIQUE CHECK (randomization_number >= 1),
            allocated_at TEXT CHECK (length(allocated_at) = 24),
            allocated_by TEXT REFERENCES "user"(name),
            PRIMARY KEY (list_id, slot),
            CHECK ((block_number IS NULL AND block_size IS NULL AND block_position IS NULL)
                OR (block_number IS NOT NULL AND block_size IS NOT NULL AND block_position IS NOT NULL)),
            CHECK ((participant_id IS NULL AND randomization_number IS NULL AND allocated_at IS NULL AND allocated_by IS NULL)
                OR (participant_id IS NOT NULL AND randomization_number IS NOT NULL AND allocated_at IS NOT NULL
                    AND allocated_by IS NOT NULL))
        )
        """,
        """
        CREATE TABLE unblinding (
            id INTEGER NOT NULL PRIMARY KEY CHECK (id >= 1),
            participant_id TEXT NOT NULL REFERENCES participant(id),
            unblinded_at TEXT NOT NULL CHECK (length(unblinded_at) = 24),
            unblinded_by TEXT NOT NULL REFERENCES "user"(name),
            reason TEXT NOT NULL CHECK (length(reason) > 0)
        )
        """,
        "CREATE INDEX unblinding_by_participant ON unblinding (participant_id)",
    ]
}
