import Foundation
import TrialCore
import TrialSpec

let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func loadProtocol(_ name: String) throws -> TrialProtocol {
    try ProtocolLoader.load(path: packageRoot.appendingPathComponent("protocols/\(name)").path).spec
}
