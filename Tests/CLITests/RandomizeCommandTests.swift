import Foundation
import GRDB
import Testing

/// `trialkit randomize ID --stratum F=L` and `--from-csv`: output, refusals, exhausted lists.
@Suite("randomize")
struct RandomizeCommandTests {
    /// A PEER trial with lists and P001 randomized in Fredericia.
    static func trialWithOne() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.setUpTrial()
        try workspace.generate()
        let first = try workspace.trialkit("randomize", "P001", "--stratum", "municipality=Fredericia", "--user", "tom")
        #expect(first.status == 0, "\(first)")
        return workspace
    }

    @Test("Randomizing prints participant, arm, stratum, number and UTC time; --json has exactly the documented fields")
    func output() throws {
        let workspace = try Self.trialWithOne()
        let text = try workspace.trialkit("randomize", "P002", "--stratum", "municipality=Gladsaxe", "--user", "tom")
        #expect(text.status == 0, "\(text)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        #expect(lines[0] == "Participant:           P002")
        #expect(lines[1] == "Arm:                   PEER (Peer-led recovery group course (10 weeks) + service as usual)"
            || lines[1] == "Arm:                   SAU (Service as usual)")
        #expect(lines[2] == "Stratum:               municipality=Gladsaxe")
        #expect(lines[3] == "Randomization number:  2")
        #expect(lines[4].wholeMatch(of: /Randomized at \(UTC\):   \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil)
        #expect(lines[5] == "Randomized by:         tom")
        let json = try workspace.trialkit("randomize", "P003", "--stratum", "municipality=København", "--json", "--user", "tom")
        let object = try #require(try json.json() as? [String: Any])
        #expect(Set(object.keys) == ["participant_id", "arm", "stratum", "randomization_number", "allocated_at"])
        #expect(object["participant_id"] as? String == "P003")
        #expect(["PEER", "SAU"].contains(object["arm"] as? String ?? ""))
        #expect(object["stratum"] as? [String: String] == ["municipality": "København"])
        #expect(object["randomization_number"] as? Int == 3)
        #expect(json.stderr.isEmpty)
    }

    @Test("Bad input is refused with the documented exit code, and the database is unchanged", arguments: [
        (["randomize", "P002", "--stratum", "municipality=Fredrecia", "--user", "tom"], 65,
         "\"Fredrecia\" is not a level of factor \"municipality\"; use one of \"København\", \"Fredericia\", \"Helsingør\", \"Rødovre\", \"Gladsaxe\"."),
        (["randomize", "P002", "--stratum", "municipality=fredericia", "--user", "tom"], 65, "(did you mean \"Fredericia\"?)"),
        (["randomize", "P002", "--user", "tom"], 65, "The stratum is incomplete: no level given for \"municipality\""),
        (["randomize", "P002", "--stratum", "site=North", "--user", "tom"], 65, "\"site\" is not a stratification factor of this protocol"),
        (["randomize", "P002", "--stratum", "municipality=Gladsaxe", "--stratum", "municipality=Rødovre", "--user", "tom"], 65,
         "Stratification factor \"municipality\" is given twice"),
        (["randomize", "P002", "--stratum", "municipality", "--user", "tom"], 64, "--stratum municipality is not FACTOR=LEVEL"),
        (["randomize", "P 002", "--stratum", "municipality=Gladsaxe", "--user", "tom"], 64,
         "\"P 002\" is not a valid participant ID: it does not match the protocol's participant ID pattern ^[A-Za-z0-9_-]{1,32}$"),
        (["randomize", String(repeating: "P", count: 33), "--stratum", "municipality=Gladsaxe", "--user", "tom"], 64, "is not a valid participant ID"),
        (["randomize", "P001", "--stratum", "municipality=Gladsaxe", "--user", "tom"], 65,
         "P001 was already randomized (randomization number 1, stratum municipality=Fredericia, at "),
        (["randomize", "P002", "--stratum", "municipality=Gladsaxe", "--user", "sara"], 77,
         "`trialkit randomize` needs the role trial-manager, but sara has the role statistician"),
        (["randomize", "P002", "--stratum", "municipality=Gladsaxe", "--user", "alice"], 77, "but alice has the role admin"),
        (["randomize", "P002", "--stratum", "municipality=Gladsaxe"], 77, "needs to know who you are"),
        (["randomize", "--user", "tom"], 64, "Give either a participant ID"),
    ])
    func refused(arguments: [String], status: Int32, message: String) throws {
        let workspace = try Self.trialWithOne()
        let before = try workspace.dump()
        let outcome = try workspace.trialkit(arguments)
        #expect(outcome.status == status, "\(outcome)")
        #expect(outcome.stderr.contains(message), "\(outcome)")
        #expect(outcome.stdout.isEmpty)
        #expect(try workspace.dump() == before)
    }

    @Test("An exhausted list is refused, consumes nothing, and other strata go on")
    func exhausted() throws {
        let workspace = try Workspace()
        try workspace.setUpTrial()
        try workspace.generate(perStratum: 1)
        let report = try workspace.trialkit("randomize", "report", "--json", "--user", "sara").json() as? [String: Any]
        let strata = try #require(report?["strata"] as? [[String: Any]])
        let slots = try #require(strata[1]["slots_left"] as? Int)
        #expect(strata[1]["label"] as? String == "municipality=Fredericia")
        #expect([2, 4, 6].contains(slots))
        for n in 1...slots {
            #expect(try workspace.trialkit("randomize", "F\(n)", "--stratum", "municipality=Fredericia", "--user", "tom").status == 0)
        }
        let before = try workspace.dump()
        let refused = try workspace.trialkit("randomize", "F99", "--stratum", "municipality=Fredericia", "--user", "tom")
        #expect(refused.status == 65)
        #expect(refused.stderr == "The allocation list of stratum municipality=Fredericia is used up (all \(slots) slots are taken), so nothing was written and no slot was consumed; ask the trial statistician how to continue.\n")
        #expect(try workspace.dump() == before)
        #expect(try workspace.trialkit("randomize", "G1", "--stratum", "municipality=Gladsaxe", "--user", "tom").status == 0)
        // The last block of a list is complete, so an exhausted stratum is exactly balanced.
        let list = try workspace.trialkit("randomize", "list", "--json", "--user", "tom").json() as? [[String: Any]]
        let arms = (list ?? []).filter { ($0["participant_id"] as? String)?.hasPrefix("F") == true }.compactMap { $0["arm"] as? String }
        #expect(arms.filter { $0 == "PEER" }.count * 2 == slots)
    }

    @Test("Randomizing before the lists exist is refused and names who must act")
    func noLists() throws {
        let workspace = try Workspace()
        try workspace.setUpTrial()
        let outcome = try workspace.trialkit("randomize", "P001", "--stratum", "municipality=Fredericia", "--user", "tom")
        #expect(outcome.status == 65)
        #expect(outcome.stderr.contains("a statistician must first run `trialkit randomize generate`"))
    }

    @Test("--from-csv checks every row first and writes nothing when one is wrong")
    func batch() throws {
        let workspace = try Self.trialWithOne()
        try workspace.write("bad.csv", "participant_id,municipality\nB1,Gladsaxe\nB2,Rødovre\nB3,Odense\n")
        let before = try workspace.dump()
        let bad = try workspace.trialkit("randomize", "--from-csv", "bad.csv", "--user", "tom")
        #expect(bad.status == 65)
        #expect(bad.stderr.hasPrefix("bad.csv, line 4: nothing was randomized.\n\"Odense\" is not a level"))
        try workspace.write("twice.csv", "participant_id,municipality\nB1,Gladsaxe\nB1,Rødovre\n")
        #expect(try workspace.trialkit("randomize", "--from-csv", "twice.csv", "--user", "tom").status == 64)
        try workspace.write("taken.csv", "participant_id,municipality\nB1,Gladsaxe\nP001,Rødovre\nB3,Rødovre\n")
        #expect(try workspace.dump() == before)

        let stopped = try workspace.trialkit("randomize", "--from-csv", "taken.csv", "--user", "tom")
        #expect(stopped.status == 65)
        #expect(stopped.stderr.contains("taken.csv, line 3: 1 of 3 participants were randomized before this row; the rest were not."))
        #expect(stopped.stderr.contains("P001 was already randomized"))

        try workspace.write("good.csv", "participant_id,municipality\n007,Helsingør\n008,Rødovre\n")
        let good = try workspace.trialkit("randomize", "--from-csv", "good.csv", "--json", "--user", "tom")
        #expect(good.status == 0, "\(good)")
        let rows = try #require(try good.json() as? [[String: Any]])
        #expect(rows.map { $0["participant_id"] as? String } == ["007", "008"])
        #expect(rows.map { $0["randomization_number"] as? Int } == [3, 4])
    }

    @Test("Eligibility required by the protocol must be recorded as yes")
    func eligibility() throws {
        let workspace = try Workspace()
        let path = try workspace.protocolVariant("eligible.yaml", [("  blinded_roles:", "  eligibility: {form: eligibility, field: eligible}\n  blinded_roles:")])
        try workspace.setUpTrial(protocolPath: path)
        try workspace.generate()
        let before = try workspace.dump()
        let outcome = try workspace.trialkit("randomize", "P001", "--stratum", "municipality=Fredericia", "--user", "tom")
        #expect(outcome.status == 65)
        #expect(outcome.stderr == "P001 cannot be randomized: the protocol requires eligibility.eligible at visit baseline to be yes, and it is not recorded; record eligibility first.\n")
        #expect(try workspace.dump() == before)
    }

    @Test("Minimization: allocations are computed in the transaction from the earlier ones, and audited")
    func minimization() throws {
        let workspace = try Workspace()
        let path = try workspace.protocolVariant("minimization.yaml", [
            ("  method: permuted-blocks\n  block_sizes:\n    - size: 2\n      probability: 0.25\n    - size: 4\n      probability: 0.5\n    - size: 6\n      probability: 0.25\n",
             "  method: minimization\n  minimization: {probability: 1, measure: range}\n"),
        ])
        try workspace.setUpTrial(protocolPath: path)
        #expect(try workspace.trialkit("randomize", "generate", "--per-stratum", "5", "--user", "sara").status == 64)
        try workspace.generate()
        for n in 0..<20 {
            let outcome = try workspace.trialkit("randomize", "M\(n)", "--stratum", "municipality=\(municipalities[n % 2])", "--user", "tom")
            #expect(outcome.status == 0, "\(outcome)")
        }
        // Deterministic minimization on one factor keeps every level within 1.
        let report = try #require(try workspace.trialkit("randomize", "report", "--json", "--user", "tom").json() as? [String: Any])
        #expect(report["total"] as? Int == 20)
        for stratum in (report["strata"] as? [[String: Any]] ?? []) {
            let counts = stratum["counts"] as? [String: Int] ?? [:]
            #expect(abs((counts["PEER"] ?? 0) - (counts["SAU"] ?? 0)) <= 1, "\(stratum)")
        }
        let decisions = try workspace.query { db in try String.fetchAll(db, sql: "SELECT decision FROM allocation ORDER BY slot") }
        #expect(decisions.count == 20)
        #expect(decisions[0].contains("\"sequence\":1") && decisions[19].contains("\"sequence\":20"))
        #expect(try workspace.trialkit("audit", "verify", "--user", "mona").status == 0)
        #expect(try workspace.trialkit("randomize", "export", "--format", "csv", "--user", "sara").status == 65)
    }
}
