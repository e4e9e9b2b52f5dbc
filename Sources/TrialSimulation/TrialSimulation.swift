/// TrialSimulation: simulates a trial's CRF data (item-level, correlated within participant,
/// site effects, dropout) from a protocol, and estimates the power of the planned primary analysis.
enum TrialSimulationModule {}
