import Testing
import Foundation
@testable import TrialSpec

@Test func scratch() {
    for file in ["protocols/peer.yaml", "protocols/example-3arm.yaml", "fixtures/protocols/broken.yaml"] {
        switch ProtocolLoader.check(path: path(file)) {
        case .success(let loaded): print(loaded.spec.summary()); print(loaded.checksum)
        case .failure(let error): print(error)
        }
    }
}
