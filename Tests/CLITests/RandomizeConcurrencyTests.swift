import Foundation
import GRDB
import Testing

/// Several processes randomize into one database file at the same time.
@Suite("Randomization under concurrency")
struct RandomizeConcurrencyTests {
    static let processes = 8
    static let participants = 296

    @Test("8 processes randomize 296 participants at once: distinct slots, lists consumed in order, audit intact")
    func eightProcesses() throws {
        let workspace = try Workspace()
        try workspace.setUpTrial()
        try workspace.generate()
        let eventsBefore = try workspace.query { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event") } ?? 0

        // Participant i goes to municipality i mod 5 and is randomized by worker i mod 8, each
        // randomization its own `trialkit` process, eight processes running at any time.
        let outcomes = Collected<(String, Outcome)>()
        let group = DispatchGroup()
        let directory = workspace.path
        for worker in 0..<Self.processes {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                for i in stride(from: worker, to: Self.participants, by: Self.processes) {
                    let id = String(format: "C%03d", i + 1)
                    let outcome = (try? runProcess(trialkitBinary, ["randomize", id, "--stratum", "municipality=\(municipalities[i % 5])",
                                                                    "--json", "--user", "tom"], in: directory))
                        ?? Outcome(status: -1, stdout: "", stderr: "could not launch")
                    outcomes.append((id, outcome))
                }
            }
            thread.start()
        }
        group.wait()

        #expect(outcomes.values.count == Self.participants)
        for (id, outcome) in outcomes.values where outcome.status != 0 {
            Issue.record("\(id): \(outcome)")
        }
        let numbers = outcomes.values.compactMap { (try? $0.1.json() as? [String: Any])?["randomization_number"] as? Int }
        #expect(numbers.sorted() == Array(1...Self.participants))

        let rows = try workspace.query { db in
            try Row.fetchAll(db, sql: """
                SELECT l.stratum, a.slot, a.randomization_number, a.arm, a.participant_id
                FROM allocation a JOIN allocation_list l ON l.id = a.list_id
                WHERE a.participant_id IS NOT NULL ORDER BY l.id, a.slot
                """)
        }
        #expect(rows.count == Self.participants)
        #expect(Set(rows.map { "\($0["stratum"] as String)#\($0["slot"] as Int)" }).count == Self.participants)
        for (index, municipality) in municipalities.enumerated() {
            let stratum = rows.filter { ($0["stratum"] as String) == "municipality=\(municipality)" }
            let expected = (0..<Self.participants).filter { $0 % 5 == index }.count
            // Slots 1…n taken, no gap; taken in the order the participants were randomized.
            #expect(stratum.map { $0["slot"] as Int } == Array(1...expected), "\(municipality)")
            let order = stratum.map { $0["randomization_number"] as Int }
            #expect(order == order.sorted(), "\(municipality) slots were not taken in randomization order")
            #expect(stratum.allSatisfy { ($0["participant_id"] as String).hasPrefix("C") })
            // A list consumed in order keeps |PEER − SAU| within half the largest block.
            let peer = stratum.filter { ($0["arm"] as String) == "PEER" }.count
            #expect(abs(2 * peer - stratum.count) <= 3, "\(municipality)")
        }
        let verify = try workspace.trialkit("audit", "verify", "--json", "--user", "mona")
        #expect(verify.status == 0, "\(verify)")
        let report = try verify.json() as? [String: Any]
        #expect(report?["intact"] as? Bool == true)
        #expect(report?["event_count"] as? Int == eventsBefore + Self.participants)
    }
}
