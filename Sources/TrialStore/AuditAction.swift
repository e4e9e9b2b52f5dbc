/// The actions this module records. Other modules add their own names in the same
/// `noun.verb` form (e.g. `allocation.reveal`, `crf.enter`).
public enum AuditAction {
    public static let userAdd = "user.add"
    public static let userRole = "user.role"
    public static let userDeactivate = "user.deactivate"
    public static let protocolLoad = "protocol.load"
    public static let schemaMigrate = "schema.migrate"
}
