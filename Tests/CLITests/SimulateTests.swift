import Foundation
import Testing

/// `trialkit randomize simulate`: needs no database and is deterministic.
@Suite("randomize simulate")
struct SimulateTests {
    @Test("The report is deterministic, has the documented fields, and draws no progress bar into a pipe")
    func json() throws {
        let workspace = try Workspace()
        let arguments = ["randomize", "simulate", "--protocol", peerProtocol, "--runs", "300", "--json"]
        let first = try workspace.trialkit(arguments)
        #expect(first.status == 0, "\(first)")
        #expect(first.stderr.isEmpty)
        #expect(try workspace.trialkit(arguments).stdout == first.stdout)
        let report = try #require(try first.json() as? [String: Any])
        #expect(report["runs"] as? Int == 300)
        #expect(report["participants"] as? Int == 296)
        #expect(report["seed"] as? Int == 20_240_917)
        #expect((report["strata"] as? [[String: Any]])?.count == 5)
        let largest = try #require(report["largest_stratum_imbalance"] as? [String: Any])
        #expect(largest["max"] as? Double ?? 99 <= 3)  // never more than half the largest block (6)
        let forced = try #require(report["forced_share"] as? Double)
        let certain = try #require(report["certain_share"] as? Double)
        #expect(certain < forced)
        #expect(!FileManager.default.fileExists(atPath: workspace.file("trial.sqlite")))
    }

    @Test("With one fixed block size every forced allocation is also certain")
    func fixedBlocks() throws {
        let workspace = try Workspace()
        let path = try workspace.protocolVariant("fixed.yaml", [
            ("    - size: 2\n      probability: 0.25\n    - size: 4\n      probability: 0.5\n    - size: 6\n      probability: 0.25\n",
             "    - size: 4\n      probability: 1\n"),
        ])
        let outcome = try workspace.trialkit("randomize", "simulate", "--protocol", path, "--runs", "200", "--participants", "100", "--json")
        let report = try #require(try outcome.json() as? [String: Any])
        #expect(report["forced_share"] as? Double == report["certain_share"] as? Double)
        let text = try workspace.trialkit("randomize", "simulate", "--protocol", path, "--runs", "200", "--participants", "100")
        #expect(text.stdout.contains("200 simulated trials of 100 participants"))
        #expect(text.stdout.contains("Correct guesses under the convergence strategy (Blackwell–Hodges): "))
        #expect(try workspace.trialkit("randomize", "simulate", "--protocol", path, "--runs", "0").status == 64)
        #expect(try workspace.trialkit("randomize", "simulate", "--protocol", "none.yaml").status == 66)
    }
}
