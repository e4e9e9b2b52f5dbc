import Foundation
import GRDB
import Testing
import TrialCore
@testable import TrialStore

/// Sealed lists, allocation in one transaction, unblinding, and their audit records.
@Suite("Randomization records")
struct RandomizationStoreTests {
    let directory = TemporaryDirectory()
    static let seed: UInt64 = 987_654_321_123

    /// Two strata (site=N, site=S) of four slots each; codes N1…, S1….
    static func lists() -> [NewAllocationList] {
        ["N", "S"].map { site in
            NewAllocationList(stratum: "site=\(site)", stratumLevels: ["site": site], slots: (1...4).map {
                NewSlot(slot: $0, blockNumber: 1, blockSize: 4, blockPosition: $0, arm: $0 % 2 == 0 ? "B" : "A",
                        code: "\(site)\($0)")
            })
        }
    }

    /// The store of `Fixture.storeWithUsers` with `tom` (trial manager), `ulla` (unblinder) and the lists.
    func store() throws -> TrialStore {
        let store = try Fixture.storeWithUsers(in: directory)
        try store.addUser(name: "tom", role: .trialManager, actor: "alice", reason: nil)
        try store.addUser(name: "ulla", role: .unblinder, actor: "alice", reason: nil)
        try store.storeAllocationLists(Self.lists(), method: "permuted-blocks", parameters: "{}",
                                       source: .generated(seed: Self.seed, algorithmVersion: "v1"), actor: "bob", reason: nil)
        return store
    }

    static func request(_ id: String, _ site: String) -> AllocationRequest {
        AllocationRequest(participantID: id, stratum: "site=\(site)", stratumLevels: ["site": site])
    }

