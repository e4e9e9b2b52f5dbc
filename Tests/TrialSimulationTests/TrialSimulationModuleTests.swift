import Testing
@testable import TrialSimulation

@Suite struct TrialSimulationModuleTests {
    @Test func moduleLinks() { #expect(String(describing: TrialSimulationModule.self).hasSuffix("Module")) }
}
