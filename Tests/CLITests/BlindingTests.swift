import Foundation
import Testing

/// Blinded roles, unblinding, and what a trial manager can never learn.
@Suite("Blinding and concealment")
struct BlindingTests {
    /// PEER (monitor and data-manager blinded) with three participants randomized by tom.
    static func trial() throws -> (Workspace, [String: String]) {
        let workspace = try Workspace()
        try workspace.setUpTrial()
        try workspace.generate(seed: 424_242)
        var arms: [String: String] = [:]
        for (n, place) in ["Fredericia", "Gladsaxe", "Fredericia"].enumerated() {
            let outcome = try workspace.trialkit("randomize", "P00\(n + 1)", "--stratum", "municipality=\(place)", "--json", "--user", "tom")
            arms["P00\(n + 1)"] = (try outcome.json() as? [String: Any])?["arm"] as? String
        }
        return (workspace, arms)
    }

    @Test("Blinded roles see `blinded` in lists and only totals in the report")
    func blindedRoles() throws {
        let (workspace, _) = try Self.trial()
        for user in ["mona", "dina"] {
            let list = try #require(try workspace.trialkit("randomize", "list", "--json", "--user", user).json() as? [[String: Any]])
            #expect(list.count == 3)
            #expect(list.allSatisfy { $0["arm"] as? String == "blinded" })
            let text = try workspace.trialkit("randomize", "list", "--user", user).stdout
            #expect(!text.contains("PEER") && !text.contains("SAU"))
            let report = try #require(try workspace.trialkit("randomize", "report", "--json", "--user", user).json() as? [String: Any])
            #expect(report["blinded"] as? Bool == true)
            #expect(report["overall"] is NSNull)
            #expect((report["strata"] as? [[String: Any]])?.allSatisfy { $0["counts"] is NSNull } == true)
            #expect(report["total"] as? Int == 3)
            let reportText = try workspace.trialkit("randomize", "report", "--user", user).stdout
            #expect(!reportText.contains("PEER") && !reportText.contains("SAU"))
        }
        let open = try #require(try workspace.trialkit("randomize", "list", "--json", "--user", "sara").json() as? [[String: Any]])
        #expect(open.allSatisfy { ["PEER", "SAU"].contains($0["arm"] as? String ?? "") })
    }

    @Test("A statistician the protocol blinds cannot export the lists")
    func blindedExport() throws {
        let workspace = try Workspace()
        let path = try workspace.protocolVariant("blind.yaml", [("blinded_roles: [data-manager, monitor]", "blinded_roles: [statistician]")])
        try workspace.setUpTrial(protocolPath: path)
        try workspace.generate()
        let before = try workspace.dump()
        let outcome = try workspace.trialkit("randomize", "export", "--format", "csv", "--user", "sara")
        #expect(outcome.status == 77)
        #expect(outcome.stderr == "`trialkit randomize export` reveals every arm, and the protocol blinds the role statistician to arms (randomization.blinded_roles), so it was refused; an unblinded statistician must run it.\n")
        #expect(outcome.stdout.isEmpty)
        #expect(try workspace.dump() == before)
    }

    @Test("The unblinder learns one arm with a reason; the log shows who, whom, when and why, never the arm")
    func unblind() throws {
        let (workspace, arms) = try Self.trial()
        let missingReason = try workspace.trialkit("unblind", "P002", "--user", "ulla")
        #expect(missingReason.status == 64)
        #expect(try workspace.trialkit("unblind", "P009", "--reason", "x", "--user", "ulla").status == 65)
        #expect(try workspace.trialkit("unblind", "P002", "--reason", "x", "--user", "mona").status == 77)
        let outcome = try workspace.trialkit("unblind", "P002", "--reason", "serious adverse event", "--json", "--user", "ulla")
        #expect(outcome.status == 0, "\(outcome)")
        let result = try #require(try outcome.json() as? [String: Any])
        #expect(result["arm"] as? String == arms["P002"])
        #expect(result["participant_id"] as? String == "P002")
        #expect(result["reason"] as? String == "serious adverse event")
        let list = try workspace.trialkit("unblind", "list", "--user", "mona")
        #expect(list.stdout.contains("P002") && list.stdout.contains("ulla") && list.stdout.contains("serious adverse event"))
        #expect(!list.stdout.contains("PEER") && !list.stdout.contains("SAU"))
        let events = try #require(try workspace.trialkit("audit", "log", "--entity", "unblinding", "--json", "--user", "mona").json() as? [[String: Any]])
        #expect(events.count == 1)
        #expect(events[0]["reason"] as? String == "serious adverse event")
        let everything = try workspace.trialkit("audit", "log", "--user", "mona").stdout
        #expect(!everything.contains("\"arm\""), "the audit log must not reveal arms to blinded readers")
        #expect(try workspace.trialkit("audit", "verify", "--user", "mona").status == 0)
    }

    @Test("No command shows a trial manager the seed, a block size or a future slot")
    func trialManagerSeesNoFuture() throws {
        let (workspace, _) = try Self.trial()
        let commands: [[String]] = [
            ["randomize", "list"], ["randomize", "list", "--json"], ["randomize", "report"], ["randomize", "report", "--json"],
            ["protocol", "show"], ["protocol", "show", "--json"], ["user", "list"], ["audit", "verify"], ["unblind", "list"],
            ["randomize", "--help"], ["randomize", "P004", "--stratum", "municipality=Rødovre"],
        ]
        for command in commands {
            let outcome = try workspace.trialkit(command + ["--user", "tom"])
            #expect(outcome.status == 0, "\(command): \(outcome)")
            let seen = outcome.stdout + outcome.stderr
            for secret in ["424242", "p = 0.25", "p = 0.5", "block_size", "SLOTS", "Block", "seed_sha256"] {
                #expect(!seen.contains(secret), "\(command) shows \(secret)")
            }
            #expect(seen.firstMatch(of: /"slots_(left|used)" : \d/) == nil, "\(command) shows list lengths")
        }
        for refused in [["randomize", "export", "--format", "csv"], ["audit", "log"], ["randomize", "generate"]] {
            #expect(try workspace.trialkit(refused + ["--user", "tom"]).status == 77)
        }
    }
}
