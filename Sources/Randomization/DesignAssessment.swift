/// Simulation of a design's operating characteristics (after randomizeR's assessment functions,
/// Uschner et al. 2018, JSS 85(8)): imbalance, forced allocations and predictability.
public enum DesignAssessment {
    /// Simulates `settings.replicates` trials of `settings.participants` participants each.
    /// `progress(completed, total)` is called after every 1% of the trials and after the last.
    /// Deterministic: the same arguments give the same report.
    public static func run(design: AssessedDesign, settings: AssessmentSettings,
                           progress: ((_ completed: Int, _ total: Int) -> Void)? = nil)
        throws(RandomizationError) -> AssessmentReport
    {
        var simulator = try TrialSimulator(design: design, settings: settings)
        let strata = design.strata
        let replicates = settings.replicates
        var final = [Double](repeating: 0, count: replicates)
        var byStratum = [[Double]](repeating: [Double](repeating: 0, count: replicates), count: strata.count)
        var largest = [Double](repeating: 0, count: replicates)
        var largestInStratum = [Double](repeating: 0, count: replicates)
        var forced = 0, certain = 0
        var guessRateSum = 0.0, guessRateSquares = 0.0
        let step = max(1, replicates / 100)
        for r in 0..<replicates {
            let outcome = simulator.run(replicate: r)
            final[r] = outcome.finalImbalance
            for s in 0..<strata.count { byStratum[s][r] = outcome.finalImbalanceByStratum[s] }
            largest[r] = outcome.largestImbalance
            largestInStratum[r] = outcome.largestStratumImbalance
            forced += outcome.forced
            certain += outcome.certain
            let rate = outcome.correctGuesses / Double(settings.participants)
            guessRateSum += rate
            guessRateSquares += rate * rate
            if (r + 1) % step == 0 || r + 1 == replicates { progress?(r + 1, replicates) }
        }
        let allocations = Double(replicates * settings.participants)
        let n = Double(replicates)
        let meanRate = guessRateSum / n
        let variance = replicates > 1 ? max(0, (guessRateSquares - n * meanRate * meanRate) / (n - 1)) : 0
        var hasBlocks = false
        if case let .list(list) = design, list.blockSizes != nil, list.arms.count <= 64 { hasBlocks = true }
        return AssessmentReport(
            settings: settings,
            strataLabels: (0..<strata.count).map(strata.label(ofStratum:)),
            finalImbalance: ImbalanceSummary(values: final),
            finalImbalanceByStratum: byStratum.map(ImbalanceSummary.init(values:)),
            largestImbalance: ImbalanceSummary(values: largest),
            largestStratumImbalance: ImbalanceSummary(values: largestInStratum),
            forcedShare: Double(forced) / allocations,
            certainShare: hasBlocks ? Double(certain) / allocations : nil,
            correctGuessRate: meanRate,
            correctGuessStandardError: (variance / n).squareRoot())
    }
}
