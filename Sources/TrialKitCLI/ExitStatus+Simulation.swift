import TrialSimulation

extension ExitStatus {
    /// `simulate-trial`: 64 for settings, 65 for an unusable allocations file or protocol, 70 when a
    /// simulated trial cannot be analysed (``SimulationError/exitCode``).
    static func simulationCode(for error: any Error) -> Int32? {
        (error as? SimulationError)?.exitCode
    }
}
