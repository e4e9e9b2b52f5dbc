import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

extension TrialStore {
    /// Opens an existing TrialKit database, applying any migrations this TrialKit knows and the
    /// file lacks (recorded as one `schema.migrate` audit event by ``AuditEvent/systemActor``).
    ///
    /// - Throws: `.databaseMissing` when there is no file; `.notATrialDatabase` when the file is
    ///   empty, is not SQLite, or lacks the TrialKit schema (nothing is written to such a file);
    ///   `.schemaTooNew` when a newer TrialKit has migrated it.
    public static func open(path: String, clock: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) -> TrialStore {
        try open(path: path, clock: clock, migrator: Migrations.migrator)
    }

    /// Opens an existing database for reading only, so that a command that may end up writing
    /// nothing (validation, a refused import) leaves the file byte-identical: a read-only SQLite
    /// connection never checkpoints or otherwise writes. A file that still needs migrations is
    /// opened (and upgraded) as by ``open(path:clock:)``. Writes through the returned store fail.
    public static func openForReading(path: String) throws(StoreError) -> TrialStore {
        let store = try open(path: path, clock: { Date() }, migrator: Migrations.migrator, readOnly: true)
        return store
    }

    /// `open` with another migrator, so tests can play a newer TrialKit.
    static func open(path: String, clock: @escaping @Sendable () -> Date, migrator: DatabaseMigrator,
                     readOnly: Bool = false) throws(StoreError) -> TrialStore {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .databaseMissing(path: path)
        }
        if isDirectory.boolValue { throw .notATrialDatabase(path: path, reason: "it is a directory") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        if size == 0 { throw .notATrialDatabase(path: path, reason: "the file is empty") }

        // Inspect read-only first, so that a foreign file is never switched to WAL or migrated.
        let applied: Set<String>
        do {
            let probe = try DatabaseQueue(path: path, configuration: configuration(readonly: true))
            applied = try probe.read { db in
                try db.tableExists("grdb_migrations") ? try migrator.appliedIdentifiers(db) : []
            }
            try probe.close()
        } catch {
            throw .notATrialDatabase(path: path, reason: (error as? DatabaseError)?.message ?? "\(error)")
        }
        guard applied.contains(Migrations.foundation) else {
            throw .notATrialDatabase(path: path, reason: "it has no TrialKit schema")
        }
        let unknown = applied.subtracting(migrator.migrations)
        guard unknown.isEmpty else { throw .schemaTooNew(path: path, unknownMigrations: unknown.sorted()) }

        let pending = migrator.migrations.filter { !applied.contains($0) }
        let store: TrialStore
        do {
            let readOnly = readOnly && pending.isEmpty
            let queue = try DatabaseQueue(path: path, configuration: configuration(readonly: readOnly))
            if !readOnly {
                // GRDB sets synchronous = NORMAL with WAL, under which the last commits can roll
                // back after a power cut. A randomization told to a participant must survive one:
                // FULL syncs the log at every commit (https://www.sqlite.org/pragma.html#pragma_synchronous).
                try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            }
            store = TrialStore(path: path, queue: queue, clock: clock)
        } catch {
            throw .notATrialDatabase(path: path, reason: (error as? DatabaseError)?.message ?? "\(error)")
        }
        if !pending.isEmpty { try store.upgradeSchema(applying: pending, with: migrator) }
        return store
    }

    /// Creates a new database at `path` holding the protocol, with `admin` as its first user
    /// (role admin). Event 1 of the audit trail adds the admin, event 2 loads the protocol.
    ///
    /// The database is built in a temporary file (mode 0600) in the same directory and linked
    /// into place only when complete, so a failure leaves nothing behind, and an existing file at
    /// `path` is never touched (the link fails rather than replace it).
    ///
    /// - Throws: `.databaseExists` when `path` (or its `-wal`/`-shm`/`-journal`) exists,
    ///   `.cannotCreate` when the file cannot be made, `.invalidUserName`, `.checksumMismatch`.
    public static func create(path: String, admin: String, protocol input: ProtocolInput,
                              clock: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) -> TrialStore {
        try checkCreatable(path: path)
        try User.validate(name: admin)
        try input.validate()
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".creating-" + UUID().uuidString
        let descriptor = Glibc.open(temporary, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else { throw .cannotCreate(path: path, reason: String(cString: strerror(errno))) }
        Glibc.close(descriptor)
        defer { for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary + suffix) } }

        do {
            let queue = try DatabaseQueue(path: temporary, configuration: configuration())
            try Migrations.migrator.migrate(queue)
            let draft = TrialStore(path: temporary, queue: queue, clock: clock)
            try draft.bootstrap(admin: admin, protocol: input)
            try queue.close()
        } catch {
            throw StoreError.wrapping(error, operation: "create \(path)")
        }
        guard link(temporary, path) == 0 else {
            let code = errno
            if code == EEXIST { throw .databaseExists(path: path) }
            throw .cannotCreate(path: path, reason: String(cString: strerror(code)))
        }
        return try open(path: path, clock: clock)
    }

    /// Throws `.databaseExists` when `path` or one of SQLite's companion files
    /// (`-wal`, `-shm`, `-journal`) exists, so that `create` would refuse.
    public static func checkCreatable(path: String) throws(StoreError) {
        for candidate in [path, path + "-wal", path + "-shm", path + "-journal"] where fileExists(candidate) {
            throw .databaseExists(path: candidate)
        }
    }

    private static func fileExists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Applies `pending` migrations, then records them in the audit trail.
    private func upgradeSchema(applying pending: [String], with migrator: DatabaseMigrator) throws(StoreError) {
        do {
            try migrator.migrate(queue)
        } catch {
            throw StoreError.wrapping(error, operation: "upgrade the schema")
        }
        let applied = "{\"migrations\":[" + pending.map { "\"\($0)\"" }.joined(separator: ",") + "]}"
        try write(actor: AuditEvent.systemActor, action: AuditAction.schemaMigrate, entity: "schema",
                  reason: "opened by a TrialKit with newer migrations") { _, _ in
            Change(entityID: pending.last!, oldValue: nil, newValue: applied, result: ())
        }
    }
}
