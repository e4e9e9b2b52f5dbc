import Foundation
import TrialCore

extension MinimizationDesign {
    /// The minimization a protocol names: its arms, its stratification factors as the balancing
    /// factors, and the protocol's probability, measure and weights.
    public init(protocol trial: TrialProtocol) throws(RandomizationError) {
        guard trial.randomization.method == .minimization, let settings = trial.randomization.minimization else {
            throw .notMinimization(trial.randomization.method.rawValue)
        }
        let measure: ImbalanceMeasure = switch settings.measure {
        case .range: .range
        case .variance: .variance
        case .standardDeviation: .standardDeviation
        }
        try self.init(arms: trial.arms, factors: trial.stratification, weights: settings.weights,
                      measure: measure, preferredProbability: settings.probability)
    }
}

extension AssessedDesign {
    /// The design a protocol names, whatever its method.
    public init(protocol trial: TrialProtocol) throws(RandomizationError) {
        if trial.randomization.method == .minimization {
            self = .minimization(try MinimizationDesign(protocol: trial))
        } else {
            self = .list(try ListDesign(protocol: trial))
        }
    }
}

extension ListDesign {
    /// Margin applied to the expected number of participants per stratum.
    public static let defaultSlotMargin = 1.5

    /// The default minimum list length per stratum for a trial of `targetSampleSize`:
    /// ⌈1.5 · N / strata⌉. Permuted-block lists then complete their last block, so each stratum
    /// holds whole blocks. With unequal recruitment across strata a longer list may be needed;
    /// Sealed Envelope's safest choice is N per stratum.
    public func defaultSlotsPerStratum(targetSampleSize: Int) -> Int {
        max(1, Int((Double(targetSampleSize) / Double(strata.count) * Self.defaultSlotMargin).rounded(.up)))
    }
}