    @Test("Lists are stored once, one audit event per stratum, without the seed in any event")
    func storeLists() throws {
        let store = try store()
        let lists = try store.allocationLists()
        #expect(lists.map(\.stratum) == ["site=N", "site=S"])
        #expect(lists.map(\.slots) == [4, 4])
        #expect(lists.map(\.used) == [0, 0])
        let events = try store.auditEvents(matching: AuditFilter(entity: "allocation_list"))
        #expect(events.map(\.entityID) == ["1", "2"])
        #expect(events.allSatisfy { $0.action == AuditAction.allocationListGenerate && $0.actor == "bob" })
        let everything = try store.auditEvents().map { "\($0.oldValue ?? "") \($0.newValue ?? "")" }.joined()
        #expect(!everything.contains(String(Self.seed)))
        #expect(try store.verifyAudit().intact)
        #expect(throws: StoreError.allocationListsExist(strata: 2, createdAt: lists[0].createdAt, createdBy: "bob")) {
            try store.storeAllocationLists(Self.lists(), method: "permuted-blocks", parameters: "{}",
                                           source: .imported(sha256: String(repeating: "a", count: 64)), actor: "bob", reason: nil)
        }
    }

    @Test("Each stratum's slots are taken in order and numbered over the trial")
    func allocateInOrder() throws {
        let store = try store()
        let first = try store.randomize(Self.request("P1", "N"), actor: "tom")
        let second = try store.randomize(Self.request("P2", "S"), actor: "tom")
        let third = try store.randomize(Self.request("P3", "N"), actor: "tom")
        #expect([first.arm, second.arm, third.arm] == ["A", "A", "B"])
        #expect([first, second, third].map(\.randomizationNumber) == [1, 2, 3])
        #expect(third.stratumLevels == ["site": "N"])
        let slots = try store.allocationListSlots().filter { $0.participantID != nil }.map { "\($0.stratum)#\($0.slot)=\($0.participantID!)" }
        #expect(slots == ["site=N#1=P1", "site=N#2=P3", "site=S#1=P2"])
        #expect(try store.allocations().map(\.participantID) == ["P1", "P2", "P3"])
        #expect(try store.verifyAudit().intact)
    }

    @Test("Double randomization names the existing allocation and writes nothing")
    func doubleRandomization() throws {
        let store = try store()
        let first = try store.randomize(Self.request("P1", "N"), actor: "tom")
        let count = try store.auditEvents().count
        #expect(throws: StoreError.alreadyRandomized(participantID: "P1", randomizationNumber: 1, stratum: "site=N",
                                                     allocatedAt: first.allocatedAt, allocatedBy: "tom")) {
            try store.randomize(Self.request("P1", "S"), actor: "tom")
        }
        #expect(try store.auditEvents().count == count)
        #expect(try store.allocationLists().map(\.used) == [1, 0])
    }

    @Test("An exhausted list is refused and consumes nothing")
    func exhausted() throws {
        let store = try store()
        for n in 1...4 { try store.randomize(Self.request("N\(n)", "N"), actor: "tom") }
        let count = try store.auditEvents().count
        #expect(throws: StoreError.listExhausted(stratum: "site=N", slots: 4)) {
            try store.randomize(Self.request("N5", "N"), actor: "tom")
        }
        #expect(try store.auditEvents().count == count)
        #expect(try store.allocation(of: "N5") == nil)
        #expect(try store.read("count") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM participant") } == 4)
        #expect(try store.randomize(Self.request("S1", "S"), actor: "tom").randomizationNumber == 5)
    }

    @Test("Randomizing before any list exists, or in an unknown stratum, is refused")
    func noList() throws {
        let store = try Fixture.storeWithUsers(in: directory)
        #expect(throws: StoreError.noAllocationLists) { try store.randomize(Self.request("P1", "N"), actor: "alice") }
        let withLists = try RandomizationStoreTests().store()
        #expect(throws: StoreError.noListForStratum("site=W")) {
            try withLists.randomize(Self.request("P1", "W"), actor: "tom")
        }
    }

    @Test("Eligibility: a recorded yes is required when the protocol asks for it")
    func eligibility() throws {
        let store = try store()
        let rule = EligibilityRequirement(form: "eligibility", field: "eligible", visit: "baseline")
        var request = Self.request("P1", "N")
        request.eligibility = rule
        #expect(throws: StoreError.notEligible(participantID: "P1", form: "eligibility", field: "eligible",
                                               visit: "baseline", recorded: nil)) {
            try store.randomize(request, actor: "tom")
        }
        // The CRF module will enrol participants and record their answers; here we write them as it would.
        try store.queue.write { db in
            try db.execute(sql: "INSERT INTO participant VALUES ('P1', 1, '{\"site\":\"N\"}', 'enrolled', '2025-03-01T10:00:00.000Z', 'alice')")
            try db.execute(sql: "INSERT INTO crf_value VALUES ('P1', 'baseline', 'eligibility', 'eligible', '0', '2025-03-01T10:00:00.000Z', 'alice')")
        }
        #expect(throws: StoreError.notEligible(participantID: "P1", form: "eligibility", field: "eligible",
                                               visit: "baseline", recorded: "0")) {
            try store.randomize(request, actor: "tom")
        }
        try store.queue.write { db in try db.execute(sql: "UPDATE crf_value SET value = '1'") }
        var elsewhere = Self.request("P1", "S")
        elsewhere.eligibility = rule
        #expect(throws: StoreError.stratumMismatch(participantID: "P1", recorded: "site=N", given: "site=S")) {
            try store.randomize(elsewhere, actor: "tom")
        }
        let allocation = try store.randomize(request, actor: "tom")
        #expect(allocation.arm == "A")
        let event = try #require(try store.auditEvents(matching: AuditFilter(entityID: "P1")).last)
        #expect(event.oldValue?.contains("\"status\":\"enrolled\"") == true)
        #expect(event.oldValue?.contains("allocation") == false)
    }

    @Test("Minimization: the rule sees the seed, its sequence number and the history, inside the transaction")
    func minimization() throws {
        let store = try Fixture.storeWithUsers(in: directory)
        try store.addUser(name: "tom", role: .trialManager, actor: "alice", reason: nil)
        try store.storeAllocationLists([NewAllocationList(stratum: "all", stratumLevels: [:], slots: [])],
                                       method: "minimization", parameters: "{}",
                                       source: .generated(seed: 5, algorithmVersion: "v1"), actor: "bob", reason: nil)
        var seen: [(UInt64, Int, Int)] = []
        for (n, site) in ["N", "S", "N"].enumerated() {
            let allocation = try store.randomize(Self.request("P\(n + 1)", site), actor: "tom") { context in
                seen.append((context.seed, context.sequence, context.history.count))
                #expect(context.stratumLevels == ["site": site])
                let previous = context.history.last?.arm
                return MinimizationOutcome(arm: previous == "A" ? "B" : "A", decision: "{\"n\":\(context.sequence)}")
            }
            #expect(allocation.stratum == "all")
        }
        #expect(seen.map(\.0) == [5, 5, 5])
        #expect(seen.map(\.1) == [1, 2, 3])
        #expect(seen.map(\.2) == [0, 1, 2])
        #expect(try store.allocations().map(\.arm) == ["A", "B", "A"])
        #expect(try store.verifyAudit().intact)
        // A changed decision breaks the participant's slot commitment.
        try Fixture.tamper(store.path, "UPDATE allocation SET decision = '{\"n\":9}' WHERE slot = 2")
        let problem = try #require(try store.verifyAudit().problem)
        #expect(problem.kind == .recordMismatch)
        #expect(problem.detail.hasPrefix("participant P2 was changed outside TrialKit"))
    }

    @Test("Unblinding needs a reason, names a randomized participant, and is audited without the arm")
    func unblinding() throws {
        let store = try store()
        try store.randomize(Self.request("P1", "N"), actor: "tom")
        #expect(throws: StoreError.reasonRequired(action: AuditAction.participantUnblind)) {
            try store.unblind(participantID: "P1", actor: "ulla", reason: "  ")
        }
        #expect(throws: StoreError.notRandomized(participantID: "P9")) {
            try store.unblind(participantID: "P9", actor: "ulla", reason: "SAE")
        }
        let (record, allocation) = try store.unblind(participantID: "P1", actor: "ulla", reason: " serious adverse event ")
        #expect(allocation.arm == "A")
        #expect(record.reason == "serious adverse event")
        _ = try store.unblind(participantID: "P1", actor: "ulla", reason: "second look")
        #expect(try store.unblindings().map(\.id) == [1, 2])
        let event = try #require(try store.auditEvents(matching: AuditFilter(entity: "unblinding")).first)
        #expect(event.reason == "serious adverse event")
        #expect(event.newValue?.contains("\"A\"") == false)
        #expect(try store.verifyAudit().intact)
        try Fixture.tamper(store.path, "DELETE FROM unblinding WHERE id = 2")
        #expect(try store.verifyAudit().problem?.detail.hasPrefix("unblinding 2 was changed outside TrialKit") == true)
    }

    @Test("Tampering with sealed slots, assignments or participants is detected", arguments: [
        ("UPDATE allocation SET arm = 'B' WHERE list_id = 2 AND slot = 3", "allocation_list 2 was changed"),
        ("UPDATE allocation SET arm = 'B' WHERE list_id = 1 AND slot = 1", "allocation_list 1 was changed"),
        ("UPDATE allocation SET code = 'X' WHERE list_id = 1 AND slot = 4", "allocation_list 1 was changed"),
        ("UPDATE allocation SET participant_id = NULL, randomization_number = NULL, allocated_at = NULL, allocated_by = NULL WHERE slot = 1 AND list_id = 1",
         "participant P1 was changed"),
        ("UPDATE participant SET strata = '{\"site\":\"S\"}'", "participant P1 was changed"),
        ("UPDATE allocation_list SET seed = '1' WHERE id = 1", "allocation_list 1 was changed"),
        ("DELETE FROM allocation WHERE list_id = 2 AND slot = 4", "allocation_list 2 was changed"),
        ("INSERT INTO participant VALUES ('X9', 1, '{}', 'enrolled', '2025-03-01T10:00:00.000Z', 'alice')", "participant X9 exists"),
    ])
    func tampering(sql: String, expected: String) throws {
        let store = try store()
        try store.randomize(Self.request("P1", "N"), actor: "tom")
        #expect(try store.verifyAudit().intact)
        try Fixture.tamper(store.path, "PRAGMA foreign_keys = OFF; " + sql)
        let problem = try #require(try store.verifyAudit().problem)
        #expect(problem.detail.hasPrefix(expected), "\(problem.detail)")
    }
}
