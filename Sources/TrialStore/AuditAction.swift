/// The actions this module records. Other modules add their own names in the same
/// `noun.verb` form (e.g. `crf.enter`).
public enum AuditAction {
    public static let userAdd = "user.add"
    public static let userRole = "user.role"
    public static let userDeactivate = "user.deactivate"
    public static let protocolLoad = "protocol.load"
    public static let schemaMigrate = "schema.migrate"
    /// Sealed allocation lists generated from a seed (one event per stratum list).
    public static let allocationListGenerate = "allocation_list.generate"
    /// Allocation lists imported from an uploaded table (one event per stratum list).
    public static let allocationListImport = "allocation_list.import"
    /// The sealed lists were exported (a disclosure, recorded although nothing changed).
    public static let allocationListExport = "allocation_list.export"
    /// A participant took the next slot of their stratum (or a minimization allocation).
    public static let participantRandomize = "participant.randomize"
    /// A participant's arm was revealed to an unblinder.
    public static let participantUnblind = "participant.unblind"
    /// A CRF file was imported (one event per value created or changed, one per query opened).
    public static let crfImport = "crf.import"
    /// A record was entered interactively.
    public static let crfEnter = "crf.enter"
    public static let queryOpen = "query.open"
    public static let queryRespond = "query.respond"
    public static let queryClose = "query.close"
    /// The analysis plan was run and its results recorded (`trialkit analyze`).
    public static let analysisRun = "analysis.run"
    /// A consistent copy of the database was written (`trialkit backup`).
    public static let databaseBackup = "database.backup"
    /// The database was replaced by a checked backup (`trialkit restore`); recorded in the restored trail.
    public static let databaseRestore = "database.restore"
}
