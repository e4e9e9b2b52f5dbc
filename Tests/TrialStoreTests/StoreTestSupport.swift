import Foundation
import GRDB
import TrialCore
import Digest
@testable import TrialStore

/// A temporary directory removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "trialstore-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    var contents: [String] { (try? FileManager.default.contentsOfDirectory(atPath: path))?.sorted() ?? [] }
}

/// A clock that advances one second per reading from 2025-03-01T09:00:00Z.
final class SteppingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var next = Date(timeIntervalSince1970: 1_740_819_600)

    func now() -> Date {
        lock.lock(); defer { lock.unlock() }
        let value = next
        next = next.addingTimeInterval(1)
        return value
    }
}

enum Fixture {
    static let protocolText = """
        trial:
          id: demo
          title: A test protocol
        """

    static func protocolInput(text: String = protocolText) -> ProtocolInput {
        ProtocolInput(protocolID: "demo", title: "A test protocol", sourcePath: "protocols/demo.yaml",
                      text: text, checksum: sha256Hex(text))
    }

    /// A new database: admin `alice` (event 1), the protocol (2), `bob` added as monitor (3) and
    /// made statistician (4), `carol` added as data manager (5).
    static func storeWithUsers(in directory: TemporaryDirectory, name: String = "trial.sqlite") throws -> TrialStore {
        let clock = SteppingClock()
        let store = try TrialStore.create(path: directory.file(name), admin: "alice", protocol: protocolInput(),
                                          clock: { clock.now() })
        try store.addUser(name: "bob", role: .monitor, actor: "alice", reason: "monitoring visit")
        try store.changeRole(of: "bob", to: .statistician, actor: "alice", reason: "joined the statistics team")
        try store.addUser(name: "carol", role: .dataManager, actor: "alice", reason: nil)
        return store
    }

    /// Runs SQL on the file through a separate connection, as someone editing it by hand would.
    static func tamper(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: sql) }
        try queue.close()
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }
}
