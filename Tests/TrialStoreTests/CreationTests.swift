import Foundation
import Testing
import TrialCore
import Digest
@testable import TrialStore

@Suite("Creating a database")
struct CreationTests {
    let directory = TemporaryDirectory()

    @Test("create stores the protocol verbatim and the first admin, and leaves no temporary files")
    func create() throws {
        let store = try TrialStore.create(path: directory.file("trial.sqlite"), admin: "alice",
                                          protocol: Fixture.protocolInput())
        let stored = try store.currentProtocol()
        #expect(stored.version == 1)
        #expect(stored.text == Fixture.protocolText)
        #expect(stored.checksum == sha256Hex(Fixture.protocolText))
        #expect(stored.loadedBy == "alice")
        #expect(try store.users().map(\.name) == ["alice"])
        #expect(try store.user(named: "alice")?.role == .admin)
        #expect(try store.user(named: "alice")?.createdBy == "alice")
        #expect(directory.contents.filter { $0.contains("creating") }.isEmpty)
    }

    @Test("create refuses an existing file and leaves it byte for byte as it was")
    func refuseExisting() throws {
        let path = directory.file("trial.sqlite")
        _ = try Fixture.storeWithUsers(in: directory)
        let before = try #require(Fixture.bytes(path))
        #expect(throws: StoreError.databaseExists(path: path)) {
            try TrialStore.create(path: path, admin: "zoe", protocol: Fixture.protocolInput())
        }
        #expect(Fixture.bytes(path) == before)
        #expect(directory.contents.filter { $0.contains("creating") }.isEmpty)

        let other = directory.file("notes.txt")
        _ = FileManager.default.createFile(atPath: other, contents: Data("keep me".utf8))
        #expect(throws: StoreError.databaseExists(path: other)) {
            try TrialStore.create(path: other, admin: "zoe", protocol: Fixture.protocolInput())
        }
        #expect(Fixture.bytes(other) == Data("keep me".utf8))
    }

    @Test("create refuses when a leftover -wal file would be replayed into the new database")
    func refuseLeftoverWAL() throws {
        let path = directory.file("trial.sqlite")
        _ = FileManager.default.createFile(atPath: path + "-wal", contents: Data("old".utf8))
        #expect(throws: StoreError.databaseExists(path: path + "-wal")) {
            try TrialStore.create(path: path, admin: "alice", protocol: Fixture.protocolInput())
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("Bad input writes nothing")
    func badInput() throws {
        let path = directory.file("trial.sqlite")
        #expect(throws: StoreError.invalidUserName("bad name")) {
            try TrialStore.create(path: path, admin: "bad name", protocol: Fixture.protocolInput())
        }
        var tampered = Fixture.protocolInput()
        tampered.text += "\n"
        #expect(throws: StoreError.checksumMismatch(expected: tampered.checksum, actual: sha256Hex(tampered.text))) {
            try TrialStore.create(path: path, admin: "alice", protocol: tampered)
        }
        let missingDirectory = directory.file("no/such/dir/trial.sqlite")
        #expect {
            try TrialStore.create(path: missingDirectory, admin: "alice", protocol: Fixture.protocolInput())
        } throws: { error in
            if case .cannotCreate = error as? StoreError { return true }
            return false
        }
        #expect(directory.contents.isEmpty)
    }

    @Test("User names are validated")
    func userNames() throws {
        for good in ["alice", "a", "j.smith", "user_2", "x-y", String(repeating: "a", count: 64)] {
            #expect(throws: Never.self) { try User.validate(name: good) }
        }
        for bad in ["", " alice", "-alice", ".alice", "al ice", "@trialkit", "a/b", "æble", String(repeating: "a", count: 65)] {
            #expect(throws: StoreError.invalidUserName(bad)) { try User.validate(name: bad) }
        }
    }
}
