import Foundation
import Randomization
import TrialCore
import TrialSpec
import TrialStore

/// An open session together with the protocol stored in its database, parsed.
struct TrialContext {
    let session: Session
    let stored: StoredProtocol
    let spec: TrialProtocol

    /// Opens the database for `command` (checking the user's role first) and reads its protocol.
    static func open(_ global: GlobalOptions, for command: GuardedCommand, readOnly: Bool = false) throws -> TrialContext {
        let session = try Session.open(global, for: command, readOnly: readOnly)
        let stored = try session.store.currentProtocol()
        let label = "\(session.store.path) (protocol version \(stored.version))"
        let spec = try ProtocolLoader.check(data: Data(stored.text.utf8), path: label).get().spec
        return TrialContext(session: session, stored: stored, spec: spec)
    }

    var store: TrialStore { session.store }
    var user: String { session.user.name }
    var role: Role { session.user.role }

    /// True when the protocol blinds the user's role to arms.
    var armsBlinded: Bool { spec.isBlinded(role) }

    /// The arm as this user may see it.
    func shown(arm: String) -> String { armsBlinded ? Blinding.placeholder : arm }

    /// The strata of the protocol (one stratum `all` without factors).
    func strata() throws -> StratumLayout { try StratumLayout(spec.stratification, limitingStrata: false) }

    /// `factor=level;…` in protocol factor order, from stored levels.
    func label(_ levels: [String: String]) -> String {
        guard !spec.stratification.isEmpty else { return "all" }
        return spec.stratification.map { "\($0.name)=\(levels[$0.name] ?? "?")" }.joined(separator: ";")
    }
}

enum Blinding {
    /// What roles the protocol blinds see instead of an arm.
    static let placeholder = "blinded"
}
