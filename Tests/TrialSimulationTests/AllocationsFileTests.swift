import Foundation
import Testing
import TrialCore
@testable import TrialSimulation

/// Real allocations drive the simulated arms, dates and participants.
@Suite struct AllocationsFileTests {
    static func write(_ text: String, _ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "trialkit-alloc-\(UUID().uuidString)-\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The JSON that `randomize list --json` prints (fields of `AllocationJSON` plus allocated_by).
    static let listJSON = """
    [
      {"allocated_at": "2026-11-23T15:40:02Z", "allocated_by": "tom", "arm": "SAU", "participant_id": "A01",
       "randomization_number": 1, "stratum": {"municipality": "Fredericia"}},
      {"allocated_at": "2026-11-24T09:00:00Z", "allocated_by": "tom", "arm": "PEER", "participant_id": "A02",
       "randomization_number": 2, "stratum": {"municipality": "Gladsaxe"}}
    ]
    """

    @Test func readsRandomizeListJSON() throws {
        let trial = try loadProtocol("peer.yaml")
        let read = try AllocationsFile.read(path: try Self.write(Self.listJSON, "list.json"), trial: trial)
        #expect(read.map(\.id) == ["A01", "A02"])
        #expect(read.map(\.arm) == [1, 0])
        #expect(read.map(\.levels) == [[1], [4]])
        #expect(read.map(\.randomized.description) == ["2026-11-23", "2026-11-24"])
    }

    @Test func simulatedOutcomesFollowTheGivenArmsAndDates() throws {
        let trial = try loadProtocol("peer.yaml")
        let allocations = try AllocationsFile.read(path: try Self.write(Self.listJSON, "list.json"), trial: trial)
        let simulated = try TrialSimulation.simulate(trial, settings: SimulationSettings(participants: 2, seed: 1, dropout: 0),
                                                     allocations: allocations)
        #expect(simulated.participants.map(\.id) == ["A01", "A02"])
        #expect(simulated.participants.map(\.arm) == [1, 0])
        #expect(!simulated.files.contains { $0.path == "allocations.csv" })
        let qpr = simulated.files.first { $0.path == "qpr15.csv" }!.text
        // Baseline window: 14 days before randomization up to the day itself.
        let baseline = qpr.split(separator: "\n").first { $0.hasPrefix("A02,baseline,") }!.split(separator: ",")[2]
        let day = CalendarDate(iso: String(baseline))!.dayNumber - CalendarDate(iso: "2026-11-24")!.dayNumber
        #expect((-14...0).contains(day))
        #expect(qpr.split(separator: "\n").count == 1 + 2 * 3)
    }

    @Test func refusesBlindedListsAndUnknownArms() throws {
        let trial = try loadProtocol("peer.yaml")
        let blinded = Self.listJSON.replacingOccurrences(of: "\"SAU\"", with: "\"blinded\"")
        #expect { try AllocationsFile.read(path: try Self.write(blinded, "b.json"), trial: trial) } throws: { error in
            "\(error)".contains("blinded") && "\(error)".contains("unblinded role")
        }
        let csv = "participant_id,arm,municipality,randomization_date\nA01,XYZ,Gladsaxe,2026-01-02\n"
        #expect { try AllocationsFile.read(path: try Self.write(csv, "a.csv"), trial: trial) } throws: { error in
            "\(error)".contains("line 2") && "\(error)".contains("XYZ")
        }
    }

    /// allocations.csv written by the simulator reads back to the same participants.
    @Test func simulatorAllocationsRoundTrip() throws {
        let trial = try loadProtocol("example-3arm.yaml")
        let simulated = try TrialSimulation.simulate(trial, settings: SimulationSettings(participants: 30, seed: 9))
        let text = simulated.files.first { $0.path == "allocations.csv" }!.text
        let read = try AllocationsFile.read(path: try Self.write(text, "s.csv"), trial: trial)
        #expect(read.map(\.id) == simulated.participants.map(\.id))
        #expect(read.map(\.arm) == simulated.participants.map(\.arm))
        #expect(read.map(\.levels) == simulated.participants.map(\.levels))
        // Permuted blocks of 3 or 6 within strata: overall arm counts differ by at most 2 per stratum.
        var counts = [0, 0, 0]
        for p in simulated.participants { counts[p.arm] += 1 }
        #expect(counts.max()! - counts.min()! <= 2 * 6)
    }
}
