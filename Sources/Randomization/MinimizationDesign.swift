import TrialCore

/// How the spread of one factor level's arm counts is measured (Pocock & Simon 1975, §3).
public enum ImbalanceMeasure: String, Sendable, Codable, CaseIterable {
    /// max_k y_k − min_k y_k.
    case range
    /// Sample variance Σ_k (y_k − ȳ)² / (K − 1), as R's `var` (and Minirand's "Var").
    case variance
    /// √variance (Minirand's "SD").
    case standardDeviation = "standard-deviation"

    /// The measure of `values` (the scaled counts y_k = x_k / r_k).
    func measure(_ values: UnsafeBufferPointer<Double>) -> Double {
        switch self {
        case .range:
            var low = values[0], high = values[0]
            for v in values { low = min(low, v); high = max(high, v) }
            return high - low
        case .variance, .standardDeviation:
            var mean = 0.0
            for v in values { mean += v }
            mean /= Double(values.count)
            var squares = 0.0
            for v in values { squares += (v - mean) * (v - mean) }
            let variance = squares / Double(values.count - 1)
            return self == .variance ? variance : variance.squareRoot()
        }
    }
}

/// Pocock–Simon minimization (Pocock & Simon 1975, "Sequential treatment assignment with balancing
/// for prognostic factors in the controlled clinical trial", Biometrics 31:103–115).
///
/// For a new participant with levels r_1 … r_M, let x_{i,k} be the earlier participants with level
/// r_i of factor i on arm k. For each candidate arm t: y_k = (x_{i,k} + [k = t]) / r_k,
/// d_i(t) = measure(y), G(t) = Σ_i w_i d_i(t) (marginal totals only; strata cells are never formed).
/// Arms whose G lies within ``tieTolerance`` of the minimum are *preferred* (set M):
/// - if M holds every arm, arm k gets probability r_k / R (with equal ratios this includes the
///   first participant; with unequal ratios the scaled counts already prefer the larger arm, e.g.
///   2:1 gives the first participant G = (½, 1), so A is preferred);
/// - otherwise the preferred group gets p and the rest 1 − p, shared within each group in
///   proportion to the ratios: P(k) = p·r_k / Σ_{M} r for k ∈ M, (1 − p)·r_k / Σ_{not M} r otherwise.
/// Two arms 1:1: the preferred arm with probability p, ties ½/½; p = 1 is Taves' (1974)
/// deterministic minimization with ties at random. This is Minirand's rule (Jin, Polis & Hartzel)
/// except that shares within a group follow the ratio instead of being equal.
///
/// Draw order (part of ``AlgorithmVersion/current``): if M is every arm, one ratio-weighted
/// bounded draw; else, when p < 1, one unit double u chooses the preferred group iff u < p, then,
/// when the chosen group has more than one arm, one ratio-weighted bounded draw within it.
public struct MinimizationDesign: Sendable, Equatable {
    public let arms: ArmSet
    /// The factors (validated like strata, without a limit on their number of combinations).
    public let factors: StratumLayout
    /// w_i, one positive weight per factor.
    public let weights: [Double]
    public let measure: ImbalanceMeasure
    /// p, the probability of the preferred group, in [1/K, 1].
    public let preferredProbability: Double

    /// Relative tolerance under which two totals G count as tied: |G(t) − G_min| ≤ 1e-9 · max(1, G_min).
    /// Makes ties independent of the order of floating-point additions of weighted measures.
    public static let tieTolerance = 1e-9

    /// `weights` default to 1 for every factor.
    public init(arms: [Arm], factors: [StratificationFactor], weights: [Double]? = nil,
                measure: ImbalanceMeasure = .range, preferredProbability: Double) throws(RandomizationError)
    {
        let armSet = try ArmSet(arms)
        let layout = try StratumLayout(factors, limitingStrata: false)
        let weights = weights ?? [Double](repeating: 1, count: factors.count)
        guard weights.count == factors.count else {
            throw .weightCountMismatch(factors: factors.count, weights: weights.count)
        }
        for (factor, weight) in zip(factors, weights) where !(weight.isFinite && weight > 0) {
            throw .invalidFactorWeight(factor: factor.name, weight: weight)
        }
        let p = preferredProbability
        guard p.isFinite, p <= 1, p * Double(armSet.count) >= 1 - 1e-12 else {
            throw .invalidPreferredProbability(p, arms: armSet.count)
        }
        self.arms = armSet; self.factors = layout; self.weights = weights
        self.measure = measure; self.preferredProbability = p
    }
}
