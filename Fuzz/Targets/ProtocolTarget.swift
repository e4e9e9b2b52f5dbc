import Foundation
import TrialSpec

extension FuzzTarget {
    /// The protocol loader from bytes: YAML (libYAML through Yams), the decoder of every
    /// section, name and expression checks.
    public static let protocolYAML = FuzzTarget(name: "protocol") { data in
        switch ProtocolLoader.check(data: data, path: "fuzz.yaml") {
        case .success(let loaded): return .accepted("protocol \(loaded.spec.id), \(loaded.spec.arms.count) arms")
        case .failure(let error): return .rejected(error.description)
        }
    }
}
