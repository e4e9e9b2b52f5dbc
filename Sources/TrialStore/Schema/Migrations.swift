import GRDB

/// The store's schema as an append-only list of named migrations.
///
/// Rules, so that every database ever created can still be opened and upgraded:
/// - Never edit or reorder a registered migration; add a new one at the end.
/// - Migrations contain schema SQL only. They never mention app types, so that a later change
///   to a Swift type cannot change what an old migration does.
/// - The SQL stays portable to PostgreSQL: TEXT/INTEGER/REAL columns, ISO-8601 UTC timestamps as
///   TEXT, CHECK constraints instead of enums, `"user"` always quoted (a reserved word there), and
///   ids assigned by the store rather than by SQLite's rowid.
enum Migrations {
    /// Identifier of the first migration; a file whose `grdb_migrations` lacks it is not ours.
    static let foundation = "001-foundation"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(foundation) { db in
            for statement in FoundationSchema.statements {
                try db.execute(sql: statement)
            }
        }
        migrator.registerMigration(RandomizationSchema.identifier, migrate: RandomizationSchema.migrate)
        migrator.registerMigration(CRFSchema.identifier, migrate: CRFSchema.migrate)
        migrator.registerMigration(AnalysisSchema.identifier, migrate: AnalysisSchema.migrate)
        return migrator
    }
}

/// Schema of migration `001-foundation`. Frozen: change the schema with a new migration.
enum FoundationSchema {
    static let statements: [String] = [
        """
        CREATE TABLE "user" (
            name TEXT NOT NULL PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
            role TEXT NOT NULL CHECK (role IN
                ('admin', 'trial-manager', 'data-manager', 'statistician', 'unblinder', 'monitor')),
            active INTEGER NOT NULL CHECK (active IN (0, 1)),
            created_at TEXT NOT NULL CHECK (length(created_at) = 24),
            created_by TEXT NOT NULL REFERENCES "user"(name)
        )
        """,
        """
        CREATE TABLE protocol_version (
            version INTEGER NOT NULL PRIMARY KEY CHECK (version >= 1),
            protocol_id TEXT NOT NULL CHECK (length(protocol_id) > 0),
            title TEXT NOT NULL,
            source_path TEXT NOT NULL,
            text TEXT NOT NULL CHECK (length(text) > 0),
            checksum TEXT NOT NULL UNIQUE CHECK (length(checksum) = 64),
            loaded_at TEXT NOT NULL CHECK (length(loaded_at) = 24),
            loaded_by TEXT NOT NULL REFERENCES "user"(name)
        )
        """,
        """
        CREATE TABLE participant (
            id TEXT NOT NULL PRIMARY KEY CHECK (length(id) > 0),
            protocol_version INTEGER NOT NULL REFERENCES protocol_version(version),
            strata TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('enrolled', 'withdrawn', 'completed')),
            enrolled_at TEXT NOT NULL CHECK (length(enrolled_at) = 24),
            enrolled_by TEXT NOT NULL REFERENCES "user"(name)
        )
        """,
        """
        CREATE TABLE allocation_list (
            id INTEGER NOT NULL PRIMARY KEY CHECK (id >= 1),
            protocol_version INTEGER NOT NULL REFERENCES protocol_version(version),
            stratum TEXT NOT NULL,
            method TEXT NOT NULL CHECK (method IN ('permuted-blocks', 'complete', 'minimization')),
            parameters TEXT NOT NULL,
            seed TEXT NOT NULL CHECK (length(seed) > 0),
            algorithm_version INTEGER NOT NULL CHECK (algorithm_version >= 1),
            created_at TEXT NOT NULL CHECK (length(created_at) = 24),
            created_by TEXT NOT NULL REFERENCES "user"(name)
        )
        """,
        """
        CREATE TABLE allocation (
            list_id INTEGER NOT NULL REFERENCES allocation_list(id),
            slot INTEGER NOT NULL CHECK (slot >= 1),
            block_number INTEGER CHECK (block_number >= 1),
            block_size INTEGER CHECK (block_size >= 1),
            arm TEXT NOT NULL CHECK (length(arm) > 0),
            participant_id TEXT UNIQUE REFERENCES participant(id),
            allocated_at TEXT CHECK (length(allocated_at) = 24),
            allocated_by TEXT REFERENCES "user"(name),
            PRIMARY KEY (list_id, slot),
            CHECK ((participant_id IS NULL AND allocated_at IS NULL AND allocated_by IS NULL)
                OR (participant_id IS NOT NULL AND allocated_at IS NOT NULL AND allocated_by IS NOT NULL))
        )
        """,
        """
        CREATE TABLE crf_value (
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
        """
        CREATE TABLE query (
            id INTEGER NOT NULL PRIMARY KEY CHECK (id >= 1),
            participant_id TEXT NOT NULL REFERENCES participant(id),
            visit TEXT,
            form TEXT,
            field TEXT,
            text TEXT NOT NULL CHECK (length(text) > 0),
            status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
            opened_at TEXT NOT NULL CHECK (length(opened_at) = 24),
            opened_by TEXT NOT NULL REFERENCES "user"(name),
            closed_at TEXT CHECK (length(closed_at) = 24),
            closed_by TEXT REFERENCES "user"(name),
            CHECK ((status = 'closed' AND closed_at IS NOT NULL AND closed_by IS NOT NULL)
                OR (status <> 'closed' AND closed_at IS NULL AND closed_by IS NULL))
        )
        """,
        """
        CREATE TABLE audit_event (
            seq INTEGER NOT NULL PRIMARY KEY CHECK (seq >= 1),
            occurred_at TEXT NOT NULL CHECK (length(occurred_at) = 24),
            actor TEXT NOT NULL CHECK (length(actor) > 0),
            action TEXT NOT NULL CHECK (length(action) > 0),
            entity TEXT NOT NULL CHECK (length(entity) > 0),
            entity_id TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            reason TEXT,
            prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
            hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
        )
        """,
        "CREATE INDEX audit_event_by_entity ON audit_event (entity, entity_id)",
        "CREATE INDEX audit_event_by_actor ON audit_event (actor)",
        """
        CREATE TABLE audit_head (
            id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            seq INTEGER NOT NULL CHECK (seq >= 1),
            hash TEXT NOT NULL CHECK (length(hash) = 64)
        )
        """,
    ]
}
