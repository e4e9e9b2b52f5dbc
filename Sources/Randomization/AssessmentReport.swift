/// Operating characteristics of a design, estimated from simulated trials.
///
/// Imbalance is in ratio units (``ArmSet/imbalance(_:)``; |n_A − n_B| for two arms 1:1).
public struct AssessmentReport: Sendable, Equatable {
    public let settings: AssessmentSettings
    public let strataLabels: [String]
    /// Final overall imbalance |D_N| over trials.
    public let finalImbalance: ImbalanceSummary
    /// Final imbalance within each stratum (0 for a stratum nobody entered).
    public let finalImbalanceByStratum: [ImbalanceSummary]
    /// max_{i ≤ N} |D_i| overall, per trial.
    public let largestImbalance: ImbalanceSummary
    /// The largest imbalance reached in any stratum at any time, per trial.
    public let largestStratumImbalance: ImbalanceSummary
    /// Share of allocations that had probability 1 given the history and the current block
    /// (the rest of the block all one arm) or, for minimization, the decision rule.
    public let forcedShare: Double
    /// Block designs: share of allocations an observer knowing only the ratio and the set of
    /// block sizes could predict with certainty (``BlockStructureObserver``); nil otherwise.
    public let certainShare: Double?
    /// Blackwell & Hodges (1957) convergence strategy: expected share of correct guesses when the
    /// guesser names the arm with the fewest allocations (in ratio units) so far in the participant's
    /// stratum, at random among ties (a tie of m arms scores 1/m if the true arm is among them).
    public let correctGuessRate: Double
    /// Monte-Carlo standard error of ``correctGuessRate`` (SD over trials / √R).
    public let correctGuessStandardError: Double
}
