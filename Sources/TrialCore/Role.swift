/// The roles a TrialKit user can hold. Each command declares which roles may run it
/// (see `TrialKitCLI/Permissions.swift`); a refusal names the role needed.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case admin
    case trialManager = "trial-manager"
    case dataManager = "data-manager"
    case statistician
    case unblinder
    /// Read-only access for monitors and auditors.
    case monitor

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
