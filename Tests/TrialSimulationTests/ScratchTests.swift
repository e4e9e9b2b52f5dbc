import Foundation
import Testing
@testable import TrialSimulation

@Suite struct ScratchTests {
    @Test func scratchPower() throws {
        let trial = try loadProtocol("peer.yaml")
        let settings = SimulationSettings(participants: 296, seed: 1, effects: ["qpr15": 5.1], standardDeviations: ["qpr15": 11.9])
        let start = Date()
        let result = try PowerSimulation.run(trial, settings: settings, runs: 20)
        print("SCRATCH", Date().timeIntervalSince(start), result.arms, result.failures)
    }
    @Test func scratchFiles() throws {
        let trial = try loadProtocol("peer.yaml")
        let start = Date()
        let sim = try TrialSimulation.simulate(trial, settings: SimulationSettings(participants: 296, seed: 1, effects: ["qpr15": 5.1], withErrors: true))
        print("SCRATCH files", Date().timeIntervalSince(start))
        for f in sim.files { print("SCRATCH", f.path, f.rows); print(f.text.split(separator: "\n").prefix(3).joined(separator: "\n")) }
    }
}
